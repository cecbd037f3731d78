/**
 * Report rollups kept in the database file, for the CLI and every other writable store (the HTTP
 * server, which opens the file read-only, builds its own in memory: ./rollups.ts).
 *
 * A report groups a view that derives its dimensions row by row (fiscal year, pathway through the code
 * tables, rule period …), on purpose, so that a corrected code table applies without a re-ingest: at
 * 5,000,000 removals that costs about 0.3 s per scan, and a report scans twice (counts, then the
 * source files behind them). So the first report on a set of columns counts the view once into a
 * rollup table — one row per combination of those columns, the source columns and `release`, with
 * `rollup_count` rows each — answers from it, and keeps it: later reports that group and filter on
 * those columns (or fewer) read the rollup instead, with n = sum(rollup_count) (the same answer:
 * test/stored-rollups.test.ts compares both).
 *
 * A rollup is valid for one data version: the files ingested (sources), the views' SQL (a new
 * deportwatch may count differently) and the content of the reference tables (copied from
 * src/reference on every writable open). A report that finds only rollups of another version drops
 * them and builds anew.
 */
import type { Store } from './db.ts';
import { conditionColumns, runGroupedCount, type ColumnRef, type Condition, type GroupedCount, type GroupedCountQuery } from './grouped-count.ts';
import { ROLLUP_COUNT } from './rollups.ts';
import { sqlIdent, sqlString } from './sql.ts';

export interface StoredRollupOptions {
  /** Databases with fewer rows than this in all their tables answer from the views (fast enough, and nothing to keep). */
  minRows?: number;
  /** A rollup with more rows than this share of its view's is not kept (it would save little). */
  maxShare?: number;
}

/**
 * A grouped count answered through a stored rollup when the store can keep one, else by
 * runGroupedCount on the view itself.
 */
export async function groupedCountWithRollups(store: Store, query: GroupedCountQuery, options: StoredRollupOptions = {}): Promise<GroupedCount> {
  if (query.weight || !rollupFits(query) || !(await canKeepRollups(store, options.minRows ?? 200_000))) return runGroupedCount(store, query);
  const sourceColumns = query.sourceColumns ?? ['source_id'];
  const viewColumns = new Set((await store.all<{ name: string }>(
    `SELECT column_name AS name FROM duckdb_columns() WHERE table_name = $1 AND schema_name = 'main'`, [query.view])).map((c) => c.name));
  // Time bins, shares and changes are computed from the rollup's own columns and counts; sums and means
  // are weighted by the count (src/engine/grouped-count.ts).
  const measured = [...(query.measures ?? []).flatMap((m) => (m.input ? [m.input.column] : [])), ...(query.countDistinct ? [query.countDistinct.column] : [])];
  const needed = [...new Set([...query.by.map((d) => d.column), ...conditionColumns(query.where), ...measured, ...sourceColumns, ...(viewColumns.has('release') ? ['release'] : [])])];
  if (needed.some((c) => !viewColumns.has(c))) return runGroupedCount(store, query); // let the view give the error
  const version = await dataVersion(store);
  const kept = await store.all<{ name: string; columns: string[] }>(
    `SELECT name, columns FROM report_rollups WHERE view = $1 AND version = $2 ORDER BY rows`, [query.view, version]);
  const covering = kept.find((r) => needed.every((c) => r.columns.includes(c)));
  if (covering) return runGroupedCount(store, { ...query, view: covering.name, weight: ROLLUP_COUNT });

  await dropStale(store, version);
  const name = `rollup_${query.view}_${(await store.scalar<number>(`SELECT nextval('report_rollup_ids')`))}`;
  const columns = needed.map(sqlIdent).join(', ');
  await store.run(`CREATE TABLE ${sqlIdent(name)} AS SELECT ${columns}, count(*) AS ${ROLLUP_COUNT} FROM ${sqlIdent(query.view)} GROUP BY ALL`);
  const size = await store.one<{ rows: number; view_rows: number }>(`SELECT count(*) AS rows, coalesce(sum(${ROLLUP_COUNT}), 0) AS view_rows FROM ${sqlIdent(name)}`);
  // Answered from the new rollup either way: it is exact whatever its size.
  const result = await runGroupedCount(store, { ...query, view: name, weight: ROLLUP_COUNT });
  if (size!.rows > size!.view_rows * (options.maxShare ?? 0.25)) await store.run(`DROP TABLE ${sqlIdent(name)}`);
  else {
    await store.run(`INSERT INTO report_rollups (name, view, columns, version, rows, view_rows, built_at) VALUES ($1, $2, $3::VARCHAR[], $4, $5, $6, now())`,
      [name, query.view, `[${needed.map(sqlString).join(', ')}]`, version, size!.rows, size!.view_rows]);
  }
  return result;
}

/** A median needs every row, and a map column's keys are not kept apart in a rollup: those reports read the view. */
function rollupFits(query: GroupedCountQuery): boolean {
  const refs: ColumnRef[] = [...query.by, ...(query.measures ?? []).flatMap((m) => (m.input ? [m.input] : []))];
  const conditions = (c: Condition[]): ColumnRef[] => c.flatMap((x) => ('any' in x ? conditions(x.any) : [x]));
  return !(query.measures ?? []).some((m) => m.kind === 'median') && ![...refs, ...conditions(query.where)].some((r) => r.key !== undefined);
}

/** A writable store with enough rows for rollups to matter (the HTTP server's instance is read-only). */
async function canKeepRollups(store: Store, minRows: number): Promise<boolean> {
  const row = await store.one<{ mode: string; rows: number }>(`SELECT current_setting('access_mode') AS mode,
    (SELECT coalesce(sum(estimated_size), 0) FROM duckdb_tables() WHERE NOT temporary AND database_name = current_database()) AS rows`);
  return row!.mode !== 'read_only' && Number(row!.rows) >= minRows;
}

/** What a rollup's counts depend on: the sources, the views' SQL and the reference tables' content. */
export async function dataVersion(store: Store): Promise<string> {
  const references = await store.all<{ name: string }>(
    `SELECT table_name AS name FROM duckdb_tables() WHERE table_name LIKE 'ref\\_%' ESCAPE '\\' AND NOT temporary ORDER BY 1`);
  const referenceHashes = references.map((r) => `(SELECT md5(coalesce(string_agg(t::VARCHAR, '|' ORDER BY t::VARCHAR), '')) FROM ${sqlIdent(r.name)} t)`);
  const row = await store.one<{ version: string }>(`SELECT md5(concat_ws('/',
      (SELECT concat_ws(':', count(*), max(source_id), sum(rows_stored), max(finished_at)) FROM sources),
      (SELECT md5(string_agg(sql, ';' ORDER BY view_name)) FROM duckdb_views() WHERE NOT internal AND NOT temporary),
      ${referenceHashes.length ? referenceHashes.join(', ') : "''"})) AS version`);
  return row!.version;
}

/** Rollups of another data version are dropped (their tables and their catalog rows). */
async function dropStale(store: Store, version: string): Promise<void> {
  const stale = await store.all<{ name: string }>(`SELECT name FROM report_rollups WHERE version <> $1`, [version]);
  for (const { name } of stale) await store.run(`DROP TABLE IF EXISTS ${sqlIdent(name)}`);
  if (stale.length) await store.run(`DELETE FROM report_rollups WHERE version <> $1`, [version]);
}
