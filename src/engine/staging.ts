/**
 * The bulk path for record releases. A source stages a file's cells as text (DuckDB's CSV reader, over
 * the file itself for CSV and over the temporary CSV the sheet transcoder writes for workbook rows),
 * then declares how staged columns map to a table; the mapping is compiled to SQL here, so every
 * release is cleaned, parsed and validated the same way and at the speed of the database:
 *   - blanks and FOIA redaction markers become NULL (src/domain/records.ts states the rule);
 *   - dates are parsed with explicit formats (never guessed) and time parts that are really dates dropped;
 *   - a row with a value that does not parse, or without a required value, is quarantined into
 *     row_issues with the file, sheet, row, column, value and the problem, and is not stored.
 */
import type { Store } from './db.ts';
import { REDACTION } from '../domain/records.ts';
import { insertRowIssues } from './provenance.ts';
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

function stageColumns(columnCount: number): string[] {
  return Array.from({ length: columnCount }, (_, i) => `c${i}`);
}

/**
 * A chunk of workbook rows as a temporary CSV file (every cell quoted, the sheet and row first), written
 * without the database by the sheet transcoder and its loader (sources/common/xlsx/sheet-csv.ts,
 * sources/common/workbook-load.ts), waiting for viewStageCsv.
 */
export interface StageCsv {
  path: string;
  rows: number;
  /** Deletes the file (and its folder); safe to call twice. */
  remove(): Promise<void>;
}

/**
 * A stage that is a view over a chunk's temporary CSV (StageCsv): the parsing query reads the file
 * directly, and the cells are never held in memory as a staged copy. The file must outlive the view
 * (drop it with dropStageView first).
 */
export async function viewStageCsv(store: Store, stage: string, columnCount: number, csv: StageCsv): Promise<void> {
  const columns = ['source_sheet', 'source_row', ...stageColumns(columnCount)]
    .map((c) => `'${c}': '${c === 'source_row' ? 'BIGINT' : 'VARCHAR'}'`).join(', ');
  await store.run(`CREATE OR REPLACE TEMP VIEW ${sqlIdent(stage)} AS SELECT * FROM read_csv(${sqlString(csv.path)}, header = false, delim = ',', quote = '"',
    escape = '"', columns = {${columns}}, auto_detect = false, strict_mode = true)`);
}

