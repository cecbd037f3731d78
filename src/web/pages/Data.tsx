/**
 * Data: what was loaded, from which files (with their SHA-256), whether every row read was stored or
 * quarantined, the quarantined rows with their reasons, and a read-only SQL console over the API's
 * sandboxed /sql route.
 */
import { useEffect, useState } from 'react';
import { DataTable, type Column } from '../components/DataTable.tsx';
import { Empty, Failure, Loading, Panel } from '../components/Panel.tsx';
import { apiUrl, useApi } from '../lib/api.ts';
import { formatBytes, formatNumber } from '../lib/format.ts';
import { columnsOf, rowsOf, type Row } from '../lib/rows.ts';
import { setParams } from '../lib/url.ts';
import { t } from '../lib/i18n.ts';

const ISSUE_PAGE = 100;

export function Data({ params }: { params: URLSearchParams }) {
  return (
    <>
      <div className="page-head">
        <h1>{t('page.data')}</h1>
        <p className="lede">{t('data.lede')}</p>
      </div>
      <div className="grid">
        <Sources />
        <Issues sourceId={params.get('source_id') ?? undefined} />
        <SqlConsole key={params.get('sql') ?? ''} sql={params.get('sql') ?? ''} />
      </div>
    </>
  );
}

function Sources() {
  const url = apiUrl('/sources.json', { _size: '5000' });
  const loaded = useApi<unknown>(url);
  const rows = loaded.state === 'ok' ? rowsOf(loaded.data) : [];
  const columns: Column<Row>[] = [
    { key: 'source_id', label: 'id', numeric: true },
    { key: 'file_name', label: 'File', render: (r) => <span className="file">{String(r.file_name ?? r.path ?? '')}{r.synthetic ? <span className="badge synthetic">synthetic</span> : null}</span> },
    { key: 'rows_read', label: 'Rows read', numeric: true },
    { key: 'rows_stored', label: 'Stored', numeric: true },
    { key: 'rows_quarantined', label: 'Quarantined', numeric: true, render: (r) => Number(r.rows_quarantined) > 0
      ? <a href={`#/data?source_id=${r.source_id}`} onClick={(e) => { e.preventDefault(); setParams({ source_id: String(r.source_id) }); }}>{formatNumber(r.rows_quarantined)}</a> : formatNumber(r.rows_quarantined) },
    { key: 'reconciled', label: 'Read = stored + quarantined', render: (r) => reconciled(r) },
    { key: 'kind', label: 'Format', nowrap: true },
    { key: 'target_table', label: 'Tables', render: (r) => String(r.target_table ?? '').split(',').join(', ') },
    { key: 'bytes', label: 'Size', numeric: true, render: (r) => formatBytes(Number(r.bytes ?? 0)) },
    { key: 'sha256', label: 'SHA-256', render: (r) => <code title={String(r.sha256 ?? '')}>{String(r.sha256 ?? '').slice(0, 12)}</code> },
    { key: 'finished_at', label: 'Ingested', nowrap: true, render: (r) => String(r.finished_at ?? r.started_at ?? '').slice(0, 16).replace('T', ' ') },
    { key: 'notes', label: t('data.notes'), render: (r) => (r.notes ? <span className="notes-cell" data-testid="source-notes">{String(r.notes)}</span> : '') },
  ];
  const totals = rows.reduce<{ read: number; stored: number; quarantined: number }>((t, r) => ({
    read: t.read + Number(r.rows_read ?? 0), stored: t.stored + Number(r.rows_stored ?? 0), quarantined: t.quarantined + Number(r.rows_quarantined ?? 0),
  }), { read: 0, stored: 0, quarantined: 0 });
  return (
    <Panel id="sources" title={t('data.sources')} url={url} wide
      summary={rows.length > 0 ? <><strong data-testid="total" data-value={rows.length}>{formatNumber(rows.length)}</strong> files · {formatNumber(totals.read)} rows read, {formatNumber(totals.stored)} stored, {formatNumber(totals.quarantined)} quarantined</> : undefined}>
      {loaded.state === 'loading' ? <Loading /> : loaded.state === 'error' ? <Failure loaded={loaded} />
        : rows.length === 0 ? <Empty>No files loaded: run <code>deportwatch ingest FILE…</code> (ICE releases, flight exports, observers' logs, ADS-B recordings), or <code>npm start</code> for synthetic demo data.</Empty>
        : <DataTable columns={columns} rows={rows} testId="sources-table" />}
    </Panel>
  );
}

function reconciled(r: Row) {
  const read = Number(r.rows_read ?? 0);
  const accounted = Number(r.rows_stored ?? 0) + Number(r.rows_quarantined ?? 0);
  return read === accounted ? <span className="ok">yes</span> : <span className="warn">no: {formatNumber(read - accounted)} unaccounted</span>;
}

function Issues({ sourceId }: { sourceId?: string }) {
  const url = apiUrl('/row_issues.json', { source_id: sourceId, _size: String(ISSUE_PAGE) });
  const loaded = useApi<unknown>(url);
  const rows = loaded.state === 'ok' ? rowsOf(loaded.data) : [];
  // Following a source's link brings its quarantined rows, and their reasons, into view.
  useEffect(() => {
    if (sourceId && loaded.state === 'ok') document.querySelector('[data-panel="row-issues"]')?.scrollIntoView({ block: 'start' });
  }, [sourceId, loaded.state]);
  // The reason comes first: on a narrow screen the columns after it scroll off, and the reason is what a reader needs.
  const columns: Column<Row>[] = [
    { key: 'problem', label: t('data.why'), render: (r) => <strong className="problem" data-testid="issue-problem">{String(r.problem ?? '')}</strong> },
    { key: 'value', label: 'Value', render: (r) => (r.value === null || r.value === undefined ? '' : <code>{String(r.value)}</code>) },
    { key: 'row', label: 'Row', numeric: true },
    { key: 'column', label: 'Column' },
    { key: 'file', label: 'File', render: (r) => <span className="file">{String(r.file ?? '').split('/').pop()}</span> },
    { key: 'sheet', label: 'Sheet' },
    { key: 'source_id', label: 'Source', numeric: true },
  ];
  return (
    <Panel id="row-issues" title={sourceId ? t('data.quarantinedOf', { id: sourceId }) : t('data.quarantined')} url={url} wide
      summary={<>Rows that could not be stored as published, with the file, row, column and reason.{sourceId && <> <button type="button" className="link" onClick={() => setParams({ source_id: undefined })}>Show every source</button></>}</>}>
      {loaded.state === 'loading' ? <Loading /> : loaded.state === 'error' ? <Failure loaded={loaded} />
        : rows.length === 0 ? <Empty>No quarantined rows{sourceId ? ' for this source' : ''}: every row read was stored.</Empty>
        : <>
          <DataTable columns={columns} rows={rows} testId="issues-table" />
          {rows.length >= ISSUE_PAGE && <p className="muted">First {ISSUE_PAGE} shown; the JSON and CSV links page through all of them.</p>}
        </>}
    </Panel>
  );
}

const EXAMPLE_SQL = 'SELECT pathway, count(*) AS n FROM removals_enriched GROUP BY pathway ORDER BY n DESC';

function SqlConsole({ sql }: { sql: string }) {
  const [draft, setDraft] = useState(sql || EXAMPLE_SQL);
  const url = sql ? apiUrl('/sql.json', { sql, _shape: 'objects' }) : null;
  const loaded = useApi<unknown>(url);
  const rows = loaded.state === 'ok' ? rowsOf(loaded.data) : [];
  const columns = loaded.state === 'ok' ? columnsOf(loaded.data, rows) : [];
  const truncated = loaded.state === 'ok' && Boolean((loaded.data as { truncated?: boolean }).truncated);
  return (
    <Panel id="sql" title="SQL console" url={url ?? undefined} wide
      summary={<>One read-only <code>SELECT</code> over the database (tables, and views such as <code>removals_enriched</code>); time and row limits apply, files and network are out of reach.</>}>
      <form className="sql" onSubmit={(e) => { e.preventDefault(); setParams({ sql: draft.trim() }); }}>
        <textarea name="sql" aria-label="SQL query" value={draft} onChange={(e) => setDraft(e.target.value)} rows={4} spellCheck={false} data-testid="sql-input" />
        <button type="submit" data-testid="sql-run">Run</button>
      </form>
      {url && (loaded.state === 'loading' ? <Loading /> : loaded.state === 'error' ? <Failure loaded={loaded} />
        : <>
          <p className="muted" data-testid="sql-count">{formatNumber(rows.length)} row{rows.length === 1 ? '' : 's'}{truncated ? ' (cut at the row limit)' : ''}</p>
          {rows.length > 0 && <DataTable columns={columns.map((c) => ({ key: c, label: c, numeric: rows.every((r) => r[c] === null || typeof r[c] === 'number') }))} rows={rows} testId="sql-table" />}
        </>)}
    </Panel>
  );
}
