/**
 * Journeys on a hand-made release whose answers are worked out by hand below: who was arrested,
 * booked in and removed when, and what the median days from arrest to removal are per pathway.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ingestFile } from '../src/ingest/ingest.ts';
import { runReport } from '../src/reports/report.ts';
import type { XlsxCell } from '../src/sources/common/xlsx/index.ts';
import { DDP_HEADERS, writeDdpWorkbook, type DdpTableName } from '../src/synthetic/ddp.ts';
import { tempStore } from './helpers/store.ts';

const d = (iso: string) => ({ date: iso });
function rows(table: DdpTableName, values: Record<string, XlsxCell>[]): XlsxCell[][] {
  return values.map((v) => DDP_HEADERS[table].map((h) => v[h] ?? null));
}
const arrest = (id: string, date: string, criminality = '1 Convicted Criminal') =>
  ({ 'Apprehension Date': d(date), 'Apprehension Criminality': criminality, 'Citizenship Country': 'GUATEMALA', 'Anonymized Identifier': id });
const stay = (id: string, date: string) => ({ 'Stay Book In Date Time': `${date} 10:15:00`, 'Detention Facility Code': 'SYNTHFAC', 'Unique Identifier': id });
const removal = (id: string, date: string, category: string | null, disposition: string | null = null, country = 'GUATEMALA') =>
  ({ 'Departed Date': d(date), 'Port of Departure': 'ALEXANDRIA, LA, AIRPORT', 'Case Category': category, 'Processing Disposition': disposition, 'Departure Country': country, 'Citizenship Country': 'GUATEMALA', 'Unique Identifier': id });

// The links are rebuilt when a file of arrests, stays or removals is stored; the order of the files must not matter.
for (const order of ['arrests first', 'arrests last'] as const) test(`journeys by hand (${order}): the first book-in and removal after each arrest, bounded by the next arrest; medians per pathway`, async (t) => {
  const { store, dir } = await tempStore(t);
  // A: arrested 2025-01-10, booked in the same day, removed 2025-02-09 by expedited removal: 30 days.
  // B: arrested 2025-01-05, booked in 2025-01-07, removed 2025-01-25, reinstated order: 20 days.
  // C: arrested 2025-01-01 and again 2025-03-01, removed 2025-03-11 ([8C]): the first arrest's journey ends
  //    without removal (the removal follows the next arrest), the second takes 10 days.
  // D: arrested 2025-01-02, removed 2025-01-12 with no case category but disposition "Reinstatement of Deport
  //    Order I-871": reinstatement by the status table, 10 days, and sent to MEXICO: a third-country removal.
  // E: arrested 2025-01-03, never removed.
  const files = {
    arrests: rows('arrests', [arrest('A', '2025-01-10'), arrest('B', '2025-01-05', '3 Other Immigration Violator'), arrest('C', '2025-01-01'), arrest('C', '2025-03-01'), arrest('D', '2025-01-02'), arrest('E', '2025-01-03')]),
    detention_stays: rows('detention_stays', [stay('A', '2025-01-10'), stay('B', '2025-01-07'), stay('C', '2025-03-02')]),
    removals_latest: rows('removals_latest', [removal('A', '2025-02-09', '[8F] Expedited Removal'), removal('B', '2025-01-25', '[16] Reinstated Final Order'),
      removal('C', '2025-03-11', '[8C] Excludable / Inadmissible - Administrative Final Order Issued'),
      removal('D', '2025-01-12', null, 'Reinstatement of Deport Order I-871', 'MEXICO')]),
  };
  const entries = Object.entries(files);
  for (const [table, data] of order === 'arrests first' ? entries : [...entries.slice(1), entries[0]]) {
    const path = join(dir, `synthetic-journeys-${table}.xlsx`);
    await writeDdpWorkbook(path, { header: DDP_HEADERS[table as DdpTableName], rows: data, rowCount: data.length, title: 'hand-made', sheetName: 'Data', sheetRows: 10 });
    await ingestFile(store, path);
  }
  const journeys = await store.all<Record<string, unknown>>(`SELECT person_id, CAST(arrest_date AS VARCHAR) AS arrest, CAST(book_in_date AS VARCHAR) AS book_in,
      CAST(departed_date AS VARCHAR) AS departed, days_arrest_to_removal AS days, pathway, third_country FROM journeys ORDER BY person_id, arrest_date`);
  assert.deepEqual(journeys, [
    { person_id: 'A', arrest: '2025-01-10', book_in: '2025-01-10', departed: '2025-02-09', days: 30, pathway: 'expedited_removal', third_country: 'no' },
    { person_id: 'B', arrest: '2025-01-05', book_in: '2025-01-07', departed: '2025-01-25', days: 20, pathway: 'reinstatement', third_country: 'no' },
    { person_id: 'C', arrest: '2025-01-01', book_in: null, departed: null, days: null, pathway: 'unknown', third_country: 'unknown' },
    { person_id: 'C', arrest: '2025-03-01', book_in: '2025-03-02', departed: '2025-03-11', days: 10, pathway: 'immigration_judge_order', third_country: 'no' },
    { person_id: 'D', arrest: '2025-01-02', book_in: null, departed: '2025-01-12', days: 10, pathway: 'reinstatement', third_country: 'yes' },
    { person_id: 'E', arrest: '2025-01-03', book_in: null, departed: null, days: null, pathway: 'unknown', third_country: 'unknown' },
  ]);
  // Median days arrest → removal by pathway and month of removal: reinstatement in January = B (20) and D (10) → 15.
  const report = await runReport(store, { table: 'journeys', by: ['pathway', 'month'], where: [{ dimension: 'removed', op: '=', values: ['yes'] }] });
  assert.deepEqual(report.rows.map((r) => [r.pathway, r.month, r.n, r.median_days_arrest_to_removal]), [
    ['expedited_removal', '2025-02', 1, 30], ['immigration_judge_order', '2025-03', 1, 10], ['reinstatement', '2025-01', 2, 15],
  ]);
  assert.ok(report.caveats.some((c) => /incomplete/.test(c)), 'journey figures drawn from the latest removals table carry its caveat');
});

test('the same identifier in another release is another person', async (t) => {
  const { store, dir } = await tempStore(t);
  const arrests = join(dir, 'synthetic-a.xlsx');
  const old = join(dir, 'synthetic-old-removals.xlsx');
  await writeDdpWorkbook(arrests, { header: DDP_HEADERS.arrests, rows: rows('arrests', [arrest('X', '2023-01-01')]), rowCount: 1, title: 't', sheetName: 'A', sheetRows: 5 });
  // A 2012–2023 removal of "X" after that arrest: a different release, so not this person's removal.
  await writeDdpWorkbook(old, { header: DDP_HEADERS.removals_2012_2023, rows: [DDP_HEADERS.removals_2012_2023.map((h) => (h === 'Departure Date' ? d('2023-02-01') : h === 'Port of Departure' ? 'X' : h === 'Anonymized Identifer' ? 'X' : null))], rowCount: 1, title: 't', sheetName: 'R', sheetRows: 5, bannerRows: 5 });
  await ingestFile(store, arrests);
  await ingestFile(store, old);
  assert.deepEqual(await store.all(`SELECT person_id, removed FROM journeys`), [{ person_id: 'X', removed: 'no' }]);
});
