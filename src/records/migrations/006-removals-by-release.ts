import type { Migration } from '../../engine/migrations.ts';

/**
 * Removals are stored in one table per release layout, and `removals` becomes a view over both
 * (created with the other views, src/app/views.ts), so queries, reports and the SQL sandbox read
 * the same `removals` as before.
 *
 * Why: an ERO-LESA spreadsheet has 11 columns, a Deportation Data Project removals table 40. In one
 * 45-column table every ERO-LESA row carried ~30 NULL columns, and DuckDB's insert pays per column:
 * 5,000,000 ERO-LESA rows took 2.5× longer to insert into the wide table than into a narrow one
 * (docs/performance.md). Nor are the columns the view derives for ERO-LESA rows: `release`, and the
 * case category's description (the published text after its bracketed code), which no report groups by.
 *
 * Rows stored by earlier versions move to their table here; nothing is re-ingested.
 */
export const removalsByRelease: Migration = {
  id: 6,
  name: 'removals by release: ero_lesa_removals (narrow) and ddp_removals; removals becomes a view',
  statements: [
    `CREATE TABLE ero_lesa_removals (
      source_id INTEGER NOT NULL,
      source_sheet VARCHAR,
      source_row BIGINT NOT NULL,
      departed_date DATE NOT NULL,
      birth_date DATE,
      gender VARCHAR,
      citizenship_country VARCHAR,
      aor VARCHAR,
      event_number VARCHAR,
      most_serious_conviction VARCHAR,
      case_category_raw VARCHAR,
      case_category_code VARCHAR,
      processing_disposition VARCHAR,
      apprehension_date DATE
    )`,
    `INSERT INTO ero_lesa_removals BY NAME SELECT source_id, source_sheet, source_row, departed_date, birth_date, gender,
      citizenship_country, aor, event_number, most_serious_conviction, case_category_raw, case_category_code,
      processing_disposition, apprehension_date
      FROM removals WHERE release = 'ero-lesa'`,
    `DELETE FROM removals WHERE release = 'ero-lesa'`,
    // Views of earlier versions name the table; views.ts recreates them over the new view on every open.
    'DROP VIEW IF EXISTS removals_enriched',
    'ALTER TABLE removals RENAME TO ddp_removals',
  ],
};
