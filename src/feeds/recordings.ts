/**
 * Recordings read for replay: each becomes a time-ordered list of what a live feed would have sent,
 * with the time (epoch s, or seconds from the start when the recording has no clock) it was sent at.
 *   sbs    — the text file's lines, timed by their "date/time generated" fields;
 *   beast  — the capture's frames, byte for byte (escapes kept), timed by their 12 MHz timestamps;
 *   aircraft.json / adsbx-v2 — a JSON-lines recording (.gz allowed) grouped into one snapshot per
 *            `now`, or a single aircraft.json document;
 *   opensky — a `{time, states}` response, an array of them, or the flattened snapshot records of
 *            adsb/opensky-snapshots (regrouped into one response per poll).
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { snapshotsToResponses, type OpenSkyResponse } from './opensky.ts';

export const REPLAY_KINDS = ['aircraft.json', 'sbs', 'beast', 'adsbx-v2', 'opensky'] as const;
export type ReplayKind = (typeof REPLAY_KINDS)[number];

export interface TimedBytes {
  t: number;
  data: Buffer;
}

export interface Snapshot {
  /** The snapshot's `now`, epoch seconds. */
  t: number;
  aircraft: Record<string, unknown>[];
}

export type Recording =
  | { kind: 'sbs' | 'beast'; items: TimedBytes[] }
  | { kind: 'aircraft.json' | 'adsbx-v2'; snapshots: Snapshot[] }
  | { kind: 'opensky'; responses: OpenSkyResponse[] };

function readText(path: string): string {
  const raw = readFileSync(path);
  return (path.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
}

export function loadRecording(path: string, kind: ReplayKind): Recording {
  switch (kind) {
    case 'sbs': return { kind, items: sbsItems(readText(path)) };
    case 'beast': return { kind, items: beastItems(readFileSync(path)) };
    case 'aircraft.json':
    case 'adsbx-v2': return { kind, snapshots: snapshotsFromText(readText(path)) };
    case 'opensky': return { kind, responses: openSkyResponses(JSON.parse(readText(path))) };
  }
}

function sbsItems(text: string): TimedBytes[] {
  const items: TimedBytes[] = [];
  let last = 0;
  for (const line of text.split(/\r?\n/)) {
    if (line === '') continue;
    const f = line.split(',');
    const t = Date.parse(`${(f[6] ?? '').replaceAll('/', '-')}T${f[7] ?? ''}Z`) / 1000;
    // Lines without a time (the summary lines at the end of a decoder's output) go out with the previous one.
    if (Number.isFinite(t)) last = t;
    items.push({ t: last, data: Buffer.from(`${line}\r\n`) });
  }
  return items;
}

/** Splits a Beast capture at each lone 0x1a and times each frame by its 12 MHz counter (seconds from the first). */
export function beastItems(buf: Buffer): TimedBytes[] {
  const items: TimedBytes[] = [];
  const starts: number[] = [];
  for (let i = 0; i < buf.length; i++) {
    if (buf[i] !== 0x1a) continue;
    if (buf[i + 1] === 0x1a) { i++; continue; }
    starts.push(i);
  }
  let first = -1;
  let lastT = 0;
  for (let k = 0; k < starts.length; k++) {
    const data = buf.subarray(starts[k]!, k + 1 < starts.length ? starts[k + 1]! : buf.length);
    // Unescape the 6 timestamp bytes after the type byte.
    let ticks = 0;
    for (let j = 2, n = 0; n < 6 && j < data.length; j++, n++) {
      ticks = ticks * 256 + data[j]!;
      if (data[j] === 0x1a) j++;
    }
    if (ticks !== 0) {
      if (first < 0) first = ticks;
      lastT = (ticks - first) / 12e6;
    }
    items.push({ t: lastT, data });
  }
  return items;
}

function snapshotsFromText(text: string): Snapshot[] {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') && !trimmed.includes('\n{')) {
    const doc = JSON.parse(trimmed) as { now: number; aircraft: Record<string, unknown>[] };
    return [{ t: doc.now, aircraft: doc.aircraft }];
  }
  const snapshots: Snapshot[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let doc: Record<string, unknown>;
    try {
      doc = JSON.parse(line) as Record<string, unknown>;
    } catch {
      continue; // a malformed line is replayed as nothing; the reader's own tests count such lines
    }
    const now = Number(doc.now);
    if (!Number.isFinite(now)) continue;
    let snap = snapshots[snapshots.length - 1];
    if (!snap || snap.t !== now) {
      snap = { t: now, aircraft: [] };
      snapshots.push(snap);
    }
    if (doc.hex !== undefined) snap.aircraft.push(asAircraftJsonEntry(doc));
  }
  return snapshots;
}

/**
 * A recording line in readsb's own aircraft.json vocabulary: `gscp` becomes `gs`, and the fields of the
 * nested `flightdict` that the line does not carry itself are lifted beside the others.
 */
function asAircraftJsonEntry(line: Record<string, unknown>): Record<string, unknown> {
  const { now: _now, gscp, flightdict, ...entry } = line;
  if (gscp !== undefined && entry.gs === undefined) entry.gs = gscp;
  if (flightdict && typeof flightdict === 'object') {
    for (const [k, v] of Object.entries(flightdict)) if (entry[k] === undefined || entry[k] === null) entry[k] = v;
  }
  return entry;
}

function openSkyResponses(doc: unknown): OpenSkyResponse[] {
  if (Array.isArray(doc)) {
    if (doc.length === 0) return [];
    if ('states' in (doc[0] as object)) return doc as OpenSkyResponse[];
    return snapshotsToResponses(doc);
  }
  return [doc as OpenSkyResponse];
}
