/** One trace file's bytes (gzip or not) → columns and row issues. Shared by the in-process and worker paths. */
import { gunzipSync } from 'node:zlib';
import type { RowIssue } from '../../domain/provenance.ts';
import { PositionBuilder } from '../../trajectory/columns.ts';
import { parseTrace, TraceFormatError, type TraceHeader } from './parse.ts';

/** Gunzip when the bytes are gzip (adsb.lol's .json files are), with a plain message when the stream is cut. */
/** Most bytes a gzip file may inflate to (a trace or a recording is tens of MB). */
const MAX_GUNZIPPED = 1 << 30;

export function maybeGunzip(bytes: Buffer): Buffer {
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  try {
    // The gzip trailer gives the decompressed size (mod 4 GiB): one output chunk of that size avoids
    // zlib's default 16 KiB chunks and their concatenation (about a third of the gunzip time here). A
    // damaged trailer only makes the hint wrong, which zlib copes with.
    const hint = bytes.readUInt32LE(bytes.length - 4);
    return gunzipSync(bytes, { chunkSize: Math.min(64 << 20, Math.max(64 << 10, hint + 64)), maxOutputLength: MAX_GUNZIPPED });
  } catch (error) {
    const why = (error as Error).message;
    const size = `${bytes.length.toLocaleString('en-US')} bytes`;
    if (/maxOutputLength|larger than|buffer/i.test(why)) throw new TraceFormatError(`the gzip stream inflates to more than ${MAX_GUNZIPPED / (1 << 20)} MB from its ${size}, more than any recording deportwatch reads; it was refused as a possible gzip bomb`);
    throw new TraceFormatError(/unexpected end/i.test(why)
      ? `the gzip stream is truncated: its ${size} end before the compressed data does (${why}); the file was cut short, e.g. by an incomplete download — fetch it again`
      : `the gzip stream is corrupt somewhere in its ${size} (${why}); the file is damaged — fetch it again`);
  }
}

export interface TraceResult {
  header: TraceHeader;
  builder: PositionBuilder;
  rowsRead: number;
  problems: RowIssue[];
}

/** One trace file's bytes → columns and row issues (member names the archive member, or null). */
export function readTraceBytes(raw: Buffer, file: string, member: string | null): TraceResult {
  const bytes = maybeGunzip(raw);
  const builder = new PositionBuilder(Math.max(64, Math.round(bytes.length / 100)));
  const problems: RowIssue[] = [];
  const { header, rowsRead } = parseTrace(bytes, builder, (p) => problems.push({ file, sheet: member, row: p.row, column: p.column, value: p.value, problem: p.problem }));
  return { header, builder, rowsRead, problems };
}

