/** Numbers and labels for people: 26,000 not 26000; "Jan 2025" not "2025-01"; never a bare code without its words. */

import { lang, locale } from './i18n.ts';

/** Formatters of the current language (i18n.ts), made once per locale. */
const formatters = new Map<string, { integer: Intl.NumberFormat; decimal: Intl.NumberFormat; compact: Intl.NumberFormat; month: Intl.DateTimeFormat; day: Intl.DateTimeFormat }>();
function f() {
  const id = locale();
  let set = formatters.get(id);
  if (!set) {
    set = {
      integer: new Intl.NumberFormat(id),
      decimal: new Intl.NumberFormat(id, { maximumFractionDigits: 1 }),
      compact: new Intl.NumberFormat(id, { notation: 'compact', maximumFractionDigits: 1 }),
      month: new Intl.DateTimeFormat(id, { month: 'short', year: 'numeric', timeZone: 'UTC' }),
      day: new Intl.DateTimeFormat(id, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }),
    };
    formatters.set(id, set);
  }
  return set;
}
const integer = { format: (n: number) => f().integer.format(n) };
const decimal = { format: (n: number) => f().decimal.format(n) };
const compact = { format: (n: number) => f().compact.format(n) };
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function formatNumber(value: unknown): string {
  if (value === null || value === undefined || value === '') return '–';
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n)) return String(value);
  return Number.isInteger(n) ? integer.format(n) : decimal.format(n);
}

/** Axis ticks: 12.3K. Never used for a figure a reader would quote. */
export function formatCompact(n: number): string {
  return Math.abs(n) < 10_000 ? integer.format(n) : compact.format(n);
}

export function formatPercent(part: number, whole: number): string {
  if (!whole) return '–';
  return `${decimal.format((100 * part) / whole)}%`;
}

/** `2025-01` → `Jan 2025`; `2025-01-23` → `23 Jan 2025`; `2025-01-20/2025-12-10` → a range of both; anything else unchanged. */
export function formatPeriod(value: unknown): string {
  if (value === null || value === undefined) return 'not recorded';
  const text = String(value);
  const range = /^(\d{4}-\d{2}-\d{2})\/(\d{4}-\d{2}-\d{2})$/.exec(text);
  if (range) return `${formatPeriod(range[1])} – ${formatPeriod(range[2])}`;
  const month = /^(\d{4})-(\d{2})$/.exec(text);
  // English keeps the project's "Jan 2025" / "23 Jan 2025"; other languages take Intl's form ("ene 2025").
  if (month) return lang() === 'en' ? `${MONTHS[Number(month[2]) - 1]} ${month[1]}` : f().month.format(Date.UTC(Number(month[1]), Number(month[2]) - 1, 1));
  const day = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (day) return lang() === 'en' ? `${Number(day[3])} ${MONTHS[Number(day[2]) - 1]} ${day[1]}` : f().day.format(Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3])));
  return text;
}

/** Dimension values are codes (`expedited_removal`, `8C`); show them readable, keep them recognisable. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return lang() === 'es' ? 'no consta' : 'not recorded';
  if (typeof value === 'boolean') return value ? (lang() === 'es' ? 'sí' : 'yes') : 'no';
  const text = String(value);
  if (/^\d{4}-\d{2}(-\d{2})?/.test(text)) return formatPeriod(text);
  return text.replace(/_/g, ' ');
}

const DIMENSION_NAMES: Record<string, string> = { aor: 'Area of responsibility (AOR)', ice_link: 'Link to ICE', ice_flight: 'ICE Air flight' };
/** Spanish names of the dimensions the pages filter on (legal terms: docs/glossary-es.md). */
const DIMENSION_NAMES_ES: Record<string, string> = {
  aor: 'Área de responsabilidad (AOR)', ice_link: 'Vínculo con ICE', ice_flight: 'Vuelo de ICE Air', month: 'Mes', date: 'Fecha',
  category: 'Categoría', arrival_country: 'País de llegada', departure_country: 'País de salida', departure_airport: 'Aeropuerto de salida',
  arrival_airport: 'Aeropuerto de llegada', operator: 'Aerolínea', fiscal_year: 'Año fiscal', pathway: 'Vía legal',
  judge_decided: 'Decidido por un juez de inmigración', citizenship_country: 'País de nacionalidad', release: 'Publicación',
  criminality: 'Antecedentes penales', state: 'Estado', apprehension_method: 'Método de arresto', third_country: 'Tercer país',
  dataset: 'Conjunto de datos', measure: 'Medida',
};

/** `fiscal_year` → `Fiscal year`. */
export function formatDimension(name: string): string {
  if (lang() === 'es' && DIMENSION_NAMES_ES[name]) return DIMENSION_NAMES_ES[name];
  if (DIMENSION_NAMES[name]) return DIMENSION_NAMES[name];
  const words = name.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${decimal.format(bytes / 1024)} KB`;
  return `${decimal.format(bytes / 1024 / 1024)} MB`;
}

const regionNamesBy = new Map<string, Intl.DisplayNames | null>();
function regionNamesOf(): Intl.DisplayNames | null {
  if (!regionNamesBy.has(lang())) regionNamesBy.set(lang(), typeof Intl.DisplayNames === 'function' ? new Intl.DisplayNames([lang()], { type: 'region' }) : null);
  return regionNamesBy.get(lang())!;
}

/** `GT` → `Guatemala (GT)`: flight tables give ISO 3166-1 alpha-2 codes (records give country names as published). */
export function formatCountryCode(code: string): string {
  if (!/^[A-Z]{2}$/.test(code)) return formatValue(code);
  const name = regionNamesOf()?.of(code);
  return name && name !== code ? `${name} (${code})` : code;
}

/** Dimensions whose values are ISO country codes, by report table (src/reports/tables/flights.ts). */
const ISO_COUNTRY: Record<string, string[]> = { flights: ['arrival_country', 'departure_country'] };

/** How to show a value of one dimension of one table. */
export function valueLabel(table: string, dimension: string): (value: unknown) => string {
  if (ISO_COUNTRY[table]?.includes(dimension)) return (value) => (value === null || value === undefined || value === '' ? 'not recorded' : formatCountryCode(String(value)));
  return formatValue;
}
