/**
 * Detention: ICE's published detention statistics (one workbook per release, or vintage) and the
 * researchers' daily population per facility. ICE's "currently detained" is a count on one snapshot
 * day per release; the daily population datasets (Deportation Data Project, UWCHR) are separate
 * derivations of overlapping periods, each drawn on its own, never added. All numbers come from
 * /reports/official-figures, /reports/detention-current, /reports/facility-population and
 * /detention-facilities-listed.json.
 */
import { useMemo, useState } from 'react';
import { DataTable, type Column } from '../components/DataTable.tsx';
import { Empty, Failure, Loading, Panel } from '../components/Panel.tsx';
import { ReportChart } from '../components/ReportChart.tsx';
import { apiUrl, csvUrl, reportUrl, useApi, useReport, type Params, type Report } from '../lib/api.ts';
import { useCatalog } from '../lib/catalog.ts';
import { formatNumber, formatPeriod } from '../lib/format.ts';
import { t } from '../lib/i18n.ts';
import { rowsOf } from '../lib/rows.ts';
import { setParams } from '../lib/url.ts';

const empty = () => <span data-testid="empty-official">{t('detention.empty')} <code>deportwatch ingest FY26_detentionStats_02122026.xlsx</code></span>;
const emptyPopulation = () => <span data-testid="empty-population">{t('detention.emptyPopulation')} <code>deportwatch ingest ddp-facilities-daily-population-….parquet</code>, <code>deportwatch ingest uwchr-detention-headcount-….psv.gz</code></span>;
/** The cell of ICE's table that holds the national figure: the Total row and the Total column. */
const TOTAL_CELL = { processing_disposition: 'Total', facility_type: 'Total' };

interface Vintage { release: string; release_date: string | null; latest: string; table: string; value: number }

/** The releases loaded, oldest first, each with its currently-detained total (the Total/Total cell). */
function useVintages(enabled: boolean) {
  const loaded = useReport('official-figures', ['release', 'release_date', 'latest', 'table'], TOTAL_CELL, enabled);
  const vintages = useMemo<Vintage[]>(() => (loaded.state === 'ok'
    ? loaded.data.rows.filter((r) => /currently detained/i.test(String(r.table)))
      .map((r) => ({ release: String(r.release), release_date: r.release_date ? String(r.release_date) : null, latest: String(r.latest), table: String(r.table), value: Number(r.value) }))
      .sort((a, b) => String(a.release_date ?? '').localeCompare(String(b.release_date ?? '')) || a.release.localeCompare(b.release))
    : []), [loaded]);
  return { loaded, vintages };
}

export function Detention({ params }: { params: URLSearchParams }) {
  const catalog = useCatalog();
  const has = catalog.has('official-figures', 'release', 'table', 'processing_disposition', 'facility_type');
  const { loaded, vintages } = useVintages(catalog.state === 'ok' && has);
  const report = loaded.state === 'ok' ? loaded.data : undefined;
  const waiting = catalog.state === 'loading' || (has && loaded.state === 'loading');
  const newest = vintages[vintages.length - 1];
  const chosen = vintages.find((v) => v.release === params.get('release')) ?? newest;
  return (
    <>
      <div className="page-head">
        <h1>{t('page.detention')}</h1>
        <p className="lede">{t('detention.lede')}</p>
      </div>
      {waiting ? <Loading />
        : loaded.state === 'error' && has ? <Failure loaded={loaded} />
        : !chosen ? <Empty>{empty()}</Empty>
        : <Loaded vintages={vintages} chosen={chosen} loaded={report!} />}
      <div className="grid">
        <PopulationPanels />
      </div>
    </>
  );
}

