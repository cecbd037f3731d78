/**
 * The common panel: one report query → a chart of counts over one dimension, split by another, with
 * its numbers, twin links, definitions, caveats and sources. Empty and failed states say what to do.
 */
import { lazy, Suspense, useMemo, type ReactNode } from 'react';
import { useReport, type Params, type Report } from '../lib/api.ts';
import { useCatalog } from '../lib/catalog.ts';
import { formatDimension, formatNumber, valueLabel } from '../lib/format.ts';
import { fiscalYearRange, monthRange, pivot, ranked, type ReportRow } from '../lib/pivot.ts';
import type { ChartSeries } from '../lib/colours.ts';
import { ChartNumbers } from './ChartNumbers.tsx';
import { coveredMonths, monthSources, useCoverage, type MonthCoverage } from '../lib/coverage.ts';
import { Scope } from './Scope.tsx';
import { t } from '../lib/i18n.ts';

// echarts loads as its own file, in parallel with the first API answers, instead of delaying them:
// the download starts when this module loads, the component renders once both have arrived.
const chartModule = import('./Chart.tsx');
const Chart = lazy(() => chartModule.then((m) => ({ default: m.Chart })));
import { Empty, Failure, Loading, Panel } from './Panel.tsx';

export interface ReportChartProps {
  id: string;
  title: string;
  table: string;
  /** The x axis (or, with `horizontal`, the ranked categories). */
  x: string;
  split?: string;
  /** The user's filters (from the URL). */
  filters: Params;
  /** Filters the panel always applies (not the user's: an empty answer is not "no match"). */
  fixed?: Params;
  unit: string;
  empty: ReactNode;
  horizontal?: boolean;
  /** Ranked charts show the largest values only. */
  top?: number;
  height?: number;
  /** Extra lines drawn from the monthly totals (baselines); null totals are months no source covers. */
  lines?: (x: string[], totals: (number | null)[], partial: Set<string>, sources: Map<string, string> | undefined) => ChartSeries[];
  /** Chart a measure of the report (e.g. `value`, the sum of published counts) instead of the row count `n`. */
  measure?: string;
  /** The chosen month (a filter the chart does not apply), highlighted on its axis. */
  highlight?: string;
  wide?: boolean;
  /** Called with the x value of a clicked bar (e.g. a day, to show it broken down). */
  onSelect?: (x: string) => void;
  /** Shown above the chart (e.g. what to split by). */
  controls?: ReactNode;
  children?: (report: Report) => ReactNode;
}

export function ReportChart(props: ReportChartProps) {
  const { id, title, table, x, split, filters, fixed, unit, empty, horizontal, top = 15, height, lines, wide, controls, onSelect, children, highlight, measure } = props;
  const by = split ? [x, split] : [x];
  const catalog = useCatalog();
  // Ask only for what the server has; while the catalog loads, wait (its answer is shared by every panel).
  const available = catalog.state === 'error' || catalog.has(table, ...by, ...Object.keys(fixed ?? {}));
  const loaded = useReport(table, by, { ...filters, ...fixed }, catalog.state !== 'loading' && available);
  const report = useMemo(() => (loaded.state === 'ok' ? withMeasure(loaded.data, measure) : undefined), [loaded, measure]);
  const coverage = useCoverage();
  const months = useMemo(() => (x === 'month' ? coveredMonths(coverage.table(table)) : null), [coverage, table, x]);
  const sources = useMemo(() => (x === 'month' && coverage.table(table) ? monthSources(coverage.table(table)) : undefined), [coverage, table, x]);
  const drawn = useMemo(() => (report ? draw(report, x, split, horizontal, top, lines, months, sources) : null), [report, x, split, horizontal, top, lines, months, sources]);
  const filtered = Object.values(filters).some(Boolean);
  const xValue = useMemo(() => valueLabel(table, x), [table, x]);
  const seriesValue = useMemo(() => valueLabel(table, split ?? ''), [table, split]);
  const chartHeight = height ?? (horizontal ? Math.max(200, (drawn?.x.length ?? 10) * 24 + 40) : 320);

  let body: ReactNode;
  if (catalog.state === 'ok' && !available) body = <Empty>{empty}</Empty>;
  else if (loaded.state === 'loading') body = <Loading />;
  else if (loaded.state === 'error' && isUnavailable(loaded.status, loaded.message)) body = <Empty>{empty}</Empty>;
  else if (loaded.state === 'error') body = <Failure loaded={loaded} />;
  else if (!report || report.total === 0 || !drawn) body = <Empty>{filtered ? <>No {unit} match these filters. <a href={`#/${window.location.hash.replace(/^#\/?/, '').split('?')[0]}`}>Clear filters</a></> : empty}</Empty>;
  else body = (
    <>
      <Suspense fallback={<div className="chart" style={{ height: chartHeight }} />}>
        <Chart x={drawn.x} bars={drawn.bars} lines={drawn.lines} horizontal={horizontal} height={chartHeight} label={`${title}: ${formatNumber(report.total)} ${unit}`} xLabel={xValue} seriesLabel={seriesValue} seriesScope={split} onSelect={onSelect} coverage={drawn.coverage} highlight={highlight} />
      </Suspense>
      {drawn.coverage && <CoverageNote coverage={drawn.coverage} />}
      <ChartNumbers x={drawn.x} bars={drawn.bars} lines={drawn.lines} xLabel={formatDimension(x)} xValue={xValue} seriesValue={seriesValue} coverage={drawn.coverage} highlight={highlight} />
      {children?.(report)}
    </>
  );
  return (
    <Panel id={id} title={title} url={available ? loaded.url : undefined} csv={loaded.csv} report={report} wide={wide}
      summary={report && report.total > 0 ? <><strong data-testid="total" data-value={report.total}>{formatNumber(report.total)}</strong> {unit}{drawn?.note ? ` · ${drawn.note}` : ''}{highlight && drawn ? <ChosenTotal x={drawn.x} bars={drawn.bars} chosen={highlight} label={xValue} /> : null}<Scope table={table} report={report} /></> : undefined}>
      {controls}
      {body}
    </Panel>
  );
}

