/**
 * OpenSky Network state vectors, in the three shapes people hold them (../shared/SCHEMAS.md):
 *  - the REST API's `/states/all` response `{time, states: [[icao24, callsign, origin_country,
 *    time_position, last_contact, longitude, latitude, baro_altitude, on_ground, velocity, true_track,
 *    vertical_rate, sensors, geo_altitude, squawk, spi, position_source, category?], …]}`, alone, as an
 *    array of responses, or one response per line;
 *  - historical CSV (the REST field names, or the dataset dumps' `time, icao24, lat, lon, velocity,
 *    heading, vertrate, callsign, onground, …, baroaltitude, geoaltitude, lastposupdate, lastcontact`);
 *  - snapshot collections made by airport monitors polling the API: JSON records with `timestamp`,
 *    `icao24`, `callsign`, `latitude`, `longitude`, `altitude_m`, `velocity_ms`, `heading`,
 *    `vertrate`, `on_ground`, and the monitor's own `airport_code`.
 * OpenSky's units are SI: metres, metres per second. They are converted to feet, knots and ft/min.
 */
import { F_AIR, F_GROUND, type PositionBuilder } from '../../trajectory/columns.ts';
import { epochSeconds } from '../common/json-document.ts';

export const FT_PER_M = 1 / 0.3048;
export const KT_PER_MS = 3600 / 1852;
export const FPM_PER_MS = 60 / 0.3048;

export interface RowProblem {
  row: number;
  column: string | null;
  value: string | null;
  problem: string;
}

export interface Snapshot {
  row: number;
  timeS: number;
  icao24: string;
  callsign: string | null;
  latDeg: number;
  lonDeg: number;
  altFt: number | null;
  gsKt: number | null;
  onGround: boolean | null;
  reportedAirport: string | null;
}

const HEX = /^~?[0-9a-f]{6}$/;
const num = (v: unknown): number => (typeof v === 'number' ? v : v == null || v === '' ? NaN : Number(v));

export function isSnapshotCollection(doc: unknown): boolean {
  if (!Array.isArray(doc)) return false;
  const first = doc.find((r) => r && typeof r === 'object' && !Array.isArray(r)) as Record<string, unknown> | undefined;
  return !!first && 'icao24' in first && 'latitude' in first && ('altitude_m' in first || 'velocity_ms' in first || 'on_ground' in first) && !('states' in first);
}

export function isStatesDocument(doc: unknown): boolean {
  const one = (d: unknown) => !!d && typeof d === 'object' && Array.isArray((d as Record<string, unknown>).states);
  return one(doc) || (Array.isArray(doc) && doc.length > 0 && doc.every(one));
}

/** Snapshot-collection records → sightings input; rows without a usable position or time are problems. */
export function readSnapshots(doc: unknown[], problem: (p: RowProblem) => void): Snapshot[] {
  const out: Snapshot[] = [];
  doc.forEach((r, i) => {
    const row = i + 1;
    if (!r || typeof r !== 'object') { problem({ row, column: null, value: JSON.stringify(r)?.slice(0, 80) ?? null, problem: 'a snapshot is not an object' }); return; }
    const rec = r as Record<string, unknown>;
    const hex = typeof rec.icao24 === 'string' ? rec.icao24.trim().toLowerCase() : '';
    const t = epochSeconds(rec.timestamp ?? rec.time_position ?? rec.last_contact);
    const lat = num(rec.latitude), lon = num(rec.longitude);
    if (!HEX.test(hex)) { problem({ row, column: 'icao24', value: String(rec.icao24 ?? ''), problem: 'not a 6-hex-digit Mode S address' }); return; }
    if (!(t === t)) { problem({ row, column: 'timestamp', value: String(rec.timestamp ?? ''), problem: 'no readable time' }); return; }
    if (rec.latitude == null || rec.longitude == null) { problem({ row, column: 'latitude', value: null, problem: 'no position (latitude/longitude empty)' }); return; }
    if (!(lat >= -90 && lat <= 90)) { problem({ row, column: 'latitude', value: String(rec.latitude), problem: 'latitude outside -90…90' }); return; }
    if (!(lon >= -180 && lon <= 180)) { problem({ row, column: 'longitude', value: String(rec.longitude), problem: 'longitude outside -180…180' }); return; }
    const altM = num(rec.altitude_m ?? rec.baro_altitude), v = num(rec.velocity_ms ?? rec.velocity);
    const cs = typeof rec.callsign === 'string' ? rec.callsign.trim() : '';
    out.push({
      row, timeS: t, icao24: hex,
      // Monitors write "Unknown" when OpenSky had no callsign: that is no callsign, not a callsign.
      callsign: cs && !/^unknown$/i.test(cs) ? cs.toUpperCase() : null,
      latDeg: lat, lonDeg: lon,
      altFt: altM === altM ? altM * FT_PER_M : null,
      gsKt: v === v ? v * KT_PER_MS : null,
      onGround: typeof rec.on_ground === 'boolean' ? rec.on_ground : null,
      reportedAirport: typeof rec.airport_code === 'string' ? rec.airport_code : null,
    });
  });
  return out;
}

