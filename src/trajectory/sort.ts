/**
 * Orders positions per aircraft, then by time: the order every other kernel assumes. Receivers and
 * exports deliver points out of order (ADS-B Exchange CSV exports run backwards in places, merged feeds
 * interleave), so the order is checked in one pass and only what is out of order is sorted:
 *  - files grouped by aircraft (readsb traces, one aircraft per file) are fixed run by run, in place,
 *    by insertion sort — linear for the few swapped neighbours real recordings have;
 *  - interleaved files (several aircraft mixed) get a full stable sort.
 * Points with equal times keep their source order, so duplicates stay next to each other.
 */
import { type PositionColumns } from './columns.ts';

export interface SortResult {
  columns: PositionColumns;
  /** How many points were out of time order in the source. */
  reordered: number;
  /** For each output point, 1 when it was out of order in the source (null when none was). */
  moved: Uint8Array | null;
  /** Start of each aircraft's run in the output, plus the end: aircraft k spans [starts[k], starts[k+1]). */
  runStarts: Int32Array;
}

/** Runs of equal `aircraft` in columns grouped by aircraft. */
function runStartsOf(aircraft: Int32Array): Int32Array {
  const n = aircraft.length;
  const starts: number[] = [];
  for (let i = 0; i < n; i++) if (i === 0 || aircraft[i] !== aircraft[i - 1]) starts.push(i);
  starts.push(n);
  return Int32Array.from(starts);
}

/** Whether each aircraft's points are contiguous (each run a different aircraft). */
function isGrouped(c: PositionColumns, runStarts: Int32Array): boolean {
  const seen = new Set<number>();
  for (let k = 0; k + 1 < runStarts.length; k++) {
    const a = c.aircraft[runStarts[k]];
    if (seen.has(a)) return false;
    seen.add(a);
  }
  return true;
}

function runOrdered(t: Float64Array, from: number, to: number): boolean {
  for (let i = from + 1; i < to; i++) if (t[i] < t[i - 1]) return false;
  return true;
}

export function sortByAircraftTime(c: PositionColumns): SortResult {
  const runStarts = runStartsOf(c.aircraft);
  if (!isGrouped(c, runStarts)) return fullSort(c);
  let moved: Uint8Array | null = null;
  let reordered = 0;
  for (let k = 0; k + 1 < runStarts.length; k++) {
    const from = runStarts[k], to = runStarts[k + 1];
    if (runOrdered(c.timeS, from, to)) continue;
    moved ??= new Uint8Array(c.length);
    reordered += sortRunInPlace(c, from, to, moved);
  }
  return { columns: c, reordered, moved, runStarts };
}

/** Sorts rows [from, to) by time in place (stable); marks and counts the points that were out of order. */
function sortRunInPlace(c: PositionColumns, from: number, to: number, moved: Uint8Array): number {
  const n = to - from, t = c.timeS;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = from + i;
  // Insertion sort: linear when few points are out of place; a full sort when many are.
  let shifts = 0;
  for (let i = 1; i < n && shifts <= 8 * n; i++) {
    const x = order[i], tx = t[x];
    let j = i - 1;
    while (j >= 0 && t[order[j]] > tx) { order[j + 1] = order[j]; j--; shifts++; }
    order[j + 1] = x;
  }
  if (shifts > 8 * n) {
    for (let i = 0; i < n; i++) order[i] = from + i;
    order.sort((x, y) => (t[x] - t[y]) || (x - y));
  }
  let count = 0, maxSource = -1, lo = n, hi = -1;
  for (let i = 0; i < n; i++) {
    if (order[i] < maxSource) { moved[from + i] = 1; count++; } else maxSource = order[i];
    if (order[i] !== from + i) { if (i < lo) lo = i; hi = i; }
  }
  if (hi < 0) return count;
  // Only the window between the first and last displaced point changes.
  const w0 = from + lo, w1 = from + hi + 1;
  const p64 = (a: Float64Array) => { const tmp = a.slice(w0, w1); for (let i = lo; i <= hi; i++) a[from + i] = tmp[order[i] - w0]; };
  const p32 = (a: Float32Array) => { const tmp = a.slice(w0, w1); for (let i = lo; i <= hi; i++) a[from + i] = tmp[order[i] - w0]; };
  const pI32 = (a: Int32Array) => { const tmp = a.slice(w0, w1); for (let i = lo; i <= hi; i++) a[from + i] = tmp[order[i] - w0]; };
  const p8 = (a: Uint8Array) => { const tmp = a.slice(w0, w1); for (let i = lo; i <= hi; i++) a[from + i] = tmp[order[i] - w0]; };
  p64(c.timeS); p64(c.latDeg); p64(c.lonDeg);
  p32(c.altFt); p32(c.gsKt); p32(c.trackDeg); p32(c.vrateFpm);
  p8(c.flags); pI32(c.callsign); pI32(c.row);
  return count;
}

function fullSort(c: PositionColumns): SortResult {
  const n = c.length;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const { aircraft, timeS } = c;
  // Stable: equal keys keep source order (typed-array sort with a comparator is not guaranteed stable).
  order.sort((x, y) => (aircraft[x] - aircraft[y]) || (timeS[x] - timeS[y]) || (x - y));
  const out = permute(c, order);
  const moved = new Uint8Array(n);
  let reordered = 0;
  let maxSource = -1;
  for (let i = 0; i < n; i++) {
    if (i > 0 && out.aircraft[i] !== out.aircraft[i - 1]) maxSource = -1;
    // Out of time order: a point whose source row comes before one already placed (same aircraft).
    if (order[i] < maxSource) { moved[i] = 1; reordered++; } else maxSource = order[i];
  }
  return { columns: out, reordered, moved: reordered ? moved : null, runStarts: runStartsOf(out.aircraft) };
}

export function permute(c: PositionColumns, order: Int32Array): PositionColumns {
  const n = order.length;
  const p64 = (a: Float64Array) => { const b = new Float64Array(n); for (let i = 0; i < n; i++) b[i] = a[order[i]]; return b; };
  const p32 = (a: Float32Array) => { const b = new Float32Array(n); for (let i = 0; i < n; i++) b[i] = a[order[i]]; return b; };
  const pI32 = (a: Int32Array) => { const b = new Int32Array(n); for (let i = 0; i < n; i++) b[i] = a[order[i]]; return b; };
  const p8 = (a: Uint8Array) => { const b = new Uint8Array(n); for (let i = 0; i < n; i++) b[i] = a[order[i]]; return b; };
  return {
    length: n,
    timeS: p64(c.timeS), latDeg: p64(c.latDeg), lonDeg: p64(c.lonDeg),
    altFt: p32(c.altFt), gsKt: p32(c.gsKt), trackDeg: p32(c.trackDeg), vrateFpm: p32(c.vrateFpm),
    flags: p8(c.flags), callsign: pI32(c.callsign), row: pI32(c.row), aircraft: pI32(c.aircraft),
    callsigns: c.callsigns, aircraftHex: c.aircraftHex,
  };
}
