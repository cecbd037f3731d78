import type { Migration } from '../../engine/migrations.ts';

/**
 * ADS-B: positions (columnar, ordered per aircraft), the legs the trajectory engine cut from them, and
 * sightings (snapshot sources that only saw an aircraft near an airport). Rules: docs/trajectory.md.
 *
 * Positions are a DuckDB table, not Parquet partitions: every file is appended one aircraft at a time in
 * time order, so the table is ordered per aircraft within each file and DuckDB's per-row-group min/max
 * (zone maps) skip the row groups of other aircraft; it joins the rest of the store without an
 * external-file dependency, and ingest stays one transaction per file. `icao24` is the 24-bit address
 * as an integer (bit 24 set for readsb's non-ICAO "~" addresses); `positions_enriched` shows it as hex.
 * Flags: 1 ground, 2 airborne (as the source said), 4 readsb new leg, 8 stale; quality (set by the
 * kernel): 1 duplicate, 2 position jump, 4 altitude spike, 8 reordered, 16 phase noise.
 */
export const adsb: Migration = {
  id: 4,
  name: 'adsb: positions, position_callsigns, adsb_legs, sightings',
  statements: [
    // Whole numbers in fixed scales (src/flights/positions-encoding.ts): exact for what receivers publish,
    // and several times cheaper for DuckDB to compress than DOUBLE/FLOAT. positions_enriched shows degrees,
    // knots and the hex address.
    `CREATE TABLE positions (
      source_id INTEGER NOT NULL,
      time TIMESTAMP NOT NULL,
      icao24 UINTEGER NOT NULL,
      lat_e6 INTEGER NOT NULL,
      lon_e6 INTEGER NOT NULL,
      alt_ft INTEGER,
      gs_dkt SMALLINT,
      track_ddeg SMALLINT,
      vrate_fpm SMALLINT,
      flags UTINYINT NOT NULL,
      quality UTINYINT NOT NULL,
      leg_id INTEGER,
      source_row INTEGER NOT NULL
    )`,
    // The broadcast callsign where it changes along a track (a per-point text column would cost as much
    // to store as three numeric ones, and is NULL almost everywhere). positions_enriched fills it forward.
    `CREATE TABLE position_callsigns (
      source_id INTEGER NOT NULL,
      icao24 UINTEGER NOT NULL,
      time TIMESTAMP NOT NULL,
      callsign VARCHAR NOT NULL
    )`,
    `CREATE TABLE adsb_legs (
      leg_id INTEGER NOT NULL,
      source_id INTEGER NOT NULL,
      flight_leg_id BIGINT,
      icao24 VARCHAR NOT NULL,
      registration VARCHAR,
      aircraft_type VARCHAR,
      callsigns VARCHAR,
      departure_time TIMESTAMP NOT NULL,
      arrival_time TIMESTAMP NOT NULL,
      duration_s INTEGER NOT NULL,
      start_lat_deg DOUBLE NOT NULL,
      start_lon_deg DOUBLE NOT NULL,
      start_alt_ft DOUBLE,
      end_lat_deg DOUBLE NOT NULL,
      end_lon_deg DOUBLE NOT NULL,
      end_alt_ft DOUBLE,
      departure_airport VARCHAR,
      departure_basis VARCHAR NOT NULL,
      departure_confidence VARCHAR NOT NULL,
      departure_distance_km DOUBLE,
      departure_height_ft DOUBLE,
      departure_candidates INTEGER NOT NULL,
      departure_note VARCHAR NOT NULL,
      arrival_airport VARCHAR,
      arrival_basis VARCHAR NOT NULL,
      arrival_confidence VARCHAR NOT NULL,
      arrival_distance_km DOUBLE,
      arrival_height_ft DOUBLE,
      arrival_candidates INTEGER NOT NULL,
      arrival_note VARCHAR NOT NULL,
      start_reason VARCHAR NOT NULL,
      end_reason VARCHAR NOT NULL,
      distance_km DOUBLE NOT NULL,
      path_km DOUBLE NOT NULL,
      max_alt_ft DOUBLE,
      points INTEGER NOT NULL,
      duplicates INTEGER NOT NULL,
      bad_positions INTEGER NOT NULL,
      bad_altitudes INTEGER NOT NULL,
      phase_noise INTEGER NOT NULL,
      reordered INTEGER NOT NULL,
      gaps INTEGER NOT NULL,
      longest_gap_s INTEGER NOT NULL,
      quality_flags VARCHAR NOT NULL,
      low_passes VARCHAR NOT NULL,
      first_row INTEGER NOT NULL,
      last_row INTEGER NOT NULL,
      replay_link VARCHAR NOT NULL
    )`,
    `CREATE TABLE sightings (
      source_id INTEGER NOT NULL,
      source_row BIGINT NOT NULL,
      icao24 VARCHAR NOT NULL,
      callsign VARCHAR,
      time TIMESTAMP NOT NULL,
      lat_deg DOUBLE NOT NULL,
      lon_deg DOUBLE NOT NULL,
      alt_ft DOUBLE,
      on_ground BOOLEAN,
      gs_kt DOUBLE,
      airport VARCHAR,
      airport_distance_km DOUBLE,
      airport_height_ft DOUBLE,
      airport_candidates INTEGER NOT NULL,
      reported_airport VARCHAR,
      confidence VARCHAR NOT NULL,
      ice_link VARCHAR NOT NULL,
      ice_link_confidence VARCHAR NOT NULL,
      ice_link_reason VARCHAR NOT NULL
    )`,
  ],
};
