/**
 * The work a readsb worker thread does for a batch of trace files, and the message it sends back: the
 * analysed positions of every aircraft of the batch concatenated into one set of typed arrays (moved,
 * not copied, to the main thread), their legs, and the rows to quarantine. One message per batch, not
 * per aircraft: a day has ~50,000 aircraft.
 */
import { readFileSync, openSync, readSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import type { RowIssue } from '../../domain/provenance.ts';
import { analyse } from '../../trajectory/analyse.ts';
import type { PositionColumns } from '../../trajectory/columns.ts';
import type { TrajectoryLeg } from '../../trajectory/legs.ts';
import { TraceFormatError } from './parse.ts';
import { readTraceBytes } from './trace-file.ts';

export type MemberRef = { name: string; offset: number; size: number } | { name: string; file: string };

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
  columns: PositionColumns;
  quality: Uint8Array;
  runStarts: Int32Array;
  legs: TrajectoryLeg[];
  issues: RowIssue[];
  failed: string[];
  fragments: number;
  reordered: number;
  rowsRead: number;
}

function readRef(path: string, ref: MemberRef): Buffer {
  if ('file' in ref) return readFileSync(join(path, ref.file));
  const fd = openSync(path, 'r');
  try {
    const b = Buffer.allocUnsafe(ref.size);
    readSync(fd, b, 0, ref.size, ref.offset);
    return b;
  } finally {
    closeSync(fd);
  }
}

export function runBatch(task: BatchTask): BatchResult {
  const parts: { columns: PositionColumns; quality: Uint8Array; runStarts: Int32Array; legs: TrajectoryLeg[] }[] = [];
  const issues: RowIssue[] = [];
  const failed: string[] = [];
  let fragments = 0, reordered = 0, rowsRead = 0, total = 0;
  for (const ref of task.members) {
    try {
      const r = readTraceBytes(readRef(task.path, ref), task.file, ref.name);
      issues.push(...r.problems);
      rowsRead += r.rowsRead;
      const a = analyse(r.builder.finish(), () => ({ registration: r.header.registration, aircraftType: r.header.aircraftType }));
      parts.push({ columns: a.columns, quality: a.quality, runStarts: a.runStarts, legs: a.legs });
      fragments += a.fragments;
      reordered += a.reordered;
      total += a.columns.length;
    } catch (error) {
      if (!(error instanceof TraceFormatError)) throw error;
      failed.push(ref.name);
      issues.push({ file: task.file, sheet: ref.name, row: null, column: null, value: null, problem: `member not read: ${error.message}` });
      rowsRead++;
    }
  }
  // Concatenate: one array per column for the whole batch; callsign and aircraft ids renumbered.
  const timeS = new Float64Array(total), latDeg = new Float64Array(total), lonDeg = new Float64Array(total);
  const altFt = new Float32Array(total), gsKt = new Float32Array(total), trackDeg = new Float32Array(total), vrateFpm = new Float32Array(total);
  const flags = new Uint8Array(total), quality = new Uint8Array(total), callsign = new Int32Array(total), row = new Int32Array(total), aircraft = new Int32Array(total);
  const callsigns: string[] = [], csIds = new Map<string, number>(), aircraftHex: string[] = [];
  const starts: number[] = [];
  const legs: TrajectoryLeg[] = [];
  let at = 0;
  for (const p of parts) {
    const c = p.columns, n = c.length;
    timeS.set(c.timeS, at); latDeg.set(c.latDeg, at); lonDeg.set(c.lonDeg, at);
    altFt.set(c.altFt, at); gsKt.set(c.gsKt, at); trackDeg.set(c.trackDeg, at); vrateFpm.set(c.vrateFpm, at);
    flags.set(c.flags, at); quality.set(p.quality, at); row.set(c.row, at);
    const csMap = c.callsigns.map((s) => { let id = csIds.get(s); if (id === undefined) { id = callsigns.length; callsigns.push(s); csIds.set(s, id); } return id; });
    for (let i = 0; i < n; i++) { const id = c.callsign[i]; callsign[at + i] = id < 0 ? -1 : csMap[id]; }
    const acBase = aircraftHex.length;
    aircraftHex.push(...c.aircraftHex);
    for (let i = 0; i < n; i++) aircraft[at + i] = acBase + c.aircraft[i];
    for (let k = 0; k + 1 < p.runStarts.length; k++) starts.push(at + p.runStarts[k]);
    for (const leg of p.legs) legs.push({ ...leg, firstIndex: leg.firstIndex + at, lastIndex: leg.lastIndex + at });
    at += n;
  }
  starts.push(total);
  return {
    id: task.id,
    columns: { length: total, timeS, latDeg, lonDeg, altFt, gsKt, trackDeg, vrateFpm, flags, callsign, row, aircraft, callsigns, aircraftHex },
    quality, runStarts: Int32Array.from(starts), legs, issues, failed, fragments, reordered, rowsRead,
  };
}

/** The typed arrays of a result, to move them to the main thread without copying. */
export function transferables(r: BatchResult): ArrayBuffer[] {
  const c = r.columns;
  return [c.timeS, c.latDeg, c.lonDeg, c.altFt, c.gsKt, c.trackDeg, c.vrateFpm, c.flags, c.callsign, c.row, c.aircraft, r.quality, r.runStarts]
    .map((a) => a.buffer as ArrayBuffer);
}
