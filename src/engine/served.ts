/**
 * The database as `deportwatch serve` holds it: one DuckDB instance at a time for the whole process,
 * opened READ_ONLY with the sandbox configuration of ./sandbox.ts (external access off, extensions
 * off, configuration locked), a pool of connections for concurrent readers, and user SQL on those same
 * connections. Nothing a request reads can write, read a file or change a setting.
 *
 * Writes (uploads, claims; only with a token) swap the instance: wait for the reads in flight, close
 * the read-only instance, open the file writable with the ordinary configuration, write, close, and
 * reopen it read-only. Reads that arrive meanwhile wait. Writes are rare; reads never see a half-done
 * write, and the ingest pipeline runs exactly as under the CLI.
 *
 * Why not keep a writer open beside a sandbox (both checked against DuckDB 1.5, see docs/api.md):
 *   - a second instance of the same file in one process opens without a lock error (the lock is per
 *     process) but reads a stale snapshot: rows ingested after it opened are not seen;
 *   - `enable_external_access` and `lock_configuration` are global to an instance, not per connection,
 *     and the ingest pipeline needs both (it reads files with DuckDB, stages workbooks through a temp
 *     file and sets `preserve_insertion_order`), so a writable instance cannot also be the sandbox.
 *
 * Report rollups (./rollups.ts) are built in the background after each open and used by reports they
 * cover once ready; until then, and for anything they do not cover, reports read the views.
 *
 * Another process may take the file while the instances are swapped (DuckDB's lock is per process, and
 * the read-only instance must be closed before the writable one opens). Then the write is refused
 * with a 503 that says so, the read-only instance is reopened as soon as the other process lets go, and
 * until then reads answer 503 "in use by another process" instead of failing on a closed instance.
 *
 * Streamed exports (lease(), exportSlot()) may run at most all but two at once, so clients that
 * stop reading cannot take every connection from /health.json and short reads.
 */
import { UserError } from '../domain/errors.ts';
import { Store } from './db.ts';
import { ROLLUP_COUNT, Rollups, type RollupInfo, type RollupOptions, type RollupSpec } from './rollups.ts';
import { SANDBOX_CONFIG, type SandboxResult } from './sandbox.ts';
import { SqlProcesses, type ProcessLimits } from './sql-process.ts';

export interface ServedOptions {
  path: string;
  /** Accept writes (uploads, claims) by swapping to a writable instance for each; the default refuses them. */
  writable?: boolean;
  /** Folder where uploaded files are kept (required when writable). */
  uploadDir?: string;
  /** Opens the file writable with its schema brought forward (the application's openProject): before serving, and for each write. */
  openWritable(path: string): Promise<Store>;
  /** Most connections open at once for readers (default 8). */
  maxReaders?: number;
}

/** Connections to one instance, opened on demand up to a maximum, then handed over in turn. */
class Pool {
  private idle: Store[] = [];
  private open = 0;
  private readonly waiting: ((store: Store) => void)[] = [];

  constructor(private readonly connect: () => Promise<Store>, private readonly max: number) {}

