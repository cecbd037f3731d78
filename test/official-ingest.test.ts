/**
 * The official statistics ingested through the regular pipeline (sniffed by content, one transaction
 * per file, rows read = stored + quarantined), both FY2026 releases kept, and the reports that answer
 * from the latest one. Expected values come from python3's read of the workbook XML
 * (test/helpers/xlsx-python.ts) and awk over the CBP CSV, never from deportwatch:
 *   awk -F, 'NR>1{s[$1]+=$9; n++} END{...}' cbp-sw-border-encounters-fy22-fy25aug.csv
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeXlsx } from '../src/sources/common/xlsx/index.ts';
import { ingestFile } from '../src/ingest/ingest.ts';
import { runReport } from '../src/reports/report.ts';
import { readWorkbookWithPython, type PythonWorkbook } from './helpers/xlsx-python.ts';
import { sharedData } from './helpers/shared-data.ts';
import { tempStore } from './helpers/store.ts';

const FEB02 = 'official-stats/FY26_detentionStats02022026.xlsx';
const FEB12 = 'official-stats/FY26_detentionStats_02122026.xlsx';
const CBP = 'official-stats/cbp-sw-border-encounters-fy22-fy25aug.csv';

/** The number python reads at a sheet's cell. */
function pythonCell(wb: PythonWorkbook, sheet: string, ref: string): number {
  const v = wb.cells[sheet]?.[ref];
  assert.ok(v !== undefined, `${sheet}!${ref} is empty in python's read`);
  return Number(v);
}

/** Python's count of facility rows: the rows under the header with Name, Address, City that have a name and an address. */
function pythonFacilityCount(path: string): number {
  return Number(execFileSync('python3', ['-c', String.raw`
import sys, zipfile, re, posixpath
import xml.etree.ElementTree as ET
M='{http://schemas.openxmlformats.org/spreadsheetml/2006/main}'
R='{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id'
z=zipfile.ZipFile(sys.argv[1])
ss=[''.join(t.text or '' for t in si.iter(M+'t')) for si in ET.fromstring(z.read('xl/sharedStrings.xml')).findall(M+'si')]
rels={r.get('Id'):r.get('Target') for r in ET.fromstring(z.read('xl/_rels/workbook.xml.rels'))}
for s in ET.fromstring(z.read('xl/workbook.xml')).find(M+'sheets'):
  if not s.get('name').strip().startswith('Facilities'): continue
  t=rels[s.get(R)]; part=t.lstrip('/') if t.startswith('/') else posixpath.normpath(posixpath.join('xl',t))
  rows={}
  for c in ET.fromstring(z.read(part)).iter(M+'c'):
    v=c.find(M+'v'); col,row=re.match(r'([A-Z]+)(\d+)',c.get('r')).groups()
    if v is None: continue
    rows.setdefault(int(row),{})[col]=ss[int(v.text)] if c.get('t')=='s' else v.text
  header=min(r for r,c in rows.items() if c.get('A','').strip()=='Name')
  print(sum(1 for r,c in rows.items() if r>header and c.get('A','').strip() and c.get('B','').strip()))
`, path], { encoding: 'utf8' }).trim());
}

test('ICE detention workbooks: both FY2026 releases ingested and kept, the latest answered, nothing lost', async (t) => {
  const feb02 = sharedData(t, FEB02);
  const feb12 = sharedData(t, FEB12);
  if (!feb02 || !feb12) return;
  const { store } = await tempStore(t);
  const a = await ingestFile(store, feb02);
  const b = await ingestFile(store, feb12);
  for (const s of [a, b]) {
    assert.equal(s.kind, 'ice-detention-stats');
    assert.equal(s.status, 'stored');
    assert.equal(s.rowsRead, s.rowsStored + s.rowsQuarantined);
    assert.equal(s.rowsQuarantined, 0, 'every table of the FY2026 workbooks is recognised');
  }
  // Ingesting a release again stores nothing more.
  assert.equal((await ingestFile(store, feb12)).status, 'already-ingested');

  for (const [path, summary, date] of [[feb02, a, '2026-02-02'], [feb12, b, '2026-02-12']] as const) {
    const stored = await store.one<{ figures: bigint; facilities: bigint }>(`SELECT
      (SELECT count(*) FROM official_figures WHERE source_id = $1) AS figures, (SELECT count(*) FROM detention_facilities WHERE source_id = $1) AS facilities`, [summary.sourceId]);
    assert.equal(Number(stored!.figures) + Number(stored!.facilities), summary.rowsStored);
    assert.equal(Number(stored!.facilities), pythonFacilityCount(path), 'facilities: python counts the rows under the Name header');
    const release = await store.one<{ d: string; fy: number }>('SELECT release_date::VARCHAR AS d, fiscal_year AS fy FROM official_releases WHERE source_id = $1', [summary.sourceId]);
    assert.deepEqual([release!.d, release!.fy], [date, 2026]);
    // Every stored figure equals the number python reads at its sheet and cell.
    const py = readWorkbookWithPython(path);
    const figures = await store.all<{ sheet: string; cell: string; value: number }>('SELECT source_sheet AS sheet, source_range AS cell, value FROM official_figures WHERE source_id = $1', [summary.sourceId]);
    let checked = 0;
    for (const f of figures) {
      const expected = pythonCell(py, f.sheet, f.cell);
      assert.ok(Math.abs(expected - f.value) <= 1e-9 * Math.max(1, Math.abs(expected)), `${f.sheet}!${f.cell}: ${f.value} ≠ python ${expected}`);
      checked++;
    }
    assert.equal(checked, figures.length);
    const tables = Number(await store.scalar('SELECT count(*) FROM official_tables WHERE source_id = $1', [summary.sourceId]));
    assert.ok(tables > 30, `${tables} tables recorded`);
  }

  // The latest figure and how it changed between releases: python reads Detention FY26!D10 in each file
  // (the Total row and Total column of "ICE Currently Detained by Processing Disposition").
  const d10 = (path: string) => pythonCell(readWorkbookWithPython(path), 'Detention FY26', 'D10');
  const where = [
    { dimension: 'measure', op: '=' as const, values: ['currently_detained'] },
    { dimension: 'processing_disposition', op: '=' as const, values: ['Total'] },
    { dimension: 'facility_type', op: '=' as const, values: ['Total'] },
  ];
  const changes = await runReport(store, { table: 'official-figures', by: ['release_date', 'latest'], where });
  assert.deepEqual(changes.rows.map((r) => [r.release_date, r.latest, r.value]), [['2026-02-02', 'no', d10(feb02)], ['2026-02-12', 'yes', d10(feb12)]]);
  assert.ok(changes.caveats.some((c) => c.includes('FY26_detentionStats02022026.xlsx (2026-02-02)')), 'the releases used are cited');
  const latest = await runReport(store, { table: 'official-figures', by: ['release'], where: [...where, { dimension: 'latest', op: '=', values: ['yes'] }] });
  assert.deepEqual(latest.rows.map((r) => [r.release, r.value]), [['FY26_detentionStats_02122026.xlsx (2026-02-12)', 68_289]]);
});

