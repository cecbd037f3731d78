/**
 * The bulk path for record releases. A source stages a file's cells as text (DuckDB's CSV reader for
 * CSV, the appender for workbook rows), then declares how staged columns map to a table; the mapping
 * is compiled to SQL here, so every release is cleaned, parsed and validated the same way and at the
 * speed of the database:
 *   - blanks and FOIA redaction markers become NULL (src/domain/records.ts states the rule);
 *   - dates are parsed with explicit formats (never guessed) and time parts that are really dates dropped;
 *   - a row with a value that does not parse, or without a required value, is quarantined into
 *     row_issues with the file, sheet, row, column, value and the problem, and is not stored.
 */
import type { Store } from './db.ts';
import type { RowIssue } from '../domain/provenance.ts';
import { sqlString, sqlIdent } from './sql.ts';

export type ParseRule =
  | { kind: 'text' }
  | { kind: 'upper' }
  | { kind: 'date'; formats: string[]; expected: string }
  | { kind: 'integer' }
  | { kind: 'number' }
  /** `[8C] Excludable …` → `8C` (NULL when the cell has no bracketed code; the raw text is kept elsewhere). */
  | { kind: 'bracket_code' }
  /** `[8C] Excludable …` → `Excludable …`. */
  | { kind: 'after_bracket' };

export interface ColumnMapping {
  /** Column of the target table. */
  target: string;
  /** Index of the staged column (c0, c1 …). */
  from: number;
  /** The column's name as published, for messages. */
  header: string;
  parse: ParseRule;
  /** A row without this value is quarantined. */
  required?: boolean;
}

export interface StageResult {
  stage: string;
  rowsRead: number;
}

/** Formats of dates seen in ICE releases: m/d/yyyy in ERO-LESA CSVs, ISO from workbooks and Parquet. */
export const ICE_DATE_FORMATS = ['%m/%d/%Y', '%Y-%m-%d', '%Y-%m-%d %H:%M:%S', '%Y-%m-%dT%H:%M:%S', '%m/%d/%Y %H:%M:%S', '%m/%d/%Y %H:%M', '%m/%d/%Y %I:%M:%S %p'];

function stageColumns(columnCount: number): string[] {
  return Array.from({ length: columnCount }, (_, i) => `c${i}`);
}

export async function createStage(store: Store, stage: string, columnCount: number): Promise<void> {
  const columns = stageColumns(columnCount).map((c) => `${c} VARCHAR`).join(', ');
  await store.run(`CREATE OR REPLACE TEMP TABLE ${sqlIdent(stage)} (source_sheet VARCHAR, source_row BIGINT, ${columns})`);
}

/** Appends workbook rows to a stage made by createStage. Cells past columnCount must be checked by the caller. */
export async function stageRows(
  store: Store,
  stage: string,
  columnCount: number,
  rows: AsyncIterable<{ sheet: string | null; row: number; cells: (string | null)[] }>,
  onProgress?: (rows: number) => void,
): Promise<number> {
  const appender = await store.appender(stage);
  let count = 0;
  for await (const { sheet, row, cells } of rows) {
    if (sheet == null) appender.appendNull(); else appender.appendVarchar(sheet);
    appender.appendBigInt(BigInt(row));
    for (let c = 0; c < columnCount; c++) {
      const cell = cells[c];
      if (cell == null) appender.appendNull(); else appender.appendVarchar(cell);
    }
    appender.endRow();
    if (++count % 100_000 === 0) onProgress?.(count);
  }
  appender.closeSync();
  return count;
}

export interface CsvStageOptions {
  stage: string;
  path: string;
  /** The displayed file name, for row issues. */
  file: string;
  /** 1-based physical line of the first data row (the line after the header). */
  firstDataLine: number;
  delimiter: string;
  columnCount: number;
}

/**
 * Stages a delimited file with DuckDB's CSV reader (all text, explicit dialect, nothing sniffed).
 * Lines with the wrong number of cells are not silently skipped: DuckDB's rejects table names them and
 * they come back as row issues. `source_row` is the physical line, assuming no cell spans lines (when
 * one does, the count of lines will not match and a note says source_row is then the record ordinal).
 */
