/**
 * The report query compiler: one grouped query behind every report, plus the provenance of what it
 * counted. It knows no domain: the report catalog (src/reports/) hands it plain descriptions — columns
 * to group by (optionally binned in time, or a key of a map column), conditions, measures, an order and
 * a cut — and it writes the SQL. A second engine compiles the same descriptions.
 */
import { UsageError } from '../domain/errors.ts';
import type { FilterOp } from '../domain/filters.ts';
import type { Param, Row, Store } from './db.ts';
import { sqlIdent, sqlString } from './sql.ts';

/** Time bins of a date or timestamp column (definitions: TIME_BINS). */
export type TimeBin = 'day' | 'week_ending_sun' | 'week_ending_mon' | 'iso_week' | 'month' | 'quarter' | 'year' | 'fiscal_year';

/** What each bin's label means; printed with every binned dimension. */
export const TIME_BINS: Record<TimeBin, string> = {
  day: 'the calendar date, YYYY-MM-DD',
  week_ending_sun: 'the week Monday–Sunday, labelled by the date of its Sunday (as pandas resample("W") / "W-SUN" labels weeks)',
  week_ending_mon: 'the week Tuesday–Monday, labelled by the date of its Monday (as pandas "W-MON")',
  iso_week: 'the ISO 8601 week, YYYY-Www (weeks start on Monday; week 1 holds the year\'s first Thursday, so early January can belong to the previous ISO year)',
  month: 'the calendar month, YYYY-MM',
  quarter: 'the calendar quarter, YYYY-Qn (Q1 = January–March)',
  year: 'the calendar year, YYYY',
  fiscal_year: 'the U.S. federal fiscal year, October–September, named for the year it ends (FY2020 = 2019-10-01 … 2020-09-30)',
};

export function isTimeBin(value: string): value is TimeBin {
  return Object.hasOwn(TIME_BINS, value);
}

/** A column (or a key of a MAP column), optionally put in a time bin. */
export interface ColumnRef {
  column: string;
  /** For a MAP(VARCHAR, VARCHAR) column: the value under this key (raw published cells). */
  key?: string;
  bin?: TimeBin;
  /** IANA zone a TIMESTAMP column (stored in UTC) is read in before binning; default UTC. */
  timeZone?: string;
}

export interface Comparison extends ColumnRef {
  op: FilterOp;
  values: string[];
  /** values = [from, to], inclusive: op '=' is "between", '!=' is "not between". */
  range?: boolean;
}

/** A comparison, or "any of" several (OR), nested freely. */
export type Condition = Comparison | { any: Condition[] };

export type MeasureKind = 'count' | 'count_distinct' | 'sum' | 'mean' | 'median' | 'min' | 'max' | 'share' | 'change';

export interface MeasureSpec {
  name: string;
  kind: MeasureKind;
  /** Column the measure reads (count_distinct, sum, mean, median, min, max). */
  input?: ColumnRef;
  /** share: names of the `by` columns whose groups are the whole (none = the total of the report). */
  within?: string[];
  /** change: the `by` column that orders periods; compared with the previous period or with `baseline`. */
  over?: string;
  baseline?: string;
  /** change: a percentage instead of a difference. */
  percent?: boolean;
}

export interface GroupedCountQuery {
  view: string;
  by: ({ name: string } & ColumnRef)[];
  where: Condition[];
  /** Cap on the number of groups returned (the total still counts every row). */
  limit?: number;
  /** Per-group values beside the count. */
  measures?: MeasureSpec[];
  /** Output columns to sort by (default: the `by` columns in order). */
  sort?: { column: string; descending?: boolean }[];
  /** Keep the first `top` groups after sorting; `others` adds one row for the rest. */
  top?: number;
  others?: boolean;
  /** Columns naming the source files a row draws on (default: source_id). */
  sourceColumns?: string[];
  /**
   * Count distinct values of this column instead of rows (a unit other than the view's row: flight
   * numbers per day, aircraft per day). The total is then the distinct count over all groups, not their sum.
   */
  countDistinct?: ColumnRef;
  /**
   * Column holding how many rows each row of `view` stands for, when `view` is a pre-aggregated copy of
   * the view (rollups): n = sum(weight) instead of count(*), sums and means weighted the same way.
   */
  weight?: string;
}

export interface GroupedCount {
  rows: Row[];
  total: number;
  truncated: boolean;
  sources: { source_id: number; path: string; sha256: string; kind: string; synthetic: boolean }[];
  releases: string[];
  /** Sums over all groups of the additive measures (sum, count). */
  measureTotals?: Record<string, number>;
}

