/**
 * What the rest of deportwatch asks of a database engine. The DuckDB engine (./db.ts, `Store`)
 * implements it; a second engine (ClickHouse, for data that outgrows one machine) implements the same
 * so that domains, sources, reports and the faces run on either. Everything engine-specific — SQL
 * dialect details of bulk loads, the sandbox's settings, how a report query is compiled — stays
 * behind the engine's own modules (staging.ts, sandbox.ts, grouped-count.ts, rows.ts, column-rows.ts).
 * Deliberately small: statements, rows, bulk rows, transactions; no ORM.
 */

/** A row as the engine returns it: column name → JavaScript value (BIGINT below 2^53 as number, dates as ISO text). */
export type Row = Record<string, unknown>;
/** A bound parameter ($1, $2 …). */
export type Param = string | number | boolean | null | bigint;

/** Appends rows to one table, value by value, then `endRow()`; `closeSync()` flushes. */
export interface BulkAppender {
  appendVarchar(value: string): void;
  appendInteger(value: number): void;
  appendBigInt(value: bigint): void;
  appendDouble(value: number): void;
  appendBoolean(value: boolean): void;
  appendNull(): void;
  endRow(): void;
  closeSync(): void;
}

export interface Engine {
  /** The database it holds (a file path, ':memory:' or a server address), for messages. */
  readonly path: string;
  /** Runs a statement. */
  run(sql: string, params?: Param[]): Promise<void>;
  /** Runs a statement and returns how many rows it inserted, updated or deleted. */
  runCount(sql: string, params?: Param[]): Promise<number>;
  /** Every row of a query. */
  all<T extends Row = Row>(sql: string, params?: Param[]): Promise<T[]>;
  /** The first row, or undefined. */
  one<T extends Row = Row>(sql: string, params?: Param[]): Promise<T | undefined>;
  /** The first column of the first row. */
  scalar<T = unknown>(sql: string, params?: Param[]): Promise<T>;
  /** Bulk insert into a table. */
  appender(table: string): Promise<BulkAppender>;
  /** All or nothing: the work's statements commit together or not at all. */
  transaction<T>(work: () => Promise<T>, options?: { byCheckpoint?: (result: T) => boolean }): Promise<T>;
  /** Another connection to the same database, for work beside this one (concurrent readers). */
  connect(): Promise<Engine>;
  close(): void;
}
