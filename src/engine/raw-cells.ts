/**
 * Raw cells read back from the files by line number, for tables that do not store them (a 5,000,000-row
 * ERO-LESA CSV is ingested at ~1M rows/s; keeping every cell as published beside the parsed columns would
 * cost that). A delimited file whose header line and delimiter were recorded (source_columns) is read
 * again with DuckDB's CSV reader, every cell as text, untrimmed; its k-th record is line
 * header_line + k (the numbering of ingest, src/engine/staging.ts), which holds when no cell spans
 * lines — checked: the records must fill every line to the end of the file. The file must still have the
 * SHA-256 it had when ingested, else nothing is read.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { UserError } from '../domain/errors.ts';
import type { Store } from './db.ts';
import { sqlIdent, sqlString } from './sql.ts';

export const RAW_CELLS = 'raw_cells';

async function hashAndLines(path: string): Promise<{ sha256: string; lines: number }> {
  const hash = createHash('sha256');
  let lines = 0, last = 10;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) lines++;
    if (chunk.length) last = chunk[chunk.length - 1];
  }
  return { sha256: hash.digest('hex'), lines: last === 10 ? lines : lines + 1 };
}

/**
 * Fills the temporary table raw_cells (source_id, source_row, raw MAP) for these sources, once per
 * connection; returns the sources whose cells could not be read back, with the reason.
 */
export async function recoverRawCells(store: Store, sourceIds: number[]): Promise<{ source_id: number; reason: string }[]> {
  await store.run(`CREATE TEMP TABLE IF NOT EXISTS ${RAW_CELLS} (source_id INTEGER, source_row BIGINT, raw MAP(VARCHAR, VARCHAR))`);
  const done = new Set((await store.all<{ id: number }>(`SELECT DISTINCT source_id AS id FROM ${RAW_CELLS}`)).map((r) => r.id));
  const missing: { source_id: number; reason: string }[] = [];
  for (const id of sourceIds.filter((s) => !done.has(s))) {
    const source = await store.one<{ path: string; sha256: string }>(`SELECT path, sha256 FROM sources WHERE source_id = $1`, [id]);
    const columns = await store.all<{ raw_name: string; header_line: number | null; delimiter: string | null }>(
      `SELECT raw_name, header_line, delimiter FROM source_columns WHERE source_id = $1 AND sheet IS NULL ORDER BY position`, [id]);
    const headerLine = columns[0]?.header_line;
    const delimiter = columns[0]?.delimiter;
    if (!source || columns.length === 0 || !headerLine || !delimiter) { missing.push({ source_id: id, reason: 'no header line recorded (a workbook, or ingested before deportwatch kept headers)' }); continue; }
    if (!existsSync(source.path)) { missing.push({ source_id: id, reason: `the file is no longer at ${source.path}` }); continue; }
    const { sha256, lines } = await hashAndLines(source.path);
    if (sha256 !== source.sha256) { missing.push({ source_id: id, reason: `${source.path} changed since it was ingested (SHA-256 differs)` }); continue; }
    const stage = `raw_stage_${id}`;
    const cells = columns.map((_, i) => `column${String(i).padStart(String(columns.length - 1).length, '0')}`);
    // Every cell as text, untrimmed, in file order (a temp table's rowids follow its insertion order).
    await store.run(`CREATE OR REPLACE TEMP TABLE ${sqlIdent(stage)} AS SELECT * FROM read_csv(${sqlString(source.path)}, header = false, skip = ${headerLine},
      delim = ${sqlString(delimiter)}, quote = '"', escape = '"', all_varchar = true, auto_detect = false,
      columns = {${cells.map((c) => `${sqlString(c)}: 'VARCHAR'`).join(', ')}}, null_padding = true, strict_mode = false)`);
    const records = Number(await store.scalar(`SELECT count(*) FROM ${sqlIdent(stage)}`));
    if (records !== lines - headerLine) {
      await store.run(`DROP TABLE ${sqlIdent(stage)}`);
      missing.push({ source_id: id, reason: `${records} records on ${lines - headerLine} lines after the header: a cell spans lines, so line numbers cannot be matched` });
      continue;
    }
    const first = Number(await store.scalar(`SELECT min(rowid) FROM ${sqlIdent(stage)}`));
    const keys = `[${columns.map((c) => sqlString(c.raw_name)).join(', ')}]`;
    await store.run(`INSERT INTO ${RAW_CELLS} SELECT ${id}, ${headerLine} + (rowid - ${first}) + 1, MAP(${keys}, [${cells.map((c) => `coalesce(${sqlIdent(c)}, '')`).join(', ')}]) FROM ${sqlIdent(stage)}`);
    await store.run(`DROP TABLE ${sqlIdent(stage)}`);
  }
  return missing;
}

/** A temporary view of `view` with its rows' raw cells (NULL where none could be read back) as column `raw`. */
export async function viewWithRawCells(store: Store, view: string, sourceIds: number[]): Promise<{ view: string; missing: { source_id: number; reason: string }[] }> {
  const missing = await recoverRawCells(store, sourceIds);
  const name = `${view}_with_raw`;
  await store.run(`CREATE OR REPLACE TEMP VIEW ${sqlIdent(name)} AS SELECT v.*, c.raw FROM ${sqlIdent(view)} v
    LEFT JOIN ${RAW_CELLS} c ON c.source_id = v.source_id AND c.source_row = v.source_row`);
  return { view: name, missing };
}

export function rawCellsError(missing: { source_id: number; reason: string }[]): UserError {
  return new UserError(`raw cells cannot be read back for ${missing.map((m) => `source ${m.source_id}: ${m.reason}`).join('; ')}`);
}