/** Label of the "all others" row in the first `by` column. */
export const OTHERS = '(all others)';

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|REAL|DECIMAL)/;

/** Column types of a relation, for bins (date or timestamp) and numeric filters. */
export async function columnTypes(store: Store, relation: string): Promise<Map<string, string>> {
  const rows = await store.all<{ name: string; type: string }>(`SELECT column_name AS name, data_type AS type FROM information_schema.columns
    WHERE table_name = $1 AND table_schema = 'main'`, [relation]);
  return new Map(rows.map((r) => [r.name, r.type]));
}

const ZONE = /^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/;

/** SQL of a column reference: the column, a map's value, a time bin (always VARCHAR when binned). */
export function columnSql(ref: ColumnRef, types?: Map<string, string>): string {
  let value = sqlIdent(ref.column);
  if (ref.key !== undefined) value = `${value}[${sqlString(ref.key)}]`;
  if (!ref.bin) return value;
  const type = types?.get(ref.column);
  if (types && (!type || !/^(DATE|TIMESTAMP)/.test(type) || ref.key !== undefined)) {
    throw new UsageError(`a time bin (${ref.bin}) needs a date or timestamp column; ${ref.column} is ${type ?? 'not a column'}`);
  }
  const zone = ref.timeZone ?? 'UTC';
  if (!ZONE.test(zone)) throw new UsageError(`time zone "${zone}" is not an IANA zone name (America/Los_Angeles, UTC)`);
  const date = type?.startsWith('TIMESTAMP') ? `CAST(timezone(${sqlString(zone)}, ${value} AT TIME ZONE 'UTC') AS DATE)` : `CAST(${value} AS DATE)`;
  return binSql(ref.bin, date);
}

function binSql(bin: TimeBin, d: string): string {
  switch (bin) {
    case 'day': return `CAST(${d} AS VARCHAR)`;
    // isodow: Monday 1 … Sunday 7. A week ending on weekday e ends (e − isodow + 7) mod 7 days later.
    case 'week_ending_sun': return `CAST(${d} + CAST((7 - isodow(${d})) % 7 AS INTEGER) AS VARCHAR)`;
    case 'week_ending_mon': return `CAST(${d} + CAST((8 - isodow(${d})) % 7 AS INTEGER) AS VARCHAR)`;
    case 'iso_week': return `strftime(${d}, '%G-W%V')`;
    case 'month': return `strftime(${d}, '%Y-%m')`;
    case 'quarter': return `CAST(year(${d}) AS VARCHAR) || '-Q' || CAST(quarter(${d}) AS VARCHAR)`;
    case 'year': return `CAST(year(${d}) AS VARCHAR)`;
    case 'fiscal_year': return `'FY' || CAST(year(${d}) + CASE WHEN month(${d}) >= 10 THEN 1 ELSE 0 END AS VARCHAR)`;
  }
}

function isComparison(c: Condition): c is Comparison {
  return !('any' in c);
}

/** Every column a set of conditions reads. */
export function conditionColumns(where: Condition[]): string[] {
  return where.flatMap((c) => (isComparison(c) ? [c.column] : conditionColumns(c.any)));
}

function comparisonSql(c: Comparison, params: Param[], types?: Map<string, string>): string {
  const expression = columnSql(c, types);
  const type = c.bin || c.key !== undefined ? 'VARCHAR' : types?.get(c.column);
  // Numbers compare as numbers (9 < 10); everything else by its text form, so `true`, `2025-01-23` and
  // `FY2013` all mean what they read, and ISO dates order as dates.
  const numeric = type !== undefined && NUMERIC.test(type);
  if (numeric) for (const v of c.values) if (!Number.isFinite(Number(v))) throw new UsageError(`${c.column} is a number; "${v}" is not`);
  const left = numeric ? `CAST(${expression} AS DOUBLE)` : `CAST(${expression} AS VARCHAR)`;
  const placeholders = c.values.map((v) => { params.push(numeric ? Number(v) : v); return `$${params.length}`; });
  if (c.range) return `${left} ${c.op === '!=' ? 'NOT BETWEEN' : 'BETWEEN'} ${placeholders[0]} AND ${placeholders[1]}`;
  if (c.values.length > 1) return `${left} ${c.op === '!=' ? 'NOT IN' : 'IN'} (${placeholders.join(', ')})`;
  return `${left} ${c.op} ${placeholders[0]}`;
}

function conditionSql(c: Condition, params: Param[], types?: Map<string, string>): string {
  if (isComparison(c)) return comparisonSql(c, params, types);
  if (c.any.length === 0) return 'false';
  return `(${c.any.map((a) => conditionSql(a, params, types)).join(' OR ')})`;
}

