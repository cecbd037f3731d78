/**
 * The JSON layout of the `traffic` library's samples (xoolive/traffic, MIT): pandas `to_json` output,
 * either records (`[{timestamp, icao24, latitude, longitude, altitude, groundspeed, track,
 * vertical_rate, callsign, onground?, geoaltitude?}, …]`) or columns (`{"altitude": {"0": …}, …}`).
 * Units as traffic uses them: altitude in feet, ground speed in knots, vertical rate in ft/min;
 * timestamps in epoch milliseconds (pandas' default) or ISO strings.
 */
import { F_AIR, F_GROUND, type PositionBuilder } from '../../trajectory/columns.ts';
import { epochSeconds } from '../common/json-document.ts';

export interface RecordProblem {
  row: number;
  column: string | null;
  value: string | null;
  problem: string;
}

export type Layout = 'records' | 'columns';

const FIELDS = ['timestamp', 'icao24', 'latitude', 'longitude'];

/** Which layout a parsed document has, or null when it is not traffic's. */
export function layoutOf(doc: unknown): Layout | null {
  if (Array.isArray(doc)) {
    const first = doc.find((r) => r && typeof r === 'object');
    return first && FIELDS.every((f) => f in first) ? 'records' : null;
  }
  if (doc && typeof doc === 'object') {
    const cols = doc as Record<string, unknown>;
    return FIELDS.every((f) => cols[f] && typeof cols[f] === 'object') ? 'columns' : null;
  }
  return null;
}

const numOrNaN = (v: unknown): number => (typeof v === 'number' ? v : v == null || v === '' ? NaN : Number(v));

/** Appends every row of a traffic JSON document to `builder`; rows that cannot be positions go to `problem`. */
export function readTrafficJson(doc: unknown, builder: PositionBuilder, problem: (p: RecordProblem) => void): { rowsRead: number; points: number } {
  const layout = layoutOf(doc);
  if (!layout) throw new Error('not traffic JSON: expected records or columns with timestamp, icao24, latitude and longitude');
  let rowsRead = 0, points = 0;
  const take = (get: (field: string) => unknown, row: number) => {
    rowsRead++;
    const t = epochSeconds(get('timestamp'));
    const hexRaw = get('icao24');
    const hex = typeof hexRaw === 'string' ? hexRaw.trim().toLowerCase() : '';
    const lat = numOrNaN(get('latitude')), lon = numOrNaN(get('longitude'));
    let bad: RecordProblem | null = null;
    if (!(t === t)) bad = { row, column: 'timestamp', value: String(get('timestamp') ?? ''), problem: 'no readable timestamp' };
    else if (!/^~?[0-9a-f]{6}$/.test(hex)) bad = { row, column: 'icao24', value: String(hexRaw ?? ''), problem: 'not a 6-hex-digit Mode S address' };
    else if (get('latitude') == null || get('longitude') == null) bad = { row, column: 'latitude', value: null, problem: 'no position (latitude/longitude empty)' };
    else if (!(lat >= -90 && lat <= 90)) bad = { row, column: 'latitude', value: String(get('latitude')), problem: 'latitude outside -90…90' };
    else if (!(lon >= -180 && lon <= 180)) bad = { row, column: 'longitude', value: String(get('longitude')), problem: 'longitude outside -180…180' };
    if (bad) { problem(bad); return; }
    const i = builder.next();
    builder.timeS[i] = t;
    builder.latDeg[i] = lat;
    builder.lonDeg[i] = lon;
    builder.altFt[i] = numOrNaN(get('altitude'));
    builder.gsKt[i] = numOrNaN(get('groundspeed'));
    builder.trackDeg[i] = numOrNaN(get('track'));
    builder.vrateFpm[i] = numOrNaN(get('vertical_rate'));
    const onground = get('onground');
    builder.flags[i] = onground === true ? F_GROUND : onground === false ? F_AIR : 0;
    const cs = get('callsign');
    builder.callsign[i] = typeof cs === 'string' ? builder.callsignId(cs) : -1;
    builder.row[i] = row;
    builder.aircraft[i] = builder.aircraftId(hex);
    points++;
  };
  if (layout === 'records') {
    (doc as Record<string, unknown>[]).forEach((r, i) => {
      if (!r || typeof r !== 'object') { rowsRead++; problem({ row: i + 1, column: null, value: JSON.stringify(r)?.slice(0, 80) ?? null, problem: 'a record is not an object' }); return; }
      take((f) => r[f], i + 1);
    });
  } else {
    const cols = doc as Record<string, Record<string, unknown>>;
    // Row keys are the pandas index; their order in the timestamp column is the row order.
    const keys = Object.keys(cols.timestamp);
    keys.forEach((key, i) => take((f) => cols[f]?.[key], i + 1));
  }
  return { rowsRead, points };
}
