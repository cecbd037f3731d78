/**
 * readsb / dump1090-fa / tar1090 `aircraft.json` (`/data/aircraft.json`, rewritten every second or so):
 *   { now, messages, aircraft: [{ hex, flight, alt_baro ("ground" on the ground), alt_geom, gs, track,
 *     baro_rate, geom_rate, lat, lon, seen, seen_pos, squawk, category, rssi … }] }
 * Field meanings from readsb's README-json.md: `seen`/`seen_pos` are seconds before `now` that the last
 * message/position was received; a `hex` starting with `~` is a non-ICAO address (TIS-B or anonymous).
 *
 * The JSON-lines recordings in adsb/live hold one aircraft per line in the same vocabulary with the
 * snapshot's `now` inlined (`now, hex, flight, lat, lon, alt_baro, gscp` = ground speed, `track`, an
 * optional nested `flightdict` with more of readsb's fields), plus heartbeat lines with no aircraft
 * (`{"flight": "N/A", "now": …}`).
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { PollingFeed, getJson } from './http-poll.ts';
import type { BackoffOptions } from './status.ts';
import { ErrorCounts, cleanCallsign, finite, normaliseHex, type FeedKind, type PositionUpdate, type UpdateSink } from './types.ts';

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** One aircraft entry → an update, or the name of what is wrong with it. */
export function aircraftEntry(entry: unknown, now: number, receivedAt: number, feed: FeedKind): PositionUpdate | string {
  if (!isObject(entry)) return 'entry-not-object';
  const icao24 = normaliseHex(entry.hex);
  if (icao24 === null) return entry.hex === undefined ? 'missing-hex' : 'bad-hex';
  // The nested `flightdict` of the recordings carries readsb fields the flat line leaves out.
  const extra = isObject(entry.flightdict) ? entry.flightdict : {};
  const pick = (key: string): unknown => (entry[key] !== undefined && entry[key] !== null ? entry[key] : extra[key]);
  const age = finite(entry.seen_pos) ?? finite(entry.seen) ?? 0;
  const u: PositionUpdate = { feed, receivedAt, icao24, messageTime: now - age };
  const callsign = cleanCallsign(pick('flight'));
  if (callsign) u.callsign = callsign;
  const lat = finite(entry.lat);
  const lon = finite(entry.lon);
  if ((lat === undefined) !== (lon === undefined)) return 'half-position';
  if (lat !== undefined && lon !== undefined) {
    if (Math.abs(lat) > 90 || Math.abs(lon) > 180) return 'position-out-of-range';
    u.latDeg = lat;
    u.lonDeg = lon;
  }
  const altBaro = pick('alt_baro');
  if (altBaro === 'ground') u.onGround = true;
  else if (altBaro !== undefined && altBaro !== null) {
    const alt = finite(altBaro);
    if (alt === undefined) return 'bad-altitude';
    u.altitudeFt = alt;
    u.onGround = false;
  }
  const altGeom = finite(pick('alt_geom'));
  if (altGeom !== undefined) u.altitudeGeomFt = altGeom;
  const gs = finite(pick('gs')) ?? finite(pick('gscp'));
  if (gs !== undefined) u.groundspeedKt = gs;
  const track = finite(pick('track'));
  if (track !== undefined) u.trackDeg = track;
  const rate = finite(pick('baro_rate')) ?? finite(pick('geom_rate'));
  if (rate !== undefined) u.verticalRateFpm = rate;
  const squawk = pick('squawk');
  if (typeof squawk === 'string' && /^[0-7]{4}$/.test(squawk)) u.squawk = squawk;
  return u;
}

/** A whole `aircraft.json` document (parsed) → updates; problems counted in `errors`. */
export function parseAircraftJson(doc: unknown, receivedAt: number, errors: ErrorCounts, emit: UpdateSink, feed: FeedKind = 'aircraft-json'): void {
  if (!isObject(doc) || !Array.isArray(doc.aircraft)) { errors.add('not-aircraft-json'); return; }
  const now = finite(doc.now);
  if (now === undefined) { errors.add('missing-now'); return; }
  for (const entry of doc.aircraft) {
    const u = aircraftEntry(entry, now, receivedAt, feed);
    if (typeof u === 'string') errors.add(u); else emit(u);
  }
}

/** Reader of the JSON-lines recordings (one aircraft per line, heartbeat lines without `hex`). */
export class JsonLinesReader {
  readonly errors = new ErrorCounts();
  readonly ignored = new ErrorCounts();
  lines = 0;

  constructor(private readonly emit: UpdateSink) {}

  line(text: string): void {
    this.lines++;
    if (text.trim() === '') { this.ignored.add('blank-line'); return; }
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      this.errors.add('bad-json');
      return;
    }
    if (!isObject(doc)) { this.errors.add('entry-not-object'); return; }
    const now = finite(doc.now);
    if (now === undefined) { this.errors.add('missing-now'); return; }
    if (doc.hex === undefined) { this.ignored.add('heartbeat'); return; } // {"flight":"N/A","now":…}
    const u = aircraftEntry(doc, now, now, 'jsonl');
    if (typeof u === 'string') this.errors.add(u); else this.emit(u);
  }
}

/** Reads a JSON-lines recording (`.gz` inflated on the fly), line by line. */
export async function readJsonLinesFile(path: string, emit: UpdateSink): Promise<JsonLinesReader> {
  const reader = new JsonLinesReader(emit);
  const raw = createReadStream(path);
  const input = path.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
  for await (const line of createInterface({ input, crlfDelay: Infinity })) reader.line(line);
  return reader;
}

export interface AircraftJsonFeedOptions {
  /** e.g. http://127.0.0.1:8080/data/aircraft.json */
  url: string;
  name?: string;
  /** Seconds between polls (default 5; readsb rewrites the file every second). */
  intervalS?: number;
  /** The same `now` for this long means the receiver stopped updating: counted as a silence (default 60 s). */
  silenceS?: number;
  backoff?: BackoffOptions;
}

/** Polls a receiver's aircraft.json and emits every aircraft of every snapshot. */
export function aircraftJsonFeed(options: AircraftJsonFeedOptions, emit: UpdateSink): PollingFeed {
  let lastNow: number | null = null;
  let sameSince = Date.now() / 1000;
  let silentCounted = false;
  const feed: PollingFeed = new PollingFeed({ name: options.name ?? options.url, intervalS: options.intervalS ?? 5, backoff: options.backoff }, async () => {
    const doc = await getJson(options.url);
    const t = Date.now() / 1000;
    const now = isObject(doc) ? finite(doc.now) : undefined;
    if (now !== undefined && now === lastNow) {
      // An unchanged snapshot is not new data; after `silenceS` of it the receiver is silent.
      if (!silentCounted && t - sameSince >= (options.silenceS ?? 60)) {
        silentCounted = true;
        feed.monitor.silences++;
        feed.monitor.errors.add('silent-feed');
        feed.monitor.interrupted('silent');
      }
      return;
    }
    lastNow = now ?? null;
    sameSince = t;
    silentCounted = false;
    let n = 0;
    parseAircraftJson(doc, t, feed.monitor.errors, (u) => { n++; emit(u); });
    feed.monitor.message(n);
  });
  return feed;
}
