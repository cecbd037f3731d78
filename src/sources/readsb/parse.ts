/**
 * A byte-level reader of readsb / tar1090 `trace_full_<hex>.json` files (the layout adsb.lol publishes
 * daily under ODbL, and ADS-B Exchange serves): `{icao, r, t, desc, ownOp, timestamp, trace: [[dt, lat,
 * lon, alt_ft | "ground" | null, gs, track, flags, vrate, details | null, source, geom_alt, geom_rate,
 * ias, roll], …]}` (../shared/SCHEMAS.md). It walks the bytes once and writes numbers straight into the
 * column builder: no string, array or object per point (JSON.parse would build ~15 values per point).
 * Only `details.flight` (the callsign) is read from the details objects; the rest is skipped.
 *
 * Units as published: altitude in feet (or "ground"), ground speed in knots, vertical rate in ft/min,
 * times as seconds after `timestamp` (UTC epoch seconds). Flags: value 1 = stale, value 2 = new leg.
 */
import { F_AIR, F_GROUND, F_NEW_LEG, F_STALE, type PositionBuilder } from '../../trajectory/columns.ts';
import { FormatError } from '../common/json-document.ts';

export interface TraceHeader {
  icao: string;
  registration: string | null;
  aircraftType: string | null;
  description: string | null;
  owner: string | null;
  timestamp: number;
  /** readsb database flags: 1 military, 2 interesting, 4 PIA, 8 LADD. */
  dbFlags: number;
}

export interface TraceProblem {
  /** 1-based element of the `trace` array, or null for a problem with the file itself. */
  row: number | null;
  column: string | null;
  value: string | null;
  problem: string;
}

/** A readsb trace that breaks its format (a gzip error is a FormatError too). */
export class TraceFormatError extends FormatError {}

const QUOTE = 34, COMMA = 44, LBRACKET = 91, RBRACKET = 93, LBRACE = 123, RBRACE = 125, COLON = 58, BACKSLASH = 92, MINUS = 45;
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];
const FLIGHT_KEY = Buffer.from('"flight"');

/** Position after the last scanned token; module state keeps the scanner free of per-call allocation. */
let at = 0;

function ws(b: Uint8Array, p: number): number {
  let c = b[p];
  while (c === 32 || c === 10 || c === 13 || c === 9) c = b[++p];
  return p;
}

/** Parses a JSON number at p (NaN when none); leaves `at` after it. Exact for up to 15 significant digits. */
function num(b: Uint8Array, p: number): number {
  let neg = false;
  if (b[p] === MINUS) { neg = true; p++; }
  const begin = p;
  let mant = 0, digits = 0, frac = 0, c = b[p];
  while (c >= 48 && c <= 57) { mant = mant * 10 + (c - 48); digits++; c = b[++p]; }
  if (c === 46) {
    c = b[++p];
    while (c >= 48 && c <= 57) { mant = mant * 10 + (c - 48); digits++; frac++; c = b[++p]; }
  }
  if (digits === 0) { at = begin; return NaN; }
  let value: number;
  if (c === 101 || c === 69) {
    // Rare in these files: let the platform parse the whole token.
    p++;
    if (b[p] === 43 || b[p] === MINUS) p++;
    while (b[p] >= 48 && b[p] <= 57) p++;
    value = Number(Buffer.from(b.buffer, b.byteOffset + begin, p - begin).toString('latin1'));
  } else if (digits <= 15 && frac <= 22) value = frac === 0 ? mant : mant / POW10[frac];
  else value = Number(Buffer.from(b.buffer, b.byteOffset + begin, p - begin).toString('latin1'));
  at = p;
  return neg ? -value : value;
}

/** Skips one JSON value (string, number, literal, array or object) at p; returns the position after it. */
function skipValue(b: Uint8Array, p: number): number {
  p = ws(b, p);
  const c = b[p];
  if (c === QUOTE) {
    p++;
    for (;;) {
      const d = b[p++];
      if (d === QUOTE) return p;
      if (d === BACKSLASH) p++;
      else if (d === undefined) throw new TraceFormatError('the file ends inside a string');
    }
  }
  if (c === LBRACE || c === LBRACKET) {
    let depth = 0;
    for (;;) {
      const d = b[p++];
      if (d === undefined) throw new TraceFormatError('the file ends inside an array or object');
      if (d === QUOTE) {
        for (;;) {
          const e = b[p++];
          if (e === QUOTE) break;
          if (e === BACKSLASH) p++;
          else if (e === undefined) throw new TraceFormatError('the file ends inside a string');
        }
      } else if (d === LBRACE || d === LBRACKET) depth++;
      else if (d === RBRACE || d === RBRACKET) { if (--depth === 0) return p; }
    }
  }
  // number or literal
  while (p < b.length) {
    const d = b[p];
    if (d === COMMA || d === RBRACKET || d === RBRACE || d === 32 || d === 10 || d === 13 || d === 9) break;
    p++;
  }
  return p;
}

