/**
 * Appends typed-array columns to a DuckDB table at memory speed: each column of a 2,048-row chunk is
 * one memcpy into the chunk's vector (the C API's data chunk + appender), instead of one driver call
 * per value (the row appender manages a few million values per second; this moves tens of millions
 * of rows). NaN in a FLOAT/DOUBLE column and -1 in an id column can be stored as NULL.
 *
 * Runs on the store's connection, so it takes part in the pipeline's transaction.
 */
import duckdb from '@duckdb/node-bindings';
import type { DuckDBAppender } from '@duckdb/node-api';
import type { Store } from './db.ts';

/** One column's values for the rows being appended. */
export type ColumnSource =
  | { kind: 'f64'; values: Float64Array; nanIsNull?: boolean }
  | { kind: 'f32'; values: Float32Array; nanIsNull?: boolean }
  | { kind: 'i32'; values: Int32Array; nullBelow?: number }
  | { kind: 'i64'; values: Float64Array; nullIfNaN?: boolean }
  | { kind: 'u32'; values: Uint32Array }
  | { kind: 'u8'; values: Uint8Array }
  /** TIMESTAMP from epoch seconds (microsecond precision). */
  | { kind: 'timestamp'; seconds: Float64Array }
  /** A constant for every row. */
  | { kind: 'const-i32'; value: number }
  | { kind: 'const-u32'; value: number }
  /** VARCHAR from a string table: `ids[i]` indexes `strings`, -1 is NULL. Meant for sparse columns. */
  | { kind: 'strings'; ids: Int32Array; strings: readonly string[] };

/**
 * A column already in DuckDB's in-memory layout for rows 0…n-1: fixed-width values (`data`, any typed
 * array whose element is the column's width) with an optional validity bitmap (bit set = present,
 * 32 rows per word), a constant, or sparse strings.
 */
export type RawColumn =
  | { kind: 'raw'; data: ArrayBufferView; width: number; validity?: Uint32Array }
  | { kind: 'const-i32'; value: number }
  | { kind: 'strings'; ids: Int32Array; strings: readonly string[] };

const CHUNK = duckdb.vector_size();
const WORDS = Math.ceil(CHUNK / 64);

export class ColumnarAppender {
  private readonly raw: duckdb.Appender;
  private readonly chunk: duckdb.DataChunk;
  private readonly vectors: duckdb.Vector[];
  private readonly scratch8 = new ArrayBuffer(CHUNK * 8);
  private readonly i32x2 = new Int32Array(this.scratch8);
  private readonly u32 = new Uint32Array(this.scratch8);
  private readonly i32 = new Int32Array(this.scratch8, 0, CHUNK);
  private readonly validity = new BigUint64Array(WORDS);
  private readonly validity32 = new Uint32Array(this.validity.buffer);
  rows = 0;

  private constructor(private readonly appender: DuckDBAppender, readonly columnCount: number) {
    // The node-api appender keeps its C handle private; the chunk path needs the handle itself.
    this.raw = (appender as unknown as { appender: duckdb.Appender }).appender;
    const types: duckdb.LogicalType[] = [];
    for (let c = 0; c < columnCount; c++) types.push(duckdb.appender_column_type(this.raw, c));
    this.chunk = duckdb.create_data_chunk(types);
    this.vectors = types.map((_, c) => duckdb.data_chunk_get_vector(this.chunk, c));
  }

  static async open(store: Store, table: string): Promise<ColumnarAppender> {
    const appender = await store.appender(table);
    return new ColumnarAppender(appender, appender.columnCount);
  }

  /** Appends rows [from, to) of the sources (one per table column, in table order). */
  append(columns: readonly ColumnSource[], from: number, to: number): void {
    if (columns.length !== this.columnCount) throw new Error(`columnar append: ${columns.length} columns given, the table has ${this.columnCount}`);
    for (let start = from; start < to; start += CHUNK) {
      const n = Math.min(CHUNK, to - start);
      duckdb.data_chunk_reset(this.chunk);
      for (let c = 0; c < columns.length; c++) this.fill(this.vectors[c], columns[c], start, n);
      duckdb.data_chunk_set_size(this.chunk, n);
      duckdb.append_data_chunk(this.raw, this.chunk);
      this.rows += n;
    }
  }

