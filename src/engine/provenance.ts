/** The `sources` and `row_issues` tables: what was ingested from where, and what was quarantined. */
import type { RowIssue, SourceCounts } from '../domain/provenance.ts';
import type { Store } from './db.ts';
import { basename } from 'node:path';

export interface SourceRecord {
  source_id: number;
  path: string;
  file_name: string;
  sha256: string;
  kind: string;
  synthetic: boolean;
  rows_read: number;
  rows_stored: number;
  rows_quarantined: number;
}

export async function findSourceBySha256(store: Store, sha256: string): Promise<SourceRecord | undefined> {
  return store.one<SourceRecord & Record<string, unknown>>('SELECT * FROM sources WHERE sha256 = $1', [sha256]);
}

/** Whether a stored source has exactly this many bytes (a file of another size cannot have the same content). */
export async function sourceWithBytes(store: Store, bytes: number): Promise<boolean> {
  return (await store.one('SELECT 1 FROM sources WHERE bytes = $1 LIMIT 1', [bytes])) !== undefined;
}

/**
 * The file's row, made when its ingest starts (inside its transaction). `sha256` may not be known yet
 * (ingest.ts hashes a file of a new size while it loads): the row then holds a placeholder, unique as
 * the column must be, until finishSource.
 */
export async function startSource(store: Store, file: { path: string; sha256: string | null; bytes: number; kind: string; tables: string[]; synthetic: boolean }): Promise<number> {
  const row = await store.one<{ source_id: number }>(
    `INSERT INTO sources (path, file_name, sha256, bytes, kind, target_table, synthetic, started_at)
     VALUES ($1, $2, coalesce($3, 'pending ' || uuid()), $4, $5, $6, $7, current_timestamp) RETURNING source_id`,
    [file.path, basename(file.path), file.sha256, file.bytes, file.kind, file.tables.join(','), file.synthetic]);
  return Number(row!.source_id);
}

export async function finishSource(store: Store, sourceId: number, counts: SourceCounts, sha256: string): Promise<void> {
  await store.run(`UPDATE sources SET rows_read = $1, rows_stored = $2, rows_quarantined = $3, notes = $4, finished_at = current_timestamp, sha256 = $5
    WHERE source_id = $6`, [counts.rowsRead, counts.rowsStored, counts.rowsQuarantined, counts.notes?.join('\n') ?? null, sha256, sourceId]);
}

export async function insertRowIssues(store: Store, sourceId: number, issues: RowIssue[]): Promise<void> {
  if (issues.length === 0) return;
  const appender = await store.appender('row_issues');
  for (const issue of issues) {
    appender.appendInteger(sourceId);
    appender.appendVarchar(issue.file);
    for (const value of [issue.sheet, issue.row, issue.column, issue.value]) {
      if (value == null) appender.appendNull();
      else if (typeof value === 'number') appender.appendBigInt(BigInt(value));
      else appender.appendVarchar(value);
    }
    appender.appendVarchar(issue.problem);
    appender.endRow();
  }
  appender.closeSync();
}