export async function stageCsv(store: Store, options: CsvStageOptions): Promise<StageResult & { rejected: RowIssue[] }> {
  const { stage, path, firstDataLine, delimiter, columnCount } = options;
  const columns = stageColumns(columnCount);
  const columnSpec = `{${columns.map((c) => `'${c}': 'VARCHAR'`).join(', ')}}`;
  const rejectsTable = `${stage}_rejects`;
  const rejectsScan = `${stage}_scans`;
  await store.run(`CREATE OR REPLACE TEMP TABLE ${sqlIdent(`${stage}_raw`)} AS
    SELECT row_number() OVER () AS ordinal, * FROM read_csv(${sqlString(path)},
      header = false, skip = ${firstDataLine - 1}, delim = ${sqlString(delimiter)}, quote = '"', escape = '"',
      columns = ${columnSpec}, auto_detect = false, store_rejects = true,
      rejects_table = ${sqlString(rejectsTable)}, rejects_scan = ${sqlString(rejectsScan)})`);
  // DuckDB writes one reject per missing cell; a line is one row issue whatever its count of errors.
  const rejectedLines = `${stage}_rejected_lines`;
  await store.run(`CREATE OR REPLACE TEMP TABLE ${sqlIdent(rejectedLines)} AS
    SELECT line, any_value(error_type) AS error_type, any_value(error_message) AS error_message, any_value(csv_line) AS csv_line
    FROM ${sqlIdent(rejectsTable)} GROUP BY line`);
  const rejects = await store.all<{ line: number; error_type: string; error_message: string; csv_line: string }>(
    `SELECT line, error_type, error_message, csv_line FROM ${sqlIdent(rejectedLines)} ORDER BY line`);
  // Rejected lines are missing from the ordinal sequence: accepted row k sits at the k-th data line
  // not rejected, i.e. k plus the number of rejected lines j whose (data position - j) is below k.
  await store.run(`CREATE OR REPLACE TEMP TABLE ${sqlIdent(stage)} AS
    SELECT NULL::VARCHAR AS source_sheet,
      (${firstDataLine - 1} + ordinal + (SELECT count(*) FROM (
         SELECT line - ${firstDataLine - 1} - row_number() OVER (ORDER BY line) AS gap FROM ${sqlIdent(rejectedLines)}) g
       WHERE g.gap < ordinal))::BIGINT AS source_row,
      ${columns.join(', ')}
    FROM ${sqlIdent(`${stage}_raw`)}`);
  await store.run(`DROP TABLE ${sqlIdent(`${stage}_raw`)}`);
  await store.run(`DROP TABLE IF EXISTS ${sqlIdent(rejectsTable)}`);
  await store.run(`DROP TABLE IF EXISTS ${sqlIdent(rejectedLines)}`);
  await store.run(`DROP TABLE IF EXISTS ${sqlIdent(rejectsScan)}`);
  const rowsRead = Number(await store.scalar(`SELECT count(*) FROM ${sqlIdent(stage)}`)) + rejects.length;
  const rejected: RowIssue[] = rejects.map((r) => ({
    file: options.file, row: Number(r.line), column: null, value: r.csv_line,
    problem: `${r.error_type.toLowerCase()}: ${r.error_message} (the header has ${columnCount} columns)`,
  }));
  return { stage, rowsRead, rejected };
}

/** The cleaned text of a staged cell: NBSP → space, trimmed, blank or FOIA-redacted → NULL. */
function cleanedSql(column: string): string {
  const trimmed = `nullif(trim(replace(${column}, chr(160), ' ')), '')`;
  // Only cells that start like a marker pay for the regular expression (see domain/records.ts).
  return `CASE WHEN (starts_with(${trimmed}, '(') OR lower(left(${trimmed}, 2)) = 'b(') AND regexp_matches(${trimmed}, '^\\(?b\\)?\\s*\\(\\s*[67]\\s*\\)', 'i') THEN NULL ELSE ${trimmed} END`;
}

function parsedSql(value: string, rule: ParseRule): string {
  switch (rule.kind) {
    case 'text': return value;
    case 'upper': return `upper(${value})`;
    case 'date': return `CAST(coalesce(${rule.formats.map((f) => `try_strptime(${value}, ${sqlString(f)})`).join(', ')}) AS DATE)`;
    case 'integer': return `try_cast(${value} AS BIGINT)`;
    case 'number': return `try_cast(${value} AS DOUBLE)`;
    case 'bracket_code': return `nullif(upper(regexp_extract(${value}, '^\\[\\s*([0-9A-Za-z]+)\\s*\\]', 1)), '')`;
    case 'after_bracket': return `nullif(trim(regexp_replace(${value}, '^\\[[^\\]]*\\]\\s*', '')), '')`;
  }
}

