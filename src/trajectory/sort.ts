/**
 * Orders positions per aircraft, then by time: the order every other kernel assumes. Receivers and
 * exports deliver points out of order (ADS-B Exchange CSV exports run backwards in places, merged feeds
 * interleave), so the order is checked in one pass and the sort only runs when needed. The sort is
 * stable: points with equal times keep their source order, so duplicates stay next to each other.
 */
import { type PositionColumns } from './columns.ts';

export interface SortResult {
  columns: PositionColumns;
  /** How many points changed place (0 when the input was already in order). */
  reordered: number;
  /** For each output point, 1 when it was moved by the sort (null when nothing moved). */
  moved: Uint8Array | null;
  /** Start of each aircraft's run in the output, plus the end: aircraft k spans [starts[k], starts[k+1]). */
  runStarts: Int32Array;
}

/** Runs of equal `aircraft` in already-ordered columns. */
function runStartsOf(aircraft: Int32Array): Int32Array {
  const n = aircraft.length;
  let runs = n > 0 ? 1 : 0;
  for (let i = 1; i < n; i++) if (aircraft[i] !== aircraft[i - 1]) runs++;
  const starts = new Int32Array(runs + 1);
  let k = 0;
  if (n > 0) starts[k++] = 0;
  for (let i = 1; i < n; i++) if (aircraft[i] !== aircraft[i - 1]) starts[k++] = i;
  starts[runs] = n;
  return starts;
}

function isOrdered(c: PositionColumns): boolean {
  const { aircraft, timeS } = c;
  const seen = new Set<number>();
  for (let i = 1; i < c.length; i++) {
    const a = aircraft[i], b = aircraft[i - 1];
    if (a === b) {
      if (timeS[i] < timeS[i - 1]) return false;
    } else {
      // An aircraft that appears again after another one means the file is not grouped.
      seen.add(b);
      if (seen.has(a)) return false;
    }
  }
  return true;
}

export function sortByAircraftTime(c: PositionColumns): SortResult {
  if (isOrdered(c)) return { columns: c, reordered: 0, moved: null, runStarts: runStartsOf(c.aircraft) };
  const n = c.length;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const { aircraft, timeS } = c;
  // Stable: equal keys keep source order (typed-array sort with a comparator is not guaranteed stable).
  order.sort((x, y) => (aircraft[x] - aircraft[y]) || (timeS[x] - timeS[y]) || (x - y));
  const out = permute(c, order);
  const moved = new Uint8Array(n);
  // A point "moved" when it is out of time order relative to its source neighbours: count the points
  // whose source index is below that of a point placed before them (within the same aircraft).
  let reordered = 0;
  let maxSource = -1;
  for (let i = 0; i < n; i++) {
    if (i > 0 && out.aircraft[i] !== out.aircraft[i - 1]) maxSource = -1;
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
