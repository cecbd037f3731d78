/**
 * The database as `deportwatch serve` holds it: one DuckDB instance for the whole process, a pool of
 * connections for concurrent readers, one writer at a time, and user SQL in a sandbox.
 *
 * Why one instance: DuckDB does not refuse a second instance of the same file inside one process (its
 * file lock is per process), and that second instance reads a stale snapshot of the file — a read-only
 * sandbox opened beside a writer would not see rows ingested after it opened. So the server opens the
 * file once, in one of two modes:
 *   - read-only (no token configured): the file is opened READ_ONLY with the sandbox configuration of
 *     ./sandbox.ts (external access off, extensions off, configuration locked); every request,
 *     including user SQL, runs on it, and nothing can write.
 *   - writable (a token is configured, for uploads and claims): the file is opened writable, then
 *     locked down the same way except for one folder, the upload folder, whose files the ingest
 *     pipeline must read (DuckDB's `allowed_directories`). User SQL then runs inside a READ ONLY
 *     transaction on its own connection, so even a SELECT with a side effect (nextval) cannot write.
 * Both were checked against DuckDB 1.5 (test/api-sql.test.ts tries every forbidden statement in both).
 */
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Store } from './db.ts';
import { Sandbox, SANDBOX_CONFIG, type SandboxLimits, type SandboxResult } from './sandbox.ts';
import { sqlString } from './sql.ts';

export interface ServedOptions {
  path: string;
  /** Open writable (uploads, claims); the default is read-only. */
  writable?: boolean;
  /** Folder whose files the writable instance may read (uploaded files); required when writable. */
  uploadDir?: string;
  /** Most connections open at once for readers (default 8). */
  maxReaders?: number;
}

export class ServedDatabase {
  private readonly idle: Store[] = [];
  private readonly waiting: ((store: Store) => void)[] = [];
  private open = 0;
  private writer: Store | null = null;
  private writeChain: Promise<unknown> = Promise.resolve();
  private writes = 0;
  private version = '';
  private readonly started = Date.now().toString(36);

  private constructor(
    private readonly main: Store,
    readonly path: string,
    readonly writable: boolean,
    readonly uploadDir: string | null,
    private readonly maxReaders: number,
  ) {}

  static async open(options: ServedOptions): Promise<ServedDatabase> {
    const maxReaders = options.maxReaders ?? 8;
    if (options.path === ':memory:') throw new Error('the server needs a database file, not :memory:');
    if (options.writable) {
      if (!options.uploadDir) throw new Error('a writable server needs an upload folder');
      const uploadDir = resolve(options.uploadDir);
      await mkdir(uploadDir, { recursive: true });
      const main = await Store.open(options.path);
      // Order matters: allowed_directories cannot be changed once external access is off, and nothing
      // can be changed once the configuration is locked.
      await main.run(`SET allowed_directories = [${sqlString(uploadDir.endsWith('/') ? uploadDir : `${uploadDir}/`)}]`);
      await main.run('SET enable_external_access = false');
      await main.run('SET autoinstall_known_extensions = false');
      await main.run('SET autoload_known_extensions = false');
      await main.run('SET lock_configuration = true');
      const db = new ServedDatabase(main, options.path, true, uploadDir, maxReaders);
      await db.refreshVersion();
      return db;
    }
    // A read-only open neither migrates nor refreshes the reference tables and views (src/store/
    // reference-tables.ts): a writable open does both, then closes, and the file is reopened read-only.
    (await Store.open(options.path)).close();
    const main = await Store.open(options.path, { readOnly: true, config: SANDBOX_CONFIG });
    const db = new ServedDatabase(main, options.path, false, null, maxReaders);
    await db.refreshVersion();
    return db;
  }

  /** Changes whenever the data may have: sources (max id, count), writes through this server, and the server's start. */
  get dataVersion(): string {
    return this.version;
  }

  /** Runs `work` on a pooled connection; concurrent calls run on different connections. */
  async read<T>(work: (store: Store) => Promise<T>): Promise<T> {
    const store = await this.acquire();
    try {
      return await work(store);
    } finally {
      this.release(store);
    }
  }

  /** A pooled connection held until `release()`, for a result streamed over many event-loop turns. */
  async lease(): Promise<{ store: Store; release(): void }> {
    const store = await this.acquire();
    let released = false;
    return { store, release: () => { if (!released) { released = true; this.release(store); } } };
  }

  /** Runs `work` with the writer connection, one write at a time, then refreshes the data version. */
  async write<T>(work: (store: Store) => Promise<T>): Promise<T> {
    if (!this.writable) throw new Error('this database was opened read-only');
    const run = async () => {
      this.writer ??= await this.main.connect();
      try {
        return await work(this.writer);
      } finally {
        this.writes++;
        await this.refreshVersion();
      }
    };
    const result = this.writeChain.then(run, run);
    this.writeChain = result.catch(() => undefined);
    return result;
  }

  /** One user SELECT with time and row limits, on its own connection (so an interrupt stops only it). */
  async userSql(sql: string, limits: SandboxLimits): Promise<SandboxResult> {
    return this.read(async (store) => {
      if (!this.writable) return new Sandbox(store).query(sql, limits);
      await store.run('BEGIN TRANSACTION READ ONLY');
      try {
        return await new Sandbox(store).query(sql, limits);
      } finally {
        await store.run('ROLLBACK').catch(() => undefined);
      }
    });
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
    for (const store of this.idle) store.close();
    this.idle.length = 0;
    this.writer?.close();
    this.writer = null;
    this.main.close();
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
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(store: Store): void {
    const next = this.waiting.shift();
    if (next) next(store);
    else this.idle.push(store);
  }
}
