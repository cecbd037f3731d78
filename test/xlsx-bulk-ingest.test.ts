/**
 * The workbook bulk path end to end (Workbook.stageCsv → temporary CSV chunks → the store), on small
 * hand-made workbooks whose every row is known: rows with cells beyond the header are quarantined
 * with their message, date-times in date columns are stored as their date, blank rows are neither
 * stored nor lost, and every row read is stored or quarantined, in several chunks or one (with and without an NBSP in the chunk).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ingestFile } from '../src/ingest/ingest.ts';
import { writeXlsx, type XlsxCell } from '../src/sources/common/xlsx/index.ts';
import { CHUNKS } from '../src/sources/common/layout-ingest.ts';
import { WORKBOOK_CHUNK } from '../src/sources/ero-lesa/index.ts';
import { DDP_HEADERS } from '../src/synthetic/ddp.ts';
import { tempStore } from './helpers/store.ts';

/** A stays row: book-in date-time in both book-in columns, facility, gender, birth year, the rest empty. */
function stay(bookIn: string, facility: string, extra: XlsxCell[] = []): XlsxCell[] {
  const row: XlsxCell[] = new Array(DDP_HEADERS.detention_stays.length).fill(null);
  row[0] = bookIn;
  row[1] = bookIn;
  row[2] = facility;
  row[8] = 'Female';
  row[9] = 1990;
  return [...row, ...extra];
}

for (const chunkRows of [2, 50_000]) {
  test(`DDP stays workbook: cells beyond the header, date-times, blank rows (chunks of ${chunkRows} rows)`, async (t) => {
    const { store, dir } = await tempStore(t);
    const saved = { ...CHUNKS };
    CHUNKS.workbookRows = chunkRows;
    t.after(() => Object.assign(CHUNKS, saved));
    const path = join(dir, 'stays.xlsx');
    const width = DDP_HEADERS.detention_stays.length;
    await writeXlsx(path, [{
      name: 'Stays',
      rows: [
        ['ICE Detention Stays'], ['Data as of 2025-06-30'],
        [...DDP_HEADERS.detention_stays],
        stay('2025-01-23 14:02:51', 'A "quoted", facility'), // sheet row 4
        stay('2025-01-24 00:00:00', 'B', ['note beyond', ' ']), // row 5: text beyond the header → quarantined
        stay('2025-01-25', 'C', [' ']), // row 6: only a space beyond → stored
        [], // row 7: not written at all (an empty row)
        [...new Array(width).fill(null), '   '], // row 8: blank cells → a blank row
        stay('2025-01-26T08:00:00', 'D\nline two'), // row 9
        stay('2025-01-27', '\u00a0E\u00a0F\u00a0'), // row 10: NBSPs count as spaces (trimmed, inner one a space)
        stay('2025-13-45', 'G'), // row 11: a book-in date that is no date → quarantined
        stay('(b)(6)', 'H'), // row 12: the required book-in date redacted → quarantined
      ],
    }], { sharedStringLimit: 3 });
    const summary = await ingestFile(store, path);
    assert.equal(summary.kind, 'ddp-detention-stays');
    // Rows 4, 5, 6, 8–12 are read (row 7 does not exist in the file); 5 has text beyond, 8 is blank, 11 and 12 have no book-in date.
    assert.deepEqual([summary.rowsRead, summary.rowsStored], [8, 4]);
    assert.equal(summary.rowsRead, summary.rowsStored + summary.rowsQuarantined);
    const stored = await store.all<{ row: number; book_in: string; facility: string }>(
      `SELECT source_row AS "row", strftime(book_in_date, '%Y-%m-%d') AS book_in, facility_name AS facility FROM detention_stays ORDER BY source_row`);
    assert.deepEqual(stored, [
      { row: 4, book_in: '2025-01-23', facility: 'A "quoted", facility' },
      { row: 6, book_in: '2025-01-25', facility: 'C' },
      { row: 9, book_in: '2025-01-26', facility: 'D\nline two' },
      { row: 10, book_in: '2025-01-27', facility: 'E F' },
    ]);
    const issues = await store.all<{ row: number; value: string | null; problem: string }>(`SELECT "row", value, problem FROM row_issues ORDER BY "row"`);
    assert.equal(issues[0].row, 5);
    assert.equal(issues[0].value, 'note beyond', 'the blank cell beyond is left out of the value');
    assert.equal(issues[0].problem, `cells beyond the header's ${width} columns (the header on row 3 names no column there)`);
    assert.ok(issues.some((i) => i.row === 8), 'the blank row is accounted for');
    assert.ok(issues.some((i) => i.row === 11 && i.value === '2025-13-45' && i.problem.startsWith('not a valid date')), 'the date that is no date is named');
    assert.ok(issues.some((i) => i.row === 12 && /is blank or redacted/.test(i.problem)), 'the redacted required date is named');
    assert.equal(await store.scalar(`SELECT count(*) FROM detention_stays WHERE source_row < 0`), 0, 'no row marked bad is left in the table');
  });
}

test('ERO-LESA workbook: banner rows skipped by number, cells beyond the header quarantined, across sheets', async (t) => {
  const { store, dir } = await tempStore(t);
  const saved = { ...WORKBOOK_CHUNK };
  WORKBOOK_CHUNK.rows = 2;
  t.after(() => Object.assign(WORKBOOK_CHUNK, saved));
  const path = join(dir, 'removals.xlsx');
  const header = ['Departed Date', 'Country of Citizenship', 'Case Category'];
  const banner: XlsxCell[][] = [['U.S. Immigration and Customs Enforcement'], ['ERO-LESA Statistical Tracking Unit'], header];
  await writeXlsx(path, [
    { name: 'FY2020', rows: [...banner, [{ date: '2020-01-02' }, 'MEXICO', '[8C] Excludable'], [{ date: '2020-01-03' }, 'HONDURAS', '[16] Reinstated', 'stray', 'note']] },
    { name: 'FY2021', rows: [...banner, [{ date: '2021-03-04' }, 'GUATEMALA', '[8C] Excludable'], [{ date: '2021-03-05' }, 'EL SALVADOR', '[8C] Excludable']] },
    { name: 'Footnotes', rows: [['Data are preliminary.']] },
  ]);
  const summary = await ingestFile(store, path);
  assert.equal(summary.kind, 'ero-lesa-removals');
  assert.deepEqual([summary.rowsRead, summary.rowsStored, summary.rowsQuarantined], [4, 3, 1]);
  const stored = await store.all<{ sheet: string; row: number; country: string }>(`SELECT source_sheet AS sheet, source_row AS "row", citizenship_country AS country FROM ero_lesa_removals ORDER BY 1, 2`);
  assert.deepEqual(stored, [{ sheet: 'FY2020', row: 4, country: 'MEXICO' }, { sheet: 'FY2021', row: 4, country: 'GUATEMALA' }, { sheet: 'FY2021', row: 5, country: 'EL SALVADOR' }]);
  const issue = await store.one<{ sheet: string; row: number; value: string; problem: string }>(`SELECT sheet, "row", value, problem FROM row_issues`);
  assert.deepEqual(issue, { sheet: 'FY2020', row: 5, value: 'stray | note', problem: "cells beyond the header's 3 columns" });
});
