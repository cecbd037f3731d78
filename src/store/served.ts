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
 */
import { Store } from './db.ts';
import { Sandbox, SANDBOX_CONFIG, type SandboxLimits, type SandboxResult } from './sandbox.ts';

export interface ServedOptions {
  path: string;
  /** Accept writes (uploads, claims) by swapping to a writable instance for each; the default refuses them. */
  writable?: boolean;
  /** Folder where uploaded files are kept (required when writable). */
  uploadDir?: string;
  /** Most connections open at once for readers (default 8). */
  maxReaders?: number;
}

export class ServedDatabase {
  private main: Store;
  private idle: Store[] = [];
  private open = 0;
  /** Readers waiting for a connection. */
  private readonly waitingConnection: ((store: Store) => void)[] = [];
  /** Reads in flight (a connection held), and whether a write holds the file. */
  private reading = 0;
  private writing = false;
  private readonly waitingRead: (() => void)[] = [];
  private readonly waitingWrite: (() => void)[] = [];
  private writes = 0;
  private version = '';
  private readonly started = Date.now().toString(36);

  private constructor(main: Store, readonly path: string, readonly writable: boolean, readonly uploadDir: string | null, private readonly maxReaders: number) {
    this.main = main;
  }

  static async open(options: ServedOptions): Promise<ServedDatabase> {
    if (options.path === ':memory:') throw new Error('the server needs a database file, not :memory:');
    if (options.writable && !options.uploadDir) throw new Error('a writable server needs an upload folder');
    const main = await openReadOnly(options.path);
    const db = new ServedDatabase(main, options.path, options.writable ?? false, options.uploadDir ?? null, options.maxReaders ?? 8);
    await db.refreshVersion();
    return db;
  }

  /** Changes whenever the data may have: sources (max id, count), writes through this server, and the server's start. */
  get dataVersion(): string {
    return this.version;
  }

  /** Runs `work` on a pooled read-only connection; concurrent calls run on different connections. */
  async read<T>(work: (store: Store) => Promise<T>): Promise<T> {
    const lease = await this.lease();
    try {
      return await work(lease.store);
    } finally {
      lease.release();
    }
  }

  /** A pooled connection held until `release()`, for a result streamed over many event-loop turns. */
  async lease(): Promise<{ store: Store; release(): void }> {
    while (this.writing || this.waitingWrite.length > 0) await new Promise<void>((resolve) => this.waitingRead.push(resolve));
    this.reading++;
    let store: Store;
    try {
      store = await this.acquire();
    } catch (error) {
      this.endRead();
      throw error;
    }
    let released = false;
    return {
      store,
      release: () => {
        if (released) return;
        released = true;
        this.releaseConnection(store);
        this.endRead();
      },
    };
  }

  /**
   * Runs `work` on a writable instance, alone: reads in flight finish first, new ones wait; afterwards
   * the file is reopened read-only and the data version moves on.
   */
  async write<T>(work: (store: Store) => Promise<T>): Promise<T> {
    if (!this.writable) throw new Error('this server opened its database without write access');
    while (this.writing || this.reading > 0) await new Promise<void>((resolve) => this.waitingWrite.push(resolve));
    this.writing = true;
    try {
      this.closeInstance();
      try {
        const writer = await Store.open(this.path);
        try {
          return await work(writer);
        } finally {
          writer.close();
        }
      } finally {
        this.main = await openReadOnly(this.path, false);
        this.writes++;
        await this.refreshVersion();
      }
    } finally {
      this.writing = false;
      this.wake();
    }
  }

  /** One user SELECT with time and row limits, on its own connection (so an interrupt stops only it). */
  async userSql(sql: string, limits: SandboxLimits): Promise<SandboxResult> {
    return this.read((store) => new Sandbox(store).query(sql, limits));
  }

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

  close(): void {
    this.closeInstance();
  }

  private closeInstance(): void {
    for (const store of this.idle) store.close();
    this.idle = [];
    this.open = 0;
    this.main.close();
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

  private async acquire(): Promise<Store> {
    const store = this.idle.pop();
    if (store) return store;
    if (this.open < this.maxReaders) {
      this.open++;
      try {
        return await this.main.connect();
      } catch (error) {
        this.open--;
        throw error;
      }
    }
    return new Promise((resolve) => this.waitingConnection.push(resolve));
  }

  private releaseConnection(store: Store): void {
    const next = this.waitingConnection.shift();
    if (next) next(store);
    else this.idle.push(store);
  }
}

/**
 * A read-only open neither migrates nor refreshes the reference tables and views (src/store/
 * reference-tables.ts): a writable open does both, then closes, and the file is reopened read-only.
 */
async function openReadOnly(path: string, migrate = true): Promise<Store> {
  if (migrate) (await Store.open(path)).close();
  return Store.open(path, { readOnly: true, config: SANDBOX_CONFIG });
}
