/**
 * ADS-B Exchange traces flattened to CSV (stiles/FlightTracer's export, CC0): one row per trace point,
 * `time, lat, lon, altitude, ground_speed, heading, details, alt_geom, nnumber, model, desc, timestamp,
 * ping_time, icao`. `altitude` is feet or "ground"; `details` is the readsb details object written as a
 * Python dict (`{'flight': 'SWA3512 ', …}`); `ping_time` is the UTC time of the point, `time` its
 * seconds after the start of `timestamp`'s day. Rows come in no particular order (the export runs
 * backwards in places): the trajectory step sorts them. Plain or .gz.
 */
import { readFile } from 'node:fs/promises';
import { UserError } from '../../domain/errors.ts';
import { splitCsvLine } from '../../domain/csv.ts';
import type { RowIssue } from '../../domain/provenance.ts';
import { analyse } from '../../trajectory/analyse.ts';
import { F_AIR, F_GROUND, PositionBuilder } from '../../trajectory/columns.ts';
import { AdsbIngest } from '../common/adsb-ingest.ts';
import type { Source } from '../types.ts';
import { maybeGunzip } from '../common/json-document.ts';

const REQUIRED = ['lat', 'lon', 'altitude', 'icao'];

function columnsOf(header: string[]): Record<string, number> | null {
  const h = header.map((c) => c.trim().toLowerCase());
  const col = (n: string) => h.indexOf(n);
  if (!REQUIRED.every((n) => col(n) >= 0) || (col('ping_time') < 0 && (col('time') < 0 || col('timestamp') < 0))) return null;
  return Object.fromEntries(['time', 'lat', 'lon', 'altitude', 'ground_speed', 'heading', 'details', 'nnumber', 'model', 'timestamp', 'ping_time', 'icao'].map((n) => [n, col(n)]));
}

/** "2025-02-09 00:00:18.590" (UTC, as the export writes it) → epoch seconds. */
function utcSeconds(text: string): number {
  const t = text.trim();
  if (t === '') return NaN;
  const ms = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(t) ? t : `${t.replace(' ', 'T')}Z`);
  return Number.isNaN(ms) ? NaN : ms / 1000;
}

const num = (v: string | undefined) => (v == null || v.trim() === '' ? NaN : Number(v));

export const adsbxCsv: Source = {
  kind: 'adsbx-csv',
  title: 'ADS-B Exchange trace flattened to CSV (time, lat, lon, altitude, ground_speed, heading, details, …, ping_time, icao), plain or .gz',
  tables: ['positions', 'adsb_legs', 'flight_legs'],
  sniff(head) {
    const header = head.lines[0] ? splitCsvLine(head.lines[0]) : [];
    return columnsOf(header) && header.map((c) => c.trim().toLowerCase()).includes('ground_speed')
      ? { confidence: 0.9, reason: 'CSV with lat, lon, altitude, ground_speed, icao (ADS-B Exchange trace export)' } : { confidence: 0 };
  },
  async ingest(head, context) {
    let text: string;
    try {
      text = maybeGunzip(await readFile(head.path)).toString('utf8');
    } catch (error) {
      throw new UserError(`${context.file}: ${(error as Error).message}; nothing from this file was stored`);
    }
    const { builder, problems, registration, aircraftType } = readAdsbxCsvText(text, context.file);
    const ingest = await AdsbIngest.open(context);
    await ingest.quarantine(problems);
    ingest.add(analyse(builder.finish(), () => ({ registration, aircraftType })));
    return ingest.finish();
  },
};

/**
 * The export's text → columns (unsorted, as the rows come), the rows that could not be read, and the
 * registration and type the export names. Shared by the ingest and by `deportwatch replay`.
 */
export function readAdsbxCsvText(text: string, file: string): { builder: PositionBuilder; problems: RowIssue[]; registration: string | null; aircraftType: string | null } {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const cols = columnsOf(splitCsvLine(lines[0] ?? ''));
  if (!cols) throw new UserError(`${file}: the header lacks ${REQUIRED.join(', ')} and a time (ping_time, or time + timestamp); nothing was stored`);
  const builder = new PositionBuilder(lines.length);
  const problems: RowIssue[] = [];
  let registration: string | null = null, aircraftType: string | null = null;
  for (let n = 1; n < lines.length; n++) {
    if (lines[n].trim() === '') continue;
    const c = splitCsvLine(lines[n]);
    const row = n + 1;
    const get = (k: string) => (cols[k] >= 0 ? c[cols[k]] : undefined);
    const fail = (column: string, value: string | undefined, problem: string) => problems.push({ file, row, column, value: value ?? null, problem });
    const hex = (get('icao') ?? '').trim().toLowerCase();
    let t = cols.ping_time >= 0 ? utcSeconds(get('ping_time') ?? '') : NaN;
    if (!(t === t) && cols.timestamp >= 0 && cols.time >= 0) t = utcSeconds((get('timestamp') ?? '').slice(0, 10)) + num(get('time'));
    const lat = num(get('lat')), lon = num(get('lon'));
    if (!/^~?[0-9a-f]{6}$/.test(hex)) { fail('icao', get('icao'), 'not a 6-hex-digit Mode S address'); continue; }
    if (!(t === t)) { fail('ping_time', get('ping_time'), 'no readable time'); continue; }
    if (!(lat >= -90 && lat <= 90)) { fail('lat', get('lat'), 'latitude outside -90…90 or missing'); continue; }
    if (!(lon >= -180 && lon <= 180)) { fail('lon', get('lon'), 'longitude outside -180…180 or missing'); continue; }
    const altText = (get('altitude') ?? '').trim();
    const i = builder.next();
    builder.timeS[i] = t;
    builder.latDeg[i] = lat;
    builder.lonDeg[i] = lon;
    builder.altFt[i] = altText === 'ground' ? NaN : num(altText);
    builder.flags[i] = altText === 'ground' ? F_GROUND : altText === '' ? 0 : F_AIR;
    builder.gsKt[i] = num(get('ground_speed'));
    builder.trackDeg[i] = num(get('heading'));
    builder.vrateFpm[i] = NaN;
    const flight = /'flight':\s*'([^']*)'/.exec(get('details') ?? '');
    builder.callsign[i] = flight ? builder.callsignId(flight[1]) : -1;
    builder.row[i] = row;
    builder.aircraft[i] = builder.aircraftId(hex);
    registration ??= get('nnumber')?.trim().toUpperCase() || null;
    aircraftType ??= get('model')?.trim().toUpperCase() || null;
  }
  return { builder, problems, registration, aircraftType };
}
