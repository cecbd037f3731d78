/**
 * English and Spanish. Messages are ICU MessageFormat (intl-messageformat, the FormatJS library), so
 * plurals and numbers follow each language's rules; numbers and dates go through `Intl` in the chosen
 * locale. The language is part of the URL (`#/flights?lang=es`), so a shared link opens in the same
 * language; `<html lang>` follows it. Legal terms follow docs/glossary-es.md.
 */
import { IntlMessageFormat } from 'intl-messageformat';
import { en } from './messages/en.ts';
import { es } from './messages/es.ts';

export type Lang = 'en' | 'es';
export const LANGS: { value: Lang; label: string }[] = [{ value: 'en', label: 'English' }, { value: 'es', label: 'Español' }];
export type MessageKey = keyof typeof en;

const CATALOGS: Record<Lang, Record<string, string>> = { en, es };
const LOCALES: Record<Lang, string> = { en: 'en-US', es: 'es-US' };

let current: Lang = 'en';
const compiled = new Map<string, IntlMessageFormat>();

export function langFrom(value: string | null | undefined): Lang {
  return value === 'es' ? 'es' : 'en';
}

/** Sets the language of every message and format (the shell calls it with the URL's `lang`). */
export function setLang(lang: Lang): void {
  current = lang;
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
}

export function lang(): Lang { return current; }
export function locale(): string { return LOCALES[current]; }

/** One message in the current language (English when Spanish lacks it), with ICU values filled in. */
export function t(key: MessageKey, values?: Record<string, unknown>): string {
  const text = CATALOGS[current][key] ?? en[key] ?? key;
  const id = `${current}\u0000${key}`;
  let format = compiled.get(id);
  if (!format) {
    format = new IntlMessageFormat(text, LOCALES[current]);
    compiled.set(id, format);
  }
  return String(format.format(values as Record<string, string | number>));
}
