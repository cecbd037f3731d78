/**
 * Rules: the policy timeline (policies, court rulings, deployments, statements), with what was in
 * force on a chosen date. Each entry links to its sources.
 */
import { Empty, Failure, Loading, Panel } from '../components/Panel.tsx';
import { isUnavailable } from '../components/ReportChart.tsx';
import { apiUrl, csvUrl, useApi } from '../lib/api.ts';
import { useHasRoute } from '../lib/catalog.ts';
import { formatNumber, formatPeriod, formatValue } from '../lib/format.ts';
import { rowsOf, type Row } from '../lib/rows.ts';
import { setParams } from '../lib/url.ts';

const EMPTY = <>No policy timeline available: the timeline ships with deportwatch (<code>src/reference/policy-timeline.csv</code>); check that the server runs a build that includes it.</>;

function partial(value: unknown): string {
  if (value === null || value === undefined || value === '') return '';
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    return String(v.text ?? v.iso ?? v.date ?? (v.year ? [v.year, v.month, v.day].filter(Boolean).map((x) => String(x).padStart(2, '0')).join('-') : JSON.stringify(v)));
  }
  return String(value);
}

export function Rules({ params }: { params: URLSearchParams }) {
  const date = params.get('date') ?? '';
  const kind = params.get('kind') ?? '';
  const exists = useHasRoute('/rules.json');
  const url = apiUrl('/rules.json', { date: date || undefined });
  const loaded = useApi<unknown>(exists ? url : null);
  const all = loaded.state === 'ok' ? rowsOf(loaded.data) : [];
  const kinds = [...new Set(all.map((r) => String(r.kind ?? '')).filter(Boolean))].sort();
  const rows = all.filter((r) => !kind || r.kind === kind).sort((a, b) => partial(a.start ?? a.start_date).localeCompare(partial(b.start ?? b.start_date)));
  return (
    <>
      <div className="page-head">
        <h1>Rules</h1>
        <p className="lede">Policies, court rulings, deployments and official statements that bear on removals, in date order, with their status as last verified and their sources.</p>
      </div>
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filters">
        <label className="filter"><span>In force on</span><input type="date" name="date" data-testid="filter-date" value={date} onChange={(e) => setParams({ date: e.target.value })} /></label>
        {kinds.length > 1 && (
          <label className="filter"><span>Kind</span>
            <select name="kind" data-testid="filter-kind" value={kind} onChange={(e) => setParams({ kind: e.target.value })}>
              <option value="">all</option>{kinds.map((k) => <option key={k} value={k}>{formatValue(k)}</option>)}
            </select>
          </label>
        )}
      </form>
      <Panel id="rules" title={date ? `Timeline, with what applied on ${formatPeriod(date)}` : 'Timeline'} url={exists ? url : undefined} csv={csvUrl(url)} wide
        summary={rows.length > 0 ? <><strong data-testid="total" data-value={rows.length}>{formatNumber(rows.length)}</strong> entries{date ? <>; <strong>{formatNumber(rows.filter(inForce).length)}</strong> applied on that date</> : ''}</> : undefined}>
        {exists === false ? <Empty>{EMPTY}</Empty> : exists === undefined || loaded.state === 'loading' ? <Loading /> : loaded.state === 'error' && isUnavailable(loaded.status, loaded.message) ? <Empty>{EMPTY}</Empty>
          : loaded.state === 'error' ? <Failure loaded={loaded} />
          : rows.length === 0 ? <Empty>{kind ? `No entries of kind "${formatValue(kind)}".` : EMPTY}</Empty>
          : <ol className="timeline" data-testid="timeline">{rows.map((r, i) => <Entry key={String(r.id ?? i)} row={r} highlight={Boolean(date) && inForce(r)} />)}</ol>}
      </Panel>
    </>
  );
}

/** What the API says applied on the requested date (`in_force`, `applies`, or `on_date`), never guessed here. */
function inForce(r: Row): boolean {
  const v = r.in_force ?? r.applies ?? r.on_date;
  return v === true || v === 'yes' || v === 'maybe';
}

function Entry({ row, highlight }: { row: Row; highlight: boolean }) {
  const start = partial(row.start ?? row.start_date);
  const end = partial(row.end ?? row.end_date);
  const sources = ([] as unknown[]).concat(row.sources ?? row.source_url ?? []).flatMap((s) => String(s).split(/\s*[|;]\s*/)).filter((s) => /^https?:\/\//.test(s));
  const applies = row.in_force ?? row.applies ?? row.on_date;
  return (
    <li className={`entry${highlight ? ' in-force' : ''}`} data-kind={String(row.kind ?? '')}>
      <div className="when">{formatPeriod(start)}{end ? ` – ${formatPeriod(end)}` : ''}</div>
      <div className="what">
        <div className="entry-head">
          <span className="badge">{formatValue(row.kind)}</span>
          {row.status ? <span className="badge status">{formatValue(row.status)}</span> : null}
          {applies !== undefined && applies !== null && <span className="badge applies">{applies === true ? 'applied' : applies === false ? 'did not apply' : `applied: ${formatValue(applies)}`}</span>}
          {row.confidence ? <span className="muted">confidence {String(row.confidence)}</span> : null}
        </div>
        <strong>{String(row.title ?? row.id ?? '')}</strong>
        {row.jurisdiction ? <span className="muted"> · {String(row.jurisdiction)}</span> : null}
        {row.notes ? <p>{String(row.notes)}</p> : null}
        {sources.length > 0 && <p className="sources">{sources.map((s, i) => <span key={s}>{i > 0 && ' · '}<a href={s} target="_blank" rel="noreferrer">{new URL(s).hostname}</a></span>)}</p>}
      </div>
    </li>
  );
}
