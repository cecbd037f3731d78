/**
 * Rows of a table or view, a page at a time (keyset pagination) or streamed, with the same filters as
 * the reports (`whereSql`: the text form of a column compared with the value as written). For the
 * API's `/<table>.json|.csv|.ndjson|.geojson` routes.
 *
 * Keyset, not OFFSET: a page starts after the key of the previous page's last row, so a page costs the
 * same wherever it is, and rows ingested meanwhile do not shift the pages (Datasette does the same).
 * Keys are ordered NULLS FIRST and compared NULL-aware (`source_sheet` is NULL for CSV rows).
 */
import { JSDuckDBValueConverter, JsonDuckDBValueConverter } from '@duckdb/node-api';
import type { FilterOp } from '../domain/filters.ts';
import { plainValue, type Param, type Row, type Store } from './db.ts';
import { whereSql } from './grouped-count.ts';
import { sqlIdent } from './sql.ts';

export interface ColumnInfo {
  name: string;
  type: string;
}

/** Columns of a table or view, in order, with their DuckDB types. */
export async function columnsOf(store: Store, relation: string): Promise<ColumnInfo[]> {
  return store.all<ColumnInfo & Row>(`SELECT column_name AS name, data_type AS type FROM information_schema.columns
    WHERE table_name = $1 AND table_schema = 'main' ORDER BY ordinal_position`, [relation]);
}

export interface RowsQuery {
  /** Table or view. */
  from: string;
  /** Key columns (or `rowid` for a base table) identifying one row, in order. */
  key: { name: string; type: string }[];
  where: { column: string; op: FilterOp; values: string[] }[];
  /** Key values of the last row already seen. */
  after?: unknown[];
  /** Rows per page; without it, every row (for streams). */
  size?: number;
  /** Largest key first (NULLs last) instead of smallest first (NULLs first). */
  descending?: boolean;
}

export interface RowsPage {
  columns: string[];
  types: string[];
  rows: Row[];
  /** Key of the last row when more rows follow, else null. */
  next: unknown[] | null;
}

const KEY_PREFIX = '__key';

function keyedSelect(query: RowsQuery, params: Param[]): string {
  const filters = whereSql(query.where, params);
  const clauses = filters ? [filters.replace(/^WHERE /, '')] : [];
  if (query.after) clauses.push(afterSql(query.key, query.after, params, query.descending));
  const keys = query.key.map((k, i) => `${k.name === 'rowid' ? 'rowid' : sqlIdent(k.name)} AS ${KEY_PREFIX}${i}`);
  const order = query.key.map((_, i) => `${KEY_PREFIX}${i} ${query.descending ? 'DESC NULLS LAST' : 'NULLS FIRST'}`).join(', ');
  return `SELECT *, ${keys.join(', ')} FROM ${sqlIdent(query.from)} ${clauses.length ? `WHERE ${clauses.join(' AND ')}` : ''} ORDER BY ${order}`;
}

/** `k0 > v0 OR (k0 = v0 AND (k1 > v1 OR …))`, where a NULL value sorts first (descending: `<`, NULLs last). */
function afterSql(key: RowsQuery['key'], after: unknown[], params: Param[], descending = false): string {
  const column = (i: number) => (key[i].name === 'rowid' ? 'rowid' : sqlIdent(key[i].name));
  const value = (i: number) => { params.push(after[i] as Param); return `CAST($${params.length} AS ${key[i].type})`; };
  const greater = (i: number) => (descending
    ? (after[i] === null ? 'FALSE' : `(${column(i)} < ${value(i)} OR ${column(i)} IS NULL)`)
    : (after[i] === null ? `${column(i)} IS NOT NULL` : `${column(i)} > ${value(i)}`));
  const equal = (i: number) => (after[i] === null ? `${column(i)} IS NULL` : `${column(i)} = ${value(i)}`);
  const build = (i: number): string => (i === key.length - 1 ? greater(i) : `(${greater(i)} OR (${equal(i)} AND ${build(i + 1)}))`);
  return build(0);
}

function splitKeys(columns: string[], types: string[], rows: Row[], keyCount: number) {
  const visible = columns.filter((c) => !c.startsWith(KEY_PREFIX));
  const keys = rows.map((r) => Array.from({ length: keyCount }, (_, i) => r[`${KEY_PREFIX}${i}`]));
  for (const row of rows) for (let i = 0; i < keyCount; i++) delete row[`${KEY_PREFIX}${i}`];
  return { columns: visible, types: types.slice(0, visible.length), keys };
}

export async function pageRows(store: Store, query: RowsQuery): Promise<RowsPage> {
  const params: Param[] = [];
  const size = query.size ?? 100;
  const result = await store.table(`${keyedSelect(query, params)} LIMIT ${size + 1}`, params);
  const more = result.rows.length > size;
  const rows = more ? result.rows.slice(0, size) : result.rows;
  const { columns, types, keys } = splitKeys(result.columns, result.types, rows, query.key.length);
  return { columns, types, rows, next: more ? keys[keys.length - 1] : null };
}

/**
 * Every row matching the query, a chunk at a time, from one streaming result (no re-scan per page).
 * The first item is the column list. Stopping early (a client that hangs up) abandons the result.
 */
export async function* streamRows(store: Store, query: RowsQuery): AsyncGenerator<{ columns: string[] } | { rows: Row[] }> {
  const params: Param[] = [];
  const result = await store.connection.stream(`${keyedSelect(query, params)}${query.size ? ` LIMIT ${query.size}` : ''}`, params as never);
  const names = result.columnNames();
  const types = result.columnTypes().map(String);
  const visible = names.filter((c) => !c.startsWith(KEY_PREFIX)).length;
  yield { columns: names.slice(0, visible) };
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) return;
    const js = chunk.convertRows(JSDuckDBValueConverter);
    const json = chunk.convertRows(JsonDuckDBValueConverter);
    const rows = js.map((values, r) => {
      const row: Row = {};
      for (let c = 0; c < visible; c++) row[names[c]] = plainValue(values[c], json[r][c], types[c]);
      return row;
    });
    yield { rows };
  }
}
