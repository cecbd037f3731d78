import type { Migration } from '../../engine/migrations.ts';

/**
 * ERO-LESA files that publish only the common removal fields (ICE's seven-column CSV releases, like the
 * Seattle files: departed date, birth date, gender, citizenship, event number, conviction, case category)
 * are stored in a table with only those columns; any other ERO-LESA layout (workbooks, with their sheet
 * names; releases with an AOR, a processing disposition or an arrest date) still goes to
 * `ero_lesa_removals`. The `removals` view reads both (src/app/views.ts).
 *
 * Why: DuckDB's insert pays for every column of the table, one a file leaves NULL included. The four such
 * columns cost 10 % of a 5,000,000-row CSV insert (3.99 → 3.57 s, 7.7 → 7.0 CPU-s, docs/performance.md).
 *
 * Rows stored by earlier versions stay where they are; nothing is re-ingested.
 */
export const eroLesaNarrow: Migration = {
  id: 8,
  name: 'ero_lesa_removals_narrow: ERO-LESA files with only the common removal fields',
  statements: [
    `CREATE TABLE ero_lesa_removals_narrow (
      source_id INTEGER NOT NULL,
      source_row BIGINT NOT NULL,
      departed_date DATE NOT NULL,
      birth_date DATE,
      gender VARCHAR,
      citizenship_country VARCHAR,
      event_number VARCHAR,
      most_serious_conviction VARCHAR,
      case_category_raw VARCHAR,
      case_category_code VARCHAR
    )`,
  ],
};