/** `WHERE …` of a list of conditions, combined with AND (empty when there are none). */
export function whereSql(where: Condition[], params: Param[], types?: Map<string, string>): string {
  if (where.length === 0) return '';
  return `WHERE ${where.map((c) => conditionSql(c, params, types)).join(' AND ')}`;
}

/** Measures computed in the GROUP BY (the others are window functions over the groups). */
function aggregateSql(m: MeasureSpec, weight: string | undefined, types: Map<string, string>): string | null {
  const name = sqlIdent(m.name);
  if (m.kind === 'share' || m.kind === 'change' || m.kind === 'count') return null;
  if (!m.input) throw new UsageError(`measure ${m.name} needs a column`);
  const value = columnSql(m.input, types);
  if (m.kind === 'count_distinct') return `CAST(count(DISTINCT ${value}) AS BIGINT) AS ${name}`;
  const type = types.get(m.input.column);
  if (m.input.key === undefined && type && !NUMERIC.test(type)) throw new UsageError(`${m.kind} needs a number; ${m.input.column} is ${type}`);
  const w = weight ? sqlIdent(weight) : null;
  switch (m.kind) {
    case 'sum': {
      const sum = w ? `sum(${value} * ${w})` : `sum(${value})`;
      return `${type && /INT/.test(type) ? `CAST(${sum} AS BIGINT)` : sum} AS ${name}`;
    }
    case 'mean': return `round(${w ? `sum(${value} * ${w}) / sum(CASE WHEN ${value} IS NOT NULL THEN ${w} END)` : `avg(${value})`}, 1) AS ${name}`;
    case 'median':
      if (w) throw new UsageError('a median cannot be read from a pre-aggregated copy of the rows');
      return `round(median(${value}), 1) AS ${name}`;
    case 'min': return `min(${value}) AS ${name}`;
    case 'max': return `max(${value}) AS ${name}`;
  }
}

/** Window measures over the grouped rows: shares of a whole, changes between periods. */
function windowSql(m: MeasureSpec, byNames: string[]): string | null {
  const name = sqlIdent(m.name);
  if (m.kind === 'count') return `n AS ${name}`;
  if (m.kind === 'share') {
    const within = m.within ?? [];
    for (const w of within) if (!byNames.includes(w)) throw new UsageError(`share within ${w}: ${w} must be one of the groups (--by)`);
    return `round(100.0 * n / sum(n) OVER (${within.length ? `PARTITION BY ${within.map(sqlIdent).join(', ')}` : ''}), 2) AS ${name}`;
  }
  if (m.kind === 'change') {
    const over = m.over;
    if (!over || !byNames.includes(over)) throw new UsageError('a change needs a period among the groups (--by a date dimension or a binned one)');
    const others = byNames.filter((b) => b !== over);
    const partition = others.length ? `PARTITION BY ${others.map(sqlIdent).join(', ')}` : '';
    const before = m.baseline !== undefined
      ? `max(CASE WHEN CAST(${sqlIdent(over)} AS VARCHAR) = ${sqlString(m.baseline)} THEN n END) OVER (${partition})`
      : `lag(n) OVER (${partition} ORDER BY ${sqlIdent(over)})`;
    return m.percent ? `round(100.0 * (n - ${before}) / nullif(${before}, 0), 1) AS ${name}` : `CAST(n - ${before} AS BIGINT) AS ${name}`;
  }
  return null;
}

/** Measures whose values add up across groups (so an "all others" row and a total can carry them). */
function additive(m: MeasureSpec): boolean {
  return m.kind === 'count' || m.kind === 'sum' || m.kind === 'share';
}

