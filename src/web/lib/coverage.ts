/**
 * Coverage as data (`/coverage.json`, src/reports/coverage.ts): which months each source of a table
 * covers, fully or in part, and what places and periods a headline figure adds up. A month no source
 * covers is unknown, never zero; baselines are computed over covered months only.
 */
import { useMemo } from 'react';
import { useApi } from './api.ts';

export interface SourceCoverage {
  source_id: number; file_name: string; kind: string; synthetic: boolean; rows: number;
  first_date: string | null; last_date: string | null; first_month: string | null; last_month: string | null;
  first_fiscal_year: string | null; last_fiscal_year: string | null; release: string | null;
  places: { dimension: string; values: string[]; count: number } | null;
  airport: string | null;
  operators: { values: string[]; count: number } | null;
}
export interface TableCoverage { table: string; rows: number; sources: SourceCoverage[] }
export interface CoverageBody { ok: true; tables: TableCoverage[] }

export const COVERAGE_URL = '/coverage.json';

/** The coverage of every table, or undefined while loading or on an older server without the route. */
export function useCoverage(): { state: 'loading' | 'ok' | 'error'; table(name: string): TableCoverage | undefined } {
  const loaded = useApi<CoverageBody>(COVERAGE_URL);
  const data = loaded.state === 'ok' ? loaded.data : undefined;
  // One object per answer, so charts that depend on it redraw when it arrives, not on every render.
  return useMemo(() => {
    const tables = data?.tables ?? [];
    return { state: loaded.state, table: (name: string) => tables.find((t) => t.table === name) };
  }, [data, loaded.state]);
}

export type MonthCoverage = 'full' | 'partial';

function lastDay(month: string): number {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/**
 * Month → full or partial, over all sources of a table: a month inside a source's period is covered;
 * the first and last month of a dated source are partial when its first row is after the 1st or its
 * last row before the month's end (an export from 12 Jan to 27 Apr). A month is partial when any source
 * counted in it covers only part of it: its total then mixes a whole month of one source with part of a
 * month of another, and is not comparable with full months.
 */
/**
 * Month → the sorted ids of the sources that cover it. Two months compare fairly only when the same
 * sources cover both: Mar 2020 (tracker export + Yakima log) against Mar 2021 (Yakima log alone)
 * would measure the sources, not the flights.
 */
export function monthSources(coverage: TableCoverage | undefined): Map<string, string> {
  const out = new Map<string, number[]>();
  for (const s of coverage?.sources ?? []) {
    if (!s.first_month || !s.last_month) continue;
    for (let m = s.first_month; m <= s.last_month; m = nextMonth(m)) out.set(m, [...(out.get(m) ?? []), s.source_id]);
  }
  return new Map([...out].map(([m, ids]) => [m, ids.sort((a, b) => a - b).join(',')]));
}

export function coveredMonths(coverage: TableCoverage | undefined): Map<string, MonthCoverage> | null {
  if (!coverage || coverage.sources.length === 0) return null;
  const months = new Map<string, MonthCoverage>();
  let dated = false;
  for (const s of coverage.sources) {
    if (!s.first_month || !s.last_month) continue;
    dated = true;
    for (let m = s.first_month; m <= s.last_month; m = nextMonth(m)) {
      let state: MonthCoverage = 'full';
      if (m === s.first_month && s.first_date && Number(s.first_date.slice(8, 10)) > 1) state = 'partial';
      if (m === s.last_month && s.last_date && Number(s.last_date.slice(8, 10)) < lastDay(m)) state = 'partial';
      if (months.get(m) !== 'partial') months.set(m, state);
    }
  }
  return dated ? months : null;
}
