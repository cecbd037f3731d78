/**
 * Moving many rows in and out of DuckDB without one driver call per value (the flight store uses it
 * for leg batches of a day of worldwide ADS-B traffic). Measured on this
 * project's shared 2-core machine (docs/performance.md, "Flights"): the row appender and the
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
 *   - `VARCHAR`: text unique to the row (NULL for null and '');
 *   - `MISSION`: a mission id `M<n>` given as the number n (missions are named after their first leg).
 */
export type StageType = 'BIGINT' | 'INTEGER' | 'EPOCH_MS' | 'BOOLEAN' | 'DICT' | 'DATE' | 'VARCHAR' | 'MISSION';
export type StageValue = string | number | boolean | null | undefined;
type Column = readonly [string, StageType];

const TABLE_TYPE: Record<StageType, string> = { BIGINT: 'BIGINT', INTEGER: 'INTEGER', EPOCH_MS: 'TIMESTAMP', BOOLEAN: 'BOOLEAN', DICT: 'VARCHAR', DATE: 'DATE', VARCHAR: 'VARCHAR', MISSION: 'VARCHAR' };
const STAGE_TYPE: Record<StageType, string> = { BIGINT: 'BIGINT', INTEGER: 'INTEGER', EPOCH_MS: 'DOUBLE', BOOLEAN: 'UTINYINT', DICT: 'INTEGER', DATE: 'INTEGER', VARCHAR: 'VARCHAR', MISSION: 'BIGINT' };

const F64 = 0, I32 = 1, U8 = 2, ID = 3, TEXT = 4;
const KIND: Record<StageType, number> = { BIGINT: F64, EPOCH_MS: F64, MISSION: F64, INTEGER: I32, BOOLEAN: U8, DICT: ID, DATE: ID, VARCHAR: TEXT };
/** Rows a streaming batch holds before handing them to the appender (its chunk size). */
const STREAM_ROWS = 2048;

/**
 * Rows of one bulk insert, held as typed columns until `insertInto`. A batch opened with `streaming`
 * hands every 2,048 rows to the appender as they come, so text unique to a row (a 250-byte evidence
 * record per input) does not live in the JavaScript heap for the whole batch: kept, it was copied by
 * every young-generation collection and cost more than the rest of the batch.
 */
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
  /** Streaming: the open appender on the stage table, and the rows already handed to it. */
  private appender: ColumnarAppender | null = null;
  private flushed = 0;
  private stageOf: string | null = null;
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

  /**
   * Rows for `table` that go to its stage as they are added. Between `streaming` and `endAppend`
   * (or `insertInto`) the caller runs no other statement on the store: the appender is open on its
   * connection.
   */
  static async streaming(store: Store, table: string, columns: readonly Column[]): Promise<ColumnRows> {
    const rows = new ColumnRows(columns);
    rows.stageOf = `${table}__stage`;
    await rows.createStage(store, rows.stageOf);
    rows.appender = await ColumnarAppender.open(store, rows.stageOf);
    return rows;
  }

  private async createStage(store: Store, stage: string): Promise<void> {
    await store.run(`CREATE OR REPLACE TEMP TABLE ${sqlIdent(stage)} (${this.columns.map(([n, t]) => `${sqlIdent(n)} ${STAGE_TYPE[t]}`).join(', ')})`);
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
    let r = this.count - this.flushed;
    if (this.appender && r === STREAM_ROWS) { this.flush(); r = 0; }
    if (r === this.capacity) this.grow();
    this.count++;
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

  /** Sets one cell of a row already added (a value known only after all rows are). Not for streaming rows. */
  set(row: number, column: number, value: StageValue): void {
    if (this.stageOf) throw new Error('set: streaming rows are handed to the appender as they come');
    const kind = this.kinds[column], slot = this.slots[column];
    if (kind === TEXT) { this.texts[slot][row] = value == null ? '' : String(value); return; }
    if (kind === F64) { this.f64[slot][row] = value == null ? NaN : +value; return; }
    if (kind !== ID) throw new Error(`set: column ${this.columns[column][0]} takes no text or number set later`);
    let id = -1;
    if (value != null && value !== '') {
      const text = String(value);
      const known = this.dict.get(text);
      if (known === undefined) { id = this.dictValues.length; this.dict.set(text, id); this.dictValues.push(text); } else id = known;
    }
    this.i32[slot][row] = id;
  }

  /** The rows held (from `flushed` on) as appender columns. */
  private sources(n: number): ColumnSource[] {
    return this.columns.map(([, type], c): ColumnSource => {
      const slot = this.slots[c];
      switch (type) {
        case 'BIGINT': case 'MISSION': return { kind: 'i64', values: this.f64[slot], nullIfNaN: true };
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
  }

  private flush(): void {
    const n = this.count - this.flushed;
    if (n > 0) this.appender!.append(this.sources(n), 0, n);
    this.flushed = this.count;
    for (let t = 0; t < this.texts.length; t++) this.texts[t] = [];
  }

  /** Streaming: hands the last rows to the appender and closes it (the stage stays for `insertInto`). */
  endAppend(): void {
    if (!this.appender) return;
    try { this.flush(); } finally { this.appender.close(); this.appender = null; }
  }

  /** `INSERT INTO table (columns) SELECT …` from the staged columns, on the store's connection (inside its transaction). */
  async insertInto(store: Store, table: string): Promise<number> {
    const stage = this.stageOf ?? `${table}__stage`, dict = `${table}__dict`;
    if (this.stageOf) {
      this.endAppend();
      if (this.count === 0) { await store.run(`DROP TABLE ${sqlIdent(stage)}`); return 0; }
    } else {
      if (this.count === 0) return 0;
      await this.createStage(store, stage);
      const appender = await ColumnarAppender.open(store, stage);
      try { appender.append(this.sources(this.count), 0, this.count); } finally { appender.close(); }
    }
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
        case 'MISSION': return `'M' || ${c}`;
        default: return c;
      }
    }).join(', ');
    const names = this.columns.map(([name]) => sqlIdent(name)).join(', ');
    await store.run(`INSERT INTO ${sqlIdent(table)} (${names}) SELECT ${select} FROM ${sqlIdent(stage)} s,
      (SELECT ${hasDict ? `list(v ORDER BY id)` : '[]::VARCHAR[]'} AS l ${hasDict ? `FROM ${sqlIdent(dict)}` : ''}) d`);
    await store.run(`DROP TABLE ${sqlIdent(stage)}`);
    if (hasDict) await store.run(`DROP TABLE ${sqlIdent(dict)}`);
    return this.count;
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
