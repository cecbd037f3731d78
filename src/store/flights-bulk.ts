/**
 * Moving many flight rows in and out of DuckDB without one driver call per value. Measured on this
 * project's shared 2-core machine (docs/performance.md, "Flights (issue 4)"): the row appender and the
 * driver's row conversion cost about 0.5–1 µs per value, so a 50,000-leg ADS-B batch spent most of its
 * time in the driver. Here:
 *   - rows go in as typed-array columns through the columnar appender (./columnar-appender.ts: one
 *     memory copy per column and 2,048 rows). Text that repeats (airports, keys, categories,
 *     classification reasons …) is numbered once per batch: the rows carry the number and the INSERT
 *     looks the text up in one list, so each distinct text crosses into DuckDB once. Text unique to a
 *     row (an evidence note) goes as itself;
 *   - rows come out as one JSON text of columns (`to_json({col: list(col), …})`), parsed by V8's JSON
 *     parser in one call.
 */
import type { Store } from './db.ts';
import { ColumnarAppender, type ColumnSource } from './columnar-appender.ts';
import { sqlIdent } from './sql.ts';

/**
 * How a column is staged:
 *   - `BIGINT`: a whole number below 2^53 (NULL for null/NaN);
 *   - `INTEGER`: a whole number ≥ 0 (NULL for null);
 *   - `EPOCH_MS`: a TIMESTAMP given as epoch milliseconds (NULL for NaN/null);
 *   - `BOOLEAN`;
 *   - `DICT`: text that repeats, numbered per batch (NULL for null and '');
 *   - `DATE`: a YYYY-MM-DD text, numbered like DICT and cast;
 *   - `VARCHAR`: text unique to the row (NULL for null and '').
 */
export type StageType = 'BIGINT' | 'INTEGER' | 'EPOCH_MS' | 'BOOLEAN' | 'DICT' | 'DATE' | 'VARCHAR';
export type StageValue = string | number | boolean | null | undefined;
type Column = readonly [string, StageType];

const TABLE_TYPE: Record<StageType, string> = { BIGINT: 'BIGINT', INTEGER: 'INTEGER', EPOCH_MS: 'TIMESTAMP', BOOLEAN: 'BOOLEAN', DICT: 'VARCHAR', DATE: 'DATE', VARCHAR: 'VARCHAR' };
const STAGE_TYPE: Record<StageType, string> = { BIGINT: 'BIGINT', INTEGER: 'INTEGER', EPOCH_MS: 'DOUBLE', BOOLEAN: 'UTINYINT', DICT: 'INTEGER', DATE: 'INTEGER', VARCHAR: 'VARCHAR' };

const F64 = 0, I32 = 1, U8 = 2, ID = 3, TEXT = 4;
const KIND: Record<StageType, number> = { BIGINT: F64, EPOCH_MS: F64, INTEGER: I32, BOOLEAN: U8, DICT: ID, DATE: ID, VARCHAR: TEXT };

/** Rows of one bulk insert, held as typed columns until `insertInto`. */
export class ColumnRows {
  private capacity = 1024;
  /** Per column, how a value is stored (a number compared per value instead of the type's name) and where (index into the list of its kind). */
  private readonly kinds: Uint8Array;
  private readonly slots: Int32Array;
  // One list per element type, so every store in `add` is monomorphic.
  private f64: Float64Array[] = [];
  private i32: Int32Array[] = [];
  private u8: Uint8Array[] = [];
  private texts: string[][] = [];
  private readonly dict = new Map<string, number>();
  private readonly dictValues: string[] = [];
  count = 0;

  constructor(readonly columns: readonly Column[]) {
    this.kinds = Uint8Array.from(columns, ([, t]) => KIND[t]);
    this.slots = Int32Array.from(columns, ([, t]) => {
      const kind = KIND[t];
      if (kind === F64) return this.f64.push(new Float64Array(this.capacity)) - 1;
      if (kind === U8) return this.u8.push(new Uint8Array(this.capacity)) - 1;
      if (kind === TEXT) return this.texts.push([]) - 1;
      return this.i32.push(new Int32Array(this.capacity)) - 1;
    });
  }

  private grow(): void {
    this.capacity *= 2;
    const cap = this.capacity;
    this.f64 = this.f64.map((a) => { const b = new Float64Array(cap); b.set(a); return b; });
    this.i32 = this.i32.map((a) => { const b = new Int32Array(cap); b.set(a); return b; });
    this.u8 = this.u8.map((a) => { const b = new Uint8Array(cap); b.set(a); return b; });
  }

  add(values: readonly StageValue[]): void {
    const kinds = this.kinds, slots = this.slots;
    if (values.length !== kinds.length) throw new Error(`bulk row has ${values.length} values for ${kinds.length} columns`);
    if (this.count === this.capacity) this.grow();
    const r = this.count++;
    for (let c = 0; c < kinds.length; c++) {
      const v = values[c];
      const kind = kinds[c];
      if (kind === ID) {
        if (v == null || v === '') { this.i32[slots[c]][r] = -1; continue; }
        const text = typeof v === 'string' ? v : String(v);
        let id = this.dict.get(text);
        if (id === undefined) { id = this.dictValues.length; this.dict.set(text, id); this.dictValues.push(text); }
        this.i32[slots[c]][r] = id;
      } else if (kind === F64) this.f64[slots[c]][r] = v == null ? NaN : +v;
      else if (kind === I32) this.i32[slots[c]][r] = v == null ? -1 : +v;
      else if (kind === U8) this.u8[slots[c]][r] = v == null ? 2 : v ? 1 : 0;
      else this.texts[slots[c]].push(v == null || v === '' ? '' : String(v));
    }
  }

