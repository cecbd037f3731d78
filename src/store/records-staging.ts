/**
 * Staging helpers for the issue-3 record sources, beside the shared bulk path in staging.ts: a
 * Parquet file's columns and row count (the typed Parquet load itself is in parquet-load.ts), the
 * quarantine of every row of a staged sheet that cannot be stored at all (a required column is
 * missing from its header), and the chunked loading of large workbook sheets.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from './db.ts';
import { sqlIdent, sqlString } from './sql.ts';

/** The 4 bytes every Parquet file starts (and ends) with (Apache Parquet file format). */
export const PARQUET_MAGIC = 'PAR1';

export async function parquetColumns(store: Store, path: string): Promise<{ name: string; type: string }[]> {
  const rows = await store.all<{ column_name: string; column_type: string }>(`DESCRIBE SELECT * FROM read_parquet(${sqlString(path)})`);
  return rows.map((r) => ({ name: r.column_name, type: r.column_type }));
}

/** Rows in a Parquet file (from its footer, without reading the data). */
export async function parquetRowCount(store: Store, path: string): Promise<number> {
  return Number(await store.scalar(`SELECT count(*) FROM read_parquet(${sqlString(path)})`));
}

/** Every staged row becomes a row issue with the same problem (nothing is stored); returns how many. */
export async function quarantineStage(store: Store, options: { stage: string; sourceId: number; file: string; column: string | null; problem: string }): Promise<number> {
  const { stage, sourceId, file, column, problem } = options;
  await store.run(`INSERT INTO row_issues (source_id, file, sheet, "row", "column", value, problem)
    SELECT ${sourceId}, ${sqlString(file)}, source_sheet, source_row, ${column === null ? 'NULL' : sqlString(column)}, NULL, ${sqlString(problem)}
    FROM ${sqlIdent(stage)}`);
  return Number(await store.scalar(`SELECT count(*) FROM ${sqlIdent(stage)}`));
}

/** How many staged cells of column c<index> hold something (for the note on a column that is not stored). */
export async function nonBlankCount(store: Store, stage: string, index: number): Promise<number> {
  return Number(await store.scalar(`SELECT count(*) FROM ${sqlIdent(stage)} WHERE nullif(trim(c${index}), '') IS NOT NULL`));
}

/**
 * Chunked loading of a large sheet with bounded memory. DuckDB keeps every temp table made inside a
 * transaction until the transaction ends, even after DROP (measured: 1M rows × 3 text columns staged
 * and dropped five times in one transaction hold ~1 GB), and the pipeline ingests each file in one
 * transaction. So each chunk is staged, parsed and quarantined by the shared bulk path in a scratch
 * in-memory database outside that transaction (autocommit: its memory is freed per chunk), its
 * stored rows and row issues are written to Parquet files in a temp folder, and at the end the main
 * store inserts them into the persistent tables, which DuckDB streams to disk.
 */
/**
 * The scratch database's buffer pool. Its resident memory runs well above the limit (untracked
 * allocations), and the reader's own ~150 MB sit beside it: measured on 1,000,000 ERO-LESA rows and
 * 300,000 DDP stays, 128MB instead of 256MB lowered the ingest's peak by 80–140 MB at the same CPU time.
 */
const SCRATCH_MEMORY_LIMIT = '128MB';
/** DuckDB's memory limit while a large file's rows move into the store (see ChunkedLoad.finish). */
const MOVE_MEMORY_LIMIT = '256MB';
/** DuckDB's memory limit while chunks are parsed into the store (InPlaceLoad). */
const IN_PLACE_MEMORY_LIMIT = '128MB';

/**
 * The other way to load chunks: straight into the store, inside the file's transaction, for a parse
 * that makes no copy of a chunk (insertFromStageDirect): nothing then piles up in the transaction, so
 * there is no scratch database to fill and no Parquet files to move. Meanwhile DuckDB runs on one
 * thread under IN_PLACE_MEMORY_LIMIT: the workbook reader needs the other core to itself, and one
 * DuckDB thread keeps up with it (measured on a 1,000,000-row ERO-LESA workbook, 2 cores: 3.5 s and
 * 310–320 MB with one thread, 4.0–5.1 s and 380–390 MB with two; with two threads it failed for want
 * of memory below 128 MB, with one it did not at 96 MB). Both settings are put back by finish().
 * Chunks must come one at a time: they share the store's connection.
 */
export class InPlaceLoad {
  private restored = false;

  private constructor(private readonly store: Store, private readonly previous: { threads: string; memoryLimit: string | null }) {}

  static async open(store: Store): Promise<InPlaceLoad> {
    const row = await store.one<{ threads: string; memory_limit: string }>(`SELECT current_setting('threads')::VARCHAR AS threads, current_setting('memory_limit') AS memory_limit`);
    // Only a database file can write row groups out; an in-memory store keeps its limit.
    const previous = { threads: row!.threads, memoryLimit: store.path === ':memory:' ? null : row!.memory_limit };
    await store.run('SET threads = 1');
    if (previous.memoryLimit !== null) await store.run(`SET memory_limit = '${IN_PLACE_MEMORY_LIMIT}'`);
    return new InPlaceLoad(store, previous);
  }

