/**
 * The DuckDB engine, deportwatch's embedded default: one DuckDB file. This folder is the only place that
 * imports the driver; ./interface.ts says what the rest of the code asks of an engine.
 *
 * DuckDB lets one process hold a database file (a second one cannot open it, even read-only), so an
 * open that hits the lock becomes a UserError that says which process holds it and what to do.
 */
import { DuckDBConnection, DuckDBInstance, type DuckDBAppender, type DuckDBResultReader } from '@duckdb/node-api';
import { resolve } from 'node:path';
import { UserError } from '../domain/errors.ts';
import { sqlString } from './sql.ts';
import type { Engine, Param, Row } from './interface.ts';

export type { Param, Row } from './interface.ts';
/** DuckDB's bulk appender (a BulkAppender with every DuckDB type; the columnar appender uses its vectors). */
export type Appender = DuckDBAppender;

export const DEFAULT_DB_PATH = './deportwatch.duckdb';

/** The database path from an explicit option, then DEPORTWATCH_DB, then ./deportwatch.duckdb. */
export function resolveDbPath(explicit?: string): string {
  return explicit ?? process.env.DEPORTWATCH_DB ?? DEFAULT_DB_PATH;
}

/**
 * The storage format new database files are written in. DuckDB's default keeps files readable by
 * v0.10.2; the newer format stores text faster (bulk loads of FOIA releases write a fifth less
 * CPU-time), and deportwatch only ever opens its files with its own DuckDB. A file made in the
 * old format stays readable and is still written.
 */
const STORAGE_VERSION = 'v1.5.0';

/** Any commit checkpoints (its log would pass the threshold), and one that does skips the log. */
const COMMIT_BY_CHECKPOINT = { checkpoint_threshold: '1B', auto_checkpoint_skip_wal_threshold: '0' };

export interface OpenOptions {
  /** Open the file read-only (the server's sandbox, user SQL). */
  readOnly?: boolean;
  /** DuckDB configuration applied at open time (e.g. memory_limit, threads). */
  config?: Record<string, string>;
}

/** The DuckDB engine: one instance (file or memory) and a connection to it. */
export class Store implements Engine {
  /** False for a store made by `connect()`: closing it closes its connection, not the shared instance. */
  private ownsInstance = true;

  private constructor(
    readonly path: string,
    readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
  ) {}

