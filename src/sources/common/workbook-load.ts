/**
 * The chunked bulk load of workbook rows, shared by every source that reads large sheets (the
 * Deportation Data Project tables and the ERO-LESA removals). Rows are staged and parsed a chunk at a
 * time, so memory is bounded by a chunk whatever the size of the release (engine/bulk-staging.ts,
 * loadInPlace, says why).
 *
 * The rows come as stage CSV bytes from the sheet transcoder (xlsx/sheet-csv.ts, Workbook.stageCsv)
 * and are written to a temporary file per chunk, which DuckDB reads through a view (viewStageCsv).
 * Reading and the database overlap: while DuckDB parses and stores chunk k (on its own thread), this
 * thread inflates and transcodes the XML of the next chunks and writes them as the next files, up to
 * CHUNKS_AHEAD of them (they wait on disk, not in memory). The database still sees one chunk at a
 * time, in order. Measured on the 3,000,000-row stays workbook: 35.4 s and 58.8 CPU-s with the reader
 * one chunk ahead (each side waited for the other in turn), 23.9 s and 39.1 CPU-s two ahead.
 */
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Store } from '../../engine/db.ts';
import { dropStageView, viewStageCsv, type StageCsv } from '../../engine/staging.ts';
import type { CsvPiece } from './xlsx/index.ts';
import { NBSP_UTF8 } from '../../domain/records.ts';

/** Chunks written ahead of the one in the database (see above). */
const CHUNKS_AHEAD = 2;

/** Rows in the first chunk (see loadCsvChunks). */
const FIRST_CHUNK_ROWS = 50_000;

export interface ChunkCounts { stored: number; quarantined: number }

export interface CsvChunksOptions {
  /** The store the chunks go into, inside loadInPlace (engine/bulk-staging.ts). */
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
  const totals = { staged: 0, stored: 0, quarantined: 0 };
  const writer = new ChunkWriter(pieces[Symbol.asyncIterator](), options.chunkRows, (rows) => options.onProgress?.(totals.staged + rows));
  let stopped = false;
  /** Parses one written chunk into the store (or only removes its file once the load has stopped). */
  async function storeChunk(csv: WrittenChunk): Promise<void> {
    let counts: ChunkCounts | null = null;
    try {
      if (stopped) return;
      await viewStageCsv(options.db, options.stage, options.width, csv);
      counts = await options.store(options.db, options.stage, csv.rows, { nbsp: csv.nbsp });
      await dropStageView(options.db, options.stage);
    } finally {
      await csv.remove();
    }
    totals.stored += counts.stored;
    totals.quarantined += counts.quarantined;
    options.onProgress?.(totals.staged);
  }
  // The chunks go to the database one after another (they share its connection), each when the one
  // before it is done; a failure makes every later one only remove its file.
  let chain: Promise<void> = Promise.resolve();
  /** Chunks handed to the chain and not yet awaited here. */
  const queued: Promise<void>[] = [];
  try {
    while (!writer.exhausted) {
      const csv = await writer.next();
      if (csv.rows === 0) { await csv.remove(); break; }
      totals.staged += csv.rows;
      chain = chain.then(() => storeChunk(csv), async (error: unknown) => { await csv.remove(); throw error; });
      chain.catch(() => undefined); // awaited below; this keeps a failure meanwhile from being unhandled
      queued.push(chain);
      // The reader may run CHUNKS_AHEAD chunks ahead of the database (they wait on disk, not in memory),
      // so that neither waits for the other on a chunk that happens to be slow on one side.
      while (queued.length > CHUNKS_AHEAD) await queued.shift();
    }
    await chain;
  } finally {
    // On an error, the chunk in the database must finish before the caller restores the store's settings.
    stopped = true;
    await chain.catch(() => undefined);
  }
  return totals;
}

type WrittenChunk = StageCsv & { nbsp: boolean };

/** Cuts the transcoder's pieces into chunks of lines, each written to a fresh temporary file. */
class ChunkWriter {
  exhausted = false;
  private carried: CsvPiece | null = null;
  private chunks = 0;

  constructor(private readonly pieces: AsyncIterator<CsvPiece>, private readonly chunkRows: number, private readonly onRows: (rows: number) => void) {}

  /** The next chunk's lines in a temporary file (no rows once the pieces are exhausted). */
  async next(): Promise<WrittenChunk> {
    // The first chunk is read while DuckDB has nothing to do, so it is kept small.
    const limit = this.chunks++ === 0 ? Math.min(this.chunkRows, FIRST_CHUNK_ROWS) : this.chunkRows;
    const dir = await mkdtemp(join(tmpdir(), 'deportwatch-stage-'));
    const path = join(dir, 'stage.csv');
    const remove = () => rm(dir, { recursive: true, force: true });
    try {
      const { rows, nbsp } = await this.write(path, limit);
      return { path, rows, remove, nbsp };
    } catch (error) {
      await remove();
      throw error;
    }
  }

  private async write(path: string, limit: number): Promise<{ rows: number; nbsp: boolean }> {
    let rows = 0;
    let nbsp = false;
    const handle = await open(path, 'w');
    // One write in flight while the next piece is transcoded (awaiting each write stalled the reader).
    let writing: Promise<unknown> | null = null;
    try {
      for (let piece = await this.nextPiece(); piece !== null; piece = rows < limit ? await this.nextPiece() : null) {
        if (piece.rows === 0) continue;
        if (rows + piece.rows > limit) {
          const [head, tail] = cutPiece(piece, limit - rows);
          piece = head;
          this.carried = tail;
        }
        if (!nbsp) nbsp = piece.bytes.indexOf(NBSP_UTF8) !== -1;
        if (writing) await writing;
        writing = handle.write(piece.bytes);
        writing.catch(() => undefined); // awaited before the next write or below
        const before = rows;
        rows += piece.rows;
        if (Math.floor(rows / 100_000) > Math.floor(before / 100_000)) this.onRows(rows);
      }
      if (writing) await writing;
    } finally {
      if (writing) await writing.catch(() => undefined);
      await handle.close();
    }
    return { rows, nbsp };
  }

  /** The piece carried over from the last chunk's end, else the next one; null when there are no more. */
  private async nextPiece(): Promise<CsvPiece | null> {
    if (this.carried !== null) {
      const piece = this.carried;
      this.carried = null;
      return piece;
    }
    const next = await this.pieces.next();
    if (next.done) { this.exhausted = true; return null; }
    return next.value;
  }
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
