/**
 * The ADS-B tables of migration 4 (positions, position_callsigns, adsb_legs) in ClickHouse's dialect, for
 * the ClickHouse engine (src/engine/clickhouse/). Same columns and units as on DuckDB, with two
 * differences the old servers impose: instants are Int64 microseconds since the epoch (`time_us`,
 * `departure_time_us` …; 18.16 has no DateTime64) with a DateTime ALIAS of the old name for reading, and
 * nothing is LowCardinality (experimental before 19.1).
 *
 * positions: partitioned by month, sorted by (icao24, time_us) so one airframe's history is a few
 * contiguous ranges of granules per part; spread over shards by icao24, so an airframe's positions and
 * legs are on one shard and segmentation never needs another shard. Codecs where the server has them:
 * Delta for the sorted time and the slowly varying coordinates and altitudes, ZSTD for the rest.
 */
import type { ChMigration, ChTable } from '../../engine/clickhouse/schema.ts';

const BY_AIRFRAME = { shardKey: 'icao24' };
const MONTH_OF_US = (col: string) => `toYYYYMM(toDateTime(intDiv(${col}, 1000000)))`;

export const positionsTable: ChTable = {
  name: 'positions',
  columns: [
    { name: 'source_id', type: 'Int32', codec: 'ZSTD(1)' },
    { name: 'time_us', type: 'Int64', codec: 'Delta, ZSTD(1)' },
    { name: 'icao24', type: 'UInt32', codec: 'ZSTD(1)' },
    { name: 'lat_e6', type: 'Int32', codec: 'Delta, ZSTD(1)' },
    { name: 'lon_e6', type: 'Int32', codec: 'Delta, ZSTD(1)' },
    { name: 'alt_ft', type: 'Nullable(Int32)', codec: 'ZSTD(1)' },
    { name: 'gs_dkt', type: 'Nullable(Int16)', codec: 'ZSTD(1)' },
    { name: 'track_ddeg', type: 'Nullable(Int16)', codec: 'ZSTD(1)' },
    { name: 'vrate_fpm', type: 'Nullable(Int16)', codec: 'ZSTD(1)' },
    { name: 'flags', type: 'UInt8', codec: 'ZSTD(1)' },
    { name: 'quality', type: 'UInt8', codec: 'ZSTD(1)' },
    { name: 'leg_id', type: 'Nullable(Int32)', codec: 'ZSTD(1)' },
    { name: 'source_row', type: 'Int32', codec: 'Delta, ZSTD(1)' },
    { name: 'time', type: 'DateTime ALIAS toDateTime(intDiv(time_us, 1000000))' },
  ],
  partitionBy: MONTH_OF_US('time_us'),
  orderBy: '(icao24, time_us)',
  placement: BY_AIRFRAME,
};

export const positionCallsignsTable: ChTable = {
  name: 'position_callsigns',
  columns: [
    { name: 'source_id', type: 'Int32' },
    { name: 'icao24', type: 'UInt32' },
    { name: 'time_us', type: 'Int64' },
    { name: 'callsign', type: 'String' },
  ],
  partitionBy: MONTH_OF_US('time_us'),
  orderBy: '(icao24, time_us)',
  placement: BY_AIRFRAME,
};

const text = (name: string) => ({ name, type: 'String' });
const textOrNull = (name: string) => ({ name, type: 'Nullable(String)' });
const real = (name: string) => ({ name, type: 'Float64' });
const realOrNull = (name: string) => ({ name, type: 'Nullable(Float64)' });
const int = (name: string) => ({ name, type: 'Int32' });

/** adsb_legs; `icao24_n` (the address as stored in positions) places a leg on its airframe's shard. */
export const adsbLegsTable: ChTable = {
  name: 'adsb_legs',
  columns: [
    int('leg_id'), int('source_id'), { name: 'flight_leg_id', type: 'Nullable(Int64)' },
    text('icao24'), { name: 'icao24_n', type: 'UInt32' }, textOrNull('registration'), textOrNull('aircraft_type'), textOrNull('callsigns'),
    { name: 'departure_time_us', type: 'Int64' }, { name: 'arrival_time_us', type: 'Int64' },
    int('duration_s'),
    real('start_lat_deg'), real('start_lon_deg'), realOrNull('start_alt_ft'),
    real('end_lat_deg'), real('end_lon_deg'), realOrNull('end_alt_ft'),
    textOrNull('departure_airport'), text('departure_basis'), text('departure_confidence'), realOrNull('departure_distance_km'),
    realOrNull('departure_height_ft'), int('departure_candidates'), text('departure_note'),
    textOrNull('arrival_airport'), text('arrival_basis'), text('arrival_confidence'), realOrNull('arrival_distance_km'),
    realOrNull('arrival_height_ft'), int('arrival_candidates'), text('arrival_note'),
    text('start_reason'), text('end_reason'), real('distance_km'), real('path_km'), realOrNull('max_alt_ft'),
    int('points'), int('duplicates'), int('bad_positions'), int('bad_altitudes'), int('phase_noise'), int('reordered'), int('gaps'), int('longest_gap_s'),
    text('quality_flags'), text('low_passes'), int('first_row'), int('last_row'), text('replay_link'),
    { name: 'departure_time', type: 'DateTime ALIAS toDateTime(intDiv(departure_time_us, 1000000))' },
    { name: 'arrival_time', type: 'DateTime ALIAS toDateTime(intDiv(arrival_time_us, 1000000))' },
  ],
  partitionBy: MONTH_OF_US('departure_time_us'),
  orderBy: '(icao24_n, departure_time_us)',
  placement: { shardKey: 'icao24_n' },
};

export const adsbClickHouse: ChMigration = {
  id: 4,
  name: 'adsb: positions, position_callsigns, adsb_legs',
  tables: [positionsTable, positionCallsignsTable, adsbLegsTable],
};
