/**
 * Arrests: ICE arrests by criminality (convicted, pending criminal charges, other immigration
 * violator — ICE's own three categories) per month and per day, the form an official daily claim
 * ("538 arrested, 373 for criminal activity") is checked against.
 */
import { ClearFilters, FilterSelect, filtersFrom } from '../components/Filters.tsx';
import { Empty, Failure, Loading, Panel } from '../components/Panel.tsx';
import { isUnavailable, ReportChart } from '../components/ReportChart.tsx';
import { useReport } from '../lib/api.ts';
import { useCatalog } from '../lib/catalog.ts';
import { formatNumber, formatPercent, formatPeriod, formatValue } from '../lib/format.ts';
import { ranked, type ReportRow } from '../lib/pivot.ts';
import { setParams } from '../lib/url.ts';
import { t } from '../lib/i18n.ts';
import { useCoverage } from '../lib/coverage.ts';

export const ARREST_FILTERS = ['month', 'criminality', 'state', 'aor', 'apprehension_method'];
const UNIT = 'arrests';
const EMPTY = <>No arrest records loaded: run <code>deportwatch ingest &lt;Deportation Data Project arrests workbook&gt;</code>, or <code>npm start</code> for synthetic demo data.</>;

export function Arrests({ params }: { params: URLSearchParams }) {
  const filters = filtersFrom(params, ARREST_FILTERS);
  const { month: _month, ...allMonths } = filters;
  // Without a chosen month, the day chart shows the latest month that has arrests.
  const catalog = useCatalog();
  const months = useReport('arrests', ['month'], allMonths, catalog.has('arrests', 'month'));
  const latest = months.state === 'ok' ? [...months.data.rows].map((r) => String(r.month)).filter((m) => /^\d{4}-\d{2}$/.test(m)).sort().pop() : undefined;
  const month = filters.month ?? latest;
  const date = params.get('date') ?? undefined;
  // Published counts (an aggregate table such as the DDP arrests by state and month) are not records,
  // but they are arrests data: shown beside the records, never added to them.
  const coverage = useCoverage();
  const records = coverage.table('arrests')?.rows ?? 0;
  const published = useReport('aggregates', ['measure'], { measure: 'arrests' }, catalog.has('aggregates', 'measure'));
  const hasPublished = published.state === 'ok' && published.data.total > 0;
  const noRecords = coverage.state === 'ok' && records === 0;
  return (
    <>
      <div className="page-head">
        <h1>{t('page.arrests')}</h1>
        <p className="lede">{t('arrests.lede')}</p>
      </div>
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label={t('filter.filters')}>
        {ARREST_FILTERS.map((d) => <FilterSelect key={d} table="arrests" dimension={d} value={filters[d]} />)}
        <ClearFilters names={[...ARREST_FILTERS, 'date']} params={params} />
      </form>
      <div className="grid">
        {hasPublished && (
          <ReportChart id="arrests-published" title={t('arrests.aggregate')} table="aggregates" x="month" split="criminality" filters={{ state: filters.state, month: undefined }} fixed={{ measure: 'arrests' }}
            measure="value" unit={t('arrests.unit')} empty={EMPTY} wide controls={<p className="muted">{t('arrests.aggregateNote')}</p>} />
        )}
        {noRecords && hasPublished ? <p className="muted" data-testid="no-arrest-records">No individual arrest records are loaded (only the published counts above): run <code>deportwatch ingest &lt;Deportation Data Project arrests workbook&gt;</code> for records by day.</p> : <>
        <ReportChart id="arrests-monthly" title={t('arrests.monthly')} table="arrests" x="month" split="criminality" filters={allMonths} unit={t('arrests.unit')} empty={EMPTY} wide highlight={month} />
        {month
          ? <ReportChart id="arrests-daily" title={t('arrests.daily', { month: formatPeriod(month) })} table="arrests" x="date" split="criminality" filters={{ ...allMonths, month }} unit={t('arrests.unit')} empty={EMPTY} wide
              onSelect={selectDay} controls={<p className="muted">Choose a day (click its bar) to see it broken down.</p>} />
          : months.state === 'loading' && catalog.has('arrests', 'month') ? <Loading /> : null}
        {date && <Day date={date} filters={allMonths} />}
        </>}
      </div>
    </>
  );
}

function selectDay(date: string): void {
  setParams({ date });
}

/** One day, broken down: the numbers a reporter puts next to an official statement about that day. */
function Day({ date, filters }: { date: string; filters: Record<string, string | undefined> }) {
  const catalog = useCatalog();
  const loaded = useReport('arrests', ['criminality'], { ...filters, date }, catalog.has('arrests', 'criminality', 'date'));
  const report = loaded.state === 'ok' ? loaded.data : undefined;
  const rows = report ? ranked(report.rows as ReportRow[], 'criminality') : [];
  return (
    <Panel id="arrests-day" title={t('arrests.on', { date: formatPeriod(date) })} url={loaded.url} csv={loaded.csv} report={report}>
      {loaded.state === 'loading' ? <Loading /> : loaded.state === 'error' && isUnavailable(loaded.status, loaded.message) ? <Empty>{EMPTY}</Empty>
        : loaded.state === 'error' ? <Failure loaded={loaded} />
        : !report || report.total === 0 ? <Empty>No arrests recorded on {formatPeriod(date)}.</Empty>
        : (
          <>
            <table className="data" data-testid="day-table">
              <thead><tr><th>Criminality</th><th className="num">Arrests</th><th className="num">Share</th></tr></thead>
              <tbody>
                {rows.map((r) => <tr key={r.name}><td>{formatValue(r.name)}</td><td className="num">{formatNumber(r.n)}</td><td className="num">{formatPercent(r.n, report.total)}</td></tr>)}
                <tr className="total"><td>Total</td><td className="num" data-testid="total" data-value={report.total}>{formatNumber(report.total)}</td><td className="num">100%</td></tr>
              </tbody>
            </table>
            <CriminalRecord rows={rows} total={report.total} />
          </>
        )}
    </Panel>
  );
}

/**
 * "N for criminal activity" may mean convicted only, or convicted or with pending charges (ICE's annual
 * reports use the second); both sums of the rows above are shown so a statement can be set beside each.
 */
function CriminalRecord({ rows, total }: { rows: { name: string; n: number }[]; total: number }) {
  const n = (name: string) => rows.find((r) => r.name === name)?.n;
  const convicted = n('convicted');
  const pending = n('pending_charges');
  if (convicted === undefined && pending === undefined) return null;
  const both = (convicted ?? 0) + (pending ?? 0);
  return (
    <table className="data compact" data-testid="criminal-record">
      <caption>With a criminal record, by each definition in use</caption>
      <tbody>
        <tr><th scope="row">Convicted only</th><td className="num">{formatNumber(convicted ?? 0)}</td><td className="num">{formatPercent(convicted ?? 0, total)}</td></tr>
        <tr><th scope="row">Convicted or pending criminal charges</th><td className="num">{formatNumber(both)}</td><td className="num">{formatPercent(both, total)}</td></tr>
      </tbody>
    </table>
  );
}
