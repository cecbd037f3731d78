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

export interface Unrecovered { source_id: number; reason: string }

/**
 * Fills a temporary table with the cells under `keys` (raw names of the files' headers) of these
 * sources, one column per key, once per connection; returns its name and the sources whose cells could
 * not be read back, with the reason. Only the columns asked for are kept: at 5,000,000 rows every
 * column more is a column more to read, keep and join.
 */
export async function recoverRawCells(store: Store, sourceIds: number[], keys: string[]): Promise<{ table: string; missing: Unrecovered[] }> {
  const table = `raw_cells_${createHash('md5').update(JSON.stringify(keys)).digest('hex').slice(0, 12)}`;
  const columns = keys.map((_, i) => `k${i}`);
  await store.run(`CREATE TEMP TABLE IF NOT EXISTS ${sqlIdent(table)} (source_id INTEGER, source_row BIGINT, ${columns.map((c) => `${c} VARCHAR`).join(', ')})`);
  await store.run(`CREATE TEMP TABLE IF NOT EXISTS raw_cells_done (name VARCHAR, source_id INTEGER, reason VARCHAR)`);
  const done = new Map((await store.all<{ id: number; reason: string | null }>(`SELECT source_id AS id, reason FROM raw_cells_done WHERE name = $1`, [table])).map((r) => [r.id, r.reason]));
  const missing: Unrecovered[] = [];
  for (const id of sourceIds) {
    if (done.has(id)) {
      if (done.get(id)) missing.push({ source_id: id, reason: done.get(id)! });
      continue;
    }
    const reason = await recoverOne(store, id, keys, table);
    await store.run(`INSERT INTO raw_cells_done VALUES ($1, $2, $3)`, [table, id, reason]);
    if (reason) missing.push({ source_id: id, reason });
  }
  return { table, missing };
}

async function recoverOne(store: Store, id: number, keys: string[], table: string): Promise<string | null> {
  const source = await store.one<{ path: string; sha256: string }>(`SELECT path, sha256 FROM sources WHERE source_id = $1`, [id]);
  const header = await store.all<{ raw_name: string; header_line: number | null; delimiter: string | null }>(
    `SELECT raw_name, header_line, delimiter FROM source_columns WHERE source_id = $1 AND sheet IS NULL ORDER BY position`, [id]);
  const headerLine = header[0]?.header_line;
  const delimiter = header[0]?.delimiter;
  if (!source || header.length === 0 || !headerLine || !delimiter) return 'no header line recorded (a workbook, or ingested before deportwatch kept headers)';
  if (!existsSync(source.path)) return `the file is no longer at ${source.path}`;
  const { sha256, lines } = await hashAndLines(source.path);
  if (sha256 !== source.sha256) return `${source.path} changed since it was ingested (SHA-256 differs)`;
  const cells = header.map((_, i) => `c${i}`);
  const stage = `raw_stage_${id}`;
  // The asked-for cells as text, untrimmed, in file order (a temp table's rowids follow its insertion order).
  const picked = keys.map((k) => header.findIndex((h) => h.raw_name === k));
  await store.run(`CREATE OR REPLACE TEMP TABLE ${sqlIdent(stage)} AS SELECT ${picked.map((p, i) => (p < 0 ? `NULL::VARCHAR AS k${i}` : `coalesce(c${p}, '') AS k${i}`)).join(', ')}
    FROM read_csv(${sqlString(source.path)}, header = false, skip = ${headerLine}, delim = ${sqlString(delimiter)}, quote = '"', escape = '"',
      all_varchar = true, auto_detect = false, columns = {${cells.map((c) => `${sqlString(c)}: 'VARCHAR'`).join(', ')}}, null_padding = true, strict_mode = false)`);
  try {
    const { records, first } = (await store.one<{ records: number; first: number }>(`SELECT count(*) AS records, min(rowid) AS first FROM ${sqlIdent(stage)}`))!;
    if (Number(records) !== lines - headerLine) return `${records} records on ${lines - headerLine} lines after the header: a cell spans lines, so line numbers cannot be matched`;
    await store.run(`INSERT INTO ${sqlIdent(table)} SELECT ${id}, ${headerLine} + (rowid - ${first}) + 1, ${keys.map((_, i) => `k${i}`).join(', ')} FROM ${sqlIdent(stage)}`);
    return null;
  } finally {
    await store.run(`DROP TABLE ${sqlIdent(stage)}`);
  }
}

/**
 * A temporary view of `view` with the raw cells under `keys` as a STRUCT column `raw` (so `raw['key']`
 * reads as for a stored MAP); NULL where none could be read back.
 */
export async function viewWithRawCells(store: Store, view: string, sourceIds: number[], keys: string[]): Promise<{ view: string; missing: Unrecovered[] }> {
  const known = new Set((await store.all<{ name: string }>(`SELECT DISTINCT raw_name AS name FROM source_columns`)).map((r) => r.name));
  const unknown = keys.filter((k) => !known.has(k));
  if (unknown.length) throw new UserError(`no ingested file has a column ${unknown.map((k) => JSON.stringify(k)).join(', ')}; deportwatch sources show ID lists each file's columns`);
  const { table, missing } = await recoverRawCells(store, sourceIds, keys);
  const name = `${view}_with_raw`;
  await store.run(`CREATE OR REPLACE TEMP VIEW ${sqlIdent(name)} AS SELECT v.*, CASE WHEN c.source_id IS NOT NULL THEN {${keys.map((k, i) => `${sqlString(k)}: c.k${i}`).join(', ')}} END AS raw
    FROM ${sqlIdent(view)} v LEFT JOIN ${sqlIdent(table)} c ON c.source_id = v.source_id AND c.source_row = v.source_row`);
  return { view: name, missing };
}
