/**
 * SBS-1 / BaseStation text (dump1090/readsb TCP 30003): one CSV line per message,
 *   MSG,<type 1–8>,<session>,<aircraft id>,<hex>,<flight id>,<date gen>,<time gen>,<date logged>,
 *   <time logged>,<callsign>,<altitude ft>,<ground speed kt>,<track>,<lat>,<lon>,<vertical rate fpm>,
 *   <squawk>,<alert>,<emergency>,<spi>,<on ground>
 * Each type fills only some fields (1 callsign, 3 position and altitude, 4 velocity, 5/7 altitude,
 * 6 squawk, 8 nothing but the address). Field list: Kinetic's BaseStation socket format as documented
 * in "Barebones42 socket data" and reproduced in dump1090's SBS writer. Dates and times are read as
 * UTC, which is what dump1090/readsb write (BaseStation itself wrote local time).
 */
import { readFileSync } from 'node:fs';
import { ErrorCounts, type PositionUpdate, type UpdateSink } from './types.ts';

/** Epoch seconds of "yyyy/mm/dd" at 00:00 UTC, cached: a stream has one or two dates a day. */
const dayCache = new Map<string, number>();
function dayStart(date: string): number {
  let v = dayCache.get(date);
  if (v === undefined) {
    const m = /^(\d{4})\/(\d{2})\/(\d{2})$/.exec(date);
    v = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 1000 : NaN;
    if (dayCache.size > 64) dayCache.clear();
    dayCache.set(date, v);
  }
  return v;
}

function digit(s: string, i: number): number {
  const d = s.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : NaN;
}

/** "hh:mm:ss.fff" → seconds since midnight, NaN when malformed (by character codes: this runs per line). */
function timeOfDay(s: string): number {
  if (s.length < 8 || s.charCodeAt(2) !== 58 || s.charCodeAt(5) !== 58) return NaN;
  let t = (digit(s, 0) * 10 + digit(s, 1)) * 3600 + (digit(s, 3) * 10 + digit(s, 4)) * 60 + digit(s, 6) * 10 + digit(s, 7);
  if (s.length > 8) {
    if (s.charCodeAt(8) !== 46) return NaN;
    let scale = 0.1;
    for (let i = 9; i < s.length; i++, scale /= 10) t += digit(s, i) * scale;
  }
  return t;
}

/** Six hex digits, optionally after "~" (a non-ICAO address). */
function isHex24(s: string): boolean {
  const start = s.charCodeAt(0) === 126 ? 1 : 0;
  if (s.length !== start + 6) return false;
  for (let i = start; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const lower = c | 0x20; // A–F folded to a–f
    if (!((c >= 48 && c <= 57) || (lower >= 97 && lower <= 102))) return false;
  }
  return true;
}

function num(field: string | undefined): number | undefined | null {
  if (field === undefined || field === '') return undefined;
  const n = Number(field);
  return Number.isFinite(n) ? n : null;
}

/**
 * One line → an update, or null when the line carries no data (MSG,8, a MSG,3 before its position is
 * known), or a string naming the problem (counted by the reader).
 */
export function parseSbsLine(line: string, receivedAt: number): PositionUpdate | null | string {
  if (!line.startsWith('MSG,')) return line.length === 0 ? null : 'sbs-not-msg-line';
  const f = line.split(',');
  if (f.length < 11) return 'sbs-too-few-fields';
  const hexRaw = f[4]!;
  if (!isHex24(hexRaw)) return 'sbs-bad-hex';
  const type = f[1]!;
  if (type.length !== 1 || type < '1' || type > '8') return 'sbs-bad-type';
  let messageTime = dayStart(f[6]!) + timeOfDay(f[7]!);
  if (!Number.isFinite(messageTime)) {
    messageTime = dayStart(f[8]!) + timeOfDay(f[9]!);
    if (!Number.isFinite(messageTime)) return 'sbs-bad-time';
  }
  const u: PositionUpdate = { feed: 'sbs', receivedAt, icao24: hexRaw.toLowerCase(), messageTime };
  let data = false;
  const callsign = f[10]!.trim();
  if (callsign !== '') { u.callsign = callsign; data = true; }
  const alt = num(f[11]);
  const gs = num(f[12]);
  const track = num(f[13]);
  const lat = num(f[14]);
  const lon = num(f[15]);
  const vr = num(f[16]);
  if (alt === null || gs === null || track === null || lat === null || lon === null || vr === null) return 'sbs-bad-number';
  if (alt !== undefined) { u.altitudeFt = alt; data = true; }
  if (gs !== undefined) { u.groundspeedKt = gs; data = true; }
  if (track !== undefined) { u.trackDeg = track; data = true; }
  if (lat !== undefined && lon !== undefined) {
    if (lat < -90 || lat > 90 || lon < -180 || lon > 180) return 'sbs-position-out-of-range';
    u.latDeg = lat;
    u.lonDeg = lon;
    data = true;
  }
  if (vr !== undefined) { u.verticalRateFpm = vr; data = true; }
  const squawk = f[17];
  if (squawk !== undefined && squawk !== '') {
    if (!/^[0-7]{4}$/.test(squawk)) return 'sbs-bad-squawk';
    u.squawk = squawk;
    data = true;
  }
  // On-ground flag: "-1" on the ground, "0" airborne (BaseStation writes -1 for true).
  const ground = f[21]?.trim();
  if (ground === '-1') { u.onGround = true; data = true; } else if (ground === '0') u.onGround = false;
  return data ? u : null;
}

/** SBS text in chunks of any size → updates; a line split across chunks waits for its end. */
export class SbsReader {
  readonly errors = new ErrorCounts();
  readonly ignored = new ErrorCounts();
  lines = 0;
  private rest = '';

  constructor(private readonly emit: UpdateSink, private readonly now: () => number = () => Date.now() / 1000) {}

  push(chunk: string): void {
    const text = this.rest + chunk;
    const receivedAt = this.now();
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      this.line(text.slice(start, text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl), receivedAt);
      start = nl + 1;
    }
    this.rest = text.slice(start);
    if (this.rest.length > 4096) { this.errors.add('sbs-line-too-long'); this.rest = ''; }
  }

  /** After a dropped connection: a line cut in the middle is counted, never joined to the next connection's bytes. */
  discardPartial(): void {
    if (this.rest !== '') this.errors.add('sbs-truncated-line');
    this.rest = '';
  }

  end(): void {
    if (this.rest !== '') this.line(this.rest, this.now());
    this.rest = '';
  }

  private line(line: string, receivedAt: number): void {
    this.lines++;
    const r = parseSbsLine(line, receivedAt);
    if (r === null) { this.ignored.add(line === '' ? 'blank-line' : 'no-data'); return; }
    if (typeof r === 'string') { this.errors.add(r); return; }
    this.emit(r);
  }
}

/** Reads a whole SBS recording; `receivedAt` of each update is its message time. */
export function readSbsFile(path: string): { updates: PositionUpdate[]; reader: SbsReader } {
  const updates: PositionUpdate[] = [];
  const reader = new SbsReader((u) => updates.push({ ...u, receivedAt: u.messageTime }), () => 0);
  reader.push(readFileSync(path, 'utf8'));
  reader.end();
  return { updates, reader };
}
