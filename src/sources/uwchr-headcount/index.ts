/**
 * UWCHR's daily detention headcount per facility (University of Washington Center for Human Rights,
 * derived from ICE detention records): `detention_facility_code|n|date`, pipe-separated, usually
 * gzip-compressed (`.psv.gz`). One row per facility and day, stored in `facility_population_daily`
 * with `release = 'uwchr-headcount'` and the physical line as `source_row`; a line that does not parse
 * is quarantined with its line and column.
 */
import { createReadStream } from 'node:fs';
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
    // The pipeline counts the lines of plain text files only; the single-pass load needs the count to
    // know every line became a row, so a gzip file's lines are counted here while DuckDB reads it.
    const lines = head.gzip ? gzipLines(head.path) : context.lines;
    lines.catch(() => undefined);
    const counts = await ingestDelimitedLayout(head, { ...context, lines }, UWCHR_HEADCOUNT, '|', { release: 'uwchr-headcount' });
    return { ...counts, notes: ['read as UWCHR detention headcount (release uwchr-headcount)', ...(counts.notes ?? [])] };
  },
};

/** Physical lines of a gzip file once decompressed, and whether it holds a non-breaking space (as ingest/file-scan.ts counts a plain file). */
export async function gzipLines(path: string): Promise<LineScan> {
  let lines = 0, last = -1, nbsp = false;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }).pipe(createGunzip({ chunkSize: 1 << 20 })) as AsyncIterable<Buffer>) {
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines++;
    if (!nbsp) nbsp = chunk.indexOf(NBSP_UTF8) !== -1 || (last === 0xc2 && chunk[0] === 0xa0);
    if (chunk.length > 0) last = chunk[chunk.length - 1];
  }
  return { lines: last === -1 || last === 10 ? lines : lines + 1, nbsp };
}
