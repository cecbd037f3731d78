/**
 * The reports on the official statistics answer, from the latest FY2026 workbook, what the issue asks:
 * people currently detained (total, FSC, adult; by criminality; by processing disposition), initial
 * book-ins, book-outs by release reason and month, facilities listed, and CBP encounters by fiscal
 * year, month, component and citizenship. Expected values are found independently: python3 reads the
 * workbook XML (test/helpers/xlsx-python.ts) and this file looks a figure up by its table's title, its
 * row label and its column header as printed, never by deportwatch's cell; awk sums the CBP CSV.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { ingestFile } from '../src/ingest/ingest.ts';
import { runReport } from '../src/reports/report.ts';
import type { Filter } from '../src/reports/types.ts';
import { parseA1, readWorkbookWithPython, toA1 } from './helpers/xlsx-python.ts';
import { sharedData } from './helpers/shared-data.ts';
import { tempStore } from './helpers/store.ts';

const tidy = (s: string): string => s.replace(/\s+/g, ' ').trim();

/** A sheet as python read it, with lookups by printed text. */
function sheetOf(path: string, sheet: string) {
  const cells = readWorkbookWithPython(path).cells[sheet];
  const at = (row: number, col: number): string | undefined => cells[toA1(row, col)];
  const titleCell = (prefix: string): [number, number, string] => {
    const hits = Object.entries(cells).filter(([, v]) => tidy(v).startsWith(prefix));
    assert.equal(hits.length, 1, `one title starting "${prefix}"`);
    const [r, c] = parseA1(hits[0][0]);
    return [r, c, tidy(hits[0][1])];
  };
  /** The number in the table titled `prefix`, on the row whose label columns read `labels` (blank labels carried down) and under the header `column`. */
  const figure = (prefix: string, labels: string[], column: string): number => {
    const [tr, tc] = titleCell(prefix);
    const header = tr + 1;
    let col = -1;
    for (let c = tc; c < tc + 30; c++) if (at(header, c) !== undefined && tidy(at(header, c)!) === column) { col = c; break; }
    assert.ok(col >= 0, `header "${column}" under "${prefix}"`);
    const carried: string[] = [];
    for (let r = header + 1; r < header + 200; r++) {
      labels.forEach((_, i) => { const v = at(r, tc + i); if (v !== undefined) { carried[i] = tidy(v); for (let k = i + 1; k < labels.length; k++) carried[k] = ''; } });
      if (labels.every((l, i) => (carried[i] ?? '') === l) && at(r, col) !== undefined) return Number(at(r, col));
    }
    assert.fail(`row ${labels.join(' / ')} in "${prefix}"`);
  };
  return { titleCell, figure };
}

const eq = (dimension: string, ...values: string[]): Filter => ({ dimension, op: '=', values });

