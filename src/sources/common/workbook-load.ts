/**
 * The chunked bulk load of workbook rows, shared by every source that reads large sheets (the
 * Deportation Data Project tables and the ERO-LESA removals). Rows are staged and parsed a chunk at a
 * time, so memory is bounded by a chunk whatever the size of the release (store/records-staging.ts,
 * loadInPlace, says why).
 *
 * The rows come as stage CSV bytes from the sheet transcoder (xlsx/sheet-csv.ts, Workbook.stageCsv)
 * and are written to a temporary file per chunk, which DuckDB reads through a view (viewStageCsv).
 * Reading and the database overlap: while DuckDB parses and stores chunk k (on its own threads), this
 * thread inflates and transcodes the XML of chunk k+1 and writes it as the next file. The database
 * still sees one chunk at a time, in order.
 */
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Store } from '../../store/db.ts';
import { dropStageView, viewStageCsv, type StageCsv } from '../../store/staging.ts';
import type { CsvPiece } from './xlsx/index.ts';

/** U+00A0 in UTF-8: no other character's encoding holds these two bytes. */
const NBSP_UTF8 = Buffer.from([0xc2, 0xa0]);

/** Rows in the first chunk (see loadCsvChunks). */
const FIRST_CHUNK_ROWS = 50_000;

export interface ChunkCounts { stored: number; quarantined: number }

export interface CsvChunksOptions {
  /** The store the chunks go into, inside loadInPlace (store/records-staging.ts). */
  db: Store;
  /** Name of the stage (a view over the chunk's temporary CSV). */
  stage: string;
  /** Staged columns (c0 … c<width-1>) in the pieces' lines. */
  width: number;
  /** Rows per chunk. */
  chunkRows: number;
  /** Rows staged so far in this call, for the progress line. */
  onProgress?: (rows: number) => void;
  /**
   * Parses (or quarantines) one staged chunk of `rows` rows; `cells.nbsp` says whether any of its cells
   * holds an NBSP (when none does, the parsing query need not look for one: staging.ts, trimmedSql).
   */
  store(store: Store, stage: string, rows: number, cells: { nbsp: boolean }): Promise<ChunkCounts>;
}

/**
 * Writes the staged lines (in the transcoder's pieces) chunk by chunk to temporary files and hands
 * each chunk to `options.store`; returns the rows staged and their fate. A piece that straddles a
 * chunk's end is cut there, between two lines.
 */
export async function loadCsvChunks(pieces: AsyncIterable<CsvPiece>, options: CsvChunksOptions): Promise<{ staged: number } & ChunkCounts> {
  const { db, stage, width, chunkRows, onProgress } = options;
  const iterator = pieces[Symbol.asyncIterator]();
  const totals = { staged: 0, stored: 0, quarantined: 0 };
  let exhausted = false;
  let carried: CsvPiece | null = null;
  let chunks = 0;
  /** The next chunk's lines, written to a fresh temporary file. */
  async function writeChunk(): Promise<StageCsv & { nbsp: boolean }> {
    // The first chunk is read while DuckDB has nothing to do, so it is kept small.
    const limit = chunks++ === 0 ? Math.min(chunkRows, FIRST_CHUNK_ROWS) : chunkRows;
    const dir = await mkdtemp(join(tmpdir(), 'deportwatch-stage-'));
    const path = join(dir, 'stage.csv');
    const remove = () => rm(dir, { recursive: true, force: true });
    let rows = 0;
    let nbsp = false;
    try {
      const handle = await open(path, 'w');
      try {
        while (rows < limit) {
          let piece = carried;
          carried = null;
          if (piece === null) {
            const next = await iterator.next();
            if (next.done) { exhausted = true; break; }
            piece = next.value;
          }
          if (piece.rows === 0) continue;
          if (rows + piece.rows > limit) {
            const [head, tail] = cutPiece(piece, limit - rows);
            piece = head;
            carried = tail;
          }
          if (!nbsp) nbsp = piece.bytes.indexOf(NBSP_UTF8) !== -1;
          await handle.write(piece.bytes);
          const before = rows;
          rows += piece.rows;
          if (onProgress && Math.floor(rows / 100_000) > Math.floor(before / 100_000)) onProgress(totals.staged + rows);
        }
      } finally {
        await handle.close();
      }
    } catch (error) {
      await remove();
      throw error;
    }
    return { path, rows, remove, nbsp };
  }
  let pending: Promise<void> | null = null;
  let written: (StageCsv & { nbsp: boolean }) | null = null;
  try {
    while (!exhausted) {
      written = await writeChunk();
      if (pending) await pending;
      pending = null;
      const csv = written;
      if (csv.rows === 0) break;
      totals.staged += csv.rows;
      pending = (async () => {
        let counts: ChunkCounts;
        try {
          await viewStageCsv(db, stage, width, csv);
          counts = await options.store(db, stage, csv.rows, { nbsp: csv.nbsp });
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

/** The first `rows` lines of a piece and the rest. */
function cutPiece(piece: CsvPiece, rows: number): [CsvPiece, CsvPiece] {
  const at = piece.rowEnds[rows - 1];
  const tailEnds = piece.rowEnds.subarray(rows).map((end) => end - at);
  return [
    { bytes: piece.bytes.subarray(0, at), rowEnds: piece.rowEnds.subarray(0, rows), rows },
    { bytes: piece.bytes.subarray(at), rowEnds: tailEnds, rows: piece.rows - rows },
  ];
}
