/**
 * The typed Parquet path for record releases. A Parquet file already says what its columns are, so
 * the layout's column mapping (ColumnMapping[] from staging.ts, `from` = the file's column index) is
 * compiled against the file's own types instead of casting every cell to text:
 *   - a DATE/TIMESTAMP column with a date rule is CAST to DATE (the time of day dropped, as ICE's
 *     date-times are dates): no strptime;
 *   - a numeric column with a number (or, for integer types, an integer) rule is taken as it is;
 *   - VARCHAR cells are cleaned and parsed exactly as staged text is in staging.ts (trim, FOIA
 *     redaction markers → NULL, the same parse rules and messages), since a date or amount published
 *     as text must be checked like one in a workbook;
 *   - any other combination is read as the text the text-staging path gave it (dates as YYYY-MM-DD,
 *     numbers CAST to VARCHAR; other types CAST to VARCHAR and cleaned like text) and parsed by the
 *     same rule, so a file reads as it did when every column was staged as text.
 * Rows that cannot be stored go to row_issues with the file, the row (the Parquet file_row_number + 1)
 * and, per failing cell, the column, value and reason; the rest is stored by one streaming
 * INSERT … SELECT from read_parquet, with no copy of the file in between.
 *
 * Memory: the pipeline ingests a file in one transaction; DuckDB writes a large append to the
 * database file as it goes (optimistic writes), and with its memory limit lowered meanwhile
 * (INSERT_MEMORY_LIMIT) one INSERT of 3,000,000 stays peaked at ~410–440 MB RSS (1.16 GB with the
 * default limit), so no chunking is needed. Only the bad rows (few) are ever materialised.
 */
import type { Store } from './db.ts';
import { cleanedSql, failureProblem, insertColumns, insertIssues, markedRowSql, parsedSql, takeOutMarkedRows, trimmedSql, type ColumnMapping, type LoadResult, type ParseRule } from './staging.ts';
import { parquetRowCount } from './bulk-staging.ts';
import { sqlIdent, sqlString } from './sql.ts';

export interface ParquetLoadOptions {
  path: string;
  /** The file's columns as DuckDB reads them (records-staging.ts parquetColumns). */
  columns: { name: string; type: string }[];
  table: string;
  sourceId: number;
  /** The displayed file name, for row issues. */
  file: string;
  /** The layout's mapping; `from` is the index of the file's column. */
  mapping: ColumnMapping[];
  /** Values the same for every row of this file (e.g. `release`). */
  constants?: Record<string, string | number | boolean>;
}

type Kind = 'text' | 'temporal' | 'integer' | 'number' | 'other';

function columnKind(type: string): Kind {
  const t = type.toUpperCase();
  if (t === 'VARCHAR') return 'text';
  if (/^(DATE|TIMESTAMP)/.test(t)) return 'temporal';
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/.test(t)) return 'integer';
  if (/^(FLOAT|DOUBLE|REAL|DECIMAL)/.test(t)) return 'number';
  return 'other';
}

/** The typed value of a cell when its type already is what the rule asks for, else null (parse the text). */
function typedValue(raw: string, kind: Kind, rule: ParseRule): string | null {
  if (kind === 'temporal' && rule.kind === 'date') return `CAST(${raw} AS DATE)`;
  if ((kind === 'integer' || kind === 'number') && rule.kind === 'number') return `CAST(${raw} AS DOUBLE)`;
  if (kind === 'integer' && rule.kind === 'integer') return `CAST(${raw} AS BIGINT)`;
  return null;
}

/** The text the text-staging path gave a date or number cell: dates as YYYY-MM-DD, numbers CAST to VARCHAR (neither needs trimming). */
function textOfTyped(raw: string, kind: Kind): string {
  return kind === 'temporal' ? `CAST(CAST(${raw} AS DATE) AS VARCHAR)` : `CAST(${raw} AS VARCHAR)`;
}

