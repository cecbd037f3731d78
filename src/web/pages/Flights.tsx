/**
 * Flights: where deportation flights went (map), how many per month by category, destination country
 * or carrier against the baselines monitors use, and the legs behind the counts with their evidence.
 */
import { lazy, Suspense, useMemo } from 'react';
import { DataTable, type Column } from '../components/DataTable.tsx';
import { ClearFilters, FilterSelect, filtersFrom, Toggle } from '../components/Filters.tsx';
import { Empty, Failure, Loading, Panel } from '../components/Panel.tsx';
import { isUnavailable, ReportChart } from '../components/ReportChart.tsx';
import { Scope } from '../components/Scope.tsx';
import { apiUrl, csvUrl, filterParams, reportUrl, useApi, type Report } from '../lib/api.ts';
import { useCatalog } from '../lib/catalog.ts';
import { formatNumber, formatPeriod, formatValue, valueLabel } from '../lib/format.ts';
import { monthlyBaselines } from '../lib/pivot.ts';
import { routesFromGeoJson } from '../lib/routes.ts';
import { rowsOf, type Row } from '../lib/rows.ts';
import { t } from '../lib/i18n.ts';
import { useAirportNames } from '../lib/airports.ts';
import { setParams } from '../lib/url.ts';

// maplibre-gl is the largest dependency: loaded with the Flights page only, not on every page, and
// as soon as that page opens, in parallel with its data rather than after it.
let mapModule: Promise<typeof import('../components/FlightMap.tsx')> | null = null;
const loadMap = () => (mapModule ??= import('../components/FlightMap.tsx'));
const FlightMap = lazy(() => loadMap().then((m) => ({ default: m.FlightMap })));

