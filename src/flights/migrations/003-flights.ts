import type { Migration } from '../../engine/migrations.ts';

/**
 * Flight legs from every source (tracker exports, observers' logs, ADS-B, ARTS), the evidence behind
 * each, passenger counts with how they were obtained, the dated aircraft registry and callsign rules.
 * Rules and reasons: docs/flights.md.
 */
export const flights: Migration = {
  id: 3,
  name: 'flights: flight_legs, flight_evidence, flight_passenger_counts, flight_missions, aircraft_registry, callsign_rules',
  statements: [
    // One row per leg (one take-off and one landing of one aircraft). The same leg reported by two
    // sources is one row here with two rows in flight_evidence (matching rule: domain/flights.ts sameLeg).
    `CREATE TABLE flight_legs (
      leg_id BIGINT PRIMARY KEY,
      aircraft_key VARCHAR NOT NULL,
      departure_date DATE NOT NULL,
      departure_time_utc TIMESTAMP,
      arrival_time_utc TIMESTAMP,
      departure_time_basis VARCHAR,
      flight_number VARCHAR,
      callsign VARCHAR,
      registration VARCHAR,
      icao24 VARCHAR,
      aircraft_type VARCHAR,
      operator VARCHAR,
      departure_airport VARCHAR,
      departure_airport_raw VARCHAR,
      departure_country VARCHAR,
      departure_known BOOLEAN NOT NULL,
      arrival_airport VARCHAR,
      arrival_airport_raw VARCHAR,
      arrival_country VARCHAR,
      arrival_known BOOLEAN NOT NULL,
      status VARCHAR,
      source_kinds VARCHAR NOT NULL,
      first_source_id INTEGER NOT NULL,
      pax_on INTEGER,
      pax_on_method VARCHAR,
      pax_off INTEGER,
      pax_off_method VARCHAR,
      ice_link VARCHAR,
      ice_link_confidence VARCHAR,
      ice_link_reason VARCHAR,
      category VARCHAR,
      category_rule VARCHAR,
      category_reason VARCHAR,
      mission_id VARCHAR
    )`,
    'CREATE INDEX flight_legs_aircraft ON flight_legs (aircraft_key)',
    `CREATE TABLE flight_evidence (
      leg_id BIGINT NOT NULL,
      source_id INTEGER NOT NULL,
      source_kind VARCHAR NOT NULL,
      source_row BIGINT,
      link VARCHAR,
      note VARCHAR,
      reported VARCHAR
    )`,
    `CREATE TABLE flight_passenger_counts (
      leg_id BIGINT NOT NULL,
      source_id INTEGER NOT NULL,
      source_row BIGINT,
      direction VARCHAR NOT NULL,
      airport VARCHAR,
      count INTEGER NOT NULL,
      method VARCHAR NOT NULL,
      method_detail VARCHAR
    )`,
    `CREATE TABLE flight_missions (
      mission_id VARCHAR PRIMARY KEY,
      aircraft_key VARCHAR NOT NULL,
      start_date DATE NOT NULL,
      start_time_utc TIMESTAMP,
      end_time_utc TIMESTAMP,
      stops VARCHAR NOT NULL,
      legs INTEGER NOT NULL,
      removal_legs INTEGER NOT NULL,
      removal_countries VARCHAR,
      category VARCHAR NOT NULL
    )`,
    // Airframes with their dated identity: a hex or registration that changes over time is two rows
    // with different validity. origin = builtin (src/reference/aircraft-registry.csv) or the user's file.
    `CREATE TABLE aircraft_registry (
      icao24 VARCHAR,
      registration VARCHAR,
      aircraft_type VARCHAR,
      owner VARCHAR,
      operator_icao VARCHAR,
      operator VARCHAR,
      ice_service VARCHAR NOT NULL,
      valid_from DATE,
      valid_to DATE,
      source VARCHAR NOT NULL,
      origin VARCHAR NOT NULL,
      origin_row BIGINT
    )`,
    `CREATE TABLE callsign_rules (
      rule_id VARCHAR NOT NULL,
      pattern VARCHAR NOT NULL,
      operator VARCHAR,
      confidence VARCHAR NOT NULL,
      valid_from DATE,
      valid_to DATE,
      reason VARCHAR NOT NULL,
      source VARCHAR NOT NULL
    )`,
  ],
};
