/**
 * Staging helpers for the record sources, beside the shared bulk path in staging.ts: a
 * Parquet file's columns and row count (the typed Parquet load itself is in parquet-load.ts), the
 * quarantine of every row of a staged sheet that cannot be stored at all (a required column is
 * missing from its header), and the chunked loading of large workbook sheets (loadInPlace).
 */
import type { Store } from './db.ts';
import { sqlIdent, sqlString } from './sql.ts';

/** The 4 bytes every Parquet file starts (and ends) with (Apache Parquet file format). */
export const PARQUET_MAGIC = 'PAR1';

export async function parquetColumns(store: Store, path: string): Promise<{ name: string; type: string }[]> {
  const rows = await store.all<{ column_name: string; column_type: string }>(`DESCRIBE SELECT * FROM read_parquet(${sqlString(path)})`);
  return rows.map((r) => ({ name: r.column_name, type: r.column_type }));
}

/** Rows in a Parquet file (from its footer, without reading the data). */
export async function parquetRowCount(store: Store, path: string): Promise<number> {
  return Number(await store.scalar(`SELECT count(*) FROM read_parquet(${sqlString(path)})`));
}

/** Every staged row becomes a row issue with the same problem (nothing is stored); returns how many. */
export async function quarantineStage(store: Store, options: { stage: string; sourceId: number; file: string; column: string | null; problem: string }): Promise<number> {
  const { stage, sourceId, file, column, problem } = options;
  await store.run(`INSERT INTO row_issues (source_id, file, sheet, "row", "column", value, problem)
    SELECT ${sourceId}, ${sqlString(file)}, source_sheet, source_row, ${column === null ? 'NULL' : sqlString(column)}, NULL, ${sqlString(problem)}
    FROM ${sqlIdent(stage)}`);
  return Number(await store.scalar(`SELECT count(*) FROM ${sqlIdent(stage)}`));
}

/** How many staged cells of column c<index> hold something (for the note on a column that is not stored). */
export async function nonBlankCount(store: Store, stage: string, index: number): Promise<number> {
  return Number(await store.scalar(`SELECT count(*) FROM ${sqlIdent(stage)} WHERE nullif(trim(c${index}), '') IS NOT NULL`));
}

/**
 * DuckDB's memory limit while chunks are parsed into the store (loadInPlace). DuckDB holds 80–100 MB
 * beyond its limit during the load, so the limit decides the peak: measured with the byte transcoder
 * on 3,000,000 stays (a shared 2-core machine), 407–444 MB at 96 MB against 459–504 MB at 128 MB
 * (the target is under 500 MB), in times that overlap within the noise (24.4–33.2 s against
 * 23.4–30.2 s; DuckDB alone, 6.3 µs a row at either limit); at 64 MB it failed for want of memory.
 */
const IN_PLACE_MEMORY_LIMIT = '96MB';

/**
 * Chunked loading of a large sheet with bounded memory, straight into the store inside the file's
 * transaction. DuckDB keeps every temp table made inside a transaction until it ends, even after DROP
 * (measured: 1M rows × 3 text columns staged and dropped five times in one transaction hold ~1 GB), so
 * each chunk is a view over its temporary CSV and is parsed with no copy (insertFromStageDirect); the
 * rows DuckDB inserts are written to the database file as row groups fill. (An earlier design parsed
 * chunks in a scratch database and moved them in through Parquet files: 69–87 s for 3,000,000 stays,
 * against 39–47 s this way, and 420–470 MB held during the load.) Meanwhile DuckDB runs on one
 * thread under IN_PLACE_MEMORY_LIMIT: the workbook reader needs the other core, and one DuckDB thread
 * keeps up with it (measured on a 1,000,000-row ERO-LESA workbook, 2 cores: 3.5 s and
 * 310–320 MB with one thread, 4.0–5.1 s and 380–390 MB with two; with two threads it failed for want
 * of memory below 128 MB, with one it did not at 96 MB). Both settings are put back afterwards.
 * Chunks must come one at a time: they share the store's connection.
 */
export async function loadInPlace<T>(store: Store, work: () => Promise<T>): Promise<T> {
  // Only a database file can write row groups out; an in-memory store keeps its limit.
  return store.withSettings({ threads: '1', ...(store.path === ':memory:' ? {} : { memory_limit: IN_PLACE_MEMORY_LIMIT }) }, work);
}
