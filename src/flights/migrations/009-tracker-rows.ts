import type { Migration } from '../../engine/migrations.ts';

/**
 * Rows of tracker exports and observers' logs as published, beside the legs made from them
 * (`report tracker_rows`, docs/reports.md). A leg merges every row that reports it, and its date is the
 * UTC departure date when a time is known; a researcher counting an export's rows by the export's own
 * (local) `Date` column needs the rows themselves: one row here per data row of the file, with
 * - `export_date`: the row's own date as written in the file (local to the departure airport), NULL
 *   when it is not a date;
 * - `departure_date_utc`: the UTC date of the row's departure time, when the row gives a time;
 * - `outcome`: `leg` when the row became one or more legs, else `quarantined` (the reason is in
 *   row_issues);
 * - `raw`: every cell exactly as published (spaces kept), keyed by the header as published (a blank
 *   header is `(column N)`, a repeated one `NAME (2)`: docs/sources.md).
 */
export const trackerRows: Migration = {
  id: 9,
  name: 'tracker_rows: rows of tracker exports and observers\' logs as published, with their own date and raw cells',
  statements: [
    `CREATE TABLE tracker_rows (
      source_id INTEGER NOT NULL,
      source_row BIGINT NOT NULL,
      source_kind VARCHAR NOT NULL,
      export_date DATE,
      departure_date_utc DATE,
      outcome VARCHAR NOT NULL,
      raw MAP(VARCHAR, VARCHAR) NOT NULL
    )`,
  ],
};
