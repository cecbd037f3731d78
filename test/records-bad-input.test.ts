/**
 * Bad input to the record sources, as the releases bring it: a workbook with a sheet missing a column, a
 * sheet with an extra column, a misspelled header, and a Parquet file with a different schema. Each
 * gets a clear message naming the file, sheet and column, and nothing is lost: every data row is
 * stored or in row_issues (rows_read = rows_stored + rows_quarantined), or the file is refused whole.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { UserError } from '../src/domain/errors.ts';
import { ingestFile } from '../src/ingest/ingest.ts';
import { writeXlsx, type XlsxCell } from '../src/sources/common/xlsx/index.ts';
import { writeParquet } from '../src/engine/parquet-export.ts';
import { DDP_HEADERS, ddpBanner, ddpRows, simulateDdpRelease } from '../src/synthetic/ddp.ts';
import { tempStore } from './helpers/store.ts';

const people = simulateDdpRelease({ seed: 5, from: '2025-01-23', to: '2025-01-23', dailyArrests: () => 30 });
const rows = [...ddpRows(people, 'arrests')];
const header = [...DDP_HEADERS.arrests] as string[];
const banner = ddpBanner('ICE Arrests (SYNTHETIC, bad input)').map((l) => [l] as XlsxCell[]);

/** A sheet with the banner, a header, and the rows with the same columns dropped, renamed or added. */
function sheet(name: string, columns: string[], data: XlsxCell[][], edit: (cells: XlsxCell[]) => XlsxCell[] = (c) => c) {
  return { name, rows: [...banner, columns, ...data.map(edit)] };
}
const without = (column: string) => (cells: XlsxCell[]) => cells.filter((_, i) => header[i] !== column);

test('a sheet missing an optional column stores its rows and says which column; a sheet missing the arrest date quarantines every row with the reason', async (t) => {
  const { store, dir } = await tempStore(t);
  const path = join(dir, 'synthetic-arrests-missing-columns.xlsx');
  const [a, b, c] = [rows.slice(0, 10), rows.slice(10, 20), rows.slice(20)];
  await writeXlsx(path, [
    sheet('Complete', header, a),
    sheet('No County', header.filter((h) => h !== 'County'), b, without('County')),
    sheet('No Date', header.filter((h) => h !== 'Apprehension Date'), c, without('Apprehension Date')),
  ]);
  const summary = await ingestFile(store, path);
  assert.equal(summary.kind, 'ddp-arrests');
  // Nothing lost: 20 stored, the 3rd sheet's rows quarantined, and the total is every data row.
  assert.deepEqual([summary.rowsRead, summary.rowsStored, summary.rowsQuarantined], [rows.length, 20, c.length]);
  assert.ok(summary.notes.some((n) => n.startsWith('sheet "No County": no column "County"')), summary.notes.join('\n'));
  const issues = await store.all<{ sheet: string; row: number; column: string; problem: string }>(`SELECT sheet, "row", "column", problem FROM row_issues ORDER BY "row"`);
  assert.equal(issues.length, c.length);
  assert.deepEqual([...new Set(issues.map((i) => `${i.sheet}|${i.column}`))], ['No Date|Apprehension Date']);
  assert.match(issues[0].problem, /sheet "No Date" has no "Apprehension Date" column, which every arrests row needs/);
  assert.equal(issues[0].row, 8, 'the first data row under the 6 banner rows and the header');
  // County is NULL only for the sheet without it.
  assert.equal(await store.scalar(`SELECT count(*) FROM arrests WHERE apprehension_county IS NULL`), b.length);
});

test('an extra column is named in a note with its count of values, and its rows are stored', async (t) => {
  const { store, dir } = await tempStore(t);
  const path = join(dir, 'synthetic-arrests-extra-column.xlsx');
  await writeXlsx(path, [sheet('Arrests', [...header, 'Officer Notes'], rows, (cells) => [...cells, 'note'])]);
  const summary = await ingestFile(store, path);
  assert.deepEqual([summary.rowsRead, summary.rowsStored, summary.rowsQuarantined], [rows.length, rows.length, 0]);
  const note = summary.notes.find((n) => n.includes('Officer Notes'));
  assert.ok(note, summary.notes.join('\n'));
  assert.match(note!, new RegExp(`sheet "Arrests": column ${header.length + 1} "Officer Notes" is not part of the Deportation Data Project arrests layout, so its values \\(${rows.length} non-blank\\) were not stored`));
});

