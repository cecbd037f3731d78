/**
 * ADS-B rows into ClickHouse (tables: ./tables.ts): encoded positions (../positions-encoding.ts) as
 * Native blocks (column arrays copied as they are), straight to the shard that holds each airframe (icao24 % shards, the Distributed tables'
 * rule), and legs with the same values ../adsb-store.ts writes to DuckDB.
 */
import type { ClickHouseEngine } from '../../engine/clickhouse/engine.ts';
import { nativeBlock, type NativeColumn } from '../../engine/clickhouse/native.ts';
import { splitByShard } from '../../engine/clickhouse/rowbinary.ts';
import { localName } from '../../engine/clickhouse/schema.ts';
import type { EncodedPositions } from '../positions-encoding.ts';
import { icao24Number } from '../positions-encoding.ts';
import type { StoredLeg } from '../adsb-store.ts';

export async function nextAdsbLegIdClickHouse(engine: ClickHouseEngine): Promise<number> {
  return Number((await engine.scalar<number | null>('SELECT max(leg_id) FROM adsb_legs')) ?? 0) + 1;
}

/** Writes one batch of positions (legs offset by `firstLegId`) and its callsign changes; returns when the shards have them. */
export async function writePositionsClickHouse(engine: ClickHouseEngine, sourceId: number, e: EncodedPositions, firstLegId: number): Promise<void> {
  const leg = e.leg;
  for (let i = 0; i < e.length; i++) leg[i] += firstLegId;
  const columns: NativeColumn[] = [
    { name: 'source_id', type: 'Int32', kind: 'const-i32', value: sourceId },
    { name: 'time_us', type: 'Int64', kind: 'raw', data: e.timeUs, width: 8 },
    { name: 'icao24', type: 'UInt32', kind: 'raw', data: e.icao24, width: 4 },
    { name: 'lat_e6', type: 'Int32', kind: 'raw', data: e.latE6, width: 4 },
    { name: 'lon_e6', type: 'Int32', kind: 'raw', data: e.lonE6, width: 4 },
    { name: 'alt_ft', type: 'Nullable(Int32)', kind: 'raw', data: e.altFt, width: 4, validity: e.altValid },
    { name: 'gs_dkt', type: 'Nullable(Int16)', kind: 'raw', data: e.gsDkt, width: 2, validity: e.gsValid },
    { name: 'track_ddeg', type: 'Nullable(Int16)', kind: 'raw', data: e.trackDdeg, width: 2, validity: e.trackValid },
    { name: 'vrate_fpm', type: 'Nullable(Int16)', kind: 'raw', data: e.vrateFpm, width: 2, validity: e.vrateValid },
    { name: 'flags', type: 'UInt8', kind: 'raw', data: e.flags, width: 1 },
    { name: 'quality', type: 'UInt8', kind: 'raw', data: e.quality, width: 1 },
    { name: 'leg_id', type: 'Nullable(Int32)', kind: 'raw', data: leg, width: 4, validity: e.legValid },
    { name: 'source_row', type: 'Int32', kind: 'raw', data: e.row, width: 4 },
  ];
  const shards = engine.shardClients.length;
  const parts = splitByShard(e.icao24, e.length, shards);
  const positions = localName(engine, 'positions'), callsigns = localName(engine, 'position_callsigns');
  const sends: Promise<void>[] = [];
  for (const [s, rows] of parts.entries()) {
    if (rows.length === 0) continue;
    sends.push(engine.insertBytes(positions, 'Native', nativeBlock(columns, shards === 1 ? null : rows, e.length), engine.clustered ? s : undefined));
    const lines: string[] = [];
    const t = e.timeUs;
    for (const i of rows) {
      if (e.callsignChange[i] < 0) continue;
      const us = BigInt(t[2 * i + 1]) * 4294967296n + BigInt(t[2 * i] >>> 0);
      lines.push(`${sourceId}\t${e.icao24[i]}\t${us}\t${e.callsigns[e.callsignChange[i]].replace(/\\/g, '\\\\').replace(/\t/g, '\\t')}`);
    }
    if (lines.length) sends.push(engine.insertBytes(`${callsigns} (source_id, icao24, time_us, callsign)`, 'TabSeparated', Buffer.from(lines.join('\n') + '\n'), engine.clustered ? s : undefined));
  }
  await Promise.all(sends);
}

const us = (iso: string) => Math.round(Date.parse(iso) * 1000);
const finite = (v: number | null | undefined) => (v == null || !Number.isFinite(v) ? null : v);

/** Legs, each on its airframe's shard. */
export async function insertAdsbLegsClickHouse(engine: ClickHouseEngine, sourceId: number, legs: StoredLeg[]): Promise<void> {
  const shards = engine.shardClients.length;
  const byShard: string[][] = Array.from({ length: shards }, () => []);
  for (const { legId, leg } of legs) {
    const n = icao24Number(leg.icao24);
    const q = leg.quality;
    const fix = (f: typeof leg.departure, p: string) => ({
      [`${p}_airport`]: f.icao ?? null, [`${p}_basis`]: f.basis, [`${p}_confidence`]: f.confidence, [`${p}_distance_km`]: finite(f.distanceKm),
      [`${p}_height_ft`]: finite(f.heightFt), [`${p}_candidates`]: f.candidates, [`${p}_note`]: f.note,
    });
    byShard[n % shards].push(JSON.stringify({
      leg_id: legId, source_id: sourceId, flight_leg_id: null, icao24: leg.icao24, icao24_n: n,
      registration: leg.registration ?? null, aircraft_type: leg.aircraftType ?? null, callsigns: leg.callsigns.length ? leg.callsigns.join(',') : null,
      departure_time_us: us(leg.departureTimeUtc), arrival_time_us: us(leg.arrivalTimeUtc), duration_s: leg.durationS,
      start_lat_deg: leg.start.latDeg, start_lon_deg: leg.start.lonDeg, start_alt_ft: finite(leg.start.altFt),
      end_lat_deg: leg.end.latDeg, end_lon_deg: leg.end.lonDeg, end_alt_ft: finite(leg.end.altFt),
      ...fix(leg.departure, 'departure'), ...fix(leg.arrival, 'arrival'),
      start_reason: leg.startReason, end_reason: leg.endReason, distance_km: leg.distanceKm, path_km: leg.pathKm, max_alt_ft: finite(leg.maxAltFt),
      points: leg.points, duplicates: q.duplicates, bad_positions: q.badPositions, bad_altitudes: q.badAltitudes, phase_noise: q.phaseNoise,
      reordered: q.reordered, gaps: q.gaps, longest_gap_s: q.longestGapS, quality_flags: q.flags.join(','), low_passes: JSON.stringify(leg.lowPasses),
      first_row: leg.firstRow, last_row: leg.lastRow, replay_link: leg.replayLink,
    }));
  }
  const table = localName(engine, 'adsb_legs');
  await Promise.all(byShard.map((lines, s) => (lines.length ? engine.insertBytes(table, 'JSONEachRow', Buffer.from(lines.join('\n') + '\n'), engine.clustered ? s : undefined) : undefined)));
}
