/** Numbers and labels for people: 26,000 not 26000; "Jan 2025" not "2025-01"; never a bare code without its words. */

const integer = new Intl.NumberFormat('en-US');
const decimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });
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
  if (month) return `${MONTHS[Number(month[2]) - 1]} ${month[1]}`;
  const day = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (day) return `${Number(day[3])} ${MONTHS[Number(day[2]) - 1]} ${day[1]}`;
  return text;
}

/** Dimension values are codes (`expedited_removal`, `8C`); show them readable, keep them recognisable. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return 'not recorded';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  const text = String(value);
  if (/^\d{4}-\d{2}(-\d{2})?/.test(text)) return formatPeriod(text);
  return text.replace(/_/g, ' ');
}

const DIMENSION_NAMES: Record<string, string> = { aor: 'Area of responsibility (AOR)', ice_link: 'Link to ICE', ice_flight: 'ICE Air flight' };

/** `fiscal_year` → `Fiscal year`. */
export function formatDimension(name: string): string {
  if (DIMENSION_NAMES[name]) return DIMENSION_NAMES[name];
  const words = name.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${decimal.format(bytes / 1024)} KB`;
  return `${decimal.format(bytes / 1024 / 1024)} MB`;
}

const regionNames = typeof Intl.DisplayNames === 'function' ? new Intl.DisplayNames(['en'], { type: 'region' }) : null;

/** `GT` → `Guatemala (GT)`: flight tables give ISO 3166-1 alpha-2 codes (records give country names as published). */
export function formatCountryCode(code: string): string {
  if (!/^[A-Z]{2}$/.test(code)) return formatValue(code);
  const name = regionNames?.of(code);
  return name && name !== code ? `${name} (${code})` : code;
}

/** Dimensions whose values are ISO country codes, by report table (src/reports/tables/flights.ts). */
const ISO_COUNTRY: Record<string, string[]> = { flights: ['arrival_country', 'departure_country'] };

/** How to show a value of one dimension of one table. */
export function valueLabel(table: string, dimension: string): (value: unknown) => string {
  if (ISO_COUNTRY[table]?.includes(dimension)) return (value) => (value === null || value === undefined || value === '' ? 'not recorded' : formatCountryCode(String(value)));
  return formatValue;
}
