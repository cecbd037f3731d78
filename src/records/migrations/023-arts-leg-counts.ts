import type { Migration } from '../../engine/migrations.ts';

/**
 * ICE Air (ARTS) passenger counts per leg, as UWCHR derived them from the ARTS FOIA release (one row per
 * leg and day, or per leg, day and country of citizenship, or per mission leg): `table_kind` says which
 * table a row comes from — `all-legs` (MissionDate, R-T, PULOC, DropLoc, AlienMasterID = unique
 * passengers), `country-removal-legs` (… CountryOfCitizenship, AlienMasterIDCount, MissionIDCount,
 * juvenile and non-criminal counts and shares) or `mission-legs` (… MissionID, AlienMasterID).
 * `removal_or_transfer` is kept as published: R, T, and the few other values (Ineligible, No-show).
 * `pickup_country` / `dropoff_country`: ISO code of the airport from the airport reference, NULL when unknown.
 */
export const artsLegCounts: Migration = {
  id: 23,
  name: 'records: arts_leg_counts',
  statements: [
    `CREATE TABLE arts_leg_counts (
      source_id INTEGER NOT NULL, source_sheet VARCHAR, source_row BIGINT NOT NULL, release VARCHAR NOT NULL, table_kind VARCHAR NOT NULL,
      mission_date DATE NOT NULL, mission_id VARCHAR, removal_or_transfer VARCHAR, citizenship_country VARCHAR,
      pickup_airport VARCHAR, dropoff_airport VARCHAR, passengers BIGINT NOT NULL, missions BIGINT,
      juveniles DOUBLE, juvenile_share DOUBLE, non_criminal DOUBLE, non_criminal_share DOUBLE,
      pickup_country VARCHAR, dropoff_country VARCHAR)`,
  ],
};