export const FLIGHT_FILTERS = ['month', 'category', 'arrival_country', 'operator', 'departure_airport'];
const SPLITS = [{ value: 'category', key: 'flights.category' }, { value: 'arrival_country', key: 'flights.destination' }, { value: 'operator', key: 'flights.carrier' }] as const;
const UNIT = 'flights';
const EMPTY = <>No flights loaded: run <code>deportwatch ingest &lt;RadarBox export&gt;</code> (or an observers' log, or ADS-B recordings), or <code>npm start</code> for synthetic demo data.</>;
const LEG_PAGE = 50;

const baselineLines = (x: string[], totals: (number | null)[], partial: Set<string>, sources?: Map<string, string>) => {
  const b = monthlyBaselines(x, totals, partial, sources);
  return [{ name: t('chart.mean6'), values: b.previousSixMonthMean }, { name: t('chart.sameMonth'), values: b.sameMonthLastYear }];
};

export function Flights({ params }: { params: URLSearchParams }) {
  void loadMap();
  const filters = filtersFrom(params, FLIGHT_FILTERS);
  const split = SPLITS.some((s) => s.value === params.get('split')) ? params.get('split')! : 'category';
  const scope = params.get('legs') === 'all' ? 'all' : 'ice';
  // Tracker exports list every flight of the contractors' aircraft; only legs a rule links to ICE Air
  // are ICE Air flights (docs/flights.md). The page counts those unless asked for every leg.
  const fixed: Record<string, string> = scope === 'ice' ? { ice_flight: 'true' } : {};
  // The monthly chart always spans every month (a baseline needs the months around the one chosen);
  // the other filters apply to it, the month filter to the map and the legs.
  const monthly = { ...filters, month: undefined };
  const unit = scope === 'ice' ? t('flights.unitIce') : t('flights.unitAll');
  const splits = SPLITS.map((s) => ({ value: s.value, label: t(s.key) }));
  return (
    <>
      <div className="page-head">
        <h1>{t('page.flights')}</h1>
        <p className="lede">{t('flights.lede')}</p>
      </div>
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label={t('filter.filters')}>
        {FLIGHT_FILTERS.map((d) => <FilterSelect key={d} table="flights" dimension={d} value={filters[d]} label={d === 'operator' ? t('flights.carrier') : undefined} fixed={fixed} />)}
        <Toggle name="legs" label={t('flights.count')} value={scope} options={[{ value: 'ice', label: 'ICE Air' }, { value: 'all', label: t('flights.everyLeg') }]} />
        <ClearFilters names={FLIGHT_FILTERS} params={params} />
      </form>
      <div className="grid">
        <RouteMap filters={filters} fixed={fixed} unit={unit} />
        <ReportChart id="flights-monthly" title={t('flights.monthlyTitle', { unit: `${unit.charAt(0).toUpperCase()}${unit.slice(1)}`, split: splits.find((s) => s.value === split)!.label.toLowerCase() })} table="flights" x="month" split={split}
          filters={monthly} fixed={fixed} unit={unit} empty={EMPTY} lines={baselineLines} wide highlight={filters.month}
          controls={<Toggle name="split" label={t('flights.splitBy')} value={split} options={splits} />} />
        <Legs filters={filters} fixed={fixed} params={params} />
      </div>
    </>
  );
}

function RouteMap({ filters, fixed, unit }: { filters: Record<string, string | undefined>; fixed: Record<string, string>; unit: string }) {
  const catalog = useCatalog();
  const by = ['departure_airport', 'arrival_airport'];
  const flights = catalog.report('flights');
  const available = catalog.state === 'error' || Boolean(flights?.geographic && by.every((d) => flights.dimensions[d]?.geographic));
  const json = reportUrl('flights', by, { ...filters, ...fixed });
  const geojson = json.replace('.json', '.geojson');
  const loaded = useApi<{ metadata?: Report }>(catalog.state !== 'loading' && available ? geojson : null);
  const { routes, unmapped, unmappedRoutes } = useMemo(() => (loaded.state === 'ok' ? routesFromGeoJson(loaded.data) : { routes: [], unmapped: 0, unmappedRoutes: [] }), [loaded]);
  const total = routes.reduce((s, r) => s + r.n, 0) + unmapped;
  const meta = loaded.state === 'ok' ? loaded.data.metadata : undefined;
  const airport = useAirportNames([...routes.flatMap((r) => [r.from.code, r.to.code]), ...unmappedRoutes.flatMap((r) => [r.from, r.to])]);
  const empty = loaded.state === 'ok' && total === 0;
  let body;
  if (catalog.state === 'ok' && !available) body = <Empty>{EMPTY}</Empty>;
  else if (loaded.state === 'error' && isUnavailable(loaded.status, loaded.message)) body = <Empty>{EMPTY}</Empty>;
  else if (loaded.state === 'error') body = <Failure loaded={loaded} />;
  else if (empty) body = <Empty>{Object.values(filters).some(Boolean) ? 'No flights match these filters.' : EMPTY}</Empty>;
  else body = (
    <>
      {/* The map starts while the routes load. */}
      <Suspense fallback={<Loading />}><FlightMap routes={loaded.state === 'ok' ? routes : null} label={`Map of ${formatNumber(routes.length)} routes, ${formatNumber(total)} ${unit}`} /></Suspense>
      {loaded.state !== 'ok' && <Loading />}
      {unmapped > 0 && <p className="muted">{formatNumber(unmapped)} {unit} have an airport without known coordinates and are not drawn; they are under Routes and in the CSV.</p>}
      {loaded.state === 'ok' && (
        <details className="numbers">
          <summary>Routes</summary>
          <div className="table-scroll" tabIndex={0} role="region" aria-label={t('panel.numbers')}>
            <table className="data" data-testid="route-numbers">
              <thead><tr><th>From</th><th>To</th><th className="num">Flights</th></tr></thead>
              <tbody>
                {[...routes.map((r) => ({ from: r.from.code, to: r.to.code, n: r.n, drawn: true })), ...unmappedRoutes.map((r) => ({ ...r, drawn: false }))]
                  .sort((a, b) => b.n - a.n || a.from.localeCompare(b.from))
                  .map((r) => <tr key={`${r.from}-${r.to}`}><td>{airport(r.from)}</td><td>{airport(r.to)}{r.drawn ? '' : ' (not drawn: no coordinates)'}</td><td className="num">{formatNumber(r.n)}</td></tr>)}
              </tbody>
            </table>
          </div>
        </details>
      )}
    </>
  );
  return (
    <Panel id="flights-map" title={t('flights.routes')} url={available ? geojson : undefined} csv={csvUrl(json)} report={meta} wide
      summary={total > 0 ? <><strong data-testid="total" data-value={total}>{formatNumber(total)}</strong> {unit} on {formatNumber(routes.length + unmappedRoutes.length)} routes{filters.month ? <> in <strong data-testid="map-month">{formatPeriod(filters.month)}</strong> (the monthly chart below shows every month, with {formatPeriod(filters.month)} outlined)</> : ''}; line width grows with the number of flights<Scope table="flights" report={meta} /></> : undefined}>
      {body}
    </Panel>
  );
}

interface EvidenceRow { leg_id: number; source_id: number; source_kind: string; source_row: number | null; link: string | null; note: string | null }

/** The evidence of a page of legs, from the flight_evidence table through the read-only SQL route. */
function evidenceSql(legIds: number[]): string {
  return `SELECT leg_id, source_id, source_kind, source_row, link, note FROM flight_evidence WHERE leg_id IN (${legIds.join(', ')}) ORDER BY leg_id, source_id, source_row`;
}

const SORTS = ['-departure_date', 'departure_date'] as const;

function Legs({ filters, fixed, params }: { filters: Record<string, string | undefined>; fixed: Record<string, string>; params: URLSearchParams }) {
  const catalog = useCatalog();
  const available = catalog.state === 'error' || Boolean(catalog.table('flights'));
  // Newest first by default: a reader on deadline wants the latest legs, not storage order.
  const sort = (SORTS as readonly string[]).includes(params.get('legs_sort') ?? '') ? params.get('legs_sort')! : '-departure_date';
  const after = params.get('legs_after') ?? undefined;
  const page = Number(params.get('legs_page') ?? '0') || 0;
  const url = apiUrl('/flights.json', { ...filterParams(filters), ...fixed, _sort: sort, _size: String(LEG_PAGE), _after: after });
  const loaded = useApi<unknown>(catalog.state !== 'loading' && available ? url : null);
  const rows = loaded.state === 'ok' ? rowsOf(loaded.data) : [];
  const next = loaded.state === 'ok' ? (loaded.data as { next?: string | null }).next ?? null : null;
  const legIds = rows.map((r) => Number(r.leg_id)).filter(Number.isInteger);
  const evidenceUrl = legIds.length ? apiUrl('/sql.json', { sql: evidenceSql(legIds) }) : null;
  const evidence = useApi<unknown>(evidenceUrl);
  const byLeg = useMemo(() => {
    const map = new Map<number, EvidenceRow[]>();
    if (evidence.state === 'ok') for (const e of rowsOf(evidence.data) as unknown as EvidenceRow[]) map.set(e.leg_id, [...(map.get(e.leg_id) ?? []), e]);
    return map;
  }, [evidence]);
  const airport = useAirportNames(rows.flatMap((r) => [String(r.departure_airport ?? ''), String(r.arrival_airport ?? '')]));
  const country = valueLabel('flights', 'arrival_country');
  const columns: Column<Row>[] = [
    { key: 'departure_date', label: t('legs.date'), nowrap: true, render: (r) => <>{formatPeriod(r.departure_date)}{r.departure_time_utc ? <span className="muted"> {String(r.departure_time_utc).slice(11, 16)} UTC</span> : null}</> },
    { key: 'route', label: t('legs.route'), render: (r) => <span className="route">{airport(String(r.departure_airport ?? '?'), true)} → {airport(String(r.arrival_airport ?? '?'), true)}{r.arrival_country ? <span className="muted"> {country(r.arrival_country)}</span> : null}</span> },
    { key: 'flight', label: t('legs.flight'), nowrap: true, render: (r) => [r.flight_number, r.callsign].filter(Boolean).join(' / ') },
    { key: 'operator', label: t('legs.carrier') },
    { key: 'registration', label: t('legs.aircraft'), nowrap: true },
    // The rule that set the category and the ICE link is printed, not hidden in a tooltip (no hover on a phone).
    { key: 'category', label: t('legs.category'), render: (r) => <><strong>{formatValue(r.category)}</strong>{r.category_reason ? <span className="why" data-testid="leg-why"> {String(r.category_reason)}</span> : null}</> },
    { key: 'ice_link', label: t('legs.link'), render: (r) => <>{formatValue(r.ice_link)}{r.ice_link_confidence && r.ice_link_confidence !== 'none' ? <span className="muted"> ({String(r.ice_link_confidence)})</span> : null}{r.ice_link_reason ? <span className="why"> {String(r.ice_link_reason)}</span> : null}</> },
    { key: 'people', label: t('legs.people'), render: (r) => people(r) },
    { key: 'evidence', label: t('legs.evidence'), render: (r) => <Evidence items={byLeg.get(Number(r.leg_id))} row={r} /> },
  ];
  const from = page * LEG_PAGE + 1;
  return (
    <Panel id="flights-legs" title={t('legs.title')} url={available ? url : undefined} csv={csvUrl(url)} wide
      summary={rows.length > 0 ? <span data-testid="legs-summary">{t('legs.summary', { from, to: from + rows.length - 1, sort: t(sort === 'departure_date' ? 'legs.sortOldest' : 'legs.sortNewest') })}</span> : undefined}>
      <div className="toggle" role="group" aria-label={t('legs.sort')}>
        <span>{t('legs.sort')}</span>
        {SORTS.map((o) => <button key={o} type="button" aria-pressed={o === sort} data-testid={`legs-sort-${o.startsWith('-') ? 'newest' : 'oldest'}`}
          onClick={() => setParams({ legs_sort: o, legs_after: undefined, legs_page: undefined })}>{t(o.startsWith('-') ? 'legs.sortNewest' : 'legs.sortOldest')}</button>)}
      </div>
      {catalog.state === 'ok' && !available ? <Empty>{EMPTY}</Empty> : loaded.state === 'loading' ? <Loading /> : loaded.state === 'error' && isUnavailable(loaded.status, loaded.message) ? <Empty>{EMPTY}</Empty>
        : loaded.state === 'error' ? <Failure loaded={loaded} />
        : rows.length === 0 ? <Empty>{Object.values(filters).some(Boolean) ? 'No legs match these filters.' : EMPTY}</Empty>
        : <>
          <DataTable columns={columns} rows={rows} testId="legs-table" className="legs" />
          <p className="pager">
            {after && <button type="button" className="link" onClick={() => setParams({ legs_after: undefined, legs_page: undefined })}>{t('legs.first')}</button>}
            {next && <button type="button" data-testid="legs-next" onClick={() => setParams({ legs_after: next, legs_page: String(page + 1) })}>{t('legs.next', { n: LEG_PAGE })}</button>}
          </p>
          {evidenceUrl && <p className="twin"><span className="twin-label">Evidence of these legs:</span> <a href={evidenceUrl}>/sql.json (flight_evidence)</a> · <a href={csvUrl(evidenceUrl)} download>CSV</a></p>}
        </>}
    </Panel>
  );
}

/** Counts of people only where a source counted, estimated or manifested them, with how. */
function people(r: Row) {
  const part = (n: unknown, method: unknown) => (n === null || n === undefined ? '–' : `${formatNumber(n)}${method ? ` ${String(method)}` : ''}`);
  if (r.pax_on == null && r.pax_off == null) return '';
  return `${part(r.pax_on, r.pax_on_method)} / ${part(r.pax_off, r.pax_off_method)}`;
}

function hostOf(href: string): string {
  try { return new URL(href, window.location.href).hostname || 'link'; } catch { return 'link'; }
}

/** A leg's evidence: each source that reported it (file and row, on the Data page) and any link it gave. */
function Evidence({ items, row }: { items: EvidenceRow[] | undefined; row: Row }) {
  const list = items ?? (row.first_source_id != null ? [{ leg_id: Number(row.leg_id), source_id: Number(row.first_source_id), source_kind: String(row.source ?? ''), source_row: null, link: null, note: null }] : []);
  if (list.length === 0) return null;
  return (
    <>
      {list.map((e, i) => (
        <span key={i} className="evidence">
          {i > 0 && ' · '}
          <a href={`#/data?source_id=${e.source_id}`} title={e.note ?? undefined}>{e.source_kind} #{e.source_id}{e.source_row != null ? `, row ${e.source_row}` : ''}</a>
          {e.link && <> (<a href={e.link} target="_blank" rel="noreferrer">{hostOf(e.link)}</a>)</>}
        </span>
      ))}
    </>
  );
}
