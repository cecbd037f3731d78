/**
 * The typed Parquet path (src/engine/parquet-load.ts) on a small detention-stays file written here,
 * with the column types the Deportation Data Project uses (TIMESTAMP dates, DOUBLE birth year) and
 * the cases that must still be checked as text: a date or an amount published as VARCHAR, padded
 * cells and FOIA redaction markers. The expected values are read off the rows written below.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ingestFile } from '../src/ingest/ingest.ts';
import { writeParquet, type ParquetType } from '../src/engine/parquet-export.ts';
import { tempStore } from './helpers/store.ts';

const columns: { name: string; type: ParquetType }[] = [
  { name: 'stay_book_in_date_time', type: 'TIMESTAMP' },
  { name: 'detention_facility_code', type: 'VARCHAR' },
  { name: 'detention_facility', type: 'VARCHAR' },
  { name: 'stay_book_out_date_time', type: 'VARCHAR' },
  { name: 'bond_posted_amount', type: 'VARCHAR' },
  { name: 'birth_year', type: 'DOUBLE' },
  { name: 'unique_identifier', type: 'VARCHAR' },
];
const rows: (string | number | null)[][] = [
  /* row 1 */ ['2025-01-23 14:02:51', 'PIDCTX', '  PORT ISABEL SPC  ', '1/30/2025', '1500', 1989, 'a1'],
  /* row 2 */ ['2025-01-23 00:00:00', 'STCDFTX', '(b)(7)(E)', '2025-02-30', '900', 1990, 'a2'],
  /* row 3 */ [null, 'STCDFTX', 'SOUTH TEXAS', null, null, 1991, 'a3'],
  /* row 4 */ ['2025-01-24 09:00:00', 'STCDFTX', 'SOUTH TEXAS', '2025-02-01 08:00:00', '(b)(6)', null, 'a4'],
  /* row 5 */ ['2025-01-24 10:00:00', '   ', null, null, 'n/a', null, 'a5'],
  /* row 6 */ [null, null, '   ', null, null, null, null],
  /* row 7 */ ['infinity', 'STCDFTX', 'SOUTH TEXAS', null, null, null, 'a7'],
];

test('a Parquet stays file: typed dates taken as dates, text cells cleaned and parsed, bad rows quarantined with row, column and value', async (t) => {
  const { store, dir } = await tempStore(t);
  const path = join(dir, 'synthetic-stays-typed.parquet');
  await writeParquet(path, columns, rows);
  const summary = await ingestFile(store, path);
  assert.equal(summary.kind, 'ddp-parquet');
  // Rows 1 and 4 are stored; 2 (impossible out date), 3 (no book-in), 5 (amount "n/a"), 6 (blank) and
  // 7 (a book-in at infinity, which is no day) are not.
  assert.deepEqual([summary.rowsRead, summary.rowsStored, summary.rowsQuarantined], [7, 2, 5]);

  const stored = await store.all(`SELECT source_row, CAST(book_in_date AS VARCHAR) AS book_in, facility_code, facility_name,
    CAST(book_out_date AS VARCHAR) AS book_out, bond_posted_amount, birth_year, person_id FROM detention_stays ORDER BY source_row`);
  assert.deepEqual(stored, [
    // A TIMESTAMP book-in is a date (ICE's date-times are dates); the padded name is trimmed; "1/30/2025" as text parses.
    { source_row: 1, book_in: '2025-01-23', facility_code: 'PIDCTX', facility_name: 'PORT ISABEL SPC', book_out: '2025-01-30', bond_posted_amount: 1500, birth_year: 1989, person_id: 'a1' },
    // A redacted amount is missing, not a value; an ISO date-time published as text is a date.
    { source_row: 4, book_in: '2025-01-24', facility_code: 'STCDFTX', facility_name: 'SOUTH TEXAS', book_out: '2025-02-01', bond_posted_amount: null, birth_year: null, person_id: 'a4' },
  ]);

  const issues = await store.all(`SELECT "row", "column", value, problem FROM row_issues ORDER BY "row", "column"`);
  assert.deepEqual(issues, [
    { row: 2, column: 'stay_book_out_date_time', value: '2025-02-30', problem: 'not a valid date (expected a date such as 2025-01-23 or 1/23/2025, with or without a time of day)' },
    { row: 3, column: 'stay_book_in_date_time', value: null, problem: 'stay_book_in_date_time is blank or redacted, and a detention_stays row needs it' },
    { row: 5, column: 'bond_posted_amount', value: 'n/a', problem: 'not a number' },
    { row: 6, column: null, value: null, problem: 'blank row: no cell has a value' },
    { row: 7, column: 'stay_book_in_date_time', value: 'infinity', problem: 'not a valid date (expected a date such as 2025-01-23 or 1/23/2025, with or without a time of day)' },
  ]);
  // The redacted facility of row 2 is not a reason of its own: the row is out for its date only.
  assert.equal(issues.filter((i) => i.row === 2).length, 1);
});
