/**
 * The stored form of positions (table `positions`, migration 4): whole numbers in fixed scales, built
 * column by column in the reader threads so that the thread that owns the database only copies
 * memory. Scales are exact for what receivers publish: readsb writes 6 decimals of a degree
 * (microdegrees, 0.11 m), speeds and tracks with one decimal, altitudes in whole feet and vertical
 * rates in whole ft/min. Sources with more decimals (traffic's samples) are rounded to these.
 *
 * Nullable columns carry a validity bitmap (bit set = value present), 32 rows per word, in the layout
 * DuckDB's vectors use, so a 2,048-row chunk's mask is a 256-byte copy.
 */
import type { PositionColumns } from '../trajectory/columns.ts';

export interface EncodedPositions {
  length: number;
  /** TIMESTAMP: microseconds since the epoch, as little-endian int64 (two int32 per row). */
  timeUs: Int32Array;
  icao24: Uint32Array;
  latE6: Int32Array;
  lonE6: Int32Array;
  altFt: Int32Array;
  altValid: Uint32Array;
  gsDkt: Int16Array;
  gsValid: Uint32Array;
  trackDdeg: Int16Array;
  trackValid: Uint32Array;
  vrateFpm: Int16Array;
  vrateValid: Uint32Array;
  flags: Uint8Array;
  quality: Uint8Array;
  /** Index of the point's leg among the batch's legs (add the first adsb_legs id before storing). */
  leg: Int32Array;
  legValid: Uint32Array;
  /** Callsign id where it changes along an aircraft's track, else -1 (stored NULL). */
  callsignChange: Int32Array;
  callsigns: string[];
  row: Int32Array;
}

/** The 24-bit address as stored: bit 24 marks readsb's non-ICAO ("~") addresses. */
export function icao24Number(hex: string): number {
  const tilde = hex.startsWith('~');
  return (parseInt(tilde ? hex.slice(1) : hex, 16) | (tilde ? 1 << 24 : 0)) >>> 0;
}

export function icao24Hex(n: number): string {
  return `${n & (1 << 24) ? '~' : ''}${(n & 0xffffff).toString(16).padStart(6, '0')}`;
}

const words = (n: number) => new Uint32Array(Math.ceil(n / 32) + 64);

function clamp16(v: number): number {
  return v > 32767 ? 32767 : v < -32768 ? -32768 : v;
}

/**
 * Encodes ordered positions. `legRanges` lists each leg's [firstIndex, lastIndex] in order; points in a
 * range get that leg's index.
 */
export function encodePositions(c: PositionColumns, quality: Uint8Array, runStarts: Int32Array, legRanges: ArrayLike<number>): EncodedPositions {
  const n = c.length;
  const timeUs = new Int32Array(2 * n);
  const latE6 = new Int32Array(n), lonE6 = new Int32Array(n), altFt = new Int32Array(n);
  const gsDkt = new Int16Array(n), trackDdeg = new Int16Array(n), vrateFpm = new Int16Array(n);
  const altValid = words(n), gsValid = words(n), trackValid = words(n), vrateValid = words(n), legValid = words(n);
  const leg = new Int32Array(n).fill(-1);
  const icao24 = new Uint32Array(n);
  const callsignChange = new Int32Array(n);
  const { timeS, latDeg, lonDeg } = c, alt = c.altFt, gs = c.gsKt, trk = c.trackDeg, vr = c.vrateFpm;
  for (let i = 0; i < n; i++) {
    const us = Math.round(timeS[i] * 1e6);
    const hi = Math.floor(us / 4294967296);
    timeUs[2 * i] = (us - hi * 4294967296) | 0;
    timeUs[2 * i + 1] = hi;
    latE6[i] = Math.round(latDeg[i] * 1e6);
    lonE6[i] = Math.round(lonDeg[i] * 1e6);
    const bit = 1 << (i & 31), w = i >>> 5;
    const a = alt[i];
    if (a === a) { altFt[i] = Math.round(a); altValid[w] |= bit; }
    const g = gs[i];
    if (g === g) { gsDkt[i] = clamp16(Math.round(g * 10)); gsValid[w] |= bit; }
    const t = trk[i];
    if (t === t) { trackDdeg[i] = clamp16(Math.round(t * 10)); trackValid[w] |= bit; }
    const v = vr[i];
    if (v === v) { vrateFpm[i] = clamp16(Math.round(v)); vrateValid[w] |= bit; }
  }
  for (let k = 0; k + 1 < runStarts.length; k++) {
    const from = runStarts[k], to = runStarts[k + 1];
    if (to <= from) continue;
    icao24.fill(icao24Number(c.aircraftHex[c.aircraft[from]]), from, to);
    let last = -1;
    for (let i = from; i < to; i++) {
      const id = c.callsign[i];
      if (id >= 0 && id !== last) { callsignChange[i] = id; last = id; } else callsignChange[i] = -1;
    }
  }
  for (let k = 0; 2 * k + 1 < legRanges.length; k++) {
    const first = legRanges[2 * k], last = legRanges[2 * k + 1];
    leg.fill(k, first, last + 1);
    for (let i = first; i <= last; i++) legValid[i >>> 5] |= 1 << (i & 31);
  }
  return {
    length: n, timeUs, icao24, latE6, lonE6, altFt, altValid, gsDkt, gsValid, trackDdeg, trackValid, vrateFpm, vrateValid,
    // Copies: the encoding is moved to another thread, the columns stay with the reader.
    flags: c.flags.slice(), quality: quality.slice(), leg, legValid, callsignChange, callsigns: c.callsigns, row: c.row.slice(),
  };
}

/** The buffers of an encoding, to move it between threads without copying. */
export function encodedTransferables(e: EncodedPositions): ArrayBuffer[] {
  return [e.timeUs, e.icao24, e.latE6, e.lonE6, e.altFt, e.altValid, e.gsDkt, e.gsValid, e.trackDdeg, e.trackValid, e.vrateFpm, e.vrateValid,
    e.flags, e.quality, e.leg, e.legValid, e.callsignChange, e.row].map((a) => a.buffer as ArrayBuffer);
}
