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
  let lines = 0;
  let last = -1;
  let nbsp = false;
  for await (const chunk of createReadStream(path, { highWaterMark: READ_SIZE }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    if (!options.lines) continue;
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines++;
    // The pair may straddle two reads.
    if (!nbsp) nbsp = chunk.indexOf(NBSP_UTF8) !== -1 || (last === 0xc2 && chunk[0] === 0xa0);
    if (chunk.length > 0) last = chunk[chunk.length - 1];
  }
  return {
    sha256: hash.digest('hex'),
    // A last line without its own line break is a line too.
    lines: options.lines ? { lines: last === -1 || last === 10 ? lines : lines + 1, nbsp } : null,
  };
}
