import type { Migration } from '../migrations.ts';

/** Provenance (sources, row_issues) and the removals table of the first records release. */
export const core: Migration = {
  id: 1,
  name: 'core: sources, row_issues, removals',
  statements: [
    'CREATE SEQUENCE IF NOT EXISTS source_ids START 1',
    `CREATE TABLE sources (
      source_id INTEGER PRIMARY KEY DEFAULT nextval('source_ids'),
      path VARCHAR NOT NULL,
      file_name VARCHAR NOT NULL,
      sha256 VARCHAR NOT NULL UNIQUE,
      bytes BIGINT NOT NULL,
      kind VARCHAR NOT NULL,
      target_table VARCHAR NOT NULL,
      synthetic BOOLEAN NOT NULL DEFAULT false,
      rows_read BIGINT NOT NULL DEFAULT 0,
      rows_stored BIGINT NOT NULL DEFAULT 0,
      rows_quarantined BIGINT NOT NULL DEFAULT 0,
      notes VARCHAR,
      started_at TIMESTAMP NOT NULL,
      finished_at TIMESTAMP
    )`,
    `CREATE TABLE row_issues (
      source_id INTEGER NOT NULL,
      file VARCHAR NOT NULL,
      sheet VARCHAR,
      "row" BIGINT,
      "column" VARCHAR,
      value VARCHAR,
      problem VARCHAR NOT NULL
    )`,
    // One table for removals from every release; `release` says which, and columns a release does not
    // publish stay NULL (see docs/sources.md for which release has which column).
    `CREATE TABLE removals (
      source_id INTEGER NOT NULL,
      source_sheet VARCHAR,
      source_row BIGINT NOT NULL,
      release VARCHAR NOT NULL,
      departed_date DATE NOT NULL,
      birth_date DATE,
      birth_year INTEGER,
      gender VARCHAR,
      citizenship_country VARCHAR,
      departure_country VARCHAR,
      port_of_departure VARCHAR,
      aor VARCHAR,
      event_number VARCHAR,
      most_serious_conviction VARCHAR,
      case_category_raw VARCHAR,
      case_category_code VARCHAR,
      case_category_description VARCHAR,
      processing_disposition VARCHAR,
      criminality VARCHAR,
      final_order_date DATE,
      apprehension_date DATE,
      apprehension_state VARCHAR,
      person_id VARCHAR
    )`,
    // Conviction text → category, filled at ingest for each distinct text by the rules in
    // src/domain/convictions.ts, so that reports need no regular expression per row.
    `CREATE TABLE conviction_categories (
      conviction_text VARCHAR PRIMARY KEY,
      conviction_category VARCHAR NOT NULL
    )`,
  ],
};