test('misspelled headers: the publisher\'s "Anonymized Identifer" is read as the identifier, another misspelling gets a "did you mean"', async (t) => {
  const { store, dir } = await tempStore(t);
  const path = join(dir, 'synthetic-arrests-misspelled.xlsx');
  const misspelled = header.map((h) => (h === 'Anonymized Identifier' ? 'Anonymized Identifer' : h === 'Citizenship Country' ? 'Citizenship Contry' : h));
  await writeXlsx(path, [sheet('Arrests', misspelled, rows)]);
  const summary = await ingestFile(store, path);
  assert.deepEqual([summary.rowsRead, summary.rowsStored, summary.rowsQuarantined], [rows.length, rows.length, 0]);
  assert.ok(summary.notes.some((n) => n.includes('header "Anonymized Identifer" read as "Anonymized Identifier"')));
  assert.ok(summary.notes.some((n) => n.includes('"Citizenship Contry" is not part of') && n.includes('did you mean "Citizenship Country"?')));
  // The identifier survives the spelling: every arrest keeps its person's id, as the simulation gave it.
  const ids = (await store.all<{ person_id: string }>(`SELECT person_id FROM arrests ORDER BY source_row`)).map((r) => r.person_id);
  assert.deepEqual(ids, people.map((p) => p.id));
});

test('a misspelled required header quarantines the rows and suggests the column it resembles', async (t) => {
  const { store, dir } = await tempStore(t);
  const path = join(dir, 'synthetic-arrests-bad-date-header.xlsx');
  await writeXlsx(path, [sheet('Arrests', header.map((h) => (h === 'Apprehension Date' ? 'Apprehension Dat' : h)), rows)]);
  const summary = await ingestFile(store, path);
  assert.deepEqual([summary.rowsStored, summary.rowsQuarantined], [0, rows.length]);
  const problem = await store.scalar<string>(`SELECT any_value(problem) FROM row_issues`);
  assert.match(problem, /no "Apprehension Date" column.*the header has "Apprehension Dat": a misspelling of "Apprehension Date"\?/);
});

test('a Parquet file with another schema is refused whole with the columns it has and the ones each table needs', async (t) => {
  const { store, dir } = await tempStore(t);
  const path = join(dir, 'synthetic-other.parquet');
  await writeParquet(path, [{ name: 'flight', type: 'VARCHAR' }, { name: 'departed', type: 'TIMESTAMP' }], [['GXA6211', '2025-01-23 10:00:00']]);
  await assert.rejects(ingestFile(store, path), (error: unknown) => {
    assert.ok(error instanceof UserError);
    assert.match(error.message, /synthetic-other\.parquet: a Parquet file whose 2 columns \(flight, departed\) match none of the Deportation Data Project tables; nothing was stored/);
    assert.ok(error.details.some((d) => /ddp-arrests +apprehension date \+ apprehension criminality/.test(d)), error.details.join('\n'));
    return true;
  });
  assert.equal(await store.scalar('SELECT count(*) FROM sources'), 0, 'the refused file left no trace but the message');
});

test('a Parquet arrests file with an impossible date quarantines that row with file, row, column and value', async (t) => {
  const { store, dir } = await tempStore(t);
  const path = join(dir, 'synthetic-arrests.parquet');
  const cells = rows.slice(0, 5).map((r) => r.map((c) => (c !== null && typeof c === 'object' ? c.date : c)));
  cells[2][0] = '2025-02-30';
  await writeParquet(path, header.map((h) => ({ name: h.toLowerCase().replace(/ /g, '_'), type: 'VARCHAR' as const })), cells);
  const summary = await ingestFile(store, path);
  assert.equal(summary.kind, 'ddp-parquet');
  assert.deepEqual([summary.rowsRead, summary.rowsStored, summary.rowsQuarantined], [5, 4, 1]);
  const issue = await store.one(`SELECT "row", "column", value, problem FROM row_issues`);
  assert.deepEqual(issue, { row: 3, column: 'apprehension_date', value: '2025-02-30', problem: 'not a valid date (expected a date such as 2025-01-23 or 1/23/2025, with or without a time of day)' });
});