  async acquire(): Promise<Store> {
    const store = this.idle.pop();
    if (store) return store;
    if (this.open < this.max) {
      this.open++;
      try {
        return await this.connect();
      } catch (error) {
        this.open--;
        throw error;
      }
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  release(store: Store): void {
    const next = this.waiting.shift();
    if (next) next(store);
    else this.idle.push(store);
  }

  /** Closes the idle connections; call when none is in use. */
  close(): void {
    for (const store of this.idle) store.close();
    this.idle = [];
    this.open = 0;
  }
}

export class ServedDatabase {
  private main: Store;
  private pool: Pool;
  private rollups: { rollups: Rollups; pool: Pool } | null = null;
  /** Moves on every (re)open and on close; a rollup build for an older generation is dropped. */
  private generation = 0;
  /** Reads in flight (a connection held), and whether a write holds the file. */
  private reading = 0;
  private writing = false;
  private readonly waitingRead: (() => void)[] = [];
  private readonly waitingWrite: (() => void)[] = [];
  private writes = 0;
  private version = '';
  private readonly started = Date.now().toString(36);
  private building: Promise<void> = Promise.resolve();
  /** Why the read-only instance is not open (another process took the file during a swap), or null. */
  private unavailable: unknown = null;
  private lastReopen = 0;
  private streams = 0;
  private readonly waitingStream: (() => void)[] = [];
  private rollupSpecs: RollupSpec[] = [];
  private rollupOptions: RollupOptions & { onError?: (error: unknown) => void } = {};

  private constructor(main: Store, readonly path: string, readonly writable: boolean, readonly uploadDir: string | null, private readonly options: ServedOptions) {
    this.main = main;
    this.pool = this.poolFor(main);
  }

  static async open(options: ServedOptions): Promise<ServedDatabase> {
    if (options.path === ':memory:') throw new Error('the server needs a database file, not :memory:');
    if (options.writable && !options.uploadDir) throw new Error('a writable server needs an upload folder');
    // A writable open first brings the schema forward and refreshes the reference tables and views;
    // a read-only open takes the file as it is.
    (await options.openWritable(options.path)).close();
    const main = await openReadOnly(options.path);
    const db = new ServedDatabase(main, options.path, options.writable ?? false, options.uploadDir ?? null, options);
    await db.refreshVersion();
    return db;
  }

  /**
   * Pre-aggregates these report views in the background, now and after every write; `onError` hears
   * of a failed build (reports then keep reading the views).
   */
  enableRollups(specs: RollupSpec[], options: RollupOptions & { onError?: (error: unknown) => void } = {}): void {
    this.rollupSpecs = specs;
    this.rollupOptions = options;
    this.buildRollups();
  }

  /** Changes whenever the data may have: sources (max id, count), writes through this server, and the server's start. */
  get dataVersion(): string {
    return this.version;
  }

  /** The rollups in use (empty while they are being built). */
  get rollupInfo(): RollupInfo[] {
    return this.rollups?.rollups.info ?? [];
  }

  /** Resolves when the rollups of the current data are built (or the build gave up). */
  rollupsReady(): Promise<void> {
    return this.building;
  }

  /** Runs `work` on a pooled read-only connection; concurrent calls run on different connections. */
  async read<T>(work: (store: Store) => Promise<T>): Promise<T> {
    const lease = await this.leaseFrom(() => this.pool);
    try {
      return await work(lease.store);
    } finally {
      lease.release();
    }
  }

  /**
   * Runs a report's `work` on the rollup of `view` when one is ready and has every column in `columns`
   * (then `weight` names its count column), else on the served instance.
   */
  async readReport<T>(view: string, columns: string[], work: (store: Store, weight: string | undefined) => Promise<T>): Promise<T> {
    // The pool is chosen once the read has begun: a write in between may replace the rollups.
    const lease = await this.leaseFrom(() => (this.rollups?.rollups.covering(view, columns) ? this.rollups.pool : this.pool));
    try {
      return await work(lease.store, lease.pool === this.pool ? undefined : ROLLUP_COUNT);
    } finally {
      lease.release();
    }
  }

  /**
   * A pooled connection held until `release()`, for a result streamed over many event-loop turns. At
   * most all but two connections are held this way; further streams wait for one to end.
   */
  async lease(): Promise<{ store: Store; release(): void }> {
    const maxStreams = Math.max(1, (this.options.maxReaders ?? 8) - 2);
    while (this.streams >= maxStreams) await new Promise<void>((resolve) => this.waitingStream.push(resolve));
    this.streams++;
    let lease;
    try {
      lease = await this.leaseFrom(() => this.pool);
    } catch (error) {
      this.endStream();
      throw error;
    }
    let released = false;
    return {
      store: lease.store,
      release: () => {
        if (released) return;
        released = true;
        lease.release();
        this.endStream();
      },
    };
  }

  /**
   * A slot for one streamed export (read page by page with read()): at most all but two run at once,
   * so exports cannot take every connection or all of DuckDB's threads from other requests. Call the
   * returned function when the export ends.
   */
  async exportSlot(): Promise<() => void> {
    const maxStreams = Math.max(1, (this.options.maxReaders ?? 8) - 2);
    while (this.streams >= maxStreams) await new Promise<void>((resolve) => this.waitingStream.push(resolve));
    this.streams++;
    let done = false;
    return () => { if (!done) { done = true; this.endStream(); } };
  }

  private endStream(): void {
    this.streams--;
    this.waitingStream.shift()?.();
  }

  private async leaseFrom(choose: () => Pool): Promise<{ store: Store; pool: Pool; release(): void }> {
    await this.beginRead();
    const pool = choose();
    let store: Store;
    try {
      store = await pool.acquire();
    } catch (error) {
      this.endRead();
      throw error;
    }
    let released = false;
    return {
      store,
      pool,
      release: () => {
        if (released) return;
        released = true;
        pool.release(store);
        this.endRead();
      },
    };
  }

  /**
   * Runs `work` on a writable instance, alone: reads in flight finish first, new ones wait; afterwards
   * the file is reopened read-only, the data version moves on and the rollups are rebuilt.
   */
  async write<T>(work: (store: Store) => Promise<T>): Promise<T> {
    if (!this.writable) throw new Error('this server opened its database without write access');
    while (this.writing || this.reading > 0) await new Promise<void>((resolve) => this.waitingWrite.push(resolve));
    this.writing = true;
    try {
      this.closeInstance();
      try {
        let writer: Store;
        try {
          writer = await this.options.openWritable(this.path);
        } catch (error) {
          throw inUse(error, 'the write was not done; try again when that process has stopped');
        }
        try {
          return await work(writer);
        } finally {
          writer.close();
        }
      } finally {
        await this.reopenReadOnly(40);
        this.writes++;
        if (this.unavailable === null) {
          await this.refreshVersion();
          this.buildRollups();
        }
      }
    } finally {
      this.writing = false;
      this.wake();
    }
  }

  /**
   * One user SELECT with time, memory, row and size limits, in a child process a watchdog can kill
   * (./sql-process.ts), inside a read lease so that a write waits for it.
   */
  async userSql(sql: string, limits: ProcessLimits): Promise<SandboxResult> {
    this.sql ??= new SqlProcesses();
    const processes = this.sql;
    return this.read(() => processes.query(this.path, sql, limits));
  }
  private sql: SqlProcesses | null = null;

  /** Files ingested and rows stored / quarantined, for /health.json. */
  async sourceTotals(): Promise<{ files: number; rows_stored: number; rows_quarantined: number; synthetic_files: number }> {
    const row = await this.read((store) => store.one<{ files: number; rows_stored: number; rows_quarantined: number; synthetic_files: number }>(
      `SELECT count(*) AS files, coalesce(sum(rows_stored), 0)::BIGINT AS rows_stored, coalesce(sum(rows_quarantined), 0)::BIGINT AS rows_quarantined,
        count(*) FILTER (WHERE synthetic) AS synthetic_files FROM sources`));
    return row!;
  }

  async refreshVersion(): Promise<string> {
    const row = await this.main.one<{ max_id: number; n: number }>('SELECT coalesce(max(source_id), 0) AS max_id, count(*) AS n FROM sources');
    this.version = `${row?.max_id ?? 0}.${row?.n ?? 0}.${this.writes}.${this.started}`;
    return this.version;
  }

  /** Stops a rollup build, waits for the reads in flight, and closes the database. */
  async close(): Promise<void> {
    this.generation++;
    this.sql?.close();
    while (this.reading > 0 || this.writing) await new Promise<void>((resolve) => this.waitingWrite.push(resolve));
    this.closeInstance();
  }

  private poolFor(main: Store): Pool {
    return new Pool(() => main.connect(), this.options.maxReaders ?? 8);
  }

  private buildRollups(): void {
    const specs = this.rollupSpecs;
    if (specs.length === 0) return;
    const generation = this.generation;
    const stale = () => generation !== this.generation;
    this.building = Rollups.build((work) => this.read(work), specs, stale, this.rollupOptions).then((rollups) => {
      if (!rollups) return;
      if (stale()) { rollups.close(); return; }
      this.rollups = { rollups, pool: new Pool(() => rollups.connect(), this.options.maxReaders ?? 8) };
    }).catch((error: unknown) => { if (!stale()) this.rollupOptions.onError?.(error); });
  }

  /** Only with no read in flight (a write holds the file, or the server stops). */
  private closeInstance(): void {
    this.generation++;
    if (this.unavailable !== null) return; // nothing open
    if (this.rollups) {
      this.rollups.pool.close();
      this.rollups.rollups.close();
      this.rollups = null;
    }
    this.pool.close();
    this.main.close();
  }

  private async beginRead(): Promise<void> {
    while (this.writing || this.waitingWrite.length > 0) await new Promise<void>((resolve) => this.waitingRead.push(resolve));
    if (this.unavailable !== null) {
      // Another process took the file during a swap: try again at most once a second.
      if (Date.now() - this.lastReopen > 1000) {
        this.writing = true;
        try {
          await this.reopenReadOnly(1);
        } finally {
          this.writing = false;
          this.wake();
        }
        if (this.unavailable === null) { await this.refreshVersion(); this.buildRollups(); }
      }
      if (this.unavailable !== null) throw inUse(this.unavailable, 'reads resume when it lets go of the file');
    }
    this.reading++;
  }

  /** Opens the read-only instance, trying `attempts` times (about 50–500 ms apart) while another process holds the file. */
  private async reopenReadOnly(attempts: number): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      this.lastReopen = Date.now();
      try {
        this.main = await openReadOnly(this.path);
        this.pool = this.poolFor(this.main);
        this.unavailable = null;
        return;
      } catch (error) {
        this.unavailable = error;
        if (attempt >= attempts) return;
        await new Promise((resolve) => setTimeout(resolve, Math.min(50 * attempt, 500)));
      }
    }
  }

  private endRead(): void {
    this.reading--;
    if (this.reading === 0) this.wake();
  }

  /** A waiting writer goes first (so a stream of reads cannot starve it); otherwise every waiting reader. */
  private wake(): void {
    if (this.writing) return;
    const writer = this.waitingWrite.shift();
    if (writer) { writer(); return; }
    for (const reader of this.waitingRead.splice(0)) reader();
  }
}

/** A 503 (UserError with exit code 3) naming the other process, without the server's path. */
function inUse(error: unknown, then: string): UserError {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof UserError && error.exitCode === 3 || /lock|in use/i.test(message)) {
    const pid = /PID (\d+)/.exec(message)?.[1];
    return new UserError(`the database is in use by another process${pid ? ` (PID ${pid})` : ''}; ${then}`, 3);
  }
  return error instanceof UserError ? error : new UserError(`the database could not be opened (${message.split('\n')[0]}); ${then}`, 3);
}

async function openReadOnly(path: string): Promise<Store> {
  return Store.open(path, { readOnly: true, config: SANDBOX_CONFIG });
}
