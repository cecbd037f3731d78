/**
 * Batch ADS-B files as live feeds: a readsb `trace_full`, a `traffic` JSON sample or an ADS-B Exchange
 * CSV export is read by its own source reader (the columns batch ingest segments), put in time order
 * (stable, as the batch sort), and written as SBS-1 lines that `deportwatch replay --as sbs` serves.
 * One `MSG,3` line per point carries everything the point has (callsign, altitude or the on-ground
 * flag, ground speed, track, vertical rate, position), so the watcher's points are the batch points.
 *
 * What the protocol cannot carry: readsb's new-leg flag (bit 2 of a trace's flags) and the
 * registration and type a file names. The legs tests compare with this in mind (docs/watch.md).
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { readAdsbxCsvText } from '../sources/adsbx-csv/index.ts';
import { maybeGunzip } from '../sources/common/json-document.ts';
import { readTraceBytes } from '../sources/readsb/trace-file.ts';
import { layoutOf, readTrafficJson } from '../sources/traffic-json/parse.ts';
import { F_GROUND, PositionBuilder, type PositionColumns } from '../trajectory/columns.ts';
import type { AircraftInfo } from '../trajectory/legs.ts';
import type { TimedBytes } from '../feeds/recordings.ts';

export type BatchFileKind = 'readsb-trace' | 'traffic-json' | 'adsbx-csv';

export interface BatchFile {
  kind: BatchFileKind;
  columns: PositionColumns;
  info: AircraftInfo;
}

/** Which batch ADS-B format a file is, by its content; null for anything else. */
export function batchFileKind(path: string): BatchFileKind | null {
  let text: string;
  try {
    text = maybeGunzip(readFileSync(path)).subarray(0, 8192).toString('utf8').trimStart();
  } catch {
    return null;
  }
  if (/^\{[^]*"trace"\s*:/.test(text) || /trace_full_/.test(basename(path))) return 'readsb-trace';
  if ((text.startsWith('[') || text.startsWith('{')) && !text.includes('"states"') && !text.includes('"time_position"')) {
    if (text.includes('"icao24"') && text.includes('"timestamp"')) return 'traffic-json';
    // traffic's column layout: each field an object keyed by the pandas index.
    if (/^\{\s*"(altitude|timestamp|icao24|latitude|longitude|groundspeed|callsign|track|vertical_rate|onground|geoaltitude|last_position|alert)"\s*:\s*\{\s*"\d+"\s*:/.test(text)) return 'traffic-json';
  }
  if (/^[^\n]*\bground_speed\b[^\n]*\bicao\b/.test(text)) return 'adsbx-csv';
  return null;
}

/** The file's positions as batch ingest reads them (before sorting). */
export function readBatchFile(path: string, kind: BatchFileKind | null = batchFileKind(path)): BatchFile {
  const raw = readFileSync(path);
  const file = basename(path);
  switch (kind) {
    case 'readsb-trace': {
      const r = readTraceBytes(raw, file, null);
      return { kind, columns: r.builder.finish(), info: { registration: r.header.registration, aircraftType: r.header.aircraftType } };
    }
    case 'traffic-json': {
      const doc = JSON.parse(maybeGunzip(raw).toString('utf8')) as unknown;
      if (!layoutOf(doc)) throw new Error(`${file}: not traffic's JSON layout`);
      const builder = new PositionBuilder();
      readTrafficJson(doc, builder, () => {});
      return { kind, columns: builder.finish(), info: {} };
    }
    case 'adsbx-csv': {
      const r = readAdsbxCsvText(maybeGunzip(raw).toString('utf8'), file);
      return { kind, columns: r.builder.finish(), info: { registration: r.registration, aircraftType: r.aircraftType } };
    }
    default: throw new Error(`${file}: not a readsb trace, traffic JSON or ADS-B Exchange CSV`);
  }
}

/** Point indices in time order, ties in file order (the batch sort's order within each aircraft). */
export function timeOrder(c: PositionColumns): Int32Array {
  const order = new Int32Array(c.length);
  for (let i = 0; i < c.length; i++) order[i] = i;
  order.sort((x, y) => (c.timeS[x] - c.timeS[y]) || (x - y));
  return order;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Epoch seconds → SBS "yyyy/mm/dd" and "hh:mm:ss.fff" (UTC, milliseconds). */
function sbsTime(t: number): [string, string] {
  const ms = Math.round(t * 1000);
  const d = new Date(ms);
  return [`${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}`,
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(ms % 1000 < 0 ? 0 : ms % 1000, 3)}`];
}

const field = (v: number) => (v === v ? String(v) : '');

/** One SBS `MSG,3` line carrying everything point `i` has. */
export function sbsLine(c: PositionColumns, i: number): string {
  const hex = c.aircraftHex[c.aircraft[i]].toUpperCase();
  const [date, time] = sbsTime(c.timeS[i]);
  const cs = c.callsign[i] >= 0 ? c.callsigns[c.callsign[i]] : '';
  const ground = c.flags[i] & F_GROUND ? '-1' : '0';
  return `MSG,3,1,1,${hex},1,${date},${time},${date},${time},${cs},${field(c.altFt[i])},${field(c.gsKt[i])},${field(c.trackDeg[i])},` +
    `${c.latDeg[i]},${c.lonDeg[i]},${field(c.vrateFpm[i])},,0,0,0,${ground}`;
}

/** A batch file as an SBS recording (what `deportwatch replay FILE --as sbs` serves for it). */
export function batchFileAsSbs(path: string): { items: TimedBytes[]; file: BatchFile } {
  const file = readBatchFile(path);
  const c = file.columns;
  const items: TimedBytes[] = [];
  for (const i of timeOrder(c)) items.push({ t: c.timeS[i], data: Buffer.from(`${sbsLine(c, i)}\r\n`) });
  return { items, file };
}

/** Columns (e.g. a recording's messages made points, `updatesToColumns`) as an SBS recording in time order. */
export function columnsAsSbs(c: PositionColumns): TimedBytes[] {
  const items: TimedBytes[] = [];
  for (const i of timeOrder(c)) items.push({ t: c.timeS[i], data: Buffer.from(`${sbsLine(c, i)}\r\n`) });
  return items;
}
