/**
 * The work a readsb worker thread does for a batch of trace files, and the message it sends back. All
 * files of the batch are parsed into one set of columns (one aircraft per run), analysed together, and
 * encoded in the stored form (src/flights/positions-encoding.ts), so the thread that owns the database
 * only copies memory. One message per batch, buffers moved, not copied: a day has ~50,000 aircraft.
 */
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import type { RowIssue } from '../../domain/provenance.ts';
import { encodePositions, encodedTransferables, type EncodedPositions } from '../../flights/positions-encoding.ts';
import { analyse } from '../../trajectory/analyse.ts';
import { PositionBuilder } from '../../trajectory/columns.ts';
import type { AircraftInfo, TrajectoryLeg } from '../../trajectory/legs.ts';
import { parseTrace } from './parse.ts';
import { FormatError, maybeGunzip } from '../common/json-document.ts';

/** A member by offset in an archive, by name in a folder, or its bytes (an archive read as a stream). */
export type MemberRef = { name: string; offset: number; size: number } | { name: string; file: string } | { name: string; bytes: Uint8Array };

export interface BatchTask {
  id: number;
  /** Archive path (members have offset/size) or folder path (members have file). */
  path: string;
  /** The path as the user gave it, for row issues. */
  file: string;
  members: MemberRef[];
}

export interface BatchResult {
  id: number;
  encoded: EncodedPositions;
  legs: TrajectoryLeg[];
  issues: RowIssue[];
  failed: string[];
  fragments: number;
  reordered: number;
  aircraft: number;
}

let readBuffer = Buffer.allocUnsafe(1 << 20);
/** One builder per thread, reused batch after batch: its arrays are not sent (the encoding is). */
const shared = new PositionBuilder(1 << 18);

function readRef(path: string, ref: MemberRef, fd: number | null): Buffer {
  if ('bytes' in ref) return Buffer.from(ref.bytes.buffer, ref.bytes.byteOffset, ref.bytes.byteLength);
  if ('file' in ref) return readFileSync(join(path, ref.file));
  if (readBuffer.length < ref.size) readBuffer = Buffer.allocUnsafe(Math.max(ref.size, readBuffer.length * 2));
  const b = readBuffer.subarray(0, ref.size);
  readSync(fd!, b, 0, ref.size, ref.offset);
  return b;
}

export function runBatch(task: BatchTask): BatchResult {
  const issues: RowIssue[] = [];
  const failed: string[] = [];
  const info: AircraftInfo[] = [];
  const builder = shared;
  builder.reset();
  const fd = task.members.some((m) => 'offset' in m) ? openSync(task.path, 'r') : null;
  try {
    for (const ref of task.members) {
      const mark = builder.length, issueMark = issues.length;
      try {
        const bytes = maybeGunzip(readRef(task.path, ref, fd));
        const { header } = parseTrace(bytes, builder, (p) => issues.push({ file: task.file, sheet: ref.name, row: p.row, column: p.column, value: p.value, problem: p.problem }));
        info[builder.aircraftId(header.icao)] = { registration: header.registration, aircraftType: header.aircraftType };
      } catch (error) {
        if (!(error instanceof FormatError)) throw error;
        // Forget what a member that failed half-way produced: it is one quarantined row, naming it.
        builder.length = mark;
        issues.length = issueMark;
        failed.push(ref.name);
        issues.push({ file: task.file, sheet: ref.name, row: null, column: null, value: null, problem: `member not read: ${error.message}` });
      }
    }
  } finally {
    if (fd !== null) closeSync(fd);
  }
  const a = analyse(builder.finish(), (k) => info[k] ?? {});
  const ranges = new Int32Array(a.legs.length * 2);
  a.legs.forEach((leg, k) => { ranges[2 * k] = leg.firstIndex; ranges[2 * k + 1] = leg.lastIndex; });
  return {
    id: task.id,
    encoded: encodePositions(a.columns, a.quality, a.runStarts, ranges),
    legs: a.legs, issues, failed, fragments: a.fragments, reordered: a.reordered, aircraft: a.runStarts.length - 1,
  };
}

export function transferables(r: BatchResult): ArrayBuffer[] {
  return [...new Set(encodedTransferables(r.encoded))];
}
