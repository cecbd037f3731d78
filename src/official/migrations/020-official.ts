import type { Migration } from '../../engine/migrations.ts';
import { OFFICIAL_DDL } from '../tables.ts';

/**
 * The official statistics as ingested: the four tables of ../tables.ts, each row with the `source_id`
 * of the file it came from (first column), and `official_releases`, one row per workbook ingested with
 * its vintage, so that several releases of one fiscal year are all kept and the latest is known.
 */
const withSourceId = (ddl: string): string => ddl.replace(/CREATE TABLE IF NOT EXISTS (\w+) \(/, 'CREATE TABLE $1 (\n  source_id INTEGER NOT NULL,');

export const official: Migration = {
  id: 20,
  name: 'official: official_figures, official_tables, detention_facilities, cbp_encounters, official_releases',
  statements: [
    ...OFFICIAL_DDL.map(withSourceId),
    `CREATE TABLE official_releases (
      source_id INTEGER NOT NULL,
      publisher VARCHAR NOT NULL,
      workbook VARCHAR NOT NULL,            -- file name as published
      fiscal_year INTEGER,                  -- the workbook's fiscal year (FYnn at the start of its name)
      release_date DATE,                    -- vintage (file name MMDDYYYY or Header sheet); NULL when neither gives one
      release_date_source VARCHAR,
      data_pull_date DATE,                  -- the Facilities sheet's data pull date (not a release date)
      data_pull_source VARCHAR,
      sheets_json VARCHAR NOT NULL,         -- JSON array of the sheets visited: {sheet, kind, rows, tables}
      figures INTEGER NOT NULL,
      tables INTEGER NOT NULL,
      unrecognised INTEGER NOT NULL,
      facilities INTEGER NOT NULL,
      footnotes_json VARCHAR NOT NULL,      -- JSON array of the Footnotes sheet's entries
      facility_notes_json VARCHAR NOT NULL  -- JSON array of the notes under the facility list
    )`,
  ],
};
