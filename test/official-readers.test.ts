/**
 * The rest of the official-statistics readers: vintages from file names, a table the reader does not
 * know (written here, synthetic), footnotes travelling with their tables, the facility match and CBP's
 * encounters CSV checked against awk.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { parseCbpEncounters, totalsByFiscalYear } from '../src/official/cbp-encounters.ts';
import { readDetentionWorkbook } from '../src/sources/ice-detention-stats/workbook.ts';
import { facilityCodesFromFigures, matchFacilities, normaliseFacilityName, parseFacilityLocations } from '../src/official/facility-match.ts';
import { OFFICIAL_DDL } from '../src/official/tables.ts';
import { fiscalYearFromName, releaseDate, releaseDateFromName } from '../src/official/vintage.ts';
import { writeXlsx } from '../src/sources/common/xlsx/index.ts';
import { sharedData } from './helpers/shared-data.ts';
import { readWorkbookWithPython } from './helpers/xlsx-python.ts';

const TMP = resolve(import.meta.dirname, '..', '.tmp', 'official-tests');

test('vintage: the release date is the MMDDYYYY at the end of the file name, else the Header sheet, else none', () => {
  assert.equal(releaseDateFromName('FY26_detentionStats_02122026.xlsx'), '2026-02-12');
  assert.equal(releaseDateFromName('FY25_detentionStats09242025.xlsx'), '2025-09-24');
  assert.equal(releaseDateFromName('FY26_detentionStats02022026.xlsx'), '2026-02-02');
  assert.equal(releaseDateFromName('FY24_detentionStats.xlsx'), null);
  assert.equal(releaseDateFromName('FY24_detentionStats13452024.xlsx'), null, 'month 13 is no date');
  assert.deepEqual(releaseDate('FY19-detentionstats.xlsx', ['ICE confirms the integrity of the data as published on this site']), { date: null, source: null });
  assert.deepEqual(releaseDate('FY19-detentionstats.xlsx', ['Data as of 10/07/2019']), { date: '2019-10-07', source: 'header-sheet' });
  assert.equal(fiscalYearFromName('FY19-detentionstats.xlsx'), 2019);
  assert.equal(fiscalYearFromName('FY26_detentionStats_02122026.xlsx'), 2026);
});

test('a table the reader does not know is listed as unrecognised with its sheet, title, range and reason (synthetic workbook)', async () => {
  mkdirSync(TMP, { recursive: true });
  const path = join(TMP, 'synthetic-detention-stats.xlsx');
  await writeXlsx(path, [
    { name: 'Header', rows: [['ICE Detention Statistics (synthetic)']] },
    { name: 'Detention FY30', rows: [
      ['ICE Currently Detained by Criminality and Arresting Agency: FY2030'],
      ['Criminality', 'ICE', 'CBP', 'Total'],
      ['Total', 30, 12, 42],
      ['Convicted Criminal', 10, 2, 12],
      [],
      ['ICE Widgets by Colour: FY2030'],
      ['Colour', 'Count'],
      ['Total', 5],
      ['Blue', 5],
      [],
      [],
      [null, null, null, null, null, 7, 8],
    ] },
  ]);
  const w = await readDetentionWorkbook(path);
  rmSync(path, { force: true });
  assert.deepEqual(w.unrecognised, [
    { sheet: 'Detention FY30', title: 'ICE Widgets by Colour: FY2030', range: 'A6:B9', reason: 'no measure is known for this title (measures.ts)' },
    { sheet: 'Detention FY30', title: '(no title)', range: 'F12:G12', reason: '2 numbers outside any table found (no title, header and data rows around them)' },
  ]);
  // The known table still gives its figures; the unknown one gives none but is in the table list.
  assert.equal(w.figures.length, 6);
  assert.deepEqual(w.figures.find((f) => f.cell === 'D3')?.dimensions, { criminality: 'Total', arrestingAgency: 'Total' });
  assert.equal(w.figures.find((f) => f.cell === 'D3')?.fiscalYear, 2030);
  assert.deepEqual(w.tables.map((t) => [t.title, t.recognised]), [
    ['ICE Currently Detained by Criminality and Arresting Agency: FY2030', true], ['ICE Widgets by Colour: FY2030', false], ['(no title)', false]]);
});

test('footnotes travel with the tables they qualify; notes under a table are its caveats', async (t) => {
  const path = sharedData(t, 'official-stats/FY26_detentionStats_02122026.xlsx');
  if (!path) return;
  const w = await readDetentionWorkbook(path);
  const py = readWorkbookWithPython(path);
  const cellText = (source: string): string => {
    const [sheet, ref] = source.split('!');
    return py.cells[sheet][ref].replace(/[\s\u00a0]+/g, ' ').trim();
  };
  const bookIns = w.tables.find((x) => x.title.startsWith('ICE Initial Book-Ins by Arresting Agency'))!;
  const caveat = bookIns.caveats.find((c) => c.label === 'FY2026 ICE Initial Book-Ins');
  assert.ok(caveat, 'the Footnotes entry "FY2026 ICE Initial Book-Ins" qualifies the initial book-ins table');
  assert.match(caveat.text, /^FY2026 YTD ICE Book-ins data is updated through/);
  assert.equal(caveat.text, cellText(caveat.source));
  const adp = w.tables.find((x) => x.title.startsWith('ICE Average Daily Population by Facility Type'))!;
  assert.ok(adp.definitions.some((d) => d.label === 'FSC' || d.label === 'ADP') || adp.caveats.some((c) => /Average Daily Population/.test(c.label ?? '')));
  assert.ok(!adp.caveats.some((c) => c.label === 'FY2026 ICE Initial Book-Ins'), 'book-in caveats stay off the ADP table');
  const atd = w.tables.find((x) => x.title.startsWith('ATD Active Population Counts'))!;
  const note = atd.caveats.find((c) => c.label === null && /^Data from BI Inc\. Participants Report/.test(c.text));
  assert.ok(note, 'the note under the ATD table is one of its caveats');
  assert.equal(note.text, cellText(note.source));
  for (const table of w.tables) for (const c of [...table.caveats, ...table.definitions]) assert.equal(c.text, cellText(c.source), c.source);
});

test('facility match: normalised name with city and state, match rate reported', async (t) => {
  assert.equal(normaliseFacilityName('Hamilton Co. Jail (Tenn)'), 'HAMILTON COUNTY JAIL TENN');
  assert.equal(normaliseFacilityName('CENTRAL LOUISIANA ICE PROC CTR'), 'CENTRAL LOUISIANA ICE PROCESSING CENTER');
  const tsv = sharedData(t, 'facilities/ddp-facility-locations-2025-10.tsv');
  const xlsx = sharedData(t, 'official-stats/FY26_detentionStats_02122026.xlsx');
  if (!tsv || !xlsx) return;
  const { locations, problems } = parseFacilityLocations(readFileSync(tsv, 'utf8'));
  assert.equal(locations.length, 34);
  assert.deepEqual(problems, []);
  const w = await readDetentionWorkbook(xlsx);
  const report = matchFacilities(w.facilities, locations);
  t.diagnostic(`locations file: ${report.matched} of ${report.total} facilities matched (${(report.rate * 100).toFixed(1)}%), ${report.ambiguous} ambiguous`);
  // NORTH LAKE CORRECTIONAL FACILITY, Baldwin MI is in both lists under code NRLKCMI.
  const northLake = report.matches.find((m) => m.name === 'NORTH LAKE CORRECTIONAL FACILITY')!;
  assert.equal(northLake.match.code, 'NRLKCMI');
  assert.equal(northLake.match.how, 'name+city+state');
  assert.equal(report.matched, 2);
  const own = matchFacilities(w.facilities, facilityCodesFromFigures(w.figures));
  t.diagnostic(`ICE's own codes (stateless-aliens table): ${own.matched} of ${own.total} matched`);
  assert.ok(own.matched >= 20);
});

test('CBP encounters: totals per fiscal year agree with awk; the open year is flagged FYTD', (t) => {
  const path = sharedData(t, 'official-stats/cbp-sw-border-encounters-fy22-fy25aug.csv');
  if (!path) return;
  const parsed = parseCbpEncounters(readFileSync(path, 'utf8'), 'cbp-sw-border-encounters-fy22-fy25aug.csv');
  assert.deepEqual(parsed.issues, []);
  assert.equal(parsed.rows.length, 1936);
  assert.equal(parsed.rowsRead, parsed.rows.length);
  const awk = execFileSync('awk', ['-F,', 'NR > 1 { split($1, y, " "); s[y[1]] += $9; n[y[1]]++ } END { for (k in s) print k, s[k], n[k] }', path], { encoding: 'utf8' });
  const expected = new Map(awk.trim().split('\n').map((l) => { const [y, s] = l.split(' '); return [Number(y), Number(s)]; }));
  assert.deepEqual(new Map([...totalsByFiscalYear(parsed.rows)].sort()), new Map([...expected].sort()));
  t.diagnostic(`totals: ${[...totalsByFiscalYear(parsed.rows)].sort().map(([y, n]) => `FY${y} ${n.toLocaleString('en-US')}`).join(', ')}`);
  assert.deepEqual([...new Set(parsed.rows.filter((r) => r.fytd).map((r) => r.fiscalYear))], [2025]);
  const first = parsed.rows[0];
  assert.deepEqual({ ...first }, { sourceFile: 'cbp-sw-border-encounters-fy22-fy25aug.csv', sourceRow: 2, fiscalYear: 2022, fytd: false, monthGrouping: 'FYTD', month: 'OCT',
    monthNumber: 10, component: 'Office of Field Operations', demographic: 'Accompanied Minors', citizenship: 'El Salvador', titleOfAuthority: 'Title 42',
    encounterType: 'Expulsions', encounterCount: 1 });
});

test('CBP encounters: every bad line is reported by line and column, none dropped silently (synthetic)', () => {
  const csv = [
    'Fiscal Year,Month Grouping,Month (abbv),Component,Demographic,Citizenship Grouping,Title of Authority,Encounter Type,Encounter Count',
    '2024,FYTD,OCT,U.S. Border Patrol,Single Adults,Mexico,Title 8,Apprehensions,"1,204"',
    '2025 (FYTD),FYTD,NOV,U.S. Border Patrol,UAC,Other,Title 8,Apprehensions,12',
    'FY2024,FYTD,OCT,U.S. Border Patrol,UAC,Other,Title 8,Apprehensions,3',
    '2024,FYTD,OKT,U.S. Border Patrol,UAC,Other,Title 8,Apprehensions,three',
    '2024,FYTD,OCT,U.S. Border Patrol,UAC',
  ].join('\n');
  const parsed = parseCbpEncounters(csv, 'synthetic-cbp.csv');
  assert.equal(parsed.rowsRead, 5);
  assert.deepEqual(parsed.rows.map((r) => [r.sourceRow, r.fiscalYear, r.fytd, r.encounterCount]), [[2, 2024, false, 1204], [3, 2025, true, 12]]);
  assert.deepEqual(parsed.issues.map((i) => [i.row, i.column ?? null]), [[4, 'Fiscal Year'], [5, 'Month (abbv)'], [5, 'Encounter Count'], [6, null]]);
  assert.equal(new Set(parsed.issues.map((i) => i.row)).size + parsed.rows.length, parsed.rowsRead);
});

test('DDL: every official table keeps its source file and row or range', () => {
  assert.equal(OFFICIAL_DDL.length, 4);
  for (const ddl of OFFICIAL_DDL) {
    assert.match(ddl, /source_file VARCHAR NOT NULL/);
    assert.match(ddl, /source_row INTEGER NOT NULL|source_range VARCHAR NOT NULL/);
    assert.doesNotMatch(ddl, /\b(JSON|MAP|STRUCT|LIST)\b(?! object| array)/, 'standard types only');
  }
});