  /** Writes the validity mask of a nullable column (always, so no mask of an earlier chunk survives). */
  /**
   * Appends rows 0…n-1 of columns in DuckDB's layout: per 2,048-row chunk, one memory copy per column
   * and one per validity mask. No per-value work except for the sparse strings.
   */
  appendRaw(columns: readonly RawColumn[], n: number): void {
    if (columns.length !== this.columnCount) throw new Error(`columnar append: ${columns.length} columns given, the table has ${this.columnCount}`);
    for (let start = 0; start < n; start += CHUNK) {
      const rows = Math.min(CHUNK, n - start);
      duckdb.data_chunk_reset(this.chunk);
      for (let c = 0; c < columns.length; c++) {
        const col = columns[c], vector = this.vectors[c];
        if (col.kind === 'raw') {
          const d = col.data;
          duckdb.copy_data_to_vector(vector, 0, d.buffer as ArrayBuffer, d.byteOffset + start * col.width, rows * col.width);
          if (col.validity) {
            const v = col.validity;
            duckdb.vector_ensure_validity_writable(vector);
            duckdb.copy_data_to_vector_validity(vector, 0, v.buffer as ArrayBuffer, v.byteOffset + (start >>> 5) * 4, WORDS * 8);
          }
        } else if (col.kind === 'const-i32') {
          this.i32.fill(col.value, 0, rows);
          duckdb.copy_data_to_vector(vector, 0, this.scratch8, 0, rows * 4);
        } else {
          const ids = col.ids, v = this.validity32;
          v.fill(0);
          for (let i = 0; i < rows; i++) {
            const id = ids[start + i];
            if (id >= 0) { duckdb.vector_assign_string_element(vector, i, col.strings[id]); v[i >>> 5] |= 1 << (i & 31); }
          }
          duckdb.vector_ensure_validity_writable(vector);
          duckdb.copy_data_to_vector_validity(vector, 0, this.validity.buffer, 0, WORDS * 8);
        }
      }
      duckdb.data_chunk_set_size(this.chunk, rows);
      duckdb.append_data_chunk(this.raw, this.chunk);
      this.rows += rows;
    }
  }

  private setValidity(vector: duckdb.Vector, n: number, invalid: (i: number) => boolean): void {
    const v = this.validity32;
    v.fill(0xffffffff);
    for (let i = 0; i < n; i++) if (invalid(i)) v[i >>> 5] &= ~(1 << (i & 31));
    duckdb.vector_ensure_validity_writable(vector);
    duckdb.copy_data_to_vector_validity(vector, 0, this.validity.buffer, 0, WORDS * 8);
  }

  private fill(vector: duckdb.Vector, col: ColumnSource, s: number, n: number): void {
    switch (col.kind) {
      case 'f64': {
        const a = col.values;
        duckdb.copy_data_to_vector(vector, 0, a.buffer as ArrayBuffer, a.byteOffset + s * 8, n * 8);
        if (col.nanIsNull) this.setValidity(vector, n, (i) => a[s + i] !== a[s + i]);
        return;
      }
      case 'f32': {
        const a = col.values;
        duckdb.copy_data_to_vector(vector, 0, a.buffer as ArrayBuffer, a.byteOffset + s * 4, n * 4);
        if (col.nanIsNull) this.setValidity(vector, n, (i) => a[s + i] !== a[s + i]);
        return;
      }
      case 'i32': {
        const a = col.values;
        duckdb.copy_data_to_vector(vector, 0, a.buffer as ArrayBuffer, a.byteOffset + s * 4, n * 4);
        if (col.nullBelow !== undefined) { const lim = col.nullBelow; this.setValidity(vector, n, (i) => a[s + i] < lim); }
        return;
      }
      case 'u32': {
        const a = col.values;
        duckdb.copy_data_to_vector(vector, 0, a.buffer as ArrayBuffer, a.byteOffset + s * 4, n * 4);
        return;
      }
      case 'u8': {
        const a = col.values;
        duckdb.copy_data_to_vector(vector, 0, a.buffer as ArrayBuffer, a.byteOffset + s, n);
        return;
      }
      case 'i64': {
        // Whole numbers below 2^53 as two 32-bit halves (little-endian), no BigInt per value.
        const a = col.values, w = this.i32x2;
        for (let i = 0; i < n; i++) {
          const v = a[s + i];
          if (v !== v) { w[2 * i] = 0; w[2 * i + 1] = 0; continue; }
          const hi = Math.floor(v / 4294967296);
          w[2 * i] = (v - hi * 4294967296) | 0;
          w[2 * i + 1] = hi;
        }
        duckdb.copy_data_to_vector(vector, 0, this.scratch8, 0, n * 8);
        if (col.nullIfNaN) this.setValidity(vector, n, (i) => a[s + i] !== a[s + i]);
        return;
      }
      case 'timestamp': {
        const a = col.seconds, w = this.i32x2;
        for (let i = 0; i < n; i++) {
          const us = Math.round(a[s + i] * 1e6);
          const hi = Math.floor(us / 4294967296);
          w[2 * i] = (us - hi * 4294967296) | 0;
          w[2 * i + 1] = hi;
        }
        duckdb.copy_data_to_vector(vector, 0, this.scratch8, 0, n * 8);
        return;
      }
      case 'const-i32': {
        this.i32.fill(col.value, 0, n);
        duckdb.copy_data_to_vector(vector, 0, this.scratch8, 0, n * 4);
        return;
      }
      case 'const-u32': {
        this.u32.fill(col.value, 0, n);
        duckdb.copy_data_to_vector(vector, 0, this.scratch8, 0, n * 4);
        return;
      }
      case 'strings': {
        const ids = col.ids;
        for (let i = 0; i < n; i++) {
          const id = ids[s + i];
          if (id >= 0) duckdb.vector_assign_string_element(vector, i, col.strings[id]);
        }
        this.setValidity(vector, n, (i) => ids[s + i] < 0);
        return;
      }
    }
  }

  close(): void {
    this.appender.closeSync();
  }
}
