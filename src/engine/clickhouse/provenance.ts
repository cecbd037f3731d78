/**
 * Provenance on ClickHouse, and what makes an ingest all or nothing without transactions.
 *
 * `sources` holds one row per file that was stored completely: it is written last, after every row of
 * the file, and is the commit record. `ingest_log` records each attempt (its source_id, the file's
 * SHA-256) when it starts. An attempt with no `sources` row was interrupted (kill -9, a shard down, an
 * error): before the next ingest, its rows are deleted from every sharded table on every shard
 * (`ALTER TABLE … DELETE`, waited for), and the attempt is marked abandoned. Reads that must not see a
 * file being written join or filter on `sources` (committedSources()).
 */
import { UserError } from '../../domain/errors.ts';
import type { ClickHouseEngine } from './engine.ts';
import { localName, type ChMigration } from './schema.ts';

export const coreClickHouse: ChMigration = {
  id: 1,
  name: 'core: sources, row_issues, ingest_log',
  tables: [
    {
      name: 'sources',
      columns: [
        { name: 'source_id', type: 'Int32' }, { name: 'path', type: 'String' }, { name: 'file_name', type: 'String' },
        { name: 'sha256', type: 'String' }, { name: 'bytes', type: 'Int64' }, { name: 'kind', type: 'String' },
        { name: 'target_table', type: 'String' }, { name: 'synthetic', type: 'UInt8' },
        { name: 'rows_read', type: 'Int64' }, { name: 'rows_stored', type: 'Int64' }, { name: 'rows_quarantined', type: 'Int64' },
        { name: 'notes', type: 'Nullable(String)' }, { name: 'started_at', type: 'DateTime' }, { name: 'finished_at', type: 'Nullable(DateTime)' },
      ],
      orderBy: 'source_id',
      placement: 'home',
    },
    {
      name: 'row_issues',
      columns: [
        { name: 'source_id', type: 'Int32' }, { name: 'file', type: 'String' }, { name: 'sheet', type: 'Nullable(String)' },
        { name: 'row', type: 'Nullable(Int64)' }, { name: 'column', type: 'Nullable(String)' }, { name: 'value', type: 'Nullable(String)' },
        { name: 'problem', type: 'String' },
      ],
      orderBy: 'source_id',
      placement: 'home',
    },
    {
      name: 'ingest_log',
      columns: [
        { name: 'source_id', type: 'Int32' }, { name: 'sha256', type: 'String' }, { name: 'path', type: 'String' },
        { name: 'state', type: 'String' }, { name: 'at', type: 'DateTime DEFAULT now()' },
      ],
      orderBy: 'source_id',
      placement: 'home',
    },
  ],
};

export interface CommittedSource { source_id: number; rows_read: number; rows_stored: number; rows_quarantined: number }

export async function findCommitted(engine: ClickHouseEngine, sha256: string): Promise<CommittedSource | undefined> {
  const row = await engine.one<CommittedSource & Record<string, unknown>>('SELECT source_id, rows_read, rows_stored, rows_quarantined FROM sources WHERE sha256 = $1 LIMIT 1', [sha256]);
  return row ? { source_id: Number(row.source_id), rows_read: Number(row.rows_read), rows_stored: Number(row.rows_stored), rows_quarantined: Number(row.rows_quarantined) } : undefined;
}

/** Attempts that started and neither committed nor were cleaned up. */
export async function interruptedAttempts(engine: ClickHouseEngine): Promise<number[]> {
  const rows = await engine.all<{ source_id: number }>(`SELECT source_id FROM ingest_log WHERE state = 'started'
    AND source_id NOT IN (SELECT source_id FROM sources)
    AND source_id NOT IN (SELECT source_id FROM ingest_log WHERE state = 'abandoned')`);
  return rows.map((r) => Number(r.source_id));
}

/** Deletes the rows of interrupted attempts from `tables` (sharded) and `row_issues`, waiting for the deletes. */
export async function cleanUpInterrupted(engine: ClickHouseEngine, tables: string[]): Promise<number[]> {
  const ids = await interruptedAttempts(engine);
  if (ids.length === 0) return ids;
  const list = ids.join(', ');
  for (const t of tables) {
    await engine.runOnShards(`ALTER TABLE ${localName(engine, t)} DELETE WHERE source_id IN (${list})`);
  }
  await engine.run(`ALTER TABLE row_issues DELETE WHERE source_id IN (${list})`);
  await waitForMutations(engine);
  for (const id of ids) await engine.run(`INSERT INTO ingest_log (source_id, sha256, path, state) VALUES ($1, '', '', 'abandoned')`, [id]);
  return ids;
}

/** Waits until no mutation is running on any shard (18.16 has no mutations_sync). */
export async function waitForMutations(engine: ClickHouseEngine, timeoutMs = 120_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (const [i] of engine.shardClients.entries()) {
    for (;;) {
      const n = Number((await engine.allOnShard<{ n: number }>(i, 'SELECT count() AS n FROM system.mutations WHERE database = currentDatabase() AND is_done = 0'))[0].n);
      if (n === 0) break;
      if (Date.now() > until) throw new UserError(`ClickHouse: ${n} deletes of interrupted ingests still running on shard ${i + 1} after ${timeoutMs / 1000} s`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** A new source id, above every committed and attempted one; records the attempt. */
export async function startAttempt(engine: ClickHouseEngine, sha256: string, path: string): Promise<number> {
  const id = Number(await engine.scalar<number>('SELECT greatest((SELECT max(source_id) FROM sources), (SELECT max(source_id) FROM ingest_log)) + 1'));
  await engine.run(`INSERT INTO ingest_log (source_id, sha256, path, state) VALUES ($1, $2, $3, 'started')`, [id, sha256, path]);
  return id;
}

export interface SourceRecord {
  sourceId: number; path: string; fileName: string; sha256: string; bytes: number; kind: string; targetTable: string;
  synthetic: boolean; rowsRead: number; rowsStored: number; rowsQuarantined: number; notes: string | null; startedAt: Date;
}

/** The commit: the file's `sources` row. */
export async function commitSource(engine: ClickHouseEngine, s: SourceRecord): Promise<void> {
  const at = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ');
  await engine.run(`INSERT INTO sources (source_id, path, file_name, sha256, bytes, kind, target_table, synthetic, rows_read, rows_stored, rows_quarantined, notes, started_at, finished_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
  [s.sourceId, s.path, s.fileName, s.sha256, s.bytes, s.kind, s.targetTable, s.synthetic ? 1 : 0, s.rowsRead, s.rowsStored, s.rowsQuarantined, s.notes, at(s.startedAt), at(new Date())]);
}