/** The API answers 4xx "no report named …" / "… is not a dimension of …" when the loaded build or data lacks it. */
export function isUnavailable(status: number, message: string): boolean {
  return status >= 400 && status < 500 && /no (report|table|route) named|no route|not a dimension|unknown (report|table|dimension)|not found/i.test(message);
}

/**
 * The chosen month's own total beside the chart's total, so that the figure a filter shows elsewhere on
 * the page (the map's 102 for one month) is found on the chart too (its 312 for every month).
 */
function ChosenTotal({ x, bars, chosen, label }: { x: string[]; bars: ChartSeries[]; chosen: string; label: (v: unknown) => string }) {
  const i = x.indexOf(chosen);
  if (i < 0) return null;
  const n = bars.every((b) => b.values[i] === null) ? null : bars.reduce((s, b) => s + (b.values[i] ?? 0), 0);
  return <> · <span data-testid="chosen-total" data-value={n ?? ''}>{label(chosen)}: <strong>{n === null ? t('coverage.noSource') : formatNumber(n)}</strong></span></>;
}

/** The report with a measure's values in place of `n` (the API's `measureTotals` as the total). */
function withMeasure(report: Report, measure: string | undefined): Report {
  if (!measure) return report;
  const totals = (report as Report & { measureTotals?: Record<string, number> }).measureTotals;
  return { ...report, rows: report.rows.map((r) => ({ ...r, n: Number(r[measure] ?? 0) })), total: Number(totals?.[measure] ?? report.rows.reduce((s, r) => s + Number(r[measure] ?? 0), 0)) };
}

/** Under a monthly chart: what the gaps and the marks mean. */
function CoverageNote({ coverage }: { coverage: (MonthCoverage | null)[] }) {
  const gaps = coverage.filter((c) => c === null).length;
  const partial = coverage.filter((c) => c === 'partial').length;
  if (!gaps && !partial) return null;
  return (
    <p className="coverage-note" data-testid="coverage-note">
      {gaps > 0 && <><span className="swatch gap" aria-hidden="true" /> {t('coverage.gaps', { n: gaps })} </>}
      {partial > 0 && <><span className="swatch partial" aria-hidden="true" /> {t('coverage.partial', { n: partial })}</>}
    </p>
  );
}

function draw(report: Report, x: string, split: string | undefined, horizontal: boolean | undefined, top: number, lines: ReportChartProps['lines'], covered: Map<string, MonthCoverage> | null, sources?: Map<string, string>) {
  const rows = report.rows as ReportRow[];
  if (rows.length === 0) return null;
  if (horizontal && !split) {
    const all = ranked(rows, x, Number.MAX_SAFE_INTEGER);
    const shown = all.slice(0, top);
    const note = all.length > top ? `largest ${top} of ${formatNumber(all.length)} shown; the CSV has all` : undefined;
    return { x: shown.map((r) => r.name), bars: [{ name: 'n', values: shown.map((r) => r.n) }], lines: [], coverage: null, note };
  }
  const p = pivot(rows, x, split);
  let xs = p.x;
  let bars: ChartSeries[] = p.series.map((s) => ({ name: s.name, values: s.values }));
  let coverage: (MonthCoverage | null)[] | null = null;
  // Months and fiscal years are drawn consecutively so that a period with nothing shows as zero
  // instead of vanishing from the axis.
  const months = xs.filter((v) => /^\d{4}-\d{2}$/.test(v));
  const years = xs.filter((v) => /^FY\d{4}$/.test(v));
  const all = months.length === xs.length && months.length > 1 ? monthRange(months[0], months[months.length - 1])
    : years.length === xs.length && years.length > 1 ? fiscalYearRange(years[0], years[years.length - 1]) : null;
  if (all) {
    const at = new Map(xs.map((v, i) => [v, i]));
    // A month that no loaded source covers is unknown (null, a gap), not zero (src/reports/coverage.ts).
    const known = (m: string) => !covered || covered.has(m) || at.has(m);
    bars = bars.map((s) => ({ name: s.name, values: all.map((m) => (at.has(m) ? s.values[at.get(m)!] : known(m) ? 0 : null)) }));
    xs = all;
    if (covered && covered.size > 0) coverage = xs.map((m) => (at.has(m) && !covered.has(m) ? 'full' : covered.get(m) ?? null));
  }
  const totals = xs.map((_, i) => (bars.every((s) => s.values[i] === null) ? null : bars.reduce((sum, s) => sum + (s.values[i] ?? 0), 0)));
  const partial = new Set(coverage ? xs.filter((_, i) => coverage![i] === 'partial') : []);
  // A baseline with no value in range (fewer than seven months of data) is left out of the legend too.
  const drawnLines = (lines ? lines(xs, totals, partial, sources) : []).filter((l) => l.values.some((v) => v !== null));
  return { x: xs, bars, lines: drawnLines, coverage, note: undefined as string | undefined };
}