function Loaded({ vintages, chosen, loaded }: { vintages: Vintage[]; chosen: Vintage; loaded: Report }) {
  // The table titles of the chosen release (they name the fiscal year, and ICE retitles them).
  const titles = useReport('official-figures', ['release', 'table'], { release: chosen.release, criminality: 'Total', arresting_agency: 'Total', unit: 'people' });
  const criminalityTable = titles.state === 'ok' ? titles.data.rows.map((r) => String(r.table)).find((title) => /currently detained/i.test(title)) : undefined;
  // The latest release of its fiscal year is in detention-current; an earlier one only in official-figures.
  const table = chosen.latest === 'yes' ? 'detention-current' : 'official-figures';
  // unit=people leaves out the shares ICE prints beside the counts (currently_detained_share, a fraction).
  const release = { release: chosen.release, unit: 'people' };
  const byCriminality: Params = { ...release, ...(table === 'official-figures' && criminalityTable ? { table: criminalityTable } : {}), 'criminality!': 'Total', 'arresting_agency!': 'Total' };
  const byDisposition: Params = { ...release, ...(table === 'official-figures' ? { table: chosen.table } : {}), 'processing_disposition!': 'Total', 'facility_type!': 'Total' };
  const when = chosen.release_date ? formatPeriod(chosen.release_date) : t('detention.undated');
  return (
    <>
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label={t('filter.filters')}>
        <label className="filter">
          <span>{t('detention.release')}</span>
          <select name="release" data-testid="release-select" value={chosen.release} onChange={(e) => setParams({ release: e.target.value === vintages[vintages.length - 1].release ? undefined : e.target.value })}>
            {[...vintages].reverse().map((v) => <option key={v.release} value={v.release}>{v.release_date ? formatPeriod(v.release_date) : t('detention.undated')} · {v.release.replace(/ \(.*\)$/, '')}</option>)}
          </select>
        </label>
      </form>
      <p className="notice" data-testid="detained-headline">
        {t('detention.headline', { date: when })}{' '}
        <strong data-testid="detained-total" data-value={chosen.value}>{formatNumber(chosen.value)}</strong>{' '}
        {t('detention.headlineUnit')} <span className="muted">({t('detention.headlineScope', { release: chosen.release, n: vintages.length })})</span>
      </p>
      <div className="grid">
        <Vintages vintages={vintages} chosen={chosen} loaded={loaded} />
        {(table === 'detention-current' || criminalityTable || titles.state !== 'loading') && (
          <ReportChart id="detention-criminality" title={t('detention.criminality', { date: when })} table={table} x="criminality" split="arresting_agency" filters={byCriminality} measure="value"
            unit={t('detention.detainedUnit')} empty={empty()} horizontal />
        )}
        <ReportChart id="detention-disposition" title={t('detention.disposition', { date: when })} table={table} x="processing_disposition" split="facility_type" filters={byDisposition} measure="value"
          unit={t('detention.detainedUnit')} empty={empty()} horizontal />
        <Facilities chosen={chosen} />
      </div>
    </>
  );
}

/**
 * ICE's currently-detained Total of each release, as a table: each is a count on its own snapshot day,
 * so the panel states no sum over releases.
 */
function Vintages({ vintages, chosen, loaded }: { vintages: Vintage[]; chosen: Vintage; loaded: Report }) {
  const url = reportUrl('official-figures', ['release', 'release_date', 'latest', 'table'], TOTAL_CELL);
  const rows = [...vintages].reverse() as unknown as (Vintage & Record<string, unknown>)[];
  const columns: Column<Vintage & Record<string, unknown>>[] = [
    { key: 'release_date', label: t('detention.releaseDate'), nowrap: true, render: (r) => <span className={r.release === chosen.release ? 'chosen' : undefined}>{r.release_date ? formatPeriod(r.release_date) : t('detention.undated')}</span> },
    { key: 'release', label: t('detention.workbook'), render: (r) => r.release.replace(/ \(.*\)$/, '') },
    { key: 'latest', label: t('detention.latest'), nowrap: true, render: (r) => (r.latest === 'yes' ? t('detention.yes') : t('detention.no')) },
    { key: 'value', label: t('detention.detainedOnDay'), numeric: true, render: (r) => <span data-testid="vintage-value" data-value={r.value}>{formatNumber(r.value)}</span> },
  ];
  return (
    <Panel id="detention-vintages" title={t('detention.vintages')} url={url} csv={csvUrl(url)} report={loaded} wide
      summary={<>{t('detention.vintagesSummary', { n: vintages.length, first: vintages[0].release_date ? formatPeriod(vintages[0].release_date) : '', last: vintages[vintages.length - 1].release_date ? formatPeriod(vintages[vintages.length - 1].release_date!) : '' })}</>}>
      <DataTable columns={columns} rows={rows} testId="vintages-table" label={t('detention.vintages')} />
      <p className="muted">{t('detention.vintagesNote')}</p>
    </Panel>
  );
}