export async function dropStageView(store: Store, stage: string): Promise<void> {
  await store.run(`DROP VIEW IF EXISTS ${sqlIdent(stage)}`);
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
  /** The file's lines, counted by the pipeline while DuckDB reads it (IngestContext.lines). */
  lines: Promise<LineScan | null>;
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

export interface LoadResult {
  rowsRead: number;
  stored: number;
  quarantined: number;
}

/**
 * Trimmed text of a staged cell, NBSP counted as a space; NULL when nothing is left. Only a cell that
 * starts or ends with a space or holds an NBSP goes through trim() and replace(): DuckDB's trim() walks
 * the text as Unicode and copies it, and on every cell it was the costliest step of a CSV load (4.0 of
 * 11.7 thread-seconds at 5,000,000 rows of 7 cells; guarded, half of it). `nbsp: false` leaves out the
 * search for an NBSP, for text known to hold none (a tenth of a 5M-row CSV load).
 */
export function trimmedSql(column: string, options: { nbsp?: boolean } = {}): string {
  const nbsp = options.nbsp ?? true;
  return `nullif(CASE WHEN starts_with(${column}, ' ') OR ends_with(${column}, ' ')${nbsp ? ` OR contains(${column}, chr(160))` : ''}
    THEN trim(${nbsp ? `replace(${column}, chr(160), ' ')` : column}) ELSE ${column} END, '')`;
}

/**
 * A trimmed cell with FOIA redaction markers → NULL (the rule of domain/records.ts). Every marker has a
 * "(", so only cells with one pay for more: the markers as ICE writes them, `(b)(6)…` and `(b)(7)…`,
 * are told by their start, and only other cells with a "(" go through the regular expression (the
 * expression on every cell cost a fifth more, and on every marked cell a tenth of a CSV load).
 */
export function cleanedSql(trimmed: string): string {
  return `CASE WHEN NOT contains(${trimmed}, '(') THEN ${trimmed}
    WHEN starts_with(${trimmed}, '(b)(6)') OR starts_with(${trimmed}, '(b)(7)') OR regexp_matches(${trimmed}, ${sqlString(REDACTION.source)}, 'i') THEN NULL
    ELSE ${trimmed} END`;
}

export function parsedSql(value: string, rule: ParseRule): string {
  switch (rule.kind) {
    case 'text': return value;
    case 'upper': return `upper(${value})`;
    // Every format starts with a number; DuckDB's strptime reads the words infinity, -infinity and epoch as
    // 1900-01-01 whatever the format, so a cell that does not start with a digit is not a date. (Compared
    // as bytes: '0' ≤ text < ':' is a first character from 0 to 9, with no copy of it as ${value}[1] makes.)
    case 'date': return `CASE WHEN ${value} >= '0' AND ${value} < ':' THEN CAST(coalesce(${rule.formats.map((f) => `try_strptime(${value}, ${sqlString(f)})`).join(', ')}) AS DATE) END`;
    case 'integer': return `try_cast(${value} AS BIGINT)`;
    case 'number': return `try_cast(${value} AS DOUBLE)`;
    case 'bracket_code': return `nullif(upper(regexp_extract(${value}, '^\\[\\s*([0-9A-Za-z]+)\\s*\\]', 1)), '')`;
    case 'after_bracket': return `nullif(trim(regexp_replace(${value}, '^\\[[^\\]]*\\]\\s*', '')), '')`;
  }
}

export function failureProblem(rule: ParseRule): string | null {
  switch (rule.kind) {
    case 'date': return `not a valid date (expected ${rule.expected})`;
    case 'integer': return 'not a whole number';
    case 'number': return 'not a number';
    default: return null;
  }
}

/** Per mapping: the SQL condition (over v<i>, p<k>) under which the row cannot be stored. */
function failureConditions(columns: ColumnMapping[]): string[] {
  return columns.map((m, k) => {
    const parts: string[] = [];
    if (failureProblem(m.parse)) parts.push(`(v${m.from} IS NOT NULL AND p${k} IS NULL)`);
    if (m.required) parts.push(`v${m.from} IS NULL`);
    return parts.length ? parts.join(' OR ') : 'false';
  });
}

/**
 * The parsing query, as nested selects so each cell is trimmed and cleaned once:
 * t<i> trimmed staged cell → v<i> cleaned (NULL for blank/redacted) → p<k> parsed value of mapping k,
 * f<k> whether mapping k fails, e<k> the offending value (kept only for failing cells, so good rows
 * carry no copy of their text), and `bad` for a row that cannot be stored.
 */
function parseQuery(from: string, columnCount: number, columns: ColumnMapping[], passThrough: string[], cells: { nbsp?: boolean } = {}): string {
  // Cells no mapping reads are trimmed only to tell a blank row, and only while the row still looks
  // blank (AND stops at the first cell with a value), so an unmapped column costs next to nothing.
  const used = [...new Set(columns.map((m) => m.from))].sort((a, b) => a - b);
  const unused = stageColumns(columnCount).map((_, i) => i).filter((i) => !used.includes(i));
  const keep = passThrough.map((c) => `${c}, `).join('');
  const trimmed = [...used.map((i) => `${trimmedSql(`c${i}`, cells)} AS t${i}`), ...unused.map((i) => `c${i}`)];
  const cleaned = used.map((i) => `${cleanedSql(`t${i}`)} AS v${i}`);
  const blank = [...used.map((i) => `t${i} IS NULL`), ...unused.map((i) => `${trimmedSql(`c${i}`, cells)} IS NULL`)].join(' AND ');
  const parsed = columns.map((m, k) => `${parsedSql(`v${m.from}`, m.parse)} AS p${k}`);
  const failures = failureConditions(columns);
  const flags = failures.map((f, k) => `NOT blank_row AND (${f}) AS f${k}`);
  const offending = columns.map((m, k) => `CASE WHEN NOT blank_row AND (${failures[k]}) THEN v${m.from} END AS e${k}`);
  const bad = `blank_row OR ${failures.map((f) => `(${f})`).join(' OR ')}`;
  return `SELECT ${keep}blank_row, ${bad} AS bad, ${[...flags, ...offending, ...columns.map((_, k) => `p${k}`)].join(', ')}
    FROM (SELECT ${keep}blank_row, ${used.map((i) => `v${i}`).join(', ')}, ${parsed.join(', ')}
      FROM (SELECT ${keep}${blank} AS blank_row, ${cleaned.join(', ')}
        FROM (SELECT ${keep}${trimmed.join(', ')} FROM ${from})))`;
}

/** The target columns of a parsed row and their values (over the parsing query's p<k>); `sheet` (null: no sheets) and `row` are SQL expressions. */
export function insertColumns(options: { sourceId: number; sheet: string | null; row: string; columns: ColumnMapping[]; constants?: InsertOptions['constants'];
  /** Required values that are missing get a stand-in of their type, for rows stored only to be taken out again (loadCsvDirect). */
  standIns?: boolean }): { columns: string; values: string } {
  const constants = Object.entries(options.constants ?? {});
  // A file without sheets (`sheet: null`) leaves source_sheet to its default (NULL), so its rows can go to
  // a table that has no such column (ero_lesa_removals_narrow).
  const sheet = options.sheet === null ? [] : [['source_sheet', options.sheet]];
  const columns = ['source_id', ...sheet.map(([c]) => c), 'source_row', ...constants.map(([k]) => k), ...options.columns.map((m) => m.target)];
  const values = [String(options.sourceId), ...sheet.map(([, v]) => v), options.row, ...constants.map(([, v]) => typeof v === 'string' ? sqlString(v) : String(v)),
    ...options.columns.map((m, k) => options.standIns && m.required ? `coalesce(p${k}, ${standInSql(m.parse)})` : `p${k}`)];
  return { columns: columns.map(sqlIdent).join(', '), values: values.join(', ') };
}

function standInSql(rule: ParseRule): string {
  switch (rule.kind) {
    case 'date': return "DATE '0001-01-01'";
    case 'integer': case 'number': return '0';
    default: return "''";
  }
}

/** Row issues for the rows of a parsed table that cannot be stored (one per failing cell); `sheet` and `row` are SQL expressions over it. */
export async function insertIssues(store: Store, parsedTable: string, sheet: string, row: string, options: Omit<InsertOptions, 'stage' | 'columnCount'>): Promise<void> {
  const { table, sourceId, file, columns } = options;
  const parsed = sqlIdent(parsedTable);
  const issueSelects = [
    `SELECT ${sourceId}, ${sqlString(file)}, ${sheet}, ${row}, NULL, NULL, 'blank row: no cell has a value' FROM ${parsed} WHERE blank_row`,
    ...columns.map((m, k) => {
      const problem = failureProblem(m.parse);
      const reasons: string[] = [];
      if (problem) reasons.push(`WHEN e${k} IS NOT NULL THEN ${sqlString(problem)}`);
      if (m.required) reasons.push(`ELSE ${sqlString(`${m.header} is blank or redacted, and a ${table} row needs it`)}`);
      if (reasons.length === 0) return null;
      // A required column with no parse failure of its own (text) has only the ELSE reason: CASE needs a WHEN.
      const reason = problem ? `CASE ${reasons.join(' ')} END` : reasons[0].slice('ELSE '.length);
      return `SELECT ${sourceId}, ${sqlString(file)}, ${sheet}, ${row}, ${sqlString(m.header)}, e${k}, ${reason}
        FROM ${parsed} WHERE f${k}`;
    }).filter((s): s is string => s !== null),
  ];
  await store.run(`INSERT INTO row_issues (source_id, file, sheet, "row", "column", value, problem)
    SELECT * FROM (${issueSelects.join(' UNION ALL ')}) ORDER BY 3, 4`);
}

/**
 * From a parsed table of a file's rows (a file without sheets): row issues for the rows that cannot be
 * stored, then the other rows into the target table. `row` is an SQL expression over the parsed table.
 */
async function storeParsed(store: Store, parsedTable: string, row: string, options: Omit<InsertOptions, 'stage' | 'columnCount'>): Promise<{ stored: number; quarantined: number }> {
  await insertIssues(store, parsedTable, 'NULL', row, options);
  const parsed = sqlIdent(parsedTable);
  const { columns: targetColumns, values } = insertColumns({ ...options, sheet: null, row });
  // Each stored row carries its own source_row, so the table need not keep file order; letting DuckDB
  // write in any order lets both cores append at once.
  const stored = await store.withSettings({ preserve_insertion_order: 'false' }, () => store.runCount(`INSERT INTO ${sqlIdent(options.table)} (${targetColumns})
    SELECT ${values} FROM ${parsed} WHERE NOT bad`));
  const total = Number(await store.scalar(`SELECT count(*) FROM ${parsed}`));
  await store.run(`DROP TABLE ${parsed}`);
  return { stored, quarantined: total - stored };
}

/**
 * The source_row of a row that goes into its table whether or not it can be stored: the row number,
 * negated when the parsing query found the row bad (`row` must be 1 or more). The row is taken out again
 * by takeOutMarkedRows before the file's transaction ends; until then a stand-in holds each missing
 * required value (insertColumns' standIns). Filtering bad rows out in the insert instead made DuckDB
 * parse every date and number twice (it pushes the filter below the parsing projection).
 */
export function markedRowSql(row: string): string {
  return `CASE WHEN bad THEN -${row} ELSE ${row} END`;
}

/**
 * Deletes a source's rows marked by markedRowSql; returns how many. Finding them costs a few
 * milliseconds: row groups whose smallest source_row is not negative are skipped.
 */
export async function takeOutMarkedRows(store: Store, table: string, sourceId: number): Promise<number> {
  const marked = `source_id = ${sourceId} AND source_row < 0`;
  const bad = Number(await store.scalar(`SELECT count(*) FROM ${sqlIdent(table)} WHERE ${marked}`));
  if (bad > 0) await store.run(`DELETE FROM ${sqlIdent(table)} WHERE ${marked}`);
  return bad;
}

/**
 * Validates a stage of `rows` rows (a view over a chunk's CSV, read once or twice), quarantines the bad
 * ones with their reasons and stores the rest. Every staged row goes into the target table, and a row
 * that cannot be stored is marked there and taken out again (markedRowSql). Only when some row was marked is the stage
 * parsed again, into a temp table of the bad rows, for their row issues. Nothing the size of the stage
 * is held in memory, so it can run inside the file's transaction (temp tables made there are held
 * until it ends).
 */
export async function insertFromStageDirect(store: Store, options: InsertOptions & { rows: number; nbsp?: boolean }): Promise<{ stored: number; quarantined: number }> {
  // `nbsp: false` (the stage is known to hold no NBSP) leaves the search for one out of every cell (trimmedSql).
  const parse = parseQuery(sqlIdent(options.stage), options.columnCount, options.columns, ['source_sheet', 'source_row'], { nbsp: options.nbsp });
  const { columns: targetColumns, values } = insertColumns({ ...options, sheet: 'source_sheet', row: markedRowSql('source_row'), standIns: true });
  const inserted = await store.withSettings({ preserve_insertion_order: 'false' }, () =>
    store.runCount(`INSERT INTO ${sqlIdent(options.table)} (${targetColumns}) SELECT ${values} FROM (${parse})`));
  const bad = await takeOutMarkedRows(store, options.table, options.sourceId);
  if (bad === 0) return { stored: inserted, quarantined: 0 };
  const badTable = `${options.stage}_bad`;
  await store.run(`CREATE OR REPLACE TEMP TABLE ${sqlIdent(badTable)} AS SELECT * FROM (${parse}) WHERE bad`);
  await insertIssues(store, badTable, 'source_sheet', 'source_row', options);
  const quarantined = Number(await store.scalar(`SELECT count(*) FROM ${sqlIdent(badTable)}`));
  await store.run(`DROP TABLE ${sqlIdent(badTable)}`);
  return { stored: inserted - bad, quarantined };
}

/**
 * Loads a delimited file: DuckDB's CSV reader (all text, explicit dialect, nothing sniffed) feeds the
 * parsing query. `source_row` is the physical line, assuming no cell spans lines.
 *
 * Most files have nothing to quarantine, and for them one pass is enough: the rows go straight into
 * the target table in file order (DuckDB keeps a parallel scan's order in an insert when
 * preserve_insertion_order is on, and the rows of one insert get consecutive rowids), and their line
 * numbers follow from their rowids. Whether that holds is known after the insert: when every line after
 * the header became a row (counted by the pipeline's read of the file, ingest/file-scan.ts, while DuckDB
 * works), none of them is marked bad and DuckDB rejected none. That read also looks for non-breaking spaces, which the single
 * pass does not look for in cells (exports rarely have any, and the search cost a tenth of the load).
 * When a row is bad or rejected or the file has an NBSP, the rows are taken out again and the file is read
 * by the exact path, which numbers every row before filtering and cleans every cell by every rule —
 * about twice the work, for the files that need it.
 */
export async function loadCsv(store: Store, csv: CsvStageOptions, mapping: Omit<InsertOptions, 'stage' | 'columnCount' | 'file'>): Promise<LoadResult> {
  const scan = await csv.lines.catch(() => null);
  const problem = scan && lineEndingProblem(scan);
  if (problem) throw new Error(`${csv.file}: ${problem}`);
  const direct = await loadCsvDirect(store, csv, mapping);
  const result = direct ?? await loadCsvNumbered(store, csv, mapping);
  if (scan) {
    // The count DuckDB gives is checked against the file's own lines: every line after the header is a
    // row read (stored or quarantined) or an empty line, or the file is refused.
    const dataLines = scan.lines - (csv.firstDataLine - 1);
    // Empty lines not counted by the scan (undefined) are taken to be none; too many to list (null) cannot be checked.
    const empty = scan.emptyLines === undefined ? 0 : scan.emptyLines ? scan.emptyLines.filter((l) => l >= csv.firstDataLine).length : Number.NaN;
    if (result.rowsRead + empty !== dataLines) {
      throw new Error(`${csv.file}: DuckDB's CSV reader returned ${result.rowsRead.toLocaleString('en-US')} rows for the ${dataLines.toLocaleString('en-US')} lines after the header (lines ${csv.firstDataLine}–${scan.lines}${Number.isNaN(empty) ? '' : `, ${empty} of them empty`}), so rows would be lost or misplaced; the file was refused. Check it for cells that span lines or stray quote characters`);
    }
  }
  return result;
}

/** DuckDB's CSV reader over the data lines, every cell as text; lines with the wrong number of cells go to `rejects`. */
function csvReader(csv: CsvStageOptions, rejects: { table: string; scan: string }): string {
  const { path, firstDataLine, delimiter, columnCount } = csv;
  const columnSpec = `{${stageColumns(columnCount).map((c) => `'${c}': 'VARCHAR'`).join(', ')}}`;
  return `read_csv(${sqlString(path)}, header = false, skip = ${firstDataLine - 1}, delim = ${sqlString(delimiter)},
    quote = '"', escape = '"', columns = ${columnSpec}, auto_detect = false, store_rejects = true,
    rejects_table = ${sqlString(rejects.table)}, rejects_scan = ${sqlString(rejects.scan)})`;
}

/**
 * The single pass of loadCsv; null (with nothing left stored) when the file has rows to quarantine or reject.
 * Every line goes in, bad or not: a row that cannot be stored is only marked (markedRowSql), and if
 * there is one the file's rows are taken out and the exact path reads it (the filter this replaced cost a
 * tenth of the load's CPU).
 */
async function loadCsvDirect(store: Store, csv: CsvStageOptions, mapping: Omit<InsertOptions, 'stage' | 'columnCount' | 'file'>): Promise<LoadResult | null> {
  const { stage, firstDataLine, columnCount } = csv;
  const target = sqlIdent(mapping.table);
  const rejects = { table: `${stage}_rejects`, scan: `${stage}_scans` };
  // Upper-casing cannot fail, and ICE's text is nearly always upper-case already: it is stored as
  // published and upper-cased afterwards where it is not (upper() on every cell cost a twentieth of the
  // load; finding the cells that need it in the stored column, a few milliseconds).
  const columns = mapping.columns.map((m) => m.parse.kind === 'upper' ? { ...m, parse: { kind: 'text' } as const } : m);
  // Line 1 stands in for every row's line until the update below numbers them.
  const { columns: targetColumns, values } = insertColumns({ ...mapping, columns, sheet: null, row: markedRowSql('1'), standIns: true });
  const stored = await store.withSettings({ preserve_insertion_order: 'true' }, () => store.runCount(`INSERT INTO ${target} (${targetColumns})
    SELECT ${values} FROM (${parseQuery(csvReader(csv, rejects), columnCount, columns, [], { nbsp: false })})`));
  const rejected = Number(await store.scalar(`SELECT count(*) FROM ${sqlIdent(rejects.table)}`));
  for (const t of [rejects.table, rejects.scan]) await store.run(`DROP TABLE IF EXISTS ${sqlIdent(t)}`);
  // Rowids are BIGINTs past 2^53 inside a transaction: kept as text, computed in SQL.
  const { bad, first } = (await store.one<{ bad: number; first: string | null }>(`SELECT count(*) FILTER (WHERE source_row < 0)::INTEGER AS bad,
    min(rowid)::VARCHAR AS first FROM ${target} WHERE source_id = ${mapping.sourceId}`))!;
  // Lines not counted (the read failed, or the file is not plain text) are not known to match.
  const { lines, nbsp } = await csv.lines.catch(() => null) ?? { lines: Number.NaN, nbsp: true };
  if (rejected > 0 || bad > 0 || nbsp || stored !== lines - (firstDataLine - 1)) {
    await store.run(`DELETE FROM ${target} WHERE source_id = ${mapping.sourceId}`);
    return null;
  }
  for (const { target: column } of mapping.columns.filter((m) => m.parse.kind === 'upper')) {
    const name = sqlIdent(column);
    await store.run(`UPDATE ${target} SET ${name} = upper(${name}) WHERE source_id = ${mapping.sourceId} AND ${name} <> upper(${name})`);
  }
  if (stored > 0) await store.run(`UPDATE ${target} SET source_row = ${firstDataLine - 1} + (rowid - ${first}::BIGINT + 1) WHERE source_id = ${mapping.sourceId}`);
  return { rowsRead: stored, stored, quarantined: 0 };
}

export interface LineScan {
  /** Physical lines: line breaks, plus one for a last line without its own. */
  lines: number;
  /** Whether the file holds a non-breaking space (UTF-8 C2 A0) anywhere. */
  nbsp: boolean;
  /** How lines end; the first line (1-based) of each kind, 0 when none. */
  endings?: { lf: number; crlf: number; loneCr: number; firstLfLine: number; firstCrlfLine: number; firstLoneCrLine: number };
  /** Lines with nothing on them (DuckDB's reader skips them), in order; null when too many to list. */
  emptyLines?: number[] | null;
}

/**
 * Why DuckDB's CSV reader cannot be trusted with a file's line endings, or null. It decides one kind
 * of line ending for a file: with a carriage return on its own, or lines ending both in LF and in
 * CR LF, it reads 0 rows, counts the header as data, shifts every line number, or stops with "CSV
 * Parser state machine reached an invalid state". So such a file is refused before it is read,
 * naming the line, and nothing is recorded.
 */
export function lineEndingProblem(scan: LineScan): string | null {
  const e = scan.endings;
  if (!e) return null;
  const fix = 'save the file again with one kind of line ending (e.g. `sed -i \'s/\\r$//\' FILE` for LF, or open and re-export it as CSV), or remove the stray \\r, and ingest it again';
  if (e.loneCr > 0) {
    return `line ${e.firstLoneCrLine} holds a carriage return (\\r) that is not part of a line ending (${e.loneCr.toLocaleString('en-US')} such in the file); `
      + `DuckDB's CSV reader would read it as a line break and misplace rows. Fix: ${fix}`;
  }
  if (e.crlf > 0 && e.lf > 0) {
    const [line, kind, other] = e.crlf <= e.lf ? [e.firstCrlfLine, 'CR LF (\\r\\n)', `LF only (${e.lf.toLocaleString('en-US')} lines)`]
      : [e.firstLfLine, 'LF only (\\n)', `CR LF (${e.crlf.toLocaleString('en-US')} lines)`];
    return `mixed line endings: line ${line} ends in ${kind} while most lines end in ${other}; DuckDB's CSV reader takes one kind per file and would misplace rows. Fix: ${fix}`;
  }
  return null;
}

/**
 * The exact path of loadCsv: the parsed rows are numbered (a temp table's rowids follow its insertion
 * order) before the bad ones are set apart, and lines DuckDB rejects (a wrong number of cells) are not
 * silently skipped: its rejects table names each, and they become row issues.
 */
async function loadCsvNumbered(store: Store, csv: CsvStageOptions, mapping: Omit<InsertOptions, 'stage' | 'columnCount' | 'file'>): Promise<LoadResult> {
  const { stage, firstDataLine, columnCount, file } = csv;
  const rejectsTable = `${stage}_rejects`;
  const rejectsScan = `${stage}_scans`;
  const rejectedLines = `${stage}_rejected_lines`;
  const parsedTable = `${stage}_parsed`;
  const reader = csvReader(csv, { table: rejectsTable, scan: rejectsScan });
  // A temp table keeps insertion order in its rowid, which gives each row its ordinal in the file
  // without a window function over millions of rows.
  await store.run(`CREATE OR REPLACE TEMP TABLE ${sqlIdent(parsedTable)} AS ${parseQuery(reader, columnCount, mapping.columns, [])}`);
  // DuckDB writes one reject per missing cell; a line is one row issue whatever its count of errors.
  await store.run(`CREATE OR REPLACE TEMP TABLE ${sqlIdent(rejectedLines)} AS
    SELECT line, any_value(error_type) AS error_type, any_value(error_message) AS error_message, any_value(csv_line) AS csv_line
    FROM ${sqlIdent(rejectsTable)} GROUP BY line`);
  const rejects = await store.all<{ line: number; error_type: string; error_message: string; csv_line: string }>(
    `SELECT line, error_type, error_message, csv_line FROM ${sqlIdent(rejectedLines)} ORDER BY line`);
  // Empty lines are skipped by the reader like rejected ones: they are gaps in the numbering too.
  const scan = await csv.lines.catch(() => null);
  const empty = (scan?.emptyLines ?? []).filter((l) => l >= firstDataLine);
  if (empty.length > 0) {
    await store.run(`INSERT INTO ${sqlIdent(rejectedLines)} (line) SELECT unnest(${`[${empty.join(', ')}]`}::BIGINT[])`);
  }
  const gaps = rejects.length + empty.length;
  await insertRowIssues(store, mapping.sourceId, rejects.map((r) => ({
    file, row: Number(r.line), column: null, value: r.csv_line,
    problem: `${r.error_type.toLowerCase()}: ${r.error_message} (the header has ${columnCount} columns)`,
  })));
  // Rejected lines are missing from the ordinal sequence: accepted row k (rowid k-1) sits at the k-th data
  // line not rejected, i.e. k plus the number of rejected lines j whose (data position - j) is below k.
  // Rowids of a table made inside a transaction start at a large offset but stay consecutive in
  // insertion order, so the ordinal is the distance from the first rowid.
  const firstRowid = String(await store.scalar(`SELECT coalesce(min(rowid), 0) FROM ${sqlIdent(parsedTable)}`));
  const ordinal = `(rowid - ${firstRowid} + 1)`;
  const row = gaps === 0 ? `(${firstDataLine - 1} + ${ordinal})` : `(${firstDataLine - 1} + ${ordinal} + (SELECT count(*) FROM (
      SELECT line - ${firstDataLine - 1} - row_number() OVER (ORDER BY line) AS gap FROM ${sqlIdent(rejectedLines)}) g
    WHERE g.gap < ${ordinal}))`;
  const result = await storeParsed(store, parsedTable, row, { ...mapping, file });
  for (const t of [rejectsTable, rejectsScan, rejectedLines]) await store.run(`DROP TABLE IF EXISTS ${sqlIdent(t)}`);
  return { rowsRead: result.stored + result.quarantined + rejects.length, stored: result.stored, quarantined: result.quarantined + rejects.length };
}