/** Appends one state vector (REST field order) to `builder`, or reports why it cannot be a position. */
function addState(builder: PositionBuilder, s: unknown[], responseTime: number, row: number, problem: (p: RowProblem) => void): void {
  const hex = typeof s[0] === 'string' ? s[0].trim().toLowerCase() : '';
  const t = num(s[3] ?? s[4] ?? responseTime);
  const lon = num(s[5]), lat = num(s[6]);
  if (!HEX.test(hex)) { problem({ row, column: 'icao24', value: String(s[0] ?? ''), problem: 'not a 6-hex-digit Mode S address' }); return; }
  if (!(t === t)) { problem({ row, column: 'time_position', value: String(s[3] ?? ''), problem: 'no readable time' }); return; }
  if (s[5] == null || s[6] == null) { problem({ row, column: 'latitude', value: null, problem: 'no position (OpenSky had none for this aircraft)' }); return; }
  if (!(lat >= -90 && lat <= 90)) { problem({ row, column: 'latitude', value: String(s[6]), problem: 'latitude outside -90…90' }); return; }
  if (!(lon >= -180 && lon <= 180)) { problem({ row, column: 'longitude', value: String(s[5]), problem: 'longitude outside -180…180' }); return; }
  const i = builder.next();
  builder.timeS[i] = t;
  builder.latDeg[i] = lat;
  builder.lonDeg[i] = lon;
  builder.altFt[i] = num(s[7]) * FT_PER_M;
  builder.gsKt[i] = num(s[9]) * KT_PER_MS;
  builder.trackDeg[i] = num(s[10]);
  builder.vrateFpm[i] = num(s[11]) * FPM_PER_MS;
  builder.flags[i] = s[8] === true ? F_GROUND : s[8] === false ? F_AIR : 0;
  builder.callsign[i] = typeof s[1] === 'string' ? builder.callsignId(s[1]) : -1;
  builder.row[i] = row;
  builder.aircraft[i] = builder.aircraftId(hex);
}

/** REST responses → positions. Rows are numbered across responses in file order. */
export function readStates(doc: unknown, builder: PositionBuilder, problem: (p: RowProblem) => void): number {
  const responses = Array.isArray(doc) ? doc : [doc];
  let row = 0;
  for (const r of responses as { time?: number; states: unknown[] }[]) {
    for (const s of r.states ?? []) {
      row++;
      if (!Array.isArray(s)) { problem({ row, column: null, value: JSON.stringify(s)?.slice(0, 80) ?? null, problem: 'a state vector is not an array' }); continue; }
      addState(builder, s, num(r.time), row, problem);
    }
  }
  return row;
}

const CSV_NAMES: Record<string, string[]> = {
  time: ['time_position', 'lastposupdate', 'time', 'timestamp'],
  icao24: ['icao24'],
  lat: ['latitude', 'lat'],
  lon: ['longitude', 'lon'],
  alt: ['baro_altitude', 'baroaltitude', 'geo_altitude', 'geoaltitude'],
  velocity: ['velocity'],
  track: ['true_track', 'heading'],
  vrate: ['vertical_rate', 'vertrate'],
  onground: ['on_ground', 'onground'],
  callsign: ['callsign'],
};

export function csvColumns(header: string[]): Record<string, number> | null {
  const h = header.map((c) => c.trim().toLowerCase());
  const cols: Record<string, number> = {};
  for (const [key, names] of Object.entries(CSV_NAMES)) cols[key] = names.map((n) => h.indexOf(n)).find((i) => i >= 0) ?? -1;
  return cols.icao24 >= 0 && cols.lat >= 0 && cols.lon >= 0 && cols.time >= 0 && cols.velocity >= 0 ? cols : null;
}

/** Historical CSV → positions. `lines[0]` is the header; rows are physical line numbers. */
export function readStatesCsv(lines: string[], builder: PositionBuilder, problem: (p: RowProblem) => void): number {
  const header = lines[0].split(',');
  const cols = csvColumns(header)!;
  let rows = 0;
  for (let n = 1; n < lines.length; n++) {
    const line = lines[n];
    if (line.trim() === '') continue;
    rows++;
    const c = line.split(',');
    const get = (key: string) => (cols[key] >= 0 ? c[cols[key]] : undefined);
    const ground = (get('onground') ?? '').trim().toLowerCase();
    const s: unknown[] = [get('icao24') ?? '', get('callsign') ?? null, null, get('time') || null, null, get('lon') || null, get('lat') || null,
      get('alt') || null, ground === 'true' || ground === '1' ? true : ground === 'false' || ground === '0' ? false : null,
      get('velocity') || null, get('track') || null, get('vrate') || null];
    addState(builder, s, NaN, n + 1, problem);
  }
  return rows;
}