test('a workbook table not recognised is quarantined by name and position, and stored as not recognised', async (t) => {
  const { store, dir } = await tempStore(t);
  const path = join(dir, 'FY30_detentionStats_01022030-synthetic.xlsx');
  await writeXlsx(path, [
    { name: 'Header', rows: [['ICE Detention Statistics (synthetic)']] },
    { name: 'Detention FY30', rows: [
      ['ICE Currently Detained by Processing Disposition and Detention Facility Type: FY2030'],
      ['Processing Disposition', 'FSC', 'Adult', 'Total'],
      ['Total', 2, 8, 10],
      ['Other', 2, 8, 10],
      [],
      ['Synthetic Widgets Counted by Colour: FY2030'],
      ['Colour', 'Total'],
      ['Blue', 3],
      [],
      [null, null, null, null, null, null, 99],
    ] },
    { name: 'Facilities FY30', rows: [['Name', 'Address', 'City', 'State', 'Zip'], ['SYNTHETIC COUNTY JAIL', '1 MAIN ST', 'NOWHERE', 'WA', '99999']] },
    { name: 'Footnotes', rows: [['Term', 'Definition'], ['FSC', 'Family Staging Center']] },
  ]);
  const s = await ingestFile(store, path);
  assert.equal(s.kind, 'ice-detention-stats');
  // Figures: the 2 × 3 cells of the recognised table; facilities: 1; not recognised: the widgets table and the stray 99.
  assert.deepEqual([s.rowsRead, s.rowsStored, s.rowsQuarantined], [6 + 1 + 2, 6 + 1, 2]);
  assert.ok(s.notes.some((n) => n.includes('not recognised: Detention FY30!A6') && n.includes('Synthetic Widgets Counted by Colour')), s.notes.join('\n'));
  const issues = await store.all<{ sheet: string; value: string }>('SELECT sheet, value FROM row_issues WHERE source_id = $1 ORDER BY "row"', [s.sourceId]);
  assert.deepEqual(issues.map((i) => [i.sheet, i.value]), [['Detention FY30', 'Synthetic Widgets Counted by Colour: FY2030'], ['Detention FY30', '(no title)']]);
  const tables = await store.all<{ title: string; recognised: boolean }>('SELECT title, recognised FROM official_tables WHERE source_id = $1 ORDER BY source_range', [s.sourceId]);
  assert.deepEqual(tables.map((x) => [x.title, x.recognised]).sort(), [
    ['(no title)', false], ['ICE Currently Detained by Processing Disposition and Detention Facility Type: FY2030', true], ['Synthetic Widgets Counted by Colour: FY2030', false]]);
});

test('CBP encounters CSV: every line stored with its line number, totals equal awk', async (t) => {
  const csv = sharedData(t, CBP);
  if (!csv) return;
  const { store } = await tempStore(t);
  const s = await ingestFile(store, csv);
  const awk = execFileSync('awk', ['-F,', 'NR>1{n++; s[$1]+=$9} END{print n; for (k in s) print k "=" s[k]}', csv], { encoding: 'utf8' }).trim().split('\n');
  assert.equal(s.kind, 'cbp-encounters');
  assert.deepEqual([s.rowsRead, s.rowsStored, s.rowsQuarantined], [Number(awk[0]), Number(awk[0]), 0]);
  const expected = Object.fromEntries(awk.slice(1).map((l) => l.split('=')).map(([k, v]) => [`FY${k.replace(/\s*\(FYTD\)/, '')}`, Number(v)]));
  const byYear = await runReport(store, { table: 'cbp-encounters', by: ['fiscal_year'], where: [] });
  assert.deepEqual(Object.fromEntries(byYear.rows.map((r) => [r.fiscal_year, r.encounters])), expected);
  const lines = await store.all<{ min: number; max: number }>('SELECT min(source_row) AS min, max(source_row) AS max FROM cbp_encounters');
  assert.deepEqual([lines[0].min, lines[0].max], [2, Number(awk[0]) + 1]);
});