function text(b: Uint8Array, from: number, to: number): string {
  return Buffer.from(b.buffer, b.byteOffset + from, to - from).toString('utf8');
}

/** Reads `"flight":"…"` inside a details object spanning [from, to); returns the callsign id or -1. */
function flightIn(b: Uint8Array, from: number, to: number, builder: PositionBuilder, cache: Map<number, number>): number {
  const buf = b as Buffer;
  const k = buf.indexOf(FLIGHT_KEY, from);
  if (k < 0 || k >= to) return -1;
  let p = ws(b, k + FLIGHT_KEY.length);
  if (b[p] !== COLON) return -1;
  p = ws(b, p + 1);
  if (b[p] !== QUOTE) return -1;
  const s = ++p;
  let h = 0;
  while (p < to && b[p] !== QUOTE) { h = (h * 31 + b[p]) | 0; p++; }
  // Callsigns are at most 8 ASCII characters: a hash of the bytes finds the id without a string.
  const key = (h * 16 + (p - s)) | 0;
  let id = cache.get(key);
  if (id === undefined || builder.callsigns[id] !== text(b, s, p).trim()) {
    id = builder.callsignId(text(b, s, p));
    cache.set(key, id);
  }
  return id;
}

/**
 * Parses one trace file into `builder` (appending; the aircraft index is set for every point) and
 * returns its header. Points that cannot be stored are reported through `problem` (quarantine) and
 * not appended. Throws TraceFormatError when the file is not a readsb trace at all.
 */
export function parseTrace(bytes: Uint8Array, builder: PositionBuilder, problem: (p: TraceProblem) => void): { header: TraceHeader; points: number; rowsRead: number } {
  const b = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = b.length;
  let p = ws(b, 0);
  if (b[p] !== LBRACE) throw new TraceFormatError('not a JSON object (a readsb trace_full file starts with "{")');
  p++;
  const fields: Record<string, unknown> = {};
  let sawTrace = false, rowsRead = 0, points = 0;
  const first = builder.length;
  // The aircraft index is set once "icao" is known; rows parsed before it (a "trace" key first) get it after.
  for (;;) {
    p = ws(b, p);
    if (b[p] === RBRACE) { p++; break; }
    if (b[p] !== QUOTE) throw new TraceFormatError(p >= n ? 'the JSON ends before the object closes (truncated file?)' : `unexpected character at byte ${p}`);
    const keyEnd = skipValue(b, p);
    const key = text(b, p + 1, keyEnd - 1);
    p = ws(b, keyEnd);
    if (b[p] !== COLON) throw new TraceFormatError(`expected ":" after key ${key} at byte ${p}`);
    p = ws(b, p + 1);
    let valueEnd: number;
    if (key === 'trace') {
      if (b[p] !== LBRACKET) throw new TraceFormatError('"trace" is not an array');
      const r = parseRows(b, p + 1, builder, problem);
      sawTrace = true; rowsRead = r.rowsRead; points = r.points; valueEnd = r.end;
    } else {
      valueEnd = skipValue(b, p);
      try { fields[key] = JSON.parse(text(b, p, valueEnd)); } catch { throw new TraceFormatError(`the value of "${key}" is not valid JSON`); }
    }
    p = ws(b, valueEnd);
    if (b[p] === COMMA) { p++; continue; }
    if (b[p] === RBRACE) { p++; break; }
    throw new TraceFormatError(p >= n ? 'the JSON ends before the object closes (truncated file?)' : `expected "," or "}" at byte ${p}`);
  }
  const icao = typeof fields.icao === 'string' ? fields.icao.trim().toLowerCase() : null;
  if (!icao) throw new TraceFormatError('no "icao" field: a readsb trace_full file names its aircraft in "icao"');
  if (!/^~?[0-9a-f]{6}$/.test(icao)) throw new TraceFormatError(`"icao" is ${JSON.stringify(fields.icao)}, not a 6-hex-digit Mode S address`);
  if (!sawTrace) throw new TraceFormatError(`no "trace" field (keys found: ${Object.keys(fields).join(', ')}); a readsb trace_full file keeps its positions in "trace"`);
  const timestamp = typeof fields.timestamp === 'number' ? fields.timestamp : NaN;
  if (!Number.isFinite(timestamp)) throw new TraceFormatError('no numeric "timestamp" field: trace times are seconds after it');
  const header: TraceHeader = {
    icao,
    registration: typeof fields.r === 'string' && fields.r.trim() ? fields.r.trim().toUpperCase() : null,
    aircraftType: typeof fields.t === 'string' && fields.t.trim() ? fields.t.trim().toUpperCase() : null,
    description: typeof fields.desc === 'string' ? fields.desc : null,
    owner: typeof fields.ownOp === 'string' ? fields.ownOp : null,
    timestamp,
    dbFlags: typeof fields.dbFlags === 'number' ? fields.dbFlags : 0,
  };

  const aircraft = builder.aircraftId(icao);
  for (let i = first; i < builder.length; i++) builder.aircraft[i] = aircraft;
  // Times are offsets from `timestamp` (which may come after "trace" in the object).
  for (let i = first; i < builder.length; i++) builder.timeS[i] += timestamp;
  return { header, points, rowsRead };
}

