import type { Migration } from '../../engine/migrations.ts';

/**
 * Detention population per facility per day, from two derived datasets kept side by side and never
 * added together (`release` names the dataset):
 *   - `ddp-facility-population`: the Deportation Data Project's table (Parquet): people detained at a
 *     facility on a day (`n_detained`), at midnight, and by sex, conviction and possible minority;
 *   - `uwchr-headcount`: UWCHR's daily headcount per facility (`detention_facility_code|n|date`),
 *     derived from ICE detention records; only the headcount (`n_detained`).
 * Every row keeps `source_id` and `source_row` (the Parquet row + 1, or the physical line).
 */
export const facilityPopulation: Migration = {
  id: 21,
  name: 'official: facility_population_daily',
  statements: [
    `CREATE TABLE facility_population_daily (
      source_id INTEGER NOT NULL, source_sheet VARCHAR, source_row BIGINT NOT NULL, release VARCHAR NOT NULL,
      facility_code VARCHAR NOT NULL, facility_name VARCHAR, date DATE NOT NULL,
      n_detained INTEGER NOT NULL, n_detained_at_midnight INTEGER, n_male INTEGER, n_female INTEGER,
      n_convicted_criminal INTEGER, n_possibly_under_18 INTEGER)`,
  ],
};
