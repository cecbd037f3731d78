/**
 * Flights: where deportation flights went (map), how many per month by category, destination country
 * or carrier against the baselines monitors use, and the legs behind the counts with their evidence.
 */
import { lazy, Suspense, useMemo } from 'react';
import { DataTable, type Column } from '../components/DataTable.tsx';
import { ClearFilters, FilterSelect, filtersFrom, Toggle } from '../components/Filters.tsx';
import { Empty, Failure, Loading, Panel } from '../components/Panel.tsx';
import { isUnavailable, ReportChart } from '../components/ReportChart.tsx';
import { apiUrl, csvUrl, reportUrl, useApi, type Report } from '../lib/api.ts';
import { useCatalog } from '../lib/catalog.ts';
import { formatNumber, formatPeriod, formatValue } from '../lib/format.ts';
import { monthlyBaselines } from '../lib/pivot.ts';
import { routesFromGeoJson } from '../lib/routes.ts';
import { rowsOf, type Row } from '../lib/rows.ts';

// maplibre-gl is the largest dependency: loaded with the Flights page only, not on every page.
const FlightMap = lazy(() => import('../components/FlightMap.tsx').then((m) => ({ default: m.FlightMap })));

export const FLIGHT_FILTERS = ['month', 'category', 'arrival_country', 'operator', 'departure_airport'];
const SPLITS = [{ value: 'category', label: 'Category' }, { value: 'arrival_country', label: 'Destination country' }, { value: 'operator', label: 'Carrier' }];
const UNIT = 'flights';
const EMPTY = <>No flights loaded: run <code>deportwatch ingest &lt;RadarBox export&gt;</code> (or an observers' log, or ADS-B recordings), or <code>npm start</code> for synthetic demo data.</>;
const LEG_PAGE = 50;

const baselineLines = (x: string[], totals: number[]) => {
  const b = monthlyBaselines(x, totals);
  return [{ name: 'Mean of previous 6 months', values: b.previousSixMonthMean }, { name: 'Same month a year earlier', values: b.sameMonthLastYear }];
};

export function Flights({ params }: { params: URLSearchParams }) {
  const filters = filtersFrom(params, FLIGHT_FILTERS);
  const split = SPLITS.some((s) => s.value === params.get('split')) ? params.get('split')! : 'category';
  // The monthly chart always spans every month (a baseline needs the months around the one chosen);
  // the other filters apply to it, the month filter to the map and the legs.
  const monthly = { ...filters, month: undefined };
  return (
    <>
      <div className="page-head">
        <h1>Flights</h1>
        <p className="lede">Flights linked to ICE Air operations, from tracker exports, observers' logs and ADS-B recordings. Each leg says why it was counted and where the evidence is.</p>
      </div>
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filters">
        {FLIGHT_FILTERS.map((d) => <FilterSelect key={d} table="flights" dimension={d} value={filters[d]} label={d === 'operator' ? 'Carrier' : undefined} />)}
        <ClearFilters names={FLIGHT_FILTERS} params={params} />
      </form>
      <div className="grid">
        <RouteMap filters={filters} />
        <ReportChart id="flights-monthly" title={`Flights per month by ${SPLITS.find((s) => s.value === split)!.label.toLowerCase()}`} table="flights" x="month" split={split}
          filters={monthly} unit={UNIT} empty={EMPTY} lines={baselineLines} wide
          controls={<Toggle name="split" label="Split by" value={split} options={SPLITS} />} />
        <Legs filters={filters} />
      </div>
    </>
  );
}

function RouteMap({ filters }: { filters: Record<string, string | undefined> }) {
  const catalog = useCatalog();
  const by = ['departure_airport', 'arrival_airport'];
  const flights = catalog.report('flights');
  const available = catalog.state === 'error' || Boolean(flights?.geographic && by.every((d) => flights.dimensions[d]?.geographic));
  const json = reportUrl('flights', by, filters);
  const geojson = json.replace('.json', '.geojson');
  const loaded = useApi<{ metadata?: Report }>(catalog.state !== 'loading' && available ? geojson : null);
  const { routes, unmapped } = useMemo(() => (loaded.state === 'ok' ? routesFromGeoJson(loaded.data) : { routes: [], unmapped: 0 }), [loaded]);
  const total = routes.reduce((s, r) => s + r.n, 0) + unmapped;
  const meta = loaded.state === 'ok' ? loaded.data.metadata : undefined;
  let body;
  if (catalog.state === 'ok' && !available) body = <Empty>{EMPTY}</Empty>;
  else if (loaded.state === 'loading') body = <Loading />;
  else if (loaded.state === 'error' && isUnavailable(loaded.status, loaded.message)) body = <Empty>{EMPTY}</Empty>;
  else if (loaded.state === 'error') body = <Failure loaded={loaded} />;
  else if (total === 0) body = <Empty>{Object.values(filters).some(Boolean) ? 'No flights match these filters.' : EMPTY}</Empty>;
  else body = (
    <>
      <Suspense fallback={<Loading />}><FlightMap routes={routes} label={`Map of ${formatNumber(routes.length)} routes, ${formatNumber(total)} flights`} /></Suspense>
      {unmapped > 0 && <p className="muted">{formatNumber(unmapped)} flights have an airport without known coordinates and are not drawn; they are in the table and the CSV.</p>}
      <details className="numbers">
        <summary>Routes</summary>
        <div className="table-scroll">
          <table className="data" data-testid="route-numbers">
            <thead><tr><th>From</th><th>To</th><th className="num">Flights</th></tr></thead>
            <tbody>{[...routes].reverse().map((r) => <tr key={`${r.from.code}-${r.to.code}`}><td>{r.from.code}</td><td>{r.to.code}</td><td className="num">{formatNumber(r.n)}</td></tr>)}</tbody>
          </table>
        </div>
      </details>
    </>
  );
  return (
    <Panel id="flights-map" title="Routes" url={available ? geojson : undefined} csv={csvUrl(json)} report={meta} wide
      summary={total > 0 ? <><strong data-testid="total" data-value={total}>{formatNumber(total)}</strong> flights on {formatNumber(routes.length)} routes{filters.month ? ` in ${formatPeriod(filters.month)}` : ''}; line width grows with the number of flights</> : undefined}>
      {body}
    </Panel>
  );
}

/** Columns shown first when the legs table has them; any other column follows. */
const LEG_COLUMNS = ['date', 'departed_date', 'departure_time', 'callsign', 'flight_number', 'registration', 'operator', 'departure_airport', 'arrival_airport', 'arrival_country', 'category', 'ice_link', 'passengers_on', 'passengers_off', 'source'];
const HIDDEN = new Set(['evidence', 'evidence_link', 'evidence_url', 'source_id', 'source_row', 'source_sheet', 'link']);

function Legs({ filters }: { filters: Record<string, string | undefined> }) {
  const catalog = useCatalog();
  const available = catalog.state === 'error' || Boolean(catalog.table('flights'));
  const url = apiUrl('/flights.json', { ...filters, _shape: 'objects', _size: String(LEG_PAGE) });
  const loaded = useApi<unknown>(catalog.state !== 'loading' && available ? url : null);
  const rows = loaded.state === 'ok' ? rowsOf(loaded.data) : [];
  const present = new Set(rows.flatMap((r) => Object.keys(r)));
  const keys = [...LEG_COLUMNS.filter((c) => present.has(c)), ...[...present].filter((c) => !LEG_COLUMNS.includes(c) && !HIDDEN.has(c)).slice(0, 4)];
  const columns: Column<Row>[] = [
    ...keys.map((key) => ({ key, label: formatValue(key), numeric: key.startsWith('passengers'), nowrap: /date|time|callsign|registration|airport/.test(key) })),
    { key: 'evidence', label: 'Evidence', render: (r: Row) => <Evidence row={r} /> },
  ];
  return (
    <Panel id="flights-legs" title="Legs" url={available ? url : undefined} wide summary={rows.length > 0 ? <>The first {formatNumber(Math.min(rows.length, LEG_PAGE))} legs matching the filters; the JSON and CSV links page through all of them.</> : undefined}>
      {catalog.state === 'ok' && !available ? <Empty>{EMPTY}</Empty> : loaded.state === 'loading' ? <Loading /> : loaded.state === 'error' && isUnavailable(loaded.status, loaded.message) ? <Empty>{EMPTY}</Empty>
        : loaded.state === 'error' ? <Failure loaded={loaded} />
        : rows.length === 0 ? <Empty>{Object.values(filters).some(Boolean) ? 'No legs match these filters.' : EMPTY}</Empty>
        : <DataTable columns={columns} rows={rows} testId="legs-table" />}
    </Panel>
  );
}

function hostOf(href: string): string {
  try { return new URL(href, window.location.href).hostname || 'link'; } catch { return 'link'; }
}

/** A leg's evidence: links where the source gave one, otherwise the file and row it came from. */
function Evidence({ row }: { row: Row }) {
  const items: { href: string; text: string }[] = [];
  const add = (value: unknown) => {
    if (!value) return;
    if (Array.isArray(value)) { value.forEach(add); return; }
    if (typeof value === 'object') {
      const v = value as Record<string, unknown>;
      const href = v.link ?? v.url;
      if (typeof href === 'string') items.push({ href, text: String(v.label ?? v.source ?? v.kind ?? hostOf(href)) });
      else if (v.source_id !== undefined) items.push({ href: `#/data?source_id=${v.source_id}`, text: `source ${v.source_id}${v.row ?? v.source_row ? `, row ${v.row ?? v.source_row}` : ''}` });
      return;
    }
    if (typeof value === 'string' && /^https?:\/\//.test(value)) items.push({ href: value, text: hostOf(value) });
    else if (typeof value === 'string' && value.startsWith('[')) { try { add(JSON.parse(value)); } catch { /* plain text */ } }
  };
  add(row.evidence); add(row.evidence_link); add(row.evidence_url); add(row.link);
  if (items.length === 0 && row.source_id !== undefined) items.push({ href: `#/data?source_id=${row.source_id}`, text: `source ${row.source_id}${row.source_row ? `, row ${row.source_row}` : ''}` });
  if (items.length === 0) return null;
  return <>{items.map((item, i) => <span key={i}>{i > 0 && ' · '}<a href={item.href} target={item.href.startsWith('#') ? undefined : '_blank'} rel="noreferrer">{item.text}</a></span>)}</>;
}
