/**
 * The CLI's report headers in English and Spanish (ICU MessageFormat through intl-messageformat; numbers
 * through Intl). Terms follow docs/glossary-es.md. The definitions and caveats a report carries come from
 * the report layer and stay in English.
 */
import { IntlMessageFormat } from 'intl-messageformat';
import { UsageError } from '../domain/errors.ts';

export type CliLang = 'en' | 'es';

const MESSAGES: Record<CliLang, Record<string, string>> = {
  en: {
    total: 'total: {n} {unit}',
    totalMeasure: 'total {name}: {n}',
    filter: 'filter: {text}',
    synthetic: 'SYNTHETIC: some counted rows come from generated demo data, not from a real release.',
    definitions: 'definitions:',
    caveats: 'caveats:',
    sources: 'sources:',
    truncated: '(groups cut by --limit; the total counts every row)',
    and: ' and ',
  },
  es: {
    total: 'total: {n} {unit}',
    totalMeasure: 'total de {name}: {n}',
    filter: 'filtro: {text}',
    synthetic: 'SINTÉTICO: algunas filas contadas provienen de datos de demostración generados, no de una publicación real.',
    definitions: 'definiciones (en inglés):',
    caveats: 'advertencias (en inglés):',
    sources: 'fuentes:',
    truncated: '(grupos recortados por --limit; el total cuenta todas las filas)',
    and: ' y ',
  },
};

const LOCALES: Record<CliLang, string> = { en: 'en-US', es: 'es-US' };

export function cliLang(value: string | undefined): CliLang {
  if (value === undefined || value === 'en') return 'en';
  if (value === 'es') return 'es';
  throw new UsageError(`--lang must be en or es (got "${value}")`);
}

export function message(lang: CliLang, key: string, values?: Record<string, unknown>): string {
  return String(new IntlMessageFormat(MESSAGES[lang][key] ?? MESSAGES.en[key], LOCALES[lang]).format(values as Record<string, string | number>));
}

export function formatCount(lang: CliLang, n: number): string {
  return new Intl.NumberFormat(LOCALES[lang]).format(n);
}
