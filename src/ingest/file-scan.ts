/**
 * One read of a file for everything the pipeline learns from its bytes: the SHA-256 (its identity in
 * `sources`) and, for a text file, its physical lines and whether it holds a non-breaking space, which
 * the single-pass CSV load needs (engine/staging.ts, loadCsv). Reading a 530 MB CSV twice, once to hash
 * and once to count, cost the load about a twentieth of its time, as both reads run beside DuckDB.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { LineScan } from '../engine/staging.ts';
import { NBSP_UTF8 } from '../domain/records.ts';

/** 4 MiB reads: with the default 64 KiB, a 500 MB file costs ~8,000 more trips through the stream. */
const READ_SIZE = 1 << 22;
export interface FileScan {
  sha256: string;
  /** Null unless asked for (a binary file has no lines to count). */
  lines: LineScan | null;
}

export async function scanFile(path: string, options: { lines: boolean }): Promise<FileScan> {
  const hash = createHash('sha256');
  const endings = new LineEndings();
  let nbsp = false;
  let last = -1;
  for await (const chunk of createReadStream(path, { highWaterMark: READ_SIZE }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    if (!options.lines) continue;
    endings.add(chunk);
    // The pair may straddle two reads.
    if (!nbsp) nbsp = chunk.indexOf(NBSP_UTF8) !== -1 || (last === 0xc2 && chunk[0] === 0xa0);
    if (chunk.length > 0) last = chunk[chunk.length - 1];
  }
  return { sha256: hash.digest('hex'), lines: options.lines ? { ...endings.finish(), nbsp } : null };
}

/** Most empty lines remembered by number (beyond it a file is only counted, and a load that needs them refuses it). */
const MAX_EMPTY_LINES = 1_000_000;

/**
 * Counts a file's physical lines and how each ends (LF, CR LF, or a carriage return on its own), and
 * remembers empty lines, which DuckDB's CSV reader skips without a word. Line breaks are found with
 * indexOf, so a file with no carriage return costs one search for it per read.
 */
export class LineEndings {
  private lines = 0;
  private offset = 0;
  /** Offset of the current line's first byte. */
  private lineStart = 0;
  private lastByte = -1;
  private pendingCr = -1;
  private crlf = 0;
  private lf = 0;
  private firstCrlfLine = 0;
  private firstLfLine = 0;
  private loneCr = 0;
  private firstLoneCrLine = 0;
  private emptyLines: number[] = [];
  private emptyCount = 0;

  add(chunk: Buffer): void {
    // A CR at the very end of the previous read: lone unless this read starts with its LF.
    if (this.pendingCr !== -1) {
      if (chunk[0] !== 10) this.noteLoneCr(this.pendingCr);
      this.pendingCr = -1;
    }
    let cr = chunk.indexOf(13);
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) {
      // Lone carriage returns before this LF (a CR right before it is part of the ending).
      while (cr !== -1 && cr < at - 1) { this.noteLoneCr(this.lines + 1); cr = chunk.indexOf(13, cr + 1); }
      const before = at > 0 ? chunk[at - 1] : this.lastByte;
      if (cr === at - 1) cr = chunk.indexOf(13, at + 1);
      this.lines++;
      const absolute = this.offset + at;
      const length = absolute - this.lineStart;
      if (before === 13) { this.crlf++; if (this.firstCrlfLine === 0) this.firstCrlfLine = this.lines; } else { this.lf++; if (this.firstLfLine === 0) this.firstLfLine = this.lines; }
      if (length === 0 || (length === 1 && before === 13)) {
        this.emptyCount++;
        if (this.emptyLines.length < MAX_EMPTY_LINES) this.emptyLines.push(this.lines);
      }
      this.lineStart = absolute + 1;
    }
    while (cr !== -1) {
      if (cr === chunk.length - 1) this.pendingCr = this.lines + 1;
      else this.noteLoneCr(this.lines + 1);
      cr = chunk.indexOf(13, cr + 1);
    }
    if (chunk.length > 0) this.lastByte = chunk[chunk.length - 1];
    this.offset += chunk.length;
  }

  finish(): Omit<LineScan, 'nbsp'> {
    if (this.pendingCr !== -1) this.noteLoneCr(this.pendingCr);
    // A last line without its own line break is a line too.
    const lines = this.offset === 0 || this.lastByte === 10 ? this.lines : this.lines + 1;
    return {
      lines,
      endings: { lf: this.lf, crlf: this.crlf, loneCr: this.loneCr, firstLfLine: this.firstLfLine, firstCrlfLine: this.firstCrlfLine, firstLoneCrLine: this.firstLoneCrLine },
      emptyLines: this.emptyCount <= MAX_EMPTY_LINES ? this.emptyLines : null,
    };
  }

  private noteLoneCr(line: number): void {
    this.loneCr++;
    if (this.firstLoneCrLine === 0) this.firstLoneCrLine = line;
  }
}
