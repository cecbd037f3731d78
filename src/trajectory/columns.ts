/**
 * Positions in columns: one typed array per field, so the kernels read memory in order and no object is
 * built per point. Units are the field's own (DESIGN.md): feet, knots, feet per minute, UTC seconds,
 * degrees. Unknown numbers are NaN; unknown callsigns -1.
 *
 * Every reader (src/sources/readsb, opensky, traffic-json, adsbx-csv) fills a `PositionBuilder`; the
 * kernels in this folder read the finished `PositionColumns`.
 */

/** Input flags: what the source said about a point (bits of `PositionColumns.flags`). */
export const F_GROUND = 1;
/** The source says airborne explicitly (OpenSky on_ground=false, readsb/ADS-B Exchange numeric altitude). */
export const F_AIR = 2;
/** readsb/tar1090 mark the first point of a new leg with bit value 2 of the trace flags. */
export const F_NEW_LEG = 4;
/** readsb/tar1090 bit value 1: the position is stale (not refreshed since the previous point). */
export const F_STALE = 8;

/** Quality flags written by the kernel (bits of the `quality` array it fills). */
export const Q_DUPLICATE = 1;
export const Q_BAD_POSITION = 2;
export const Q_BAD_ALTITUDE = 4;
/** The point was out of time order in the source and was moved by the sort. */
export const Q_REORDERED = 8;
/** An isolated ground (or air) claim inside the opposite phase, ignored by the debounce. */
export const Q_PHASE_NOISE = 16;

export interface PositionColumns {
  length: number;
  timeS: Float64Array;
  latDeg: Float64Array;
  lonDeg: Float64Array;
  /** Barometric altitude; NaN when unknown or when the source only says "ground". */
  altFt: Float32Array;
  gsKt: Float32Array;
  trackDeg: Float32Array;
  vrateFpm: Float32Array;
  flags: Uint8Array;
  /** Index into `callsigns`, -1 when the point carries none. */
  callsign: Int32Array;
  /** Row (or element) of the source file, 1-based, for provenance. */
  row: Int32Array;
  /** Index into `aircraft` (multi-aircraft files); all 0 for one-aircraft files. */
  aircraft: Int32Array;
  callsigns: string[];
  /** Mode S addresses, 6 lower-case hex digits (a `~` prefix marks a non-ICAO address, as readsb writes it). */
  aircraftHex: string[];
}

/** Grows typed arrays as points arrive; `finish()` trims them to length. */
export class PositionBuilder {
  length = 0;
  private capacity: number;
  timeS: Float64Array;
  latDeg: Float64Array;
  lonDeg: Float64Array;
  altFt: Float32Array;
  gsKt: Float32Array;
  trackDeg: Float32Array;
  vrateFpm: Float32Array;
  flags: Uint8Array;
  callsign: Int32Array;
  row: Int32Array;
  aircraft: Int32Array;
  callsigns: string[] = [];
  private callsignIds = new Map<string, number>();
  aircraftHex: string[] = [];
  private aircraftIds = new Map<string, number>();

  constructor(capacity = 4096) {
    this.capacity = Math.max(16, capacity);
    this.timeS = new Float64Array(this.capacity);
    this.latDeg = new Float64Array(this.capacity);
    this.lonDeg = new Float64Array(this.capacity);
    this.altFt = new Float32Array(this.capacity);
    this.gsKt = new Float32Array(this.capacity);
    this.trackDeg = new Float32Array(this.capacity);
    this.vrateFpm = new Float32Array(this.capacity);
    this.flags = new Uint8Array(this.capacity);
    this.callsign = new Int32Array(this.capacity);
    this.row = new Int32Array(this.capacity);
    this.aircraft = new Int32Array(this.capacity);
  }

  /** Makes room for one more point and returns its index; the caller writes every column at that index. */
  next(): number {
    if (this.length === this.capacity) this.grow(this.capacity * 2);
    return this.length++;
  }

  /** Empties the builder but keeps its memory (a reader thread reuses one builder for every batch). */
  reset(): void {
    this.length = 0;
    this.callsigns = [];
    this.callsignIds = new Map();
    this.aircraftHex = [];
    this.aircraftIds = new Map();
  }

  /** Forgets the last point (a row the reader quarantined after `next()`). */
  drop(): void {
    this.length--;
  }

  callsignId(text: string | null | undefined): number {
    if (text == null) return -1;
    const trimmed = text.trim();
    if (trimmed === '') return -1;
    let id = this.callsignIds.get(trimmed);
    if (id === undefined) {
      id = this.callsigns.length;
      this.callsigns.push(trimmed);
      this.callsignIds.set(trimmed, id);
    }
    return id;
  }

  aircraftId(hex: string): number {
    let id = this.aircraftIds.get(hex);
    if (id === undefined) {
      id = this.aircraftHex.length;
      this.aircraftHex.push(hex);
      this.aircraftIds.set(hex, id);
    }
    return id;
  }

  private grow(capacity: number): void {
    const grow64 = (a: Float64Array) => { const b = new Float64Array(capacity); b.set(a); return b; };
    const grow32 = (a: Float32Array) => { const b = new Float32Array(capacity); b.set(a); return b; };
    const growI32 = (a: Int32Array) => { const b = new Int32Array(capacity); b.set(a); return b; };
    const grow8 = (a: Uint8Array) => { const b = new Uint8Array(capacity); b.set(a); return b; };
    this.timeS = grow64(this.timeS);
    this.latDeg = grow64(this.latDeg);
    this.lonDeg = grow64(this.lonDeg);
    this.altFt = grow32(this.altFt);
    this.gsKt = grow32(this.gsKt);
    this.trackDeg = grow32(this.trackDeg);
    this.vrateFpm = grow32(this.vrateFpm);
    this.flags = grow8(this.flags);
    this.callsign = growI32(this.callsign);
    this.row = growI32(this.row);
    this.aircraft = growI32(this.aircraft);
    this.capacity = capacity;
  }

  finish(): PositionColumns {
    const n = this.length;
    return {
      length: n,
      timeS: this.timeS.subarray(0, n),
      latDeg: this.latDeg.subarray(0, n),
      lonDeg: this.lonDeg.subarray(0, n),
      altFt: this.altFt.subarray(0, n),
      gsKt: this.gsKt.subarray(0, n),
      trackDeg: this.trackDeg.subarray(0, n),
      vrateFpm: this.vrateFpm.subarray(0, n),
      flags: this.flags.subarray(0, n),
      callsign: this.callsign.subarray(0, n),
      row: this.row.subarray(0, n),
      aircraft: this.aircraft.subarray(0, n),
      callsigns: this.callsigns,
      aircraftHex: this.aircraftHex,
    };
  }
}

/** Rows `[start, end)` of one column set, as a new column set sharing the same memory. */
export function sliceColumns(c: PositionColumns, start: number, end: number): PositionColumns {
  return {
    length: end - start,
    timeS: c.timeS.subarray(start, end),
    latDeg: c.latDeg.subarray(start, end),
    lonDeg: c.lonDeg.subarray(start, end),
    altFt: c.altFt.subarray(start, end),
    gsKt: c.gsKt.subarray(start, end),
    trackDeg: c.trackDeg.subarray(start, end),
    vrateFpm: c.vrateFpm.subarray(start, end),
    flags: c.flags.subarray(start, end),
    callsign: c.callsign.subarray(start, end),
    row: c.row.subarray(start, end),
    aircraft: c.aircraft.subarray(start, end),
    callsigns: c.callsigns,
    aircraftHex: c.aircraftHex,
  };
}