export async function runGroupedCount(store: Store, query: GroupedCountQuery): Promise<GroupedCount> {
  const types = await columnTypes(store, query.view);
  const params: Param[] = [];
  const where = whereSql(query.where, params, types);
  const view = sqlIdent(query.view);
  const byNames = query.by.map((d) => d.name);
  const dims = query.by.map((d) => `${columnSql(d, types)} AS ${sqlIdent(d.name)}`);
  const measures = query.measures ?? [];
  const distinct = query.countDistinct ? columnSql(query.countDistinct, types) : null;
  const count = distinct ? `CAST(count(DISTINCT ${distinct}) AS BIGINT) AS n` : query.weight ? `CAST(sum(${sqlIdent(query.weight)}) AS BIGINT) AS n` : 'count(*) AS n';
  const aggregates = measures.map((m) => aggregateSql(m, query.weight, types)).filter((s): s is string => s !== null);
  const windows = measures.map((m) => windowSql(m, byNames));
  const grouped = `SELECT ${[...dims, count, ...aggregates].join(', ')} FROM ${view} ${where} ${query.by.length ? 'GROUP BY ALL' : ''}`;
  const output = ['*', ...windows.filter((s): s is string => s !== null)];
  const outputNames = new Set([...byNames, 'n', ...measures.map((m) => m.name)]);
  for (const s of query.sort ?? []) if (!outputNames.has(s.column)) throw new UsageError(`cannot sort by "${s.column}": the columns are ${[...outputNames].join(', ')}`);
  const sort = query.sort?.length ? query.sort : query.top !== undefined ? [{ column: 'n', descending: true }] : byNames.map((column) => ({ column, descending: false }));
  // Ties keep a stable order: the groups themselves break them.
  const order = [...sort.map((s) => `${sqlIdent(s.column)} ${s.descending ? 'DESC' : 'ASC'} NULLS LAST`), ...byNames.map((b) => `${sqlIdent(b)} ASC NULLS LAST`)];
  const sql = `SELECT ${output.join(', ')} FROM (${grouped}) g ${order.length ? `ORDER BY ${order.join(', ')}` : ''}`;
  let rows = await store.all(sql, params);
  // Distinct values can fall in several groups: their total is counted once over all groups.
  const total = distinct
    ? Number(await store.scalar(`SELECT count(DISTINCT ${distinct}) FROM ${view} ${where}`, params))
    : rows.reduce((sum, r) => sum + Number(r.n), 0);
  const measureTotals = measures.some((m) => m.kind === 'sum' || m.kind === 'count')
    ? Object.fromEntries(measures.filter((m) => m.kind === 'sum' || m.kind === 'count').map((m) => [m.name, rows.reduce((sum, r) => sum + Number(r[m.name] ?? 0), 0)]))
    : undefined;
  if (query.top !== undefined && rows.length > query.top) {
    const rest = rows.slice(query.top);
    rows = rows.slice(0, query.top);
    if (query.others) rows.push(othersRow(rest, byNames, measures, total));
  }
  const truncated = query.limit !== undefined && rows.length > query.limit;
  const { sources, releases } = await provenance(store, query, where, params, types);
  return { rows: truncated ? rows.slice(0, query.limit) : rows, total, truncated, sources, releases, ...(measureTotals ? { measureTotals } : {}) };
}

/** One row for every group past the top N: n and the additive measures summed, the rest left blank. */
function othersRow(rest: Row[], byNames: string[], measures: MeasureSpec[], total: number): Row {
  const row: Row = {};
  byNames.forEach((b, i) => { row[b] = i === 0 ? OTHERS : null; });
  const n = rest.reduce((sum, r) => sum + Number(r.n), 0);
  row.n = n;
  for (const m of measures) {
    // A share of the total is recomputed from n (adding rounded shares would add their rounding); a
    // share within groups spans several wholes here, so it is left blank.
    if (m.kind === 'share') row[m.name] = m.within?.length ? null : Math.round((10000 * n) / total) / 100;
    else row[m.name] = additive(m) ? rest.reduce((sum, r) => sum + Number(r[m.name] ?? 0), 0) : null;
  }
  row.groups = rest.length;
  return row;
}

async function provenance(store: Store, query: GroupedCountQuery, where: string, params: Param[], types: Map<string, string>) {
  const view = sqlIdent(query.view);
  const hasRelease = types.has('release');
  const sourceColumns = query.sourceColumns ?? ['source_id'];
  const sourceId = sourceColumns.length === 1 ? sqlIdent(sourceColumns[0]) : `unnest([${sourceColumns.map(sqlIdent).join(', ')}])`;
  const found = (await store.all<{ source_id: number | null; releases: string[] }>(
    `SELECT source_id, list(DISTINCT release) FILTER (WHERE release IS NOT NULL) AS releases FROM (
       SELECT ${sourceId} AS source_id, ${hasRelease ? 'release' : 'NULL::VARCHAR AS release'} FROM ${view} ${where}) GROUP BY source_id`, params))
    .filter((p) => p.source_id !== null);
  const ids = found.map((p) => p.source_id);
  const sources = ids.length === 0 ? [] : await store.all<GroupedCount['sources'][number] & Row>(
    `SELECT source_id, path, sha256, kind, synthetic FROM sources WHERE source_id IN (${ids.join(', ')}) ORDER BY source_id`);
  const releases = [...new Set(found.flatMap((p) => p.releases ?? []))].sort();
  return { sources, releases };
}
