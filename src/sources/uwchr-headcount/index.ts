/**
 * UWCHR's daily detention headcount per facility (University of Washington Center for Human Rights,
 * derived from ICE detention records): `detention_facility_code|n|date`, pipe-separated, usually
 * gzip-compressed (`.psv.gz`). One row per facility and day, stored in `facility_population_daily`
 * with `release = 'uwchr-headcount'` and the physical line as `source_row`; a line that does not parse
 * is quarantined with its line and column.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { UserError } from '../../domain/errors.ts';
import { NBSP_UTF8 } from '../../domain/records.ts';
import type { LineScan, ParseRule } from '../../engine/staging.ts';
import { ingestDelimitedLayout } from '../common/layout-ingest.ts';
import { normaliseHeader, type Layout } from '../common/layout.ts';
import type { Source } from '../types.ts';

const INTEGER: ParseRule = { kind: 'integer' };
const DATE: ParseRule = { kind: 'date', formats: ['%Y-%m-%d'], expected: 'a date written YYYY-MM-DD' };

export const UWCHR_HEADCOUNT: Layout = {
  table: 'facility_population_daily',
  name: 'UWCHR detention headcount',
  signature: ['detention facility code', 'n', 'date'],
  fields: [
    { header: 'detention_facility_code', target: 'facility_code', required: true },
    { header: 'n', target: 'n_detained', parse: INTEGER, required: true },
    { header: 'date', target: 'date', parse: DATE, required: true },
  ],
};

const HEADER = ['detention facility code', 'n', 'date'];

export const uwchrHeadcount: Source = {
  kind: 'uwchr-headcount',
  title: 'UWCHR daily detention headcount per facility (detention_facility_code|n|date, pipe-separated, gzip or not)',
  tables: ['facility_population_daily'],
  sniff(head) {
    const first = head.lines.find((l) => l.trim() !== '');
    if (head.text === null || !first || !first.includes('|')) return { confidence: 0 };
    const cells = first.split('|').map(normaliseHeader);
    return cells.length === HEADER.length && cells.every((c, i) => c === HEADER[i])
      ? { confidence: 0.95, reason: 'the header detention_facility_code|n|date of UWCHR\'s headcount' } : { confidence: 0 };
  },
  async ingest(head, context) {
    if (head.folder) throw new UserError(`${context.file}: a folder; name the headcount file`);
    // A gzip file is decompressed once, in Node, into a temporary file whose lines are counted on the
    // way: DuckDB then reads plain text with its parallel CSV reader (its gzip reader runs on one
    // thread), and the count lets the single-pass load check that every line became a row.
    let path = head.path;
    let lines = context.lines;
    let scratch: string | null = null;
    let counts;
    try {
      if (head.gzip) {
        scratch = await mkdtemp(join(tmpdir(), 'deportwatch-headcount-'));
        path = join(scratch, 'headcount.psv');
        lines = gunzipCounting(head.path, path);
        await lines;
      }
      counts = await ingestDelimitedLayout({ ...head, path }, { ...context, lines }, UWCHR_HEADCOUNT, '|', { release: 'uwchr-headcount' });
    } finally {
      if (scratch) await rm(scratch, { recursive: true, force: true });
    }
    return { ...counts, notes: ['read as UWCHR detention headcount (release uwchr-headcount)', ...(counts.notes ?? [])] };
  },
};

/** Decompresses a gzip file to `to`, counting its physical lines and looking for a non-breaking space (as ingest/file-scan.ts counts a plain file). */
export async function gunzipCounting(from: string, to: string): Promise<LineScan> {
  let lines = 0, last = -1, nbsp = false;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines++;
      if (!nbsp) nbsp = chunk.indexOf(NBSP_UTF8) !== -1 || (last === 0xc2 && chunk[0] === 0xa0);
      if (chunk.length > 0) last = chunk[chunk.length - 1];
      done(null, chunk);
    },
  });
  await pipeline(createReadStream(from, { highWaterMark: 1 << 20 }), createGunzip({ chunkSize: 1 << 20 }), counter, createWriteStream(to));
  return { lines: last === -1 || last === 10 ? lines : lines + 1, nbsp };
}