  /** Sets one text cell (DICT, DATE or VARCHAR) of a row already added (e.g. a value known only after all rows are). */
  setText(row: number, column: number, value: string | null): void {
    const kind = this.kinds[column];
    if (kind === TEXT) { this.texts[this.slots[column]][row] = value ?? ''; return; }
    if (kind !== ID) throw new Error(`setText: column ${this.columns[column][0]} is not a text column`);
    let id = -1;
    if (value != null && value !== '') {
      const known = this.dict.get(value);
      if (known === undefined) { id = this.dictValues.length; this.dict.set(value, id); this.dictValues.push(value); } else id = known;
    }
    this.i32[this.slots[column]][row] = id;
  }

  /** `INSERT INTO table (columns) SELECT …` from the staged columns, on the store's connection (inside its transaction). */
  async insertInto(store: Store, table: string): Promise<number> {
    if (this.count === 0) return 0;
    const stage = `${table}__stage`, dict = `${table}__dict`;
    await store.run(`CREATE OR REPLACE TEMP TABLE ${sqlIdent(stage)} (${this.columns.map(([n, t]) => `${sqlIdent(n)} ${STAGE_TYPE[t]}`).join(', ')})`);
    const n = this.count;
    const sources: ColumnSource[] = this.columns.map(([, type], c): ColumnSource => {
      const slot = this.slots[c];
      switch (type) {
        case 'BIGINT': return { kind: 'i64', values: this.f64[slot], nullIfNaN: true };
        case 'EPOCH_MS': return { kind: 'f64', values: this.f64[slot], nanIsNull: true };
        case 'INTEGER': case 'DICT': case 'DATE': return { kind: 'i32', values: this.i32[slot], nullBelow: 0 };
        case 'BOOLEAN': return { kind: 'u8', values: this.u8[slot] };
        default: {
          const texts = this.texts[slot];
          const ids = new Int32Array(n);
          for (let i = 0; i < n; i++) ids[i] = texts[i] === '' ? -1 : i;
          return { kind: 'strings', ids, strings: texts };
        }
      }
    });
    const appender = await ColumnarAppender.open(store, stage);
    try { appender.append(sources, 0, n); } finally { appender.close(); }
    const hasDict = this.dictValues.length > 0;
    if (hasDict) {
      await store.run(`CREATE OR REPLACE TEMP TABLE ${sqlIdent(dict)} (id INTEGER, v VARCHAR)`);
      const ids = Int32Array.from({ length: this.dictValues.length }, (_, i) => i);
      const d = await ColumnarAppender.open(store, dict);
      try { d.append([{ kind: 'i32', values: ids }, { kind: 'strings', ids, strings: this.dictValues }], 0, ids.length); } finally { d.close(); }
    }
    const select = this.columns.map(([name, type]) => {
      const c = `s.${sqlIdent(name)}`;
      switch (type) {
        case 'EPOCH_MS': return `make_timestamp(CAST(${c} * 1000 AS BIGINT))`;
        case 'BOOLEAN': return `CASE ${c} WHEN 1 THEN true WHEN 0 THEN false END`;
        case 'DICT': return `d.l[${c} + 1]`;
        case 'DATE': return `CAST(d.l[${c} + 1] AS DATE)`;
        default: return c;
      }
    }).join(', ');
    const names = this.columns.map(([name]) => sqlIdent(name)).join(', ');
    await store.run(`INSERT INTO ${sqlIdent(table)} (${names}) SELECT ${select} FROM ${sqlIdent(stage)} s,
      (SELECT ${hasDict ? `list(v ORDER BY id)` : '[]::VARCHAR[]'} AS l ${hasDict ? `FROM ${sqlIdent(dict)}` : ''}) d`);
    await store.run(`DROP TABLE ${sqlIdent(stage)}`);
    if (hasDict) await store.run(`DROP TABLE ${sqlIdent(dict)}`);
    return n;
  }
}

/** A temporary table with these columns (their table types), filled with the rows. */
export async function tempTable(store: Store, name: string, rows: ColumnRows): Promise<void> {
  await store.run(`CREATE OR REPLACE TEMP TABLE ${sqlIdent(name)} (${rows.columns.map(([n, t]) => `${sqlIdent(n)} ${TABLE_TYPE[t]}`).join(', ')})`);
  await rows.insertInto(store, name);
}

/**
 * Reads a query's result as columns: `{ name: values[] }` for every column the query selects, all
 * arrays in the same row order. Numbers come back as numbers (BIGINT below 2^53), dates and
 * timestamps as DuckDB's text unless the query converts them (use epoch_ms for times).
 *
 * One ungrouped aggregate builds every list from the same rows in the same order (each thread's
 * partial lists are combined together), so the arrays line up; callers that need an order sort by
 * an id column they read.
 */
export async function readColumns<K extends string>(store: Store, query: string, names: readonly K[]): Promise<{ n: number; columns: Record<K, unknown[]> }> {
  const lists = names.map((n) => `${sqlIdent(n)}: list(q.${sqlIdent(n)})`).join(', ');
  // The driver's per-value conversion is what this avoids: read the one text cell directly.
  const reader = await store.connection.runAndReadAll(`SELECT CAST(to_json({__n: count(*), ${lists}}) AS VARCHAR) FROM (${query}) q`);
  const text = reader.getColumnsJS()[0]?.[0] as string | null | undefined;
  const parsed = JSON.parse(text ?? '{}') as Record<string, unknown>;
  const n = Number(parsed.__n ?? 0);
  const columns = {} as Record<K, unknown[]>;
  for (const name of names) {
    const values = (parsed[name] as unknown[] | null) ?? [];
    if (values.length !== n) throw new Error(`readColumns: column ${name} has ${values.length} values for ${n} rows`);
    columns[name] = values;
  }
  return { n, columns };
}
