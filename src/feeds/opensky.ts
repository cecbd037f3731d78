/**
 * OpenSky Network REST `GET /api/states/all?lamin=&lomin=&lamax=&lomax=` (OpenSky REST API docs,
 * "All State Vectors"): `{ time, states: [[icao24, callsign, origin_country, time_position,
 * last_contact, longitude, latitude, baro_altitude (m), on_ground, velocity (m/s), true_track (°),
 * vertical_rate (m/s), sensors, geo_altitude (m), squawk, spi, position_source, category?]] }`.
 * Metres and m/s become feet, knots and ft/min here. Anonymous users get a coarse time resolution and
 * a small daily quota, so the default interval is long; credentials go in HTTP basic auth.
 *
 * The snapshot files in adsb/opensky-snapshots are a monitor's recordings of these responses,
 * flattened to one object per state (`timestamp, icao24, callsign, latitude, longitude, altitude_m,
 * velocity_ms, heading, vertrate, on_ground`, plus the monitor's own judgements, which are ignored):
 * `snapshotsToResponses` turns them back into one `{time, states}` response per poll.
 */
import { PollingFeed, getJson } from './http-poll.ts';
import type { BackoffOptions } from './status.ts';
import { FPM_PER_MPS, FT_PER_M, KT_PER_MPS, cleanCallsign, finite, normaliseHex, type ErrorCounts, type PositionUpdate, type UpdateSink } from './types.ts';

export interface BoundingBox {
  laminDeg: number;
  lominDeg: number;
  lamaxDeg: number;
  lomaxDeg: number;
}

export interface OpenSkyResponse {
  time: number;
  states: unknown[][] | null;
}

/** One state vector → an update, or the name of what is wrong with it. */
export function openSkyState(state: unknown, time: number, receivedAt: number): PositionUpdate | string {
  if (!Array.isArray(state) || state.length < 17) return 'state-too-short';
  const icao24 = normaliseHex(state[0]);
  if (icao24 === null) return 'bad-hex';
  const u: PositionUpdate = { feed: 'opensky', receivedAt, icao24, messageTime: finite(state[3]) ?? finite(state[4]) ?? time };
  const callsign = cleanCallsign(state[1]);
  if (callsign) u.callsign = callsign;
  const lon = finite(state[5]);
  const lat = finite(state[6]);
  if (lat !== undefined && lon !== undefined) {
    if (Math.abs(lat) > 90 || Math.abs(lon) > 180) return 'position-out-of-range';
    u.latDeg = lat;
    u.lonDeg = lon;
  }
  if (typeof state[8] === 'boolean') u.onGround = state[8];
  const baro = finite(state[7]);
  if (baro !== undefined && !u.onGround) u.altitudeFt = baro * FT_PER_M;
  const velocity = finite(state[9]);
  if (velocity !== undefined) u.groundspeedKt = velocity * KT_PER_MPS;
  const track = finite(state[10]);
  if (track !== undefined) u.trackDeg = track;
  const rate = finite(state[11]);
  if (rate !== undefined) u.verticalRateFpm = rate * FPM_PER_MPS;
  const geo = finite(state[13]);
  if (geo !== undefined) u.altitudeGeomFt = geo * FT_PER_M;
  if (typeof state[14] === 'string' && /^[0-7]{4}$/.test(state[14])) u.squawk = state[14];
  return u;
}

export function parseOpenSky(doc: unknown, receivedAt: number, errors: ErrorCounts, emit: UpdateSink): number {
  if (typeof doc !== 'object' || doc === null || !('time' in doc)) { errors.add('not-opensky-states'); return 0; }
  const { time, states } = doc as { time: unknown; states: unknown };
  const t = finite(time);
  if (t === undefined) { errors.add('missing-time'); return 0; }
  if (states === null) return 0; // OpenSky answers an empty box with `states: null`
  if (!Array.isArray(states)) { errors.add('not-opensky-states'); return 0; }
  let n = 0;
  for (const s of states) {
    const u = openSkyState(s, t, receivedAt);
    if (typeof u === 'string') errors.add(u); else { n++; emit(u); }
  }
  return n;
}

export function openSkyUrl(baseUrl: string, box?: BoundingBox): string {
  const url = new URL('/api/states/all', baseUrl);
  if (box) {
    url.searchParams.set('lamin', String(box.laminDeg));
    url.searchParams.set('lomin', String(box.lominDeg));
    url.searchParams.set('lamax', String(box.lamaxDeg));
    url.searchParams.set('lomax', String(box.lomaxDeg));
  }
  return url.toString();
}

export interface OpenSkyFeedOptions {
  /** e.g. https://opensky-network.org or the replay server's URL. */
  baseUrl: string;
  box?: BoundingBox;
  credentials?: { username: string; password: string };
  name?: string;
  /** Default 300 s anonymous (a few hundred requests a day), 60 s with credentials. */
  intervalS?: number;
  backoff?: BackoffOptions;
}

export function openSkyFeed(options: OpenSkyFeedOptions, emit: UpdateSink): PollingFeed {
  const url = openSkyUrl(options.baseUrl, options.box);
  const headers: Record<string, string> = {};
  if (options.credentials) headers.authorization = `Basic ${Buffer.from(`${options.credentials.username}:${options.credentials.password}`).toString('base64')}`;
  const intervalS = options.intervalS ?? (options.credentials ? 60 : 300);
  let lastTime: unknown = null;
  const feed: PollingFeed = new PollingFeed({ name: options.name ?? url, intervalS, backoff: options.backoff }, async () => {
    const doc = await getJson(url, headers);
    // Anonymous access has a coarse time resolution: a poll inside the same step returns the same
    // `time` and the same states, which are not new positions.
    const time = (doc as { time?: unknown } | null)?.time;
    if (time !== undefined && time === lastTime) { feed.monitor.ignored.add('unchanged-response'); return; }
    lastTime = time;
    feed.monitor.message(parseOpenSky(doc, Date.now() / 1000, feed.monitor.errors, emit));
  });
  return feed;
}

/** A flattened snapshot record of adsb/opensky-snapshots. */
interface SnapshotRecord {
  timestamp: string;
  icao24: string;
  callsign: string | null;
  latitude: number | null;
  longitude: number | null;
  altitude_m: number | null;
  velocity_ms: number | null;
  heading: number | null;
  vertrate: number | null;
  on_ground: boolean;
}

/** Records taken within this many seconds of a poll's first record belong to that poll. */
const SNAPSHOT_POLL_S = 60;

/**
 * Snapshot records (time-ordered) → one OpenSky response per poll. The monitor wrote timestamps
 * without a zone; they are UTC (its polls line up with OpenSky's UTC `time`). Positions are placed in
 * the state vector's own slots, so `parseOpenSky` reads them exactly as a live response.
 */
export function snapshotsToResponses(records: unknown[]): OpenSkyResponse[] {
  const out: OpenSkyResponse[] = [];
  let current: OpenSkyResponse | null = null;
  for (const raw of records) {
    const r = raw as SnapshotRecord;
    const t = Date.parse(/[zZ]|[+-]\d\d:\d\d$/.test(r.timestamp) ? r.timestamp : `${r.timestamp}Z`) / 1000;
    if (!current || t - current.time > SNAPSHOT_POLL_S) {
      current = { time: Math.floor(t), states: [] };
      out.push(current);
    }
    current.states!.push([
      r.icao24, r.callsign, null, Math.floor(t), Math.floor(t), r.longitude, r.latitude, r.altitude_m, r.on_ground,
      r.velocity_ms, r.heading, r.vertrate, null, null, null, false, 0,
    ]);
  }
  return out;
}