/** One chart per daily-population dataset: two derivations of overlapping periods are compared, never added. */
function PopulationPanels() {
  const catalog = useCatalog();
  const has = catalog.has('facility-population', 'dataset', 'month');
  const datasets = useReport('facility-population', ['dataset'], {}, catalog.state === 'ok' && has);
  if (catalog.state === 'loading' || (has && datasets.state === 'loading')) return null;
  const names = datasets.state === 'ok' ? datasets.data.rows.map((r) => String(r.dataset)) : [];
  if (names.length === 0) {
    return <Panel id="detention-population" title={t('detention.population')}><Empty>{emptyPopulation()}</Empty></Panel>;
  }
  return (
    <>
      {names.length > 1 && <p className="notice" style={{ gridColumn: '1 / -1' }} data-testid="datasets-note">{t('detention.datasetsApart', { n: names.length })}</p>}
      {names.map((dataset) => (
        <ReportChart key={dataset} id={`detention-population-${dataset}`} title={t('detention.populationOf', { dataset: datasetName(dataset) })} table="facility-population" x="month"
          fixed={{ dataset }} filters={{}} measure="population" unit={t('detention.personDays')} empty={emptyPopulation()} wide>
          {() => <p className="muted">{t('detention.populationNote')}</p>}
        </ReportChart>
      ))}
    </>
  );
}

function datasetName(dataset: string): string {
  if (/^ddp/.test(dataset)) return 'Deportation Data Project';
  if (/^uwchr/.test(dataset)) return 'UWCHR';
  return dataset;
}

type FacilityRow = Record<string, unknown> & { name: string; latitude: number | null; adp_by_level: number | null; alos_days: number | null };
const SORTS = ['adp_by_level', 'name', 'state', 'alos_days'] as const;

/** The facilities the chosen release lists, sortable; how many the map of codes could not place. */
function Facilities({ chosen }: { chosen: Vintage }) {
  const [sort, setSort] = useState<(typeof SORTS)[number]>('adp_by_level');
  const url = apiUrl('/detention-facilities-listed.json', { release: chosen.release, _size: '1000' });
  const loaded = useApi<unknown>(url);
  const report = useReport('detention-facilities-listed', ['latest'], { release: chosen.release });
  const rows = useMemo(() => {
    const all = (loaded.state === 'ok' ? rowsOf(loaded.data) : []) as FacilityRow[];
    const numeric = sort === 'adp_by_level' || sort === 'alos_days';
    return [...all].sort((a, b) => (numeric ? Number(b[sort] ?? -1) - Number(a[sort] ?? -1) : String(a[sort] ?? '').localeCompare(String(b[sort] ?? ''))));
  }, [loaded, sort]);
  const unplaced = rows.filter((r) => r.latitude === null || r.latitude === undefined).length;
  const columns: Column<FacilityRow>[] = [
    { key: 'name', label: t('detention.facility') },
    { key: 'city', label: t('detention.city') },
    { key: 'state', label: t('detention.state'), nowrap: true },
    { key: 'aor', label: 'AOR', nowrap: true },
    { key: 'type_detailed', label: t('detention.type'), nowrap: true },
    { key: 'adp_by_level', label: t('detention.adp'), numeric: true, render: (r) => formatNumber(Math.round(Number(r.adp_by_level ?? 0))) },
    { key: 'alos_days', label: t('detention.alos'), numeric: true, render: (r) => (r.alos_days === null ? '' : formatNumber(Math.round(Number(r.alos_days) * 10) / 10)) },
  ];
  let body;
  if (loaded.state === 'loading') body = <Loading />;
  else if (loaded.state === 'error') body = <Failure loaded={loaded} />;
  else if (rows.length === 0) body = <Empty>{empty()}</Empty>;
  else body = (
    <>
      <div className="filters">
        <label className="filter">
          <span>{t('detention.sortBy')}</span>
          <select data-testid="facilities-sort" value={sort} onChange={(e) => setSort(e.target.value as (typeof SORTS)[number])}>
            {SORTS.map((s) => <option key={s} value={s}>{t(`detention.sort.${s}`)}</option>)}
          </select>
        </label>
      </div>
      <p className="muted" data-testid="facilities-unplaced" data-value={unplaced}>{t('detention.unplaced', { n: unplaced, all: rows.length })}</p>
      <DataTable columns={columns} rows={rows} testId="facilities-table" label={t('detention.facilities', { date: chosen.release_date ?? '' })} />
    </>
  );
  return (
    <Panel id="detention-facilities" title={t('detention.facilities', { date: chosen.release_date ? formatPeriod(chosen.release_date) : t('detention.undated') })} url={url} csv={csvUrl(url)}
      report={report.state === 'ok' ? report.data : undefined} wide
      summary={loaded.state === 'ok' && rows.length > 0 ? <><strong data-testid="total" data-value={rows.length}>{formatNumber(rows.length)}</strong> {t('detention.facilitiesUnit')}</> : undefined}>
      {body}
    </Panel>
  );
}
