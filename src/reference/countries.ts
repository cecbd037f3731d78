/**
 * Country names ↔ ISO 3166-1 alpha-2 codes, from the maintained package `i18n-iso-countries`
 * (English names and aliases). Trackers, observers and FOIA tables write countries as names in any
 * case ("MEXICO", "El Salvador"); the store keeps the alpha-2 code. A name the package does not know is
 * returned as undefined, never guessed; a few spellings seen in ICE and UWCHR tables are added below,
 * each with its reason.
 */
import countries from 'i18n-iso-countries';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let registered = false;
function ready(): typeof countries {
  if (!registered) {
    countries.registerLocale(require('i18n-iso-countries/langs/en.json'));
    registered = true;
  }
  return countries;
}

/** Spellings the package lacks, seen in ICE/UWCHR tables. Key: upper-case name. */
const EXTRA_NAMES: Record<string, string> = {
  // ICE's removals-by-citizenship tables write the DRC and Vietnam this way.
  'CONGO, DEMOCRATIC REPUBLIC OF THE': 'CD',
  'DEMOCRATIC REPUBLIC OF THE CONGO': 'CD',
  'CONGO, REPUBLIC OF THE': 'CG',
  'VIET NAM': 'VN',
  'BURMA': 'MM',
  'CAPE VERDE': 'CV',
  'IVORY COAST': 'CI',
  'MACEDONIA': 'MK',
  'SWAZILAND': 'SZ',
  'TURKEY': 'TR',
  'KOREA, SOUTH': 'KR',
  'SOUTH KOREA': 'KR',
  'KOREA, NORTH': 'KP',
  'UNITED STATES OF AMERICA': 'US',
  'USA': 'US',
};

/** "MEXICO" → "MX"; an existing alpha-2 or alpha-3 code is accepted as such ("GT", "GTM"). */
export function countryCode(nameOrCode: string | null | undefined): string | undefined {
  if (nameOrCode == null) return undefined;
  const text = nameOrCode.replace(/\u00a0/g, ' ').trim().replace(/\s+/g, ' ');
  if (text === '') return undefined;
  const c = ready();
  const upper = text.toUpperCase();
  if (EXTRA_NAMES[upper]) return EXTRA_NAMES[upper];
  if (/^[A-Z]{2}$/.test(upper) && c.isValid(upper)) return upper;
  if (/^[A-Z]{3}$/.test(upper)) {
    const a2 = c.alpha3ToAlpha2(upper);
    if (a2) return a2;
  }
  return c.getAlpha2Code(text, 'en') ?? c.getAlpha2Code(titleCase(text), 'en') ?? undefined;
}

/** "HN" → "Honduras". */
export function countryName(code: string | null | undefined): string | undefined {
  if (!code) return undefined;
  return ready().getName(code.toUpperCase(), 'en', { select: 'official' }) ?? undefined;
}

function titleCase(text: string): string {
  return text.toLowerCase().replace(/(^|[\s,(-])([a-z])/g, (_, p: string, ch: string) => p + ch.toUpperCase()).replace(/\b(Of|The|And)\b/g, (w) => w.toLowerCase());
}
