/**
 * The nine ICE detention statistics workbooks of ../shared/data/official-stats, read by
 * src/official/detention-workbook.ts and checked against an independent read of the sheet XML
 * (python3 zipfile + xml.etree, test/helpers/xlsx-python.ts): never against deportwatch's own output.
 * For each workbook: every sheet is visited, the tables found are listed and counted, none is left
 * unrecognised, every figure's value is the value of the cell its range points to, and a dozen named
 * figures sit in the row and column whose labels say what they are.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readDetentionWorkbook } from '../src/sources/ice-detention-stats/workbook.ts';
import type { DetentionWorkbook } from '../src/official/detention-workbook.ts';
import type { OfficialFigure } from '../src/official/types.ts';
import { sharedData } from './helpers/shared-data.ts';
import { parseA1, readWorkbookWithPython, toA1, type PythonWorkbook } from './helpers/xlsx-python.ts';

interface Query { measure: string; dims: Record<string, string>; row: string[]; col: string | string[] }
interface Check { name: string; alternatives: Query[] }

const T = 'Total';
const q = (measure: string, dims: Record<string, string>, row: string[], col: string | string[]): Query => ({ measure, dims, row, col });

/** Figures every workbook publishes, under the names and layouts of its year (alternatives in order). */
const CHECKS: Check[] = [
  { name: 'people currently detained, total', alternatives: [
    q('currently_detained', { processingDisposition: T, facilityType: T }, [T], T),
    q('currently_detained', { processingDisposition: T, column: T }, [T], T)] },
  { name: 'currently detained in family facilities (FSC; FRC until FY2021)', alternatives: [
    q('currently_detained', { processingDisposition: T, facilityType: 'FSC' }, [T], 'FSC'),
    q('currently_detained', { processingDisposition: T, facilityType: 'FRC' }, [T], 'FRC')] },
  { name: 'currently detained in adult facilities', alternatives: [q('currently_detained', { processingDisposition: T, facilityType: 'Adult' }, [T], 'Adult')] },
  { name: 'currently detained, expedited removal (I-860)', alternatives: [
    q('currently_detained', { processingDisposition: 'Expedited Removal (I-860)', facilityType: T }, ['Expedited Removal (I-860)'], T),
    q('currently_detained', { processingDisposition: 'Expedited Removal (I-860)', column: T }, ['Expedited Removal (I-860)'], T)] },
  { name: 'currently detained, notice to appear (I-862)', alternatives: [
    q('currently_detained', { processingDisposition: 'Notice to Appear (I-862)', facilityType: T }, ['Notice to Appear (I-862)'], T),
    q('currently_detained', { processingDisposition: 'Notice to Appear (I-862)', column: T }, ['Notice to Appear (I-862)'], T)] },
  { name: 'currently detained, convicted criminal', alternatives: [q('currently_detained', { criminality: 'Convicted Criminal', arrestingAgency: T }, ['Convicted Criminal'], T)] },
  { name: 'currently detained, other immigration violator arrested by ICE', alternatives: [
    q('currently_detained', { criminality: 'Other Immigration Violator', arrestingAgency: 'ICE' }, ['Other Immigration Violator'], 'ICE')] },
  { name: 'initial book-ins, all agencies, the year', alternatives: [q('initial_book_ins', { arrestingAgency: T, month: T }, [T], T)] },
  { name: 'initial book-ins by CBP in October', alternatives: [q('initial_book_ins', { arrestingAgency: 'CBP', month: 'Oct' }, ['CBP'], 'Oct')] },
  { name: 'book-outs (final releases until FY2023), all reasons', alternatives: [
    q('final_book_outs', { releaseReason: T, month: T }, [T], T),
    q('final_releases', { releaseReason: T, month: T }, [T], T),
    q('final_releases', { releaseReason: T, criminality: T }, [T], T)] },
  { name: 'book-outs bonded out, convicted criminal, October', alternatives: [
    q('final_book_outs', { releaseReason: 'Bonded Out', criminality: 'Convicted Criminal', month: 'Oct' }, ['Convicted Criminal'], 'Oct'),
    q('final_releases', { releaseReason: 'Bonded Out', criminality: 'Convicted Criminal', month: 'Oct' }, ['Convicted Criminal'], 'Oct'),
    q('final_releases', { releaseReason: 'Bonded Out', criminality: 'Convicted Criminal' }, ['Bonded Out'], 'Convicted Criminal')] },
  { name: 'book-outs on an order of recognizance, the year', alternatives: [
    q('final_book_outs', { releaseReason: 'Order of Recognizance', criminality: T, month: T }, ['Order of Recognizance', T], T),
    q('final_releases', { releaseReason: 'Order of Recognizance', criminality: T, month: T }, ['Order of Recognizance', T], T),
    q('final_releases', { releaseReason: 'Order of Recognizance', criminality: T }, ['Order of Recognizance'], T)] },
  { name: 'removals, total', alternatives: [q('removals', { category: T }, [T], ['Removals', T])] },
  { name: 'average daily population, the year', alternatives: [
    q('average_daily_population', { facilityType: T, month: 'FY Overall' }, [T], 'FY Overall'),
    q('average_daily_population', { category: T, month: 'FY Overall' }, [T], 'FY Overall')] },
  { name: 'average length of stay, the year', alternatives: [
    q('average_length_of_stay', { facilityType: T, month: 'FY Overall' }, [T], 'FY Overall'),
    q('average_length_of_stay', { category: T, month: 'FY Overall' }, [T], 'FY Overall')] },
];