/** Parses the rows of a "trace" array from just after its "[" to just after its "]". */
function parseRows(b: Buffer, p: number, builder: PositionBuilder, problem: (p: TraceProblem) => void): { rowsRead: number; points: number; end: number } {
  const cache = new Map<number, number>();
  const n = b.length;
  let rowsRead = 0, points = 0;
  for (;;) {
    p = ws(b, p);
    if (p >= n) throw new TraceFormatError('the file ends inside "trace" (truncated file?)');
    if (b[p] === RBRACKET) { p++; break; }
    if (b[p] === COMMA) { p++; continue; }
    rowsRead++;
    const rowStart = p;
    if (b[p] !== LBRACKET) {
      const end = skipValue(b, p);
      problem({ row: rowsRead, column: null, value: text(b, p, Math.min(end, p + 80)), problem: 'a trace element is not an array' });
      p = end;
      continue;
    }
    p++;
    const i = builder.next();
    let bad: TraceProblem | null = null;
    // 0 dt
    p = ws(b, p);
    const dt = num(b, p); p = at;
    if (dt !== dt) bad = { row: rowsRead, column: 'dt', value: null, problem: 'time offset is not a number' };
    // 1 lat, 2 lon
    p = ws(b, p); if (b[p] === COMMA) p = ws(b, p + 1);
    const lat = num(b, p); p = at;
    p = ws(b, p); if (b[p] === COMMA) p = ws(b, p + 1);
    const lon = num(b, p); p = at;
    if (!bad && !(lat >= -90 && lat <= 90)) bad = { row: rowsRead, column: 'lat', value: lat === lat ? String(lat) : null, problem: 'latitude outside -90…90 or missing' };
    if (!bad && !(lon >= -180 && lon <= 180)) bad = { row: rowsRead, column: 'lon', value: lon === lon ? String(lon) : null, problem: 'longitude outside -180…180 or missing' };
    // 3 altitude: number, "ground" or null
    p = ws(b, p); if (b[p] === COMMA) p = ws(b, p + 1);
    let alt = NaN, f = 0;
    if (b[p] === QUOTE) {
      if (b[p + 1] === 103 /* g */) f |= F_GROUND;
      p = skipValue(b, p);
    } else if (b[p] === 110 /* null */) p += 4;
    else { alt = num(b, p); p = at; f |= F_AIR; }
    // 4 gs, 5 track
    p = ws(b, p); if (b[p] === COMMA) p = ws(b, p + 1);
    let gs = NaN;
    if (b[p] === 110) p += 4; else { gs = num(b, p); p = at; }
    p = ws(b, p); if (b[p] === COMMA) p = ws(b, p + 1);
    let track = NaN;
    if (b[p] === 110) p += 4; else { track = num(b, p); p = at; }
    // 6 flags
    p = ws(b, p); if (b[p] === COMMA) p = ws(b, p + 1);
    const tf = num(b, p); p = at;
    if (tf === tf) { if (tf & 1) f |= F_STALE; if (tf & 2) f |= F_NEW_LEG; }
    // 7 vrate
    p = ws(b, p); if (b[p] === COMMA) p = ws(b, p + 1);
    let vrate = NaN;
    if (b[p] === 110) p += 4; else if (b[p] !== RBRACKET) { vrate = num(b, p); p = at; }
    // 8 details
    p = ws(b, p); if (b[p] === COMMA) p = ws(b, p + 1);
    let cs = -1;
    if (b[p] === LBRACE) {
      const end = skipValue(b, p);
      cs = flightIn(b, p, end, builder, cache);
      p = end;
    }
    // The rest of the row (source, geom_alt, geom_rate, ias, roll): strings without brackets, numbers
    // and nulls, so the row ends at the next "]".
    p = b.indexOf(RBRACKET, p);
    if (p < 0) throw new TraceFormatError(`trace element ${rowsRead} is not closed (truncated file?)`);
    p++;
    if (bad) {
      builder.drop();
      if (bad.value === null) bad.value = text(b, rowStart, Math.min(p, rowStart + 80));
      problem(bad);
      continue;
    }
    builder.timeS[i] = dt;
    builder.latDeg[i] = lat;
    builder.lonDeg[i] = lon;
    builder.altFt[i] = alt;
    builder.gsKt[i] = gs;
    builder.trackDeg[i] = track;
    builder.vrateFpm[i] = vrate;
    builder.flags[i] = f;
    builder.callsign[i] = cs;
    builder.row[i] = rowsRead;
    points++;
  }
  return { rowsRead, points, end: p };
}
