/**
 * Trajectories in the `traffic` library's JSON layout (xoolive/traffic samples, MIT): pandas records or
 * columns of timestamp, icao24, latitude, longitude, altitude (ft), groundspeed (kt), track,
 * vertical_rate (ft/min), callsign, sometimes onground and geoaltitude; plain or gzip. One file may hold
 * many aircraft and flights (the `switzerland` and `savan` samples). Layout: ../shared/SCHEMAS.md.
 * The whole file is parsed in memory (the samples are a few MB); a day of readsb traces goes through
 * the readsb source, which streams.
 */
import { UserError } from '../../domain/errors.ts';
import { analyse } from '../../trajectory/analyse.ts';
import { PositionBuilder } from '../../trajectory/columns.ts';
import { AdsbIngest } from '../common/adsb-ingest.ts';
import { readJsonDocument } from '../common/json-document.ts';
import type { Source } from '../types.ts';
import { layoutOf, readTrafficJson } from './parse.ts';

export const trafficJson: Source = {
  kind: 'traffic-json',
  title: 'traffic library JSON trajectories (records or columns: timestamp, icao24, latitude, longitude, altitude ft, groundspeed kt …), plain or .gz',
  tables: ['positions', 'adsb_legs', 'flight_legs'],
  sniff(head) {
    const text = head.text?.trimStart() ?? '';
    const window = text.slice(0, 8192);
    const has = (k: string) => window.includes(`"${k}"`);
    if (!(text.startsWith('[') || text.startsWith('{'))) return { confidence: 0 };
    if (has('altitude_m') || has('baro_altitude') || has('states') || has('airport_code')) return { confidence: 0 };
    if (has('icao24') && has('timestamp') && has('latitude') && has('longitude') && (has('altitude') || has('groundspeed'))) {
      return { confidence: 0.85, reason: "JSON records with traffic's fields (timestamp, icao24, latitude, longitude, altitude/groundspeed)" };
    }
    // Columns: each field is an object keyed by the pandas index, so one column can fill the whole head.
    if (/^\{\s*"(altitude|timestamp|icao24|latitude|longitude|groundspeed|callsign|track|vertical_rate|onground|geoaltitude|last_position|alert)"\s*:\s*\{\s*"\d+"\s*:/.test(text)) {
      return { confidence: 0.8, reason: "JSON columns keyed by a pandas index, starting with one of traffic's fields" };
    }
    return { confidence: 0 };
  },
  async ingest(head, context) {
    const doc = await readJsonDocument(head.path, context.file);
    if (!layoutOf(doc)) throw new UserError(`${context.file}: JSON without traffic's records or columns (timestamp, icao24, latitude, longitude); nothing was stored`);
    const builder = new PositionBuilder();
    const ingest = await AdsbIngest.open(context);
    const issues: Parameters<typeof ingest.quarantine>[0] = [];
    readTrafficJson(doc, builder, (p) => issues.push({ file: context.file, row: p.row, column: p.column, value: p.value, problem: p.problem }));
    await ingest.quarantine(issues);
    ingest.add(analyse(builder.finish()));
    return ingest.finish();
  },
};
