/**
 * Report rows (`[{month, category, n}]`) into what a chart draws: one x value per period, one series
 * per value of the split dimension. Pure functions, tested under node (test/web-lib.test.ts).
 */
export type ReportRow = Record<string, unknown> & { n: number };

export interface Pivot {
  x: string[];
  series: { name: string; values: number[]; total: number }[];
  totals: number[];
}

function key(value: unknown): string {
  return value === null || value === undefined ? 'not recorded' : String(value);
}

/**
 * `xDim` gives the x axis (sorted as text, which orders FY2013 < FY2014 and 2025-01 < 2025-02),
 * `splitDim` the series (largest first); `maxSeries` folds the smallest series into "other".
 */
export function pivot(rows: ReportRow[], xDim: string, splitDim?: string, maxSeries = 12): Pivot {
  const x = [...new Set(rows.map((r) => key(r[xDim])))].sort();
  const index = new Map(x.map((v, i) => [v, i]));
  const bySeries = new Map<string, number[]>();
  for (const row of rows) {
    const name = splitDim ? key(row[splitDim]) : 'n';
    let values = bySeries.get(name);
    if (!values) { values = new Array(x.length).fill(0); bySeries.set(name, values); }
    values[index.get(key(row[xDim]))!] += Number(row.n);
  }
  let series = [...bySeries.entries()].map(([name, values]) => ({ name, values, total: values.reduce((a, b) => a + b, 0) }))
    .sort((a, b) => b.total - a.total || a.name.localeCompare(b.name));
  if (series.length > maxSeries) {
    const kept = series.slice(0, maxSeries - 1);
    const rest = series.slice(maxSeries - 1);
    const values = x.map((_, i) => rest.reduce((sum, s) => sum + s.values[i], 0));
    series = [...kept, { name: `other (${rest.length})`, values, total: values.reduce((a, b) => a + b, 0) }];
  }
  const totals = x.map((_, i) => series.reduce((sum, s) => sum + s.values[i], 0));
  return { x, series, totals };
}

/** One value per group, largest first: `[{citizenship_country, n}]` → top entries. */
export function ranked(rows: ReportRow[], dim: string, limit = 15): { name: string; n: number }[] {
  const totals = new Map<string, number>();
  for (const row of rows) totals.set(key(row[dim]), (totals.get(key(row[dim])) ?? 0) + Number(row.n));
  return [...totals.entries()].map(([name, n]) => ({ name, n })).sort((a, b) => b.n - a.n || a.name.localeCompare(b.name)).slice(0, limit);
}

/** Every month from `first` to `last` inclusive (`2024-11` … `2025-02`), so gaps show as zero, not vanish. */
export function monthRange(first: string, last: string): string[] {
  const months: string[] = [];
  let [y, m] = first.split('-').map(Number);
  const [ly, lm] = last.split('-').map(Number);
  while (y < ly || (y === ly && m <= lm)) {
    months.push(`${y}-${String(m).padStart(2, '0')}`);
    m += 1;
    if (m > 12) { m = 1; y += 1; }
  }
  return months;
}

/** Every fiscal year from `first` to `last` inclusive (`FY2023` … `FY2025`). */
export function fiscalYearRange(first: string, last: string): string[] {
  const years: string[] = [];
  for (let y = Number(first.slice(2)); y <= Number(last.slice(2)); y++) years.push(`FY${y}`);
  return years;
}

export interface Baselines {
  /** Mean of the six months before each month; null until six earlier months are in range. */
  previousSixMonthMean: (number | null)[];
  /** The same month one year earlier; null when that month is before the data. */
  sameMonthLastYear: (number | null)[];
}

/**
 * The baselines monitors publish beside a monthly flight count (the previous six months'
 * mean, and the same month a year earlier).
 * `months` must be consecutive (use monthRange), `totals` the count per month, null for a month no
 * source covers: a baseline that needs an uncovered month is null (unknown), never computed from a
 * gap taken as zero. A partial month (`partial`) is not a full month's count either, so it is left
 * out of baselines the same way.
 */
export function monthlyBaselines(months: string[], totals: (number | null)[], partial: Set<string> = new Set(), sources?: Map<string, string>): Baselines {
  const usable = months.map((m, i) => (partial.has(m) ? null : totals[i]));
  const at = new Map(months.map((m, i) => [m, usable[i]]));
  // With `sources` (month → the sources covering it), a month is compared only with months the same sources cover.
  const same = (a: string, b: string) => !sources || sources.get(a) === sources.get(b);
  const previousSixMonthMean = months.map((m, i) => {
    if (i < 6) return null;
    const prev = usable.slice(i - 6, i);
    if (!months.slice(i - 6, i).every((p) => same(p, m))) return null;
    return prev.every((v) => v !== null) ? (prev as number[]).reduce((a, b) => a + b, 0) / 6 : null;
  });
  const sameMonthLastYear = months.map((m) => {
    const earlier = `${Number(m.slice(0, 4)) - 1}${m.slice(4)}`;
    return same(earlier, m) ? at.get(earlier) ?? null : null;
  });
  return { previousSixMonthMean, sameMonthLastYear };
}