test('reports of the latest FY2026 workbook equal the figures python finds by title, row and column', async (t) => {
  const feb02 = sharedData(t, 'official-stats/FY26_detentionStats02022026.xlsx');
  const feb12 = sharedData(t, 'official-stats/FY26_detentionStats_02122026.xlsx');
  if (!feb02 || !feb12) return;
  const { store } = await tempStore(t);
  await ingestFile(store, feb12);
  await ingestFile(store, feb02); // ingested second, still not the latest: the release date decides
  const py = sheetOf(feb12, 'Detention FY26');
  const fy = eq('workbook_fiscal_year', '2026');
  const values = (rows: Record<string, unknown>[], key: string) => Object.fromEntries(rows.map((r) => [r[key], r.value]));

  // Currently detained: total, FSC, adult, by processing disposition.
  const [, , byDisposition] = py.titleCell('ICE Currently Detained by Processing Disposition');
  const disposition = await runReport(store, { table: 'detention-current', by: ['processing_disposition'], where: [fy, eq('table', byDisposition), eq('facility_type', 'Total')] });
  const dispositions = ['Total', 'Expedited Removal (I-860)', 'Notice to Appear (I-862)', 'Reinstatement of Deport Order (I-871)', 'Other'];
  assert.deepEqual(values(disposition.rows, 'processing_disposition'), Object.fromEntries(dispositions.map((d) => [d, py.figure('ICE Currently Detained by Processing Disposition', [d], 'Total')])));
  const types = await runReport(store, { table: 'detention-current', by: ['facility_type'], where: [fy, eq('table', byDisposition), eq('processing_disposition', 'Total')] });
  assert.deepEqual(values(types.rows, 'facility_type'), Object.fromEntries(['FSC', 'Adult', 'Total'].map((c) => [c, py.figure('ICE Currently Detained by Processing Disposition', ['Total'], c)])));
  assert.ok(disposition.caveats.some((c) => c.includes('FY26_detentionStats_02122026.xlsx (2026-02-12)')) && !disposition.caveats.some((c) => c.includes('02022026')));

  // Currently detained by criminality (and arresting agency).
  const [, , byCriminality] = py.titleCell('ICE Currently Detained by Criminality');
  const crim = await runReport(store, { table: 'detention-current', by: ['criminality', 'arresting_agency'], where: [fy, eq('table', byCriminality), eq('unit', 'people')] });
  for (const c of ['Total', 'Convicted Criminal', 'Pending Criminal Charges', 'Other Immigration Violator']) {
    for (const agency of ['ICE', 'CBP', 'Total']) {
      const row = crim.rows.find((r) => r.criminality === c && r.arresting_agency === agency);
      assert.equal(row?.value, py.figure('ICE Currently Detained by Criminality', [c], agency), `${c} / ${agency}`);
    }
  }

  // Initial book-ins by month (all agencies), and the year's total.
  const [, , bookInsTitle] = py.titleCell('ICE Initial Book-Ins by Arresting Agency');
  const bookIns = await runReport(store, { table: 'detention-book-ins', by: ['month', 'not_yet_reported'], where: [fy, eq('table', bookInsTitle), eq('arresting_agency', 'Total')] });
  const months = ['Oct', 'Nov', 'Dec', 'Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Total'];
  assert.deepEqual(values(bookIns.rows, 'month'), Object.fromEntries(months.map((m) => [m, py.figure('ICE Initial Book-Ins by Arresting Agency', ['Total'], m)])));
  // March to September are 0 in this release: marked as not yet reported, not none.
  assert.deepEqual(bookIns.rows.filter((r) => r.not_yet_reported === 'yes').map((r) => r.month).sort(), ['Apr', 'Aug', 'Jul', 'Jun', 'Mar', 'May', 'Sep']);

  // Book-outs by release reason (all months, all criminality) and by month for one reason.
  const [, , bookOutsTitle] = py.titleCell('ICE Final Book Outs by Release Reason');
  const reasons = await runReport(store, { table: 'detention-book-outs', by: ['release_reason'], where: [fy, eq('table', bookOutsTitle), eq('month', 'Total'), eq('criminality', 'Total')] });
  const reasonNames = ['Bonded Out', 'Bond Set by ICE', 'Bond Set by IJ', 'Order of Recognizance', 'Order of Supervision', 'Paroled', 'Proceedings Terminated', 'Release to Remove', 'Relief Granted by IJ', 'Transfer to U.S. Marshals or other agency', 'Transferred', 'Other'];
  const expected = Object.fromEntries(reasonNames.map((r) => [r, py.figure('ICE Final Book Outs by Release Reason', [r, 'Total'], 'Total')]));
  assert.deepEqual(values(reasons.rows, 'release_reason'), expected);
  // The table's Total row has no criminality label (ICE leaves it blank): NULL, not "Total".
  const total = await runReport(store, { table: 'detention-book-outs', by: ['criminality'], where: [fy, eq('table', bookOutsTitle), eq('month', 'Total'), eq('release_reason', 'Total')] });
  assert.deepEqual(total.rows.map((r) => [r.criminality, r.value]), [[null, py.figure('ICE Final Book Outs by Release Reason', ['Total', ''], 'Total')]]);
  const byMonth = await runReport(store, { table: 'detention-book-outs', by: ['month'], where: [fy, eq('table', bookOutsTitle), eq('release_reason', 'Release to Remove'), eq('criminality', 'Total')] });
  assert.deepEqual(values(byMonth.rows, 'month'), Object.fromEntries(months.map((m) => [m, py.figure('ICE Final Book Outs by Release Reason', ['Release to Remove', 'Total'], m)])));

  // Facilities listed in the latest release, in all and in Texas: python counts rows under the Name header.
  const fac = readWorkbookWithPython(feb12).cells['Facilities FY26'];
  const nameRow = Number(Object.entries(fac).find(([k, v]) => k.startsWith('A') && v.trim() === 'Name')![0].slice(1));
  const stateCol = Object.entries(fac).find(([k, v]) => Number(k.replace(/^[A-Z]+/, '')) === nameRow && v.trim() === 'State')![0].replace(/\d+$/, '');
  const listed = Object.entries(fac).filter(([k, v]) => /^A\d+$/.test(k) && Number(k.slice(1)) > nameRow && v.trim() !== '' && (fac[`B${k.slice(1)}`] ?? '').trim() !== '');
  const texas = listed.filter(([k]) => (fac[`${stateCol}${k.slice(1)}`] ?? '').trim() === 'TX').length;
  const facilities = await runReport(store, { table: 'detention-facilities-listed', by: ['state'], where: [eq('latest', 'yes'), fy] });
  assert.equal(facilities.total, listed.length);
  assert.equal(facilities.rows.find((r) => r.state === 'TX')?.n, texas);
});

test('CBP encounters by fiscal year, month, component and citizenship equal awk\'s sums', async (t) => {
  const csv = sharedData(t, 'official-stats/cbp-sw-border-encounters-fy22-fy25aug.csv');
  if (!csv) return;
  const { store } = await tempStore(t);
  await ingestFile(store, csv);
  const awk = (program: string): Record<string, number> => Object.fromEntries(execFileSync('awk', ['-F,', program, csv], { encoding: 'utf8' }).trim().split('\n')
    .map((l) => l.split('\t')).map(([k, v]) => [k, Number(v)]));
  const report = async (by: string[], where: Filter[] = []) => Object.fromEntries((await runReport(store, { table: 'cbp-encounters', by, where })).rows
    .map((r) => [by.map((b) => String(r[b])).join('|'), r.encounters]));
  assert.deepEqual(await report(['fiscal_year', 'month']), awk(String.raw`NR>1{y=$1; sub(/ \(FYTD\)/,"",y); s["FY" y "|" $3]+=$9} END{for(k in s) print k "\t" s[k]}`));
  assert.deepEqual(await report(['component']), awk(String.raw`NR>1{s[$4]+=$9} END{for(k in s) print k "\t" s[k]}`));
  assert.deepEqual(await report(['citizenship'], [eq('fiscal_year', 'FY2024')]), awk(String.raw`NR>1 && $1=="2024"{s[$6]+=$9} END{for(k in s) print k "\t" s[k]}`));
});
