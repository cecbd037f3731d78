/**
 * The chunked bulk load of workbook rows, shared by every source that reads large sheets (the
 * Deportation Data Project tables and the ERO-LESA removals). Rows are staged and parsed a chunk at a
 * time, so memory is bounded by a chunk whatever the size of the release (store/records-staging.ts,
 * loadInPlace, says why).
 *
 * Reading and the database overlap: while DuckDB parses and stores chunk k (in its own thread), this
 * thread inflates and scans the XML of chunk k+1 and writes it as the next temporary CSV. Only the CSV
 * writing overlaps; the database still sees one chunk at a time, in order.
 */
import type { Store } from '../../store/db.ts';
import { dropStageView, viewStageCsv, writeStageCsv, type StageCsv, type StageRow } from '../../store/staging.ts';

/** Rows in the first chunk (see loadRowChunks). */
const FIRST_CHUNK_ROWS = 50_000;

export interface ChunkCounts { stored: number; quarantined: number }

export interface RowChunksOptions {
  /** The store the chunks go into, inside loadInPlace (store/records-staging.ts). */
  db: Store;
  /** Name of the stage (a view over the chunk's temporary CSV). */
  stage: string;
  /** Staged columns (c0 … c<width-1>); cells beyond it must have been set aside by the caller. */
  width: number;
  /** Rows per chunk. */
  chunkRows: number;
  /** Rows staged so far in this call, for the progress line. */
  onProgress?: (rows: number) => void;
  /** Parses (or quarantines) one staged chunk of `rows` rows. */
  store(store: Store, stage: string, rows: number): Promise<ChunkCounts>;
}

/**
 * Stages the rows (in the reader's batches) chunk by chunk and hands each chunk to `options.store`;
 * returns the rows staged and their fate. A batch that straddles a chunk's end is split there.
 */
export async function loadRowChunks(batches: AsyncIterable<StageRow[]>, options: RowChunksOptions): Promise<{ staged: number } & ChunkCounts> {
  const { db, stage, width, chunkRows, onProgress } = options;
  const iterator = batches[Symbol.asyncIterator]();
  const totals = { staged: 0, stored: 0, quarantined: 0 };
  let exhausted = false;
  let carried: StageRow[] = [];
  let chunks = 0;
  async function* chunk(): AsyncGenerator<StageRow[]> {
    // The first chunk is read while DuckDB has nothing to do, so it is kept small.
    const limit = chunks++ === 0 ? Math.min(chunkRows, FIRST_CHUNK_ROWS) : chunkRows;
    let taken = 0;
    while (taken < limit) {
      let batch = carried;
      carried = [];
      if (batch.length === 0) {
        const next = await iterator.next();
        if (next.done) { exhausted = true; return; }
        batch = next.value;
      }
      if (taken + batch.length > limit) {
        carried = batch.slice(limit - taken);
        batch = batch.slice(0, limit - taken);
      }
      taken += batch.length;
      yield batch;
    }
  }
  let pending: Promise<void> | null = null;
  let written: StageCsv | null = null;
  try {
    while (!exhausted) {
      const base = totals.staged;
      written = await writeStageCsv(width, chunk(), onProgress && ((n) => onProgress(base + n)));
      if (pending) await pending;
      pending = null;
      const csv = written;
      if (csv.rows === 0) break;
      totals.staged += csv.rows;
      pending = (async () => {
        let counts: ChunkCounts;
        try {
          await viewStageCsv(db, stage, width, csv);
          counts = await options.store(db, stage, csv.rows);
          await dropStageView(db, stage);
        } finally {
          await csv.remove();
        }
        totals.stored += counts.stored;
        totals.quarantined += counts.quarantined;
        onProgress?.(totals.staged);
      })();
      // Awaited on the next turn (or below); this keeps a failure meanwhile from being unhandled.
      pending.catch(() => undefined);
    }
    if (pending) await pending;
    pending = null;
  } finally {
    // On an error, the chunk in the database must finish before the caller restores the store's settings.
    if (pending) await pending.catch(() => undefined);
    await written?.remove();
  }
  return totals;
}