interface Compiled {
  /** Innermost select list over read_parquet: raw cells r<i>, and t<i> (trimmed) for VARCHAR cells. */
  raw: string[];
  /** Next level: blank_row and v<i>, the cell as data (cleaned text, or the typed value). */
  cells: string[];
  /** The names v<i>, passed up to the level that parses. */
  values: string[];
  blank: string;
  /** Per mapping: value p<k>, failure condition, offending value. */
  parsed: string[];
  failures: string[];
  offending: string[];
}

/**
 * The mapping compiled to SQL over the columns of the file used by it. Same shape as staging.ts's
 * parseQuery: each cell is trimmed and cleaned once (t → v), each mapping parsed from v (p<k>).
 */
function compile(options: ParquetLoadOptions): Compiled {
  const used = [...new Set(options.mapping.map((m) => m.from))];
  const kinds = new Map(used.map((i) => [i, columnKind(options.columns[i].type)]));
  const raw: string[] = [];
  const cells: string[] = [];
  const values = used.map((i) => `v${i}`);
  const blankParts: string[] = [];
  for (const i of used) {
    const name = sqlIdent(options.columns[i].name);
    const kind = kinds.get(i)!;
    if (kind === 'text' || kind === 'other') {
      // Text, and types with no rule of their own (BOOLEAN, UUID, JSON …) as their text: trimmed, markers → NULL.
      raw.push(`${trimmedSql(kind === 'text' ? name : `CAST(${name} AS VARCHAR)`)} AS t${i}`);
      cells.push(`${cleanedSql(`t${i}`)} AS v${i}`);
      blankParts.push(`t${i} IS NULL`);
    } else {
      raw.push(`${name} AS r${i}`);
      cells.push(`r${i} AS v${i}`);
      blankParts.push(`r${i} IS NULL`);
    }
  }
  const parsed: string[] = [];
  const failures: string[] = [];
  const offending: string[] = [];
  options.mapping.forEach((m, k) => {
    const kind = kinds.get(m.from)!;
    const v = `v${m.from}`;
    const asText = kind === 'text' || kind === 'other';
    const typed = asText ? null : typedValue(v, kind, m.parse);
    const text = asText ? v : textOfTyped(v, kind);
    parsed.push(`${typed ?? parsedSql(text, m.parse)} AS p${k}`);
    const parts: string[] = [];
    // Text can fail to parse; a typed value cannot, except an infinite date or timestamp (DuckDB reads
    // the extreme int64 as ±infinity), which is no day: quarantined like a date that does not parse.
    if (typed === null && failureProblem(m.parse)) parts.push(`(${v} IS NOT NULL AND p${k} IS NULL)`);
    else if (typed !== null && kind === 'temporal') parts.push(`(${v} IS NOT NULL AND NOT isfinite(${v}))`);
    if (m.required) parts.push(`${v} IS NULL`);
    failures.push(parts.length ? parts.join(' OR ') : 'false');
    offending.push(text);
  });
  return { raw, cells, values, blank: blankParts.join(' AND '), parsed, failures, offending };
}

/**
 * The parse query over the file, as nested selects (raw/trimmed → cleaned → parsed → bad), offering `row`
 * (1-based), blank_row, bad, v<i> and p<k> to `select`.
 */
function query(options: ParquetLoadOptions, c: Compiled, select: string): string {
  const bad = `blank_row OR ${c.failures.map((f) => `(${f})`).join(' OR ')}`;
  return `SELECT ${select} FROM (
    SELECT *, ${bad} AS bad FROM (
      SELECT "row", blank_row, ${c.values.join(', ')}, ${c.parsed.join(', ')} FROM (
        SELECT "row", ${c.blank} AS blank_row, ${c.cells.join(', ')} FROM (
          SELECT (file_row_number + 1)::BIGINT AS "row", ${c.raw.join(', ')}
          FROM read_parquet(${sqlString(options.path)}, file_row_number = true)))))`;
}

