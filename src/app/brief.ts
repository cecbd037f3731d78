/**
 * The monthly brief: what a flight monitor publishes by hand each month (the Human Rights First ICE
 * Flight Monitor's monthly report is the model), generated from the database and sourced. Every figure
 * comes from the same report functions as `deportwatch report` (runReport, monthlyBaseline) and carries
 * the API route of its rows, so a reader can check each number; months no source covers are unknown,
 * never zero. Used by `deportwatch brief`, `/brief.json` and the dashboard's Brief page.
 */
import type { Store } from '../engine/db.ts';
import { runReport } from '../reports/report.ts';
import { runFlightBaseline } from '../reports/flights.ts';
import { REPORT_TABLES } from '../reports/catalog.ts';
import { tableCoverage, type SourceCoverage } from '../reports/coverage.ts';
import type { Filter } from '../reports/types.ts';
import { checkClaims, storedClaimsOrSeed } from '../claims/index.ts';
import { loadTimeline } from '../legal/index.ts';
import { UsageError } from '../domain/errors.ts';

/** One figure: its value (null = unknown), and the API route of the rows behind it. */
export interface Figure { value: number | null; rows: string; report: string }
export interface Ranked { name: string; n: number; rows: string }

export interface Brief {
  month: string;
  generated_at: string;
  synthetic: boolean;
  flights: {
    covered: boolean;
    partial: boolean;
    total: Figure;
    previous_six_months_mean: number | null;
    same_month_last_year: number | null;
    by_category: Ranked[];
    removal_countries: Ranked[];
    departure_airports: Ranked[];
    carriers: Ranked[];
    sources: SourceCoverage[];
  } | null;
  removals: { total: Figure; by_pathway: Ranked[]; sources: SourceCoverage[] } | null;
  arrests: { total: Figure; source: 'records' | 'published'; sources: SourceCoverage[] } | null;
  detention: { total: Figure; sources: SourceCoverage[] } | null;
  claims: { id: string; date: string; speaker: string; summary: string; value: number; unit: string; verdict: string; link: string }[];
  rules: { id: string; kind: string; title: string; start_date: string; end_date: string | null; status: string; link: string }[];
  caveats: string[];
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

function route(path: string, filters: Record<string, string>): string {
  const query = Object.entries(filters).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
  return `${path}${query ? `?${query}` : ''}`;
}

const eq = (dimension: string, value: string): Filter => ({ dimension, op: '=', values: [value] });

async function ranked(store: Store, table: string, by: string, where: Filter[], filters: Record<string, string>, top = 10): Promise<Ranked[]> {
  const r = await runReport(store, { table, by: [by], where });
  return [...r.rows].sort((a, b) => Number(b.n) - Number(a.n)).slice(0, top)
    .map((row) => ({ name: row[by] == null ? '' : String(row[by]), n: Number(row.n), rows: route(`/${table}.json`, { ...filters, ...(row[by] == null ? {} : { [by]: String(row[by]) }) }) }));
}

function lastDay(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
}

/** Sources whose period includes the month, and whether one of them starts or stops inside it. */
function covering(sources: SourceCoverage[], month: string): { sources: SourceCoverage[]; partial: boolean } {
  const inside = sources.filter((s) => s.first_month && s.last_month && s.first_month <= month && month <= s.last_month);
  // Partial when any source counted that month covers only part of it (the dashboard's rule, src/web/lib/coverage.ts).
  const whole = (s: SourceCoverage) => (s.first_date ?? `${month}-01`) <= `${month}-01` && (s.last_date ?? lastDay(month)) >= lastDay(month);
  return { sources: inside, partial: inside.some((s) => !whole(s)) };
}

export async function buildBrief(store: Store, month: string): Promise<Brief> {
  if (!MONTH.test(month)) throw new UsageError(`--month must be YYYY-MM (got "${month}")`);
  const tables = new Map(REPORT_TABLES.map((t) => [t.name, t]));
  const coverage = async (name: string) => (tables.has(name) ? tableCoverage(store, tables.get(name)!) : null);
  const caveats: string[] = [];
  let synthetic = false;

  // Flights: ICE Air flights that month, against the previous six covered months and a year earlier.
  let flights: Brief['flights'] = null;
  const flightCoverage = await coverage('flights');
  if (flightCoverage && flightCoverage.rows > 0) {
    const { sources, partial } = covering(flightCoverage.sources, month);
    const filters = { month, ice_flight: 'true' };
    const where = [eq('month', month), eq('ice_flight', 'true')];
    const report = await runReport(store, { table: 'flights', by: ['category'], where });
    synthetic ||= report.synthetic;
    const baseline = (await runFlightBaseline(store, [eq('ice_flight', 'true')])).rows.find((r) => r.month === month);
    const covered = sources.length > 0;
    flights = {
      covered, partial,
      total: { value: covered ? report.total : null, rows: route('/flights.json', filters), report: route('/reports/flights.json', { by: 'category', ...filters }) },
      previous_six_months_mean: baseline?.previous_six_months_mean ?? null,
      same_month_last_year: baseline?.same_month_last_year ?? null,
      by_category: [...report.rows].sort((a, b) => Number(b.n) - Number(a.n)).map((r) => ({ name: String(r.category), n: Number(r.n), rows: route('/flights.json', { ...filters, category: String(r.category) }) })),
      removal_countries: await ranked(store, 'flights', 'arrival_country', [eq('month', month), eq('category', 'removal')], { month, category: 'removal' }),
      departure_airports: await ranked(store, 'flights', 'departure_airport', where, filters, 5),
      carriers: await ranked(store, 'flights', 'operator', where, filters, 5),
      sources,
    };
    if (!covered) caveats.push(`No loaded flight source covers ${month}: the number of flights that month is unknown, not zero.`);
    if (partial) caveats.push(`The flight sources covering ${month} start or stop within it: a partial month, not comparable with full months.`);
    caveats.push(...report.caveats);
  }

  // Removals and arrests: records when loaded; arrests may also come from a published table (not added to records).
  let removals: Brief['removals'] = null;
  const removalCoverage = await coverage('removals');
  if (removalCoverage && removalCoverage.rows > 0) {
    const { sources } = covering(removalCoverage.sources, month);
    const r = await runReport(store, { table: 'removals', by: ['pathway'], where: [eq('month', month)] });
    synthetic ||= r.synthetic;
    removals = {
      total: { value: sources.length ? r.total : null, rows: route('/removals.json', { month }), report: route('/reports/removals.json', { by: 'pathway', month }) },
      by_pathway: [...r.rows].sort((a, b) => Number(b.n) - Number(a.n)).map((row) => ({ name: String(row.pathway), n: Number(row.n), rows: route('/removals.json', { month, pathway: String(row.pathway) }) })),
      sources,
    };
    if (new Set(sources.map((s) => s.release)).size > 1) caveats.push('Several removal releases cover this month; they overlap, so their sum double counts: compare them by release.');
  }

  let arrests: Brief['arrests'] = null;
  const arrestCoverage = await coverage('arrests');
  if (arrestCoverage && arrestCoverage.rows > 0) {
    const { sources } = covering(arrestCoverage.sources, month);
    const r = await runReport(store, { table: 'arrests', by: ['criminality'], where: [eq('month', month)] });
    synthetic ||= r.synthetic;
    arrests = { source: 'records', total: { value: sources.length ? r.total : null, rows: route('/arrests.json', { month }), report: route('/reports/arrests.json', { by: 'criminality', month }) }, sources };
  } else {
    const aggregateCoverage = await coverage('aggregates');
    if (aggregateCoverage && aggregateCoverage.rows > 0) {
      const r = await runReport(store, { table: 'aggregates', by: ['month'], where: [eq('measure', 'arrests'), eq('month', month)] });
      const value = r.measureTotals?.value;
      if (r.total > 0 && value !== undefined) {
        arrests = { source: 'published', total: { value, rows: route('/aggregates.json', { measure: 'arrests', month }), report: route('/reports/aggregates.json', { by: 'month', measure: 'arrests', month }) }, sources: covering(aggregateCoverage.sources, month).sources };
      }
    }
  }

  let detention: Brief['detention'] = null;
  const stays = await coverage('detention_stays');
  if (stays && stays.rows > 0) {
    const r = await runReport(store, { table: 'detention_stays', by: ['month'], where: [eq('month', month)] }).catch(() => null);
    if (r) detention = { total: { value: r.total, rows: route('/detention_stays.json', { month }), report: route('/reports/detention_stays.json', { by: 'month', month }) }, sources: covering(stays.sources, month).sources };
  }

  const claimList = await storedClaimsOrSeed(store);
  const checks = await checkClaims(store, claimList);
  const claims = claimList.map((c, i) => ({ c, check: checks[i] })).filter(({ c }) => c.date.startsWith(month))
    .map(({ c, check }) => ({ id: c.id, date: c.date, speaker: c.speaker, summary: c.summary, value: c.value, unit: c.unit, verdict: check?.verdict ?? 'unchecked', link: route('/claims.json', { id: c.id }) }));

  const rules = loadTimeline().rows.filter((r) => r.start.text.startsWith(month) || Boolean(r.end?.text.startsWith(month)))
    .map((r) => ({ id: r.id, kind: r.kind, title: r.title, start_date: r.start.text, end_date: r.end?.text ?? null, status: r.status, link: `#/rules?entry=${encodeURIComponent(r.id)}` }));

  return { month, generated_at: new Date().toISOString(), synthetic, flights, removals, arrests, detention, claims, rules, caveats: [...new Set(caveats)] };
}