  async chunk(work: (store: Store) => Promise<void>): Promise<void> {
    await work(this.store);
  }

  /** Puts the settings back (also after an error, when the caller must ignore its failure in an aborted transaction). */
  async finish(): Promise<void> {
    if (this.restored) return;
    this.restored = true;
    await this.store.run(`SET threads = ${Number(this.previous.threads)}`);
    if (this.previous.memoryLimit !== null) await this.store.run(`SET memory_limit = ${sqlString(this.previous.memoryLimit)}`);
  }
}

export class ChunkedLoad {
  private chunks = 0;
  private closed = false;

  private constructor(readonly scratch: Store, readonly dir: string, readonly table: string, private readonly emptied: string[]) {}

  static async open(table: string): Promise<ChunkedLoad> {
    // A small buffer pool (the scratch database's memory counts against the ingest's), and a folder to
    // spill to, so that a chunk larger than the pool is slower, never an out-of-memory error (an
    // in-memory database has no temp folder unless given one).
    const dir = await mkdtemp(join(tmpdir(), 'deportwatch-chunks-'));
    const scratch = await Store.open(':memory:', { config: { memory_limit: SCRATCH_MEMORY_LIMIT, temp_directory: join(dir, 'spill') } });
    // Each chunk's tables are emptied by dropping and re-creating them from their own DDL: a DELETE in
    // an in-memory database keeps the deleted rows' storage (nothing checkpoints it), up to the memory
    // limit and then in spill files (measured: 30 chunks of 50,000 rows × 20 text columns inserted and
    // deleted leave 53 MB of DuckDB memory in use; dropped and re-created, 7 MB).
    const ddl = await scratch.all<{ table_name: string; sql: string }>(
      `SELECT table_name, sql FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main' AND table_name IN (${sqlString(table)}, 'row_issues')`);
    if (ddl.length !== 2) throw new Error(`ChunkedLoad: the scratch database has no table ${table}`);
    const emptied = ddl.flatMap((t) => [`DROP TABLE ${sqlIdent(t.table_name)}`, t.sql]);
    return new ChunkedLoad(scratch, dir, table, emptied);
  }

  /** Stages one chunk of rows in the scratch database; `store` is called to parse or quarantine it there. */
  async chunk(work: (scratch: Store) => Promise<void>): Promise<void> {
    await work(this.scratch);
    const n = this.chunks++;
    await this.scratch.run(`COPY (SELECT * FROM ${sqlIdent(this.table)}) TO ${sqlString(join(this.dir, `rows-${n}.parquet`))} (FORMAT parquet)`);
    await this.scratch.run(`COPY (SELECT * FROM row_issues) TO ${sqlString(join(this.dir, `issues-${n}.parquet`))} (FORMAT parquet)`);
    for (const statement of this.emptied) await this.scratch.run(statement);
  }

  /**
   * Moves every chunk's rows and issues into the main store (inside its transaction), one chunk file
   * at a time and with the store's DuckDB memory_limit lowered to MOVE_MEMORY_LIMIT meanwhile, so that
   * DuckDB writes the new row groups to disk instead of holding a whole release in memory (measured on
   * 1,000,000 stays: peak 910 MB in one INSERT with the default limit, ~550 MB this way). The previous
   * limit is restored afterwards, also on error.
   */
  async finish(store: Store): Promise<void> {
    // The scratch database is closed first, so its memory is not held while the main store inserts.
    this.scratch.close();
    this.closed = true;
    if (this.chunks > 0) {
      // Only a database file can write row groups out; an in-memory store keeps its limit.
      const lower = store.path !== ':memory:';
      const previous = await store.scalar<string>(`SELECT current_setting('memory_limit')`);
      if (lower) await store.run(`SET memory_limit = '${MOVE_MEMORY_LIMIT}'`);
      let failed = true;
      try {
        for (let i = 0; i < this.chunks; i++) {
          await store.run(`INSERT INTO ${sqlIdent(this.table)} BY NAME SELECT * FROM read_parquet(${sqlString(join(this.dir, `rows-${i}.parquet`))})`);
          await store.run(`INSERT INTO row_issues BY NAME SELECT * FROM read_parquet(${sqlString(join(this.dir, `issues-${i}.parquet`))})`);
        }
        failed = false;
      } finally {
        // In an aborted transaction this fails too; the insert's own error is the one to report.
        if (lower) await store.run(`SET memory_limit = ${sqlString(previous)}`).catch((error: unknown) => { if (!failed) throw error; });
      }
    }
    await this.close();
  }

  async close(): Promise<void> {
    if (!this.closed) this.scratch.close();
    this.closed = true;
    await rm(this.dir, { recursive: true, force: true });
  }
}
