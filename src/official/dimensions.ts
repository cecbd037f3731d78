/**
 * Naming the dimensions of ICE's tables. A row dimension is named after its column's header
 * ("Processing Disposition" → processingDisposition); a column dimension after what its header cells
 * are (month names → month). Values stay as ICE prints them (trimmed), so a reader can find them in
 * the sheet; only the names of the dimensions are ours.
 */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** ICE's criminality categories (Footnotes: "Starting in FY2018, ICE defines immigration violators …"). */
const CRIMINALITY = new Set(['convicted criminal', 'pending criminal charges', 'other immigration violator', 'non-criminal', 'criminal', 'non criminal']);
/** ATD technologies (Footnotes: GPS, SmartLink, TR, VoiceID …). */
const TECHNOLOGY = new Set(['smartlink', 'ankle monitor', 'wristworn', 'wrist worn', 'dual tech', 'no tech', 'gps', 'voiceid', 'voice id', 'tr', 'telephonic reporting', 'vr']);
const FACILITY_TYPE = new Set(['fsc', 'frc', 'adult', 'family', 'total']);
const AGENCY = new Set(['ice', 'cbp', 'total']);

export function isMonth(value: string): boolean {
  const v = value.toLowerCase();
  return MONTHS.some((m) => v === m || (v.startsWith(m) && /^[a-z]+\.?$/.test(v) && v.length <= 9));
}

export function monthNumber(value: string): number | null {
  const v = value.toLowerCase();
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return Number(v.slice(5, 7));
  const i = MONTHS.findIndex((m) => v.startsWith(m));
  return i < 0 || !isMonth(value) ? null : i + 1;
}

export function isCriminality(value: string): boolean {
  return CRIMINALITY.has(value.toLowerCase());
}

export function isTechnology(value: string): boolean {
  return TECHNOLOGY.has(value.toLowerCase());
}

/** `FY2018`, `FY 2024`, `FY24` → 2018, 2024, 2024. */
export function fiscalYearOf(value: string): number | null {
  const m = /^(?:EO)?FY\s?(\d{4}|\d{2})\b/i.exec(value.trim());
  if (!m) return null;
  return m[1].length === 2 ? 2000 + Number(m[1]) : Number(m[1]);
}

/** The dimension a header row's cells stand for, from what most of them are; null when they are measures (Count, ALIP …). */
export function columnDimension(cells: string[]): string | null {
  const real = cells.filter((c) => !/^(total|fy overall|grand total)$/i.test(c));
  if (real.length === 0) return null;
  const share = (test: (v: string) => boolean): boolean => real.filter(test).length * 2 > real.length;
  if (share((v) => isMonth(v) || /^\d{4}-\d{2}-\d{2}$/.test(v))) return 'month';
  if (share((v) => /^(19|20)\d\d$/.test(v))) return 'calendarYear';
  if (share((v) => fiscalYearOf(v) !== null)) return 'fiscalYear';
  if (share((v) => /^(mid|end)$/i.test(v))) return 'pointInMonth';
  if (share(isCriminality)) return 'criminality';
  if (share((v) => /^(percent )?(ice|cbp)$/i.test(v))) return 'arrestingAgency';
  if (share((v) => FACILITY_TYPE.has(v.toLowerCase()))) return 'facilityType';
  if (share((v) => /^level [a-d]$/i.test(v))) return 'classificationLevel';
  return null;
}

/** Header of a label column → dimension name. Unknown headers become camelCase of their words. */
export function rowDimension(header: string | null): string[] {
  if (header === null) return ['category'];
  const h = header.toLowerCase().replace(/[^a-z0-9/ ]+/g, ' ').replace(/\s+/g, ' ').trim();
  const known: Record<string, string> = {
    'processing disposition': 'processingDisposition',
    criminality: 'criminality',
    agency: 'arrestingAgency',
    'arresting agency': 'arrestingAgency',
    'facility type': 'facilityType',
    'detention facility type': 'facilityType',
    'release reason': 'releaseReason',
    'fiscal year': 'fiscalYear',
    'ice release fiscal year': 'releaseFiscalYear',
    technology: 'technology',
    'famu status': 'famuStatus',
    metric: 'metric',
    population: 'population',
    'citizenship country': 'citizenshipCountry',
    'placement reason': 'placementReason',
    facilities: 'facility',
    'detention facility': 'facility',
    'detention facility code': 'facilityCode',
    'parole status': 'paroleStatus',
    removals: 'category',
  };
  if (known[h]) return [known[h]];
  if (h.includes('/')) return h.split('/').map((part) => rowDimension(part.trim())[0]);
  // "FY 2024" or "FY 2021 YTD" over the labels (transgender detainee tables) names the year, not the labels.
  if (/^fy ?\d{2,4}( ytd| year end)?$/.test(h)) return ['category'];
  return [camel(h) || 'category'];
}

export function camel(text: string): string {
  const words = text.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim().split(' ').filter(Boolean);
  return words.map((w, i) => (i === 0 ? w : w[0].toUpperCase() + w.slice(1))).join('');
}

/** The vocabularies whose values sit under a parent row in the same label column ("CBP Average" → its criminality rows; "Atlanta" → its technologies). */
export const CHILD_VOCABULARIES: { dimension: string; test: (v: string) => boolean }[] = [
  { dimension: 'criminality', test: isCriminality },
  { dimension: 'technology', test: isTechnology },
];