function failureProblem(rule: ParseRule): string | null {
  switch (rule.kind) {
    case 'date': return `not a valid date (expected ${rule.expected})`;
    case 'integer': return 'not a whole number';
    case 'number': return 'not a number';
    default: return null;
  }
}

export interface InsertOptions {
  stage: string;
  table: string;
  sourceId: number;
  file: string;
  columnCount: number;
  columns: ColumnMapping[];
  /** Values the same for every row of this file (e.g. `release`). */
  constants?: Record<string, string | number | boolean>;
}

/** Validates staged rows, quarantines the bad ones with their reasons, stores the rest. */
export async function insertFromStage(store: Store, options: InsertOptions): Promise<{ stored: number; quarantined: number }> {
  const { stage, table, sourceId, file, columns } = options;
  const parsedTable = `${stage}_parsed`;
  const allColumns = stageColumns(options.columnCount);
  const select = columns.map((m, i) => {
    const v = cleanedSql(`c${m.from}`);
    return `${v} AS v${i}, ${parsedSql(v, m.parse)} AS p${i}`;
  });
  const blank = allColumns.map((c) => `nullif(trim(replace(${c}, chr(160), ' ')), '') IS NULL`).join(' AND ');
  await store.run(`CREATE OR REPLACE TEMP TABLE ${sqlIdent(parsedTable)} AS
    SELECT source_sheet, source_row, ${blank} AS blank_row, ${select.join(', ')} FROM ${sqlIdent(stage)}`);

  const failures = columns.map((m, i) => {
    const parts: string[] = [];
    const problem = failureProblem(m.parse);
    if (problem) parts.push(`(v${i} IS NOT NULL AND p${i} IS NULL)`);
    if (m.required) parts.push(`v${i} IS NULL`);
    return parts.length ? parts.join(' OR ') : 'false';
  });
  const issueSelects = [
    `SELECT ${sourceId}, ${sqlString(file)}, source_sheet, source_row, NULL, NULL, 'blank row: no cell has a value' FROM ${sqlIdent(parsedTable)} WHERE blank_row`,
    ...columns.map((m, i) => {
      const problem = failureProblem(m.parse);
      const reasons: string[] = [];
      if (problem) reasons.push(`WHEN v${i} IS NOT NULL AND p${i} IS NULL THEN ${sqlString(problem)}`);
      if (m.required) reasons.push(`WHEN v${i} IS NULL THEN ${sqlString(`${m.header} is blank or redacted, and a ${table} row needs it`)}`);
      if (reasons.length === 0) return null;
      return `SELECT ${sourceId}, ${sqlString(file)}, source_sheet, source_row, ${sqlString(m.header)}, v${i}, CASE ${reasons.join(' ')} END
        FROM ${sqlIdent(parsedTable)} WHERE NOT blank_row AND (${failures[i]})`;
    }).filter((s): s is string => s !== null),
  ];
  await store.run(`INSERT INTO row_issues (source_id, file, sheet, "row", "column", value, problem) ${issueSelects.join(' UNION ALL ')}`);

  const bad = `blank_row OR ${failures.map((f) => `(${f})`).join(' OR ')}`;
  const constants = Object.entries(options.constants ?? {});
  const targetColumns = ['source_id', 'source_sheet', 'source_row', ...constants.map(([k]) => k), ...columns.map((m) => m.target)];
  const values = [String(sourceId), 'source_sheet', 'source_row', ...constants.map(([, v]) => typeof v === 'string' ? sqlString(v) : String(v)),
    ...columns.map((_, i) => `p${i}`)];
  await store.run(`INSERT INTO ${sqlIdent(table)} (${targetColumns.map(sqlIdent).join(', ')})
    SELECT ${values.join(', ')} FROM ${sqlIdent(parsedTable)} WHERE NOT (${bad})`);
  const counts = await store.one<{ stored: number; quarantined: number }>(`SELECT
      count(*) FILTER (WHERE NOT (${bad})) AS stored, count(*) FILTER (WHERE ${bad}) AS quarantined FROM ${sqlIdent(parsedTable)}`);
  await store.run(`DROP TABLE ${sqlIdent(parsedTable)}`);
  return { stored: Number(counts?.stored ?? 0), quarantined: Number(counts?.quarantined ?? 0) };
}

export async function dropStage(store: Store, stage: string): Promise<void> {
  await store.run(`DROP TABLE IF EXISTS ${sqlIdent(stage)}`);
}