  static async open(path: string = resolveDbPath(), options: OpenOptions = {}): Promise<Store> {
    const config: Record<string, string> = { storage_compatibility_version: STORAGE_VERSION, ...(options.config ?? {}) };
    if (options.readOnly) config.access_mode = 'READ_ONLY';
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(path, config);
    } catch (error) {
      throw translateOpenError(path, error);
    }
    return new Store(path, instance, await instance.connect());
  }

  /** An in-memory database with no schema (scratch work such as writing a Parquet file). */
  static memory(): Promise<Store> {
    return Store.open(':memory:');
  }

  /**
   * Another connection to the same instance, for work that runs beside this one (the HTTP server's
   * concurrent readers; a query that may be interrupted without touching other requests). Never open
   * the same file a second time instead: a second instance in one process gets no lock error but reads
   * a stale snapshot (docs/api.md, "One database, one instance").
   */
  async connect(): Promise<Store> {
    const store = new Store(this.path, this.instance, await this.instance.connect());
    store.ownsInstance = false;
    return store;
  }

  async run(sql: string, params: Param[] = []): Promise<void> {
    if (params.length === 0) await this.connection.run(sql);
    else await this.connection.run(sql, params as never);
  }

  /** Runs a statement and returns the number of rows it inserted, updated or deleted. */
  async runCount(sql: string, params: Param[] = []): Promise<number> {
    const result = params.length === 0 ? await this.connection.run(sql) : await this.connection.run(sql, params as never);
    return result.rowsChanged;
  }

  async all<T extends Row = Row>(sql: string, params: Param[] = []): Promise<T[]> {
    const result = params.length === 0 ? await this.connection.runAndReadAll(sql)
      : await this.connection.runAndReadAll(sql, params as never);
    return toRows(result) as T[];
  }

  /** Rows plus their column names and types, for query output that keeps column order. */
  async table(sql: string, params: Param[] = []): Promise<{ columns: string[]; types: string[]; rows: Row[] }> {
    const result = params.length === 0 ? await this.connection.runAndReadAll(sql)
      : await this.connection.runAndReadAll(sql, params as never);
    return { columns: result.columnNames(), types: result.columnTypes().map(String), rows: toRows(result) };
  }

  async one<T extends Row = Row>(sql: string, params: Param[] = []): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  async scalar<T = unknown>(sql: string, params: Param[] = []): Promise<T> {
    const row = await this.one(sql, params);
    return (row ? Object.values(row)[0] : undefined) as T;
  }

  /**
   * All or nothing: the callback's statements commit together or not at all.
   *
   * `byCheckpoint` commits by writing the changes into the database file (a checkpoint) instead of into
   * the write-ahead log first. A bulk load wants it: DuckDB has already written its new rows to the file
   * while inserting them, but once any of them is updated in the same transaction (ingest numbers its
   * rows that way, engine/staging.ts) a logged commit copies every column of every such row into the log
   * — 207 MB and 0.8 s on one core for 5,000,000 removals — where the checkpoint writes only the changed
   * column (0.07 s). It is as durable and as atomic: DuckDB's own choice for a commit it estimates to be
   * large (auto_checkpoint_skip_wal_threshold), which does not count updates to rows the transaction
   * inserted itself. If another connection has a transaction open, DuckDB writes the log after all.
   * It is asked of the work's result, since a small change is committed faster through the log.
   */
  async transaction<T>(work: () => Promise<T>, options: { byCheckpoint?: (result: T) => boolean } = {}): Promise<T> {
    await this.connection.run('BEGIN TRANSACTION');
    try {
      const result = await work();
      if (options.byCheckpoint?.(result)) {
        await this.withSettings(COMMIT_BY_CHECKPOINT, () => this.connection.run('COMMIT'));
      } else {
        await this.connection.run('COMMIT');
      }
      return result;
    } catch (error) {
      await this.connection.run('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  /**
   * Runs `work` with DuckDB settings changed (e.g. { threads: '1', memory_limit: '128MB' }) and puts the
   * previous values back afterwards. A failed statement aborts the transaction it ran in, and putting a
   * setting back then fails too: that failure must not replace the error that says what went wrong.
   */
  async withSettings<T>(settings: Record<string, string>, work: () => Promise<T>): Promise<T> {
    const names = Object.keys(settings);
    const previous = names.length === 0 ? {} : (await this.one(`SELECT ${names.map((n, i) => `current_setting(${sqlString(n)})::VARCHAR AS s${i}`).join(', ')}`))!;
    for (const name of names) await this.run(`SET ${name} = ${sqlString(settings[name])}`);
    let failed = true;
    try {
      const result = await work();
      failed = false;
      return result;
    } finally {
      for (const [i, name] of names.entries()) {
        await this.run(`SET ${name} = ${sqlString(String(previous[`s${i}`]))}`).catch((error: unknown) => { if (!failed) throw error; });
      }
    }
  }

  /** What identifies the database this connection reads (the same for every connection to one instance), for caches. */
  get databaseKey(): object {
    return this.instance;
  }

  async appender(table: string): Promise<Appender> {
    return this.connection.createAppender(table);
  }

  close(): void {
    this.connection.closeSync();
    if (this.ownsInstance) this.instance.closeSync();
  }
}

/** Driver values to plain JSON-friendly values: integers as numbers, dates as ISO strings. */
export function toRows(result: DuckDBResultReader): Row[] {
  const names = result.columnNames();
  const types = result.columnTypes().map(String);
  const json = result.getRowObjectsJson();
  const js = result.getRowObjectsJS();
  return js.map((jsRow, i) => {
    const row: Row = {};
    names.forEach((name, c) => { row[name] = plainValue(jsRow[name], json[i][name], types[c]); });
    return row;
  });
}

/** One value by the rules of toRows, from its JS and JSON conversions (also used for streamed chunks). */
export function plainValue(value: unknown, jsonValue: unknown, type: string): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value instanceof Date || type.startsWith('DATE') || type.startsWith('TIMESTAMP') || type.startsWith('TIME')) return jsonValue;
  // A DECIMAL wider than a double holds exactly is kept as its text.
  const decimal = /^DECIMAL\((\d+)/.exec(type);
  if (decimal && Number(decimal[1]) > 15) return jsonValue;
  if (typeof value === 'object') return plainNested(value, jsonValue);
  return value;
}

/**
 * LIST, ARRAY, STRUCT, MAP and UNION values, recursively, as JSON-safe values: integers as numbers
 * (or text beyond 2^53), dates, times and decimals as DuckDB's JSON conversion writes them, a MAP as
 * an object when its keys are text, else as a list of {key, value}.
 */
function plainNested(value: unknown, json: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value instanceof Date) return json;
  if (typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const items = value.map((v, i) => plainNested(v, Array.isArray(json) ? json[i] : undefined));
    const entries = Array.isArray(json) && json.length > 0 && json.every((e) => e !== null && typeof e === 'object' && !Array.isArray(e) && Object.keys(e).length === 2 && 'key' in e && 'value' in e);
    if (entries && items.every((e) => typeof (e as { key: unknown }).key === 'string')) {
      return Object.fromEntries((items as { key: string; value: unknown }[]).map((e) => [e.key, e.value]));
    }
    return items;
  }
  // Objects the converter made for other types (a DECIMAL's or UUID's value class) read as their JSON.
  if (Object.getPrototypeOf(value) !== Object.prototype) return json ?? String(value);
  const record = json !== null && typeof json === 'object' ? json as Record<string, unknown> : {};
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, plainNested(v, record[k])]));
}

function translateOpenError(path: string, error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  if (/lock/i.test(message)) {
    const pid = /PID (\d+)/.exec(message)?.[1];
    return new UserError(
      `The database ${resolve(path)} is in use by another process${pid ? ` (PID ${pid})` : ''}. ` +
        'DuckDB lets one process open a database file at a time. Stop that process (for example a running ' +
        '`deportwatch serve`), query it through its HTTP API instead (/sql.json?sql=…), or use --db to pick another file.',
      3,
    );
  }
  return new UserError(`Cannot open the database ${resolve(path)}: ${message}`);
}
