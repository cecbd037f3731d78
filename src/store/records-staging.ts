/**
 * Staging helpers for the issue-3 record sources, beside the shared bulk path in staging.ts:
 * Parquet read by DuckDB directly (staged as text through a view, so the same column mapping,
 * cleaning and quarantine apply as to workbooks), and the quarantine of every row of a staged sheet
 * that cannot be stored at all (a required column is missing from its header).
 */
import type { Store } from './db.ts';
import { sqlIdent, sqlString } from './sql.ts';

/** The 4 bytes every Parquet file starts (and ends) with (Apache Parquet file format). */
export const PARQUET_MAGIC = 'PAR1';

export async function parquetColumns(store: Store, path: string): Promise<{ name: string; type: string }[]> {
  const rows = await store.all<{ column_name: string; column_type: string }>(`DESCRIBE SELECT * FROM read_parquet(${sqlString(path)})`);
  return rows.map((r) => ({ name: r.column_name, type: r.column_type }));
}

/**
 * A stage over a Parquet file: every column cast to text as c0, c1 … in the order given, and the
 * file's own row number (1-based) as source_row. A view, so nothing is copied before parsing.
 */
export async function stageParquet(store: Store, stage: string, path: string, columns: string[]): Promise<number> {
  const cells = columns.map((name, i) => `CAST(${sqlIdent(name)} AS VARCHAR) AS c${i}`).join(', ');
  await store.run(`CREATE OR REPLACE TEMP VIEW ${sqlIdent(stage)} AS
    SELECT NULL::VARCHAR AS source_sheet, (file_row_number + 1)::BIGINT AS source_row, ${cells}
    FROM read_parquet(${sqlString(path)}, file_row_number = true)`);
  return Number(await store.scalar(`SELECT count(*) FROM read_parquet(${sqlString(path)})`));
}

export async function dropParquetStage(store: Store, stage: string): Promise<void> {
  await store.run(`DROP VIEW IF EXISTS ${sqlIdent(stage)}`);
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
