import type { Migration } from '../migrations.ts';

/**
 * The header of an ingested file as published and where each column went (`deportwatch sources show
 * ID`): position (1-based), the header cell exactly as written, the name raw cells are keyed by, and the
 * stored columns it was parsed into (blank when the column is kept only as raw text or not at all).
 */
export const sourceColumns: Migration = {
  id: 10,
  name: 'source_columns: each file\'s header as published and its mapping to stored columns',
  statements: [
    `CREATE TABLE source_columns (
      source_id INTEGER NOT NULL,
      position INTEGER NOT NULL,
      published VARCHAR NOT NULL,
      raw_name VARCHAR NOT NULL,
      stored_as VARCHAR,
      sheet VARCHAR
    )`,
  ],
};
