import type { Migration } from '../migrations.ts';

/**
 * The header of an ingested file as published and where each column went (`deportwatch sources show
 * ID`): position (1-based), the header cell exactly as written, the name raw cells are keyed by, and the
 * stored columns it was parsed into (blank when the column is kept only as raw text or not at all); for
 * a delimited file also the header's line and the delimiter, to read raw cells back by line number.
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
      sheet VARCHAR,
      -- Delimited files: the header's line and the delimiter, so that raw cells can be read back from the file by line number.
      header_line INTEGER,
      delimiter VARCHAR
    )`,
  ],
};
