/** What every route family is built from. */
import type { ProcessLimits } from '../engine/sql-process.ts';
import type { ServedDatabase } from '../engine/served.ts';
import type { Catalog } from './tables.ts';

export interface ApiContext {
  db: ServedDatabase;
  catalog: Catalog;
  /** Limits of `/sql.*` (time, rows, memory of the query's process, size of the answer). */
  sqlLimits: ProcessLimits;
  /** Whether a token is configured (writes possible). */
  writable: boolean;
  /** Largest accepted upload, in bytes. */
  maxUploadBytes: number;
  /** Folder of the built dashboard, when present. */
  webDir: string | null;
  /** Folder where a watcher writes status.json and events.jsonl (docs/watch.md), or null. */
  liveDir: string | null;
}