/**
 * DuckDB's memory limit while the rows are inserted. The pipeline holds the file's transaction open,
 * and DuckDB keeps the row groups it has already written to the database file cached up to its limit
 * (default: 80% of RAM): measured on 3,000,000 stays, peak RSS 930 MB with the default limit, ~380 MB
 * at 256 MB, for the same CPU time. The previous limit is restored afterwards, also on error.
 */
const INSERT_MEMORY_LIMIT = '256MB';

/**
 * Loads a Parquet file whose columns follow a layout into `table`: the rows that can be stored in one
 * INSERT; then, only if some could not, a second pass that puts those in row_issues (one per failing
 * cell, or one for a blank row). Returns the counts; rows read = stored + quarantined.
 */
export async function loadParquet(store: Store, options: ParquetLoadOptions): Promise<LoadResult> {
  const { path, table, sourceId, file, mapping } = options;
  const rowsRead = await parquetRowCount(store, path);
  const c = compile(options);

  // Every row goes in; a row that cannot be stored is marked and taken out again (staging.ts, markedRowSql).
  const { columns: targetColumns, values } = insertColumns({ sourceId, sheet: null, row: markedRowSql('"row"'), columns: mapping, constants: options.constants, standIns: true });
  // Each stored row carries its own source_row, so the table need not keep file order; letting DuckDB
  // write in any order lets both cores append at once (as staging.ts does). Only a database file can
  // write row groups out, so an in-memory store keeps its memory limit.
  const settings = { preserve_insertion_order: 'false', ...(store.path === ':memory:' ? {} : { memory_limit: INSERT_MEMORY_LIMIT }) };
  const inserted = await store.withSettings(settings, () => store.runCount(`INSERT INTO ${sqlIdent(table)} (${targetColumns})
    ${query(options, c, values)}`));
  const bad = await takeOutMarkedRows(store, table, sourceId);
  const stored = inserted - bad;
  const quarantined = bad > 0 ? await quarantineBadRows(store, options, c) : 0;
  if (stored + quarantined !== rowsRead) throw new Error(`${file}: ${rowsRead} rows read but ${stored} stored and ${quarantined} quarantined`);
  return { rowsRead, stored, quarantined };
}

/**
 * The rows that cannot be stored (few; a second read of the file, only when there are any), with what is
 * wrong in each, into row_issues in file order: one issue per failing cell, as staging.ts gives them.
 */
async function quarantineBadRows(store: Store, options: ParquetLoadOptions, c: Compiled): Promise<number> {
  const { table, sourceId, file, mapping } = options;
  const bad = sqlIdent(`parquet_bad_${sourceId}`);
  const flags = mapping.map((_, k) => `NOT blank_row AND (${c.failures[k]}) AS f${k}`);
  const offending = mapping.map((m, k) => `CASE WHEN NOT blank_row AND (${c.failures[k]}) THEN ${c.offending[k]} END AS e${k}`);
  await store.run(`CREATE OR REPLACE TEMP TABLE ${bad} AS ${query(options, c, `"row", blank_row, ${[...flags, ...offending].join(', ')}`)} WHERE bad`);
  await insertIssues(store, `parquet_bad_${sourceId}`, 'NULL', '"row"', { table, sourceId, file, columns: mapping });
  const quarantined = Number(await store.scalar(`SELECT count(*) FROM ${bad}`));
  await store.run(`DROP TABLE ${bad}`);
  return quarantined;
}

/** Every row of the file becomes a row issue with the same problem (a required column is missing); returns how many. */
export async function quarantineParquet(store: Store, options: { path: string; sourceId: number; file: string; column: string | null; problem: string }): Promise<number> {
  const { path, sourceId, file, column, problem } = options;
  return store.runCount(`INSERT INTO row_issues (source_id, file, sheet, "row", "column", value, problem)
    SELECT ${sourceId}, ${sqlString(file)}, NULL, (file_row_number + 1)::BIGINT, ${column === null ? 'NULL' : sqlString(column)}, NULL, ${sqlString(problem)}
    FROM read_parquet(${sqlString(path)}, file_row_number = true)`);
}
