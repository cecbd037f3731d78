/**
 * The table finder on a small synthetic workbook in ICE's layout (written here; every name says
 * synthetic), so the rules run without ../shared/data: a sheet banner, tables side by side with a merged
 * header cell between, labels carried down, a parent/child label column, notes under a table, the
 * Footnotes glossary and topics, a facility list with a note under it, and a release date in the name.
 */
import assert from 'node:assert/strict';
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { readDetentionWorkbook } from '../src/sources/ice-detention-stats/workbook.ts';
import { writeXlsx, type XlsxCell } from '../src/sources/common/xlsx/index.ts';

const _ = null;
const DETENTION: XlsxCell[][] = [
  ['U.S. Immigration and Customs Enforcement'],
  ['ICE DETENTION DATA, FY2030 (synthetic)'],
  [],
  ['ICE Currently Detained by Processing Disposition and Detention Facility Type: FY2030', _, _, _, _, _, 'ICE Removals: FY2030'],
  ['Processing Disposition', 'FSC', 'Adult', 'Total', _, _, 'Removals', _, 'Total'],
  ['Total', 2, 8, 10, _, _, 'Total', _, 40],
  ['Expedited Removal (I-860)', 1, 3, 4, _, _, 'Removals with a FAMU Identifier', _, 5],
  ['Other', 1, 5, 6],
  ['Data from a synthetic report, 01.02.2030'],
  [],
  ['ICE Final Book Outs by Release Reason, Month and Criminality: FY2030'],
  ['Release Reason', 'Criminality', 'Oct', 'Nov', 'Total'],
  ['Total', _, 7, 0, 7],
  ['Bonded Out', 'Total', 3, 0, 3],
  [_, 'Convicted Criminal', 1, 0, 1],
  [_, 'Other Immigration Violator', 2, 0, 2],
  ['Paroled', 'Total', 4, 0, 4],
  [],
  ['ICE Average Daily Population by Arresting Agency, Month and Criminality: FY2030'],
  ['Agency', 'Oct', 'Nov', 'FY Overall'],
  ['CBP Average', 10.5, 0, 10.5],
  ['Convicted Criminal', 4.5, 0, 4.5],
  ['Other Immigration Violator', 6, 0, 6],
  ['Average', 10.5, 0, 10.5],
];
const FOOTNOTES: XlsxCell[][] = [
  ['ICE FOOTNOTES'], ['Term', 'Definition'], ['ADP', 'Average daily population'], ['FSC', 'Family Staging Center'],
  ['FY2030 ICE Removals', 'FY2030 YTD ICE Removals data are updated through 01/01/2030 (synthetic).'], [_, 'ICE Removal Data Include Returns and Expulsions.'],
  ['FY2030 ICE Initial Book-Ins', 'Book-in caveat (synthetic).'],
];
const FACILITIES: XlsxCell[][] = [
  ['ICE Facilities Data, FY30 (synthetic)'], ['Data Source: ICE Integrated Decision Support (IIDS), 12/30/2029'], [],
  ['Name', 'Address', 'City', 'State', 'Zip', 'AOR', 'Type Detailed', 'Male/Female', 'FY30 ALOS', 'Level A', 'Mandatory', 'Last Final Rating'],
  ['SYNTHETIC COUNTY JAIL', '1 MAIN ST', 'SOMEWHERE', 'ME', 4102, 'BOS', 'IGSA', 'Male', 12.5, 3.25, 'N/A', 'Pass'],
  ['[1] A note under the list (synthetic).'],
];

test('synthetic ICE layout: tables by shape, carried labels, parents, notes, footnotes, facilities, vintage', async () => {
  const dir = resolve(import.meta.dirname, '..', '.tmp', 'official-tests');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'FY30_detentionStats_01022030-synthetic.xlsx');
  await writeXlsx(path, [{ name: 'Header', rows: [['ICE Detention Statistics (synthetic)']] }, { name: 'Detention FY30', rows: DETENTION },
    { name: 'Facilities FY30', rows: FACILITIES }, { name: 'Footnotes', rows: FOOTNOTES }]);
  const w = await readDetentionWorkbook(path);
  rmSync(path, { force: true });
  assert.deepEqual(w.vintage, { fiscalYear: 2030, releaseDate: null, releaseDateSource: null, dataPullDate: '2029-12-30',
    dataPullSource: 'Facilities FY30!A2: "Data Source: ICE Integrated Decision Support (IIDS), 12/30/2029"' }, 'the date must end the name to count');
  assert.deepEqual(w.tables.map((t) => [t.title.slice(0, 40), t.range]), [
    ['ICE Currently Detained by Processing Dis', 'A4:D9'], ['ICE Removals: FY2030', 'G4:I7'],
    ['ICE Final Book Outs by Release Reason, M', 'A11:E17'], ['ICE Average Daily Population by Arrestin', 'A19:D24']]);
  assert.deepEqual(w.unrecognised, []);
  const at = (cell: string) => w.figures.find((f) => f.cell === cell)!;
  assert.deepEqual([at('D6').measure, at('D6').dimensions, at('D6').value], ['currently_detained', { processingDisposition: 'Total', facilityType: 'Total' }, 10]);
  assert.deepEqual(at('I7').dimensions, { category: 'Removals with a FAMU Identifier' }, 'the merged label cell H is not a column');
  assert.deepEqual(at('C15').dimensions, { releaseReason: 'Bonded Out', criminality: 'Convicted Criminal', month: 'Oct' }, '"Bonded Out" is carried down');
  assert.deepEqual([at('B22').dimensions, at('B22').unit], [{ arrestingAgency: 'CBP Average', criminality: 'Convicted Criminal', month: 'Oct' }, 'people_adp']);
  assert.equal(at('D15').caveat, UNREPORTED, 'November is 0 in every row after October: not yet reported');
  assert.equal(at('C15').caveat, null);
  const detained = w.tables[0];
  assert.deepEqual(detained.caveats.map((c) => [c.source, c.text]), [['Detention FY30!A9', 'Data from a synthetic report, 01.02.2030']]);
  assert.deepEqual(detained.definitions.map((d) => d.label), ['FSC']);
  assert.deepEqual(w.tables[1].caveats.map((c) => c.source), ['Footnotes!B5', 'Footnotes!B6'], 'the removals topic qualifies the removals table only');
  assert.deepEqual(w.tables[2].caveats, []);
  assert.equal(w.facilities.length, 1);
  const f = w.facilities[0];
  assert.deepEqual([f.name, f.zip, f.alosDays, f.adpLevelA, f.adpMandatory, f.inspections, f.sourceRow], ['SYNTHETIC COUNTY JAIL', '4102', 12.5, 3.25, null, { 'Last Final Rating': 'Pass' }, 5]);
  assert.deepEqual(w.facilityNotes.map((n) => n.source), ['Facilities FY30!A6']);
  assert.deepEqual(w.issues.map((i) => [i.sheet, i.row, i.column, i.value]), [['Facilities FY30', 5, 'Mandatory', 'N/A']]);
});

const UNREPORTED = 'ICE prints 0 for months after the data date of this release: this month and every later one is 0 in every row of the table, so the 0 means not yet reported, not none';
