/**
 * Tables: every table the server holds, Datasette-style — how many rows each has, its columns, counts
 * by any dimension (facets, click a value to filter), its rows a page at a time in any column's order,
 * and for each row the source file and line it came from. Nothing loaded stays without a view.
 */
import { DataTable, type Column } from '../components/DataTable.tsx';
import { Empty, Failure, Loading, Panel } from '../components/Panel.tsx';
import { Scope } from '../components/Scope.tsx';
import { apiUrl, csvUrl, filterParams, reportUrl, useApi, type Report } from '../lib/api.ts';
import { useCatalog } from '../lib/catalog.ts';
import { useCoverage } from '../lib/coverage.ts';
import { formatDimension, formatNumber, formatValue } from '../lib/format.ts';
import { t } from '../lib/i18n.ts';
import { columnsOf, rowsOf, type Row } from '../lib/rows.ts';
import { setParams } from '../lib/url.ts';

const PAGE = 50;

export function Tables({ params }: { params: URLSearchParams }) {
  const name = params.get('table') ?? '';
  return (
    <>
      <div className="page-head">
        <h1>{t('page.tables')}</h1>
        <p className="lede">{t('tables.lede')}</p>
      </div>
      <div className="grid">
        <TableList current={name} />
        {name && <TableView key={name} name={name} params={params} />}
      </div>
    </>
  );
}

function TableList({ current }: { current: string }) {
  const catalog = useCatalog();
  const coverage = useCoverage();
  if (catalog.state === 'loading' || coverage.state === 'loading') return <Loading />;
  const reports = catalog.reports();
  return (
    <Panel id="tables" title={t('page.tables')} url="/coverage.json" csv={null} wide>
      <ul className="table-list" data-testid="table-list">
        {reports.map((r) => {
          const rows = coverage.table(r.name)?.rows ?? 0;
          return (
            <li key={r.name} data-table={r.name} data-rows={rows} className={r.name === current ? 'chosen' : undefined}>
              <a href={`#/tables?table=${r.name}`} aria-current={r.name === current ? 'true' : undefined}><code>{r.name}</code></a>{' '}
              <span className={rows ? '' : 'muted'}>{rows ? t('tables.rows', { n: rows }) : t('tables.empty')}</span>
              <span className="muted"> · {r.unit.split(' (')[0]}</span>
            </li>
          );
        })}
      </ul>
    </Panel>
  );
}

function TableView({ name, params }: { name: string; params: URLSearchParams }) {
  const catalog = useCatalog();
  const report = catalog.report(name);
  const dimensions = Object.keys(report?.dimensions ?? {});
  const filters: Record<string, string> = {};
  for (const [key, value] of params) if (key.startsWith('w.') && dimensions.includes(key.slice(2))) filters[key.slice(2)] = value;
  const facet = dimensions.includes(params.get('facet') ?? '') ? params.get('facet')! : report?.default_by?.[0] ?? dimensions[0];
  const sort = params.get('sort') ?? '';
  const after = params.get('after') ?? undefined;
  const facetUrl = facet ? reportUrl(name, [facet], filters) : null;
  const facets = useApi<Report>(facetUrl);
  const rowsUrl = apiUrl(`/${name}.json`, { ...filterParams(filters), _size: String(PAGE), _sort: sort || undefined, _after: after });
  const hasRows = Boolean(catalog.table(name));
  const loaded = useApi<unknown>(hasRows ? rowsUrl : null);
  const rows = loaded.state === 'ok' ? rowsOf(loaded.data) : [];
  const columns = loaded.state === 'ok' ? columnsOf(loaded.data, rows) : [];
  const next = loaded.state === 'ok' ? (loaded.data as { next?: string | null }).next ?? null : null;
  const filterPatch = (dim: string, value: string | undefined) => setParams({ [`w.${dim}`]: value, after: undefined });
  const shownColumns: Column<Row>[] = [
    { key: '__source', label: t('tables.source'), nowrap: true, render: (r) => (r.source_id != null
      ? <a href={`#/data?source_id=${r.source_id}`} data-testid="row-source">#{String(r.source_id)}{r.source_row != null ? `:${String(r.source_row)}` : ''}</a> : '') },
    ...columns.filter((c) => c !== 'source_id' && c !== 'source_row').slice(0, 24).map((c) => ({
      key: c, label: c, numeric: rows.length > 0 && rows.every((r) => r[c] === null || typeof r[c] === 'number'),
    })),
  ];
  return (
    <>
      <Panel id="table-facets" title={`${name}: ${t('tables.facets')} ${facet ? formatDimension(facet) : ''}`} url={facetUrl ?? undefined} report={facets.state === 'ok' ? facets.data : undefined} wide
        summary={facets.state === 'ok' ? <><strong data-testid="total" data-value={facets.data.total}>{formatNumber(facets.data.total)}</strong> {report?.unit.split(' (')[0]}<Scope table={name} report={facets.data} /></> : undefined}>
        <div className="filters">
          <label className="filter"><span>{t('tables.facets')}</span>
            <select value={facet} onChange={(e) => setParams({ facet: e.target.value })} data-testid="facet-select">
              {dimensions.map((d) => <option key={d} value={d}>{formatDimension(d)}</option>)}
            </select>
          </label>
          {Object.entries(filters).map(([d, v]) => <button key={d} type="button" className="chip" onClick={() => filterPatch(d, undefined)}>{formatDimension(d)} = {formatValue(v)} ✕</button>)}
        </div>
        {facets.state === 'loading' ? <Loading /> : facets.state === 'error' ? <Failure loaded={facets} />
          : facets.data.total === 0 ? <Empty>{t('nothing.table')}</Empty>
          : (
            <ol className="facets" data-testid="facet-values">
              {[...facets.data.rows].sort((a, b) => Number(b.n) - Number(a.n)).slice(0, 30).map((r) => (
                <li key={String(r[facet])}>
                  <button type="button" className="link" onClick={() => filterPatch(facet, r[facet] == null ? undefined : String(r[facet]))}>{formatValue(r[facet])}</button> <span className="muted">{formatNumber(r.n)}</span>
                </li>
              ))}
            </ol>
          )}
      </Panel>
      {hasRows && (
        <Panel id="table-rows" title={`${name}: ${t('tables.rowsOf')}`} url={rowsUrl} csv={csvUrl(rowsUrl)} wide>
          <div className="filters">
            <label className="filter"><span>{t('legs.sort')}</span>
              <select value={sort} onChange={(e) => setParams({ sort: e.target.value, after: undefined })} data-testid="sort-select">
                <option value="">—</option>
                {columns.flatMap((c) => [<option key={c} value={c}>{c} ↑</option>, <option key={`-${c}`} value={`-${c}`}>{c} ↓</option>])}
              </select>
            </label>
          </div>
          {loaded.state === 'loading' ? <Loading /> : loaded.state === 'error' ? <Failure loaded={loaded} />
            : rows.length === 0 ? <Empty>{t('nothing.table')}</Empty>
            : <>
              <DataTable columns={shownColumns} rows={rows} testId="table-rows" />
              <p className="pager">
                {after && <button type="button" className="link" onClick={() => setParams({ after: undefined })}>{t('legs.first')}</button>}
                {next && <button type="button" data-testid="rows-next" onClick={() => setParams({ after: next })}>{t('tables.next', { n: PAGE })}</button>}
              </p>
            </>}
        </Panel>
      )}
    </>
  );
}
