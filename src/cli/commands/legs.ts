/**
 * `deportwatch legs FILE...`: the flights in ADS-B recordings, printed, not stored. The files go through
 * the same sources and trajectory engine as `ingest`, into a database in memory that is dropped at the
 * end, so what this prints is exactly what `ingest` would store.
 */
import type { Command } from 'commander';
import { UsageError, UserError } from '../../domain/errors.ts';
import { ingestFile } from '../../ingest/ingest.ts';
import { formatTable } from '../../reports/format.ts';
import { adsbLegRows, adsbLegTracks, sightingRows } from '../../flights/adsb-store.ts';
import { Store } from '../../engine/db.ts';
import { globalOptions, out } from '../context.ts';
import { Progress } from '../progress.ts';
import { openProject } from '../../app/project.ts';

const ADSB_KINDS = ['readsb-trace', 'opensky-states', 'traffic-json', 'adsbx-csv'];

function hhmm(ts: unknown): string {
  return typeof ts === 'string' ? ts.slice(0, 16).replace('T', ' ') : '';
}

function end(icao: unknown, basis: unknown, confidence: unknown): string {
  return icao ? `${icao} (${basis}, ${confidence})` : 'unknown';
}

/** "6 over EHLE (1,988–2,013 ft above)": altitude minima near an airport that were not landings. */
function lowPassSummary(json: unknown): string {
  const passes = JSON.parse(String(json ?? '[]')) as { icao: string; heightFt: number }[];
  const by = new Map<string, number[]>();
  for (const p of passes) by.set(p.icao, [...(by.get(p.icao) ?? []), p.heightFt]);
  return [...by].map(([icao, h]) => `${h.length} over ${icao} (${Math.min(...h).toLocaleString('en-US')}–${Math.max(...h).toLocaleString('en-US')} ft above)`).join('; ');
}

function legObject(r: Record<string, unknown>): Record<string, unknown> {
  const { low_passes, ...rest } = r;
  return { ...rest, low_passes: JSON.parse(String(low_passes ?? '[]')) };
}

export function registerLegs(program: Command): void {
  program.command('legs')
    .description('print the flights (legs) in ADS-B recordings — readsb trace_full files, folders or tar archives, OpenSky, traffic JSON, ADS-B Exchange CSV — without storing anything')
    .argument('<files...>', 'ADS-B files (.gz accepted), folders of trace_full files, or tar archives')
    .option('--format <format>', 'table, json or geojson', 'table')
    .action(async (files: string[], options: { format: string }, command: Command) => {
      if (!['table', 'json', 'geojson'].includes(options.format)) throw new UsageError(`--format must be table, json or geojson (got "${options.format}")`);
      const progress = new Progress(globalOptions(command).quiet || options.format !== 'table');
      const store = await openProject(':memory:');
      const failures: string[] = [];
      const ids: number[] = [];
      try {
        for (const file of files) {
          try {
            const s = await ingestFile(store, file);
            if (!ADSB_KINDS.includes(s.kind)) { failures.push(`${file}: read as ${s.kind}, which is not an ADS-B recording`); continue; }
            ids.push(s.sourceId);
            progress.done(`${file} → ${s.kind}: ${s.rowsStored.toLocaleString('en-US')} rows read into memory${s.rowsQuarantined ? `, ${s.rowsQuarantined} quarantined` : ''}`);
          } catch (error) {
            if (!(error instanceof UserError)) throw error;
            failures.push(error.message);
            process.stderr.write(`legs ${file} → failed: ${error.message}\n`);
          }
        }
        const legs = await adsbLegRows(store, ids);
        const sightings = await sightingRows(store, ids);
        if (options.format === 'json') {
          out(JSON.stringify({ legs: legs.map(legObject), sightings }, null, 2));
        } else if (options.format === 'geojson') {
          const tracks = await adsbLegTracks(store, legs.map((l) => Number(l.leg_id)));
          const features = [
            ...legs.map((l) => ({
              type: 'Feature', properties: legObject(l),
              geometry: { type: 'LineString', coordinates: (tracks.get(Number(l.leg_id)) ?? []).map(([lon, lat, alt]) => (alt == null ? [lon, lat] : [lon, lat, Math.round(alt * 0.3048)])) },
            })),
            ...sightings.map((s) => ({ type: 'Feature', properties: { ...s, kind: 'sighting' }, geometry: { type: 'Point', coordinates: [s.lon_deg, s.lat_deg] } })),
          ];
          out(JSON.stringify({ type: 'FeatureCollection', features }));
        } else {
          const rows = legs.map((l) => ({
            file: l.file, hex: l.icao24, callsigns: l.callsigns ?? '', departure: end(l.departure_airport, l.departure_basis, l.departure_confidence),
            off: hhmm(l.departure_time), arrival: end(l.arrival_airport, l.arrival_basis, l.arrival_confidence), on: hhmm(l.arrival_time),
            minutes: Math.round(Number(l.duration_s) / 60), points: l.points, max_alt_ft: l.max_alt_ft, ice: l.ice_link ? `${l.ice_link}/${l.ice_link_confidence}` : '',
            flags: l.quality_flags,
            low_passes: lowPassSummary(l.low_passes),
          }));
          out(rows.length ? formatTable(Object.keys(rows[0]), rows) : 'no legs');
          if (sightings.length) {
            const ice = sightings.filter((s) => s.ice_link_confidence === 'high' || s.ice_link_confidence === 'medium');
            out(`\n${sightings.length} sightings (snapshots near an airport: low confidence, not flights); ${ice.length} with a medium or high ICE link:`);
            if (ice.length) out(formatTable(['file', 'time', 'icao24', 'callsign', 'airport', 'ice_link', 'ice_link_confidence'], ice.map((s) => ({ ...s, time: hhmm(s.time) }))));
          }
          out(`\n${legs.length} legs. Airports: ground = a ground point within 5 km; low = first/last point ≤ 3,000 ft above a field within 20 km; approach = the recording stops in the air ≤ 10,000 ft above a large or scheduled-service airport within 50 km (low confidence); unknown = out of coverage. Rules: docs/trajectory.md`);
        }
      } finally {
        store.close();
      }
      if (failures.length) throw new UserError(`${failures.length} of ${files.length} files could not be read (see above)`);
    });
}