/** Tables found per workbook (a change here means ICE's layout or the finder changed: look at the list printed). */
const EXPECTED_TABLES: Record<string, number> = {
  'FY19-detentionstats.xlsx': 13, 'FY20-detentionstats.xlsx': 15, 'FY21-detentionstats.xlsx': 17, 'FY22-detentionStats.xlsx': 38,
  'FY23_detentionStats.xlsx': 49, 'FY24_detentionStats.xlsx': 60, 'FY25_detentionStats09242025.xlsx': 68,
  'FY26_detentionStats02022026.xlsx': 56, 'FY26_detentionStats_02122026.xlsx': 56,
};

const tidy = (v: string | undefined): string | undefined => v?.replace(/[\s\u00a0]+/g, ' ').trim();
const isNumber = (v: string | undefined): boolean => v !== undefined && /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(v);

/** The text cells left of a cell in its row, within the table (the independent read). */
function rowTexts(py: PythonWorkbook, f: OfficialFigure): string[] {
  const [row, col] = parseA1(f.cell);
  const left = parseA1(f.tableRange.split(':')[0])[1];
  const out: string[] = [];
  for (let c = col - 1; c >= left; c--) {
    const v = tidy(py.cells[f.sheet][toA1(row, c)]);
    if (v && !isNumber(v)) out.push(v);
  }
  return out;
}

/** The nearest text cell above a cell: its column header. */
function columnText(py: PythonWorkbook, f: OfficialFigure): string | undefined {
  const [row, col] = parseA1(f.cell);
  for (let r = row - 1; r >= 1; r--) {
    const v = tidy(py.cells[f.sheet][toA1(r, col)]);
    if (v && !isNumber(v)) return v;
  }
  return undefined;
}

function find(w: DetentionWorkbook, query: Query): OfficialFigure[] {
  const keys = Object.keys(query.dims).sort().join();
  return w.figures.filter((f) => f.measure === query.measure && Object.keys(f.dimensions).sort().join() === keys
    && Object.entries(query.dims).every(([k, v]) => f.dimensions[k] === v));
}

for (const [file, expectedTables] of Object.entries(EXPECTED_TABLES)) {
  test(`ICE detention workbook ${file}: sheets, tables, figures against the sheet XML`, async (t) => {
    const path = sharedData(t, `official-stats/${file}`);
    if (!path) return;
    const w = await readDetentionWorkbook(path);
    const py = readWorkbookWithPython(path);

    // Every sheet the workbook lists is visited, in order.
    assert.deepEqual(w.sheets.map((s) => s.sheet), py.sheets);
    t.diagnostic(`sheets: ${w.sheets.map((s) => `"${s.sheet}" (${s.kind}, ${s.tables} tables)`).join(', ')}`);

    // The tables found.
    const titles = w.tables.map((x) => `${x.sheet}!${x.range} ${x.title.slice(0, 90)}`);
    t.diagnostic(`${w.tables.length} tables:`);
    for (const title of titles) t.diagnostic(`  ${title}`);
    assert.equal(w.tables.length, expectedTables, 'number of tables found');
    // Every table of these nine workbooks is recognised; a new one would be listed here with its reason.
    assert.deepEqual(w.unrecognised, []);

    // Every figure is the number in the cell its range points to.
    assert.ok(w.figures.length > 600, `${w.figures.length} figures`);
    for (const f of w.figures) {
      const cell = py.cells[f.sheet][f.cell];
      assert.ok(isNumber(cell), `${f.sheet}!${f.cell} holds ${JSON.stringify(cell)}, not a number`);
      assert.equal(f.value, Number(cell), `${f.sheet}!${f.cell}`);
    }

    // A dozen named figures, each in the row and column whose labels say what it is.
    const checked: string[] = [];
    for (const check of CHECKS) {
      const query = check.alternatives.find((a) => find(w, a).length > 0);
      if (!query) continue;
      const figures = find(w, query);
      assert.equal(figures.length, 1, `${check.name}: one figure, found ${figures.map((f) => f.cell).join(', ')}`);
      const f = figures[0];
      for (const label of query.row) assert.ok(rowTexts(py, f).includes(label), `${check.name}: row of ${f.sheet}!${f.cell} has ${JSON.stringify(rowTexts(py, f))}, not "${label}"`);
      const cols = Array.isArray(query.col) ? query.col : [query.col];
      assert.ok(cols.includes(columnText(py, f) ?? ''), `${check.name}: column header of ${f.sheet}!${f.cell} is "${columnText(py, f)}"`);
      assert.equal(f.value, Number(py.cells[f.sheet][f.cell]));
      checked.push(`${check.name} = ${f.value} (${f.sheet}!${f.cell})`);
    }
    t.diagnostic(`${checked.length} named figures checked:`);
    for (const line of checked) t.diagnostic(`  ${line}`);
    assert.ok(checked.length >= 12, `${checked.length} named figures checked`);

    // The facility list: rows under the "Name" header with more than a name (a lone name is ICE's note).
    const facilitySheet = py.sheets.find((s) => /^facilities/i.test(s.trim()))!;
    const cells = py.cells[facilitySheet];
    const headerRow = Number(Object.entries(cells).find(([ref, v]) => /^A\d+$/.test(ref) && v === 'Name')![0].slice(1));
    const rows = new Map<number, number>();
    for (const [ref, v] of Object.entries(cells)) {
      const [r] = parseA1(ref);
      if (r > headerRow && tidy(v)) rows.set(r, (rows.get(r) ?? 0) + 1);
    }
    const listed = [...rows].filter(([r, n]) => tidy(cells[`A${r}`]) && n > 1).length;
    assert.equal(w.facilities.length, listed, 'facilities listed');
    t.diagnostic(`${w.facilities.length} facilities; release date ${w.vintage.releaseDate ?? 'none'} (${w.vintage.releaseDateSource ?? 'no date in name or Header sheet'}); data pulled ${w.vintage.dataPullDate}`);
  });
}
