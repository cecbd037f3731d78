/**
 * ERO-LESA removals end to end: real Seattle files, the synthetic layouts, and every kind of bad input
 * the issue names. Expected counts for the real files were made independently with Python's csv module
 * over the raw files (data rows after the 7-line banner/title/header):
 *   expedited file 6,529 rows, other file 20,384 rows;
 *   FY2012 4,996 · FY2013 4,471 · FY2014 2,389 · FY2015 1,722 · FY2016 2,108 · FY2017 3,980 · FY2018 4,110 · FY2019 3,137;
 *   case category 8C 9,535 · 16 6,866 · 8F 3,602 · 8G 2,865; conviction recorded 11,784, blank 15,129;
 *   MEXICO 14,863 · GUATEMALA 3,514 · EL SALVADOR 2,586 · HONDURAS 2,157.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, statSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../src/domain/errors.ts';
import { ingestFile } from '../src/ingest/ingest.ts';
import { runReport } from '../src/reports/report.ts';
import { Store } from '../src/engine/db.ts';
import { eroLesaRemovals } from '../src/sources/ero-lesa/index.ts';
import type { Source } from '../src/sources/types.ts';
import { writeEroLesaCsv, writeEroLesaXlsx } from '../src/synthetic/ero-lesa.ts';
import { sharedData } from './helpers/shared-data.ts';
import { tempDir, tempStore } from './helpers/store.ts';
import { openProject } from '../src/app/project.ts';

const EXPEDITED = 'records/ero-lesa-seattle-aor-removals-expedited-fy2012-2019.csv';
const OTHER = 'records/ero-lesa-seattle-aor-removals-other-fy2012-2019.csv';

test('a file of the same size as a stored one but other content is stored; the same file again is not', async (t) => {
  const { store, dir } = await tempStore(t);
  const lines = (country: string) => [
    'Departed Date,Country of Citizenship,Case Category',
    `1/2/2019,${country},[16] Reinstated Final Order`,
  ].join('\n') + '\n';
  const first = join(dir, 'first.csv');
  const second = join(dir, 'second.csv');
  await writeFile(first, lines('MEXICO'));
  await writeFile(second, lines('BRAZIL'));
  assert.equal((await readFile(first)).length, (await readFile(second)).length);
  const summaries = [await ingestFile(store, first), await ingestFile(store, second), await ingestFile(store, second)];
  assert.deepEqual(summaries.map((s) => s.status), ['stored', 'stored', 'already-ingested']);
  assert.deepEqual(await store.all('SELECT citizenship_country FROM removals ORDER BY source_id'), [{ citizenship_country: 'MEXICO' }, { citizenship_country: 'BRAZIL' }]);
  // No placeholder is left where a hash belongs.
  assert.equal(await store.scalar(`SELECT count(*) FROM sources WHERE sha256 NOT SIMILAR TO '[0-9a-f]{64}'`), 0);
});

function countsBy(rows: Record<string, unknown>[], key: string): Record<string, number> {
  return Object.fromEntries(rows.map((r) => [String(r[key]), Number(r.n)]));
}

test('the real Seattle releases: every row stored, counts match an independent count, a second run stores nothing', async (t) => {
  const expedited = sharedData(t, EXPEDITED);
  const other = sharedData(t, OTHER);
  if (!expedited || !other) return;
  const { store } = await tempStore(t);
  const first = [await ingestFile(store, expedited), await ingestFile(store, other)];
  assert.deepEqual(first.map((s) => [s.rowsRead, s.rowsStored, s.rowsQuarantined]), [[6529, 6529, 0], [20384, 20384, 0]]);

  // The hash of a file of a new size is computed while it loads; the record holds it, checked with coreutils.
  const recorded = await store.all<{ sha256: string }>('SELECT sha256 FROM sources ORDER BY source_id');
  assert.deepEqual(recorded.map((r) => r.sha256), [expedited, other].map((f) => execFileSync('sha256sum', [f], { encoding: 'utf8' }).split(' ')[0]));

  const again = await ingestFile(store, other);
  assert.equal(again.status, 'already-ingested');
  assert.equal(await store.scalar('SELECT count(*) FROM removals'), 26913);
  assert.equal(await store.scalar('SELECT count(*) FROM sources'), 2);

  const byFy = await runReport(store, { table: 'removals', by: ['fiscal_year'], where: [] });
  assert.deepEqual(countsBy(byFy.rows, 'fiscal_year'), {
    FY2012: 4996, FY2013: 4471, FY2014: 2389, FY2015: 1722, FY2016: 2108, FY2017: 3980, FY2018: 4110, FY2019: 3137,
  });
  assert.equal(byFy.total, 26913);
  assert.deepEqual(byFy.sources.map((s) => s.path.split('/').pop()), [EXPEDITED.split('/')[1], OTHER.split('/')[1]]);

  const byCode = countsBy((await runReport(store, { table: 'removals', by: ['case_category'], where: [] })).rows, 'case_category');
  assert.equal(byCode['8C'], 9535);
  assert.equal(byCode['16'], 6866);
  assert.equal(byCode['8F'], 3602);
  assert.equal(byCode['8G'], 2865);

  const byConviction = countsBy((await runReport(store, { table: 'removals', by: ['has_conviction'], where: [] })).rows, 'has_conviction');
  assert.deepEqual(byConviction, { true: 11784, false: 15129 });

  const byCountry = countsBy((await runReport(store, { table: 'removals', by: ['citizenship_country'], where: [] })).rows, 'citizenship_country');
  assert.equal(byCountry.MEXICO, 14863);
  assert.equal(byCountry.GUATEMALA, 3514);
  assert.equal(byCountry['EL SALVADOR'], 2586);

  // Expedited removal ([8F] + [8G] + [8I]) in FY2019, filtered the way a reporter would ask.
  const er = await runReport(store, { table: 'removals', by: ['pathway', 'fiscal_year'], where: [{ dimension: 'pathway', op: '=', values: ['expedited_removal'] }] });
  assert.ok(er.rows.every((r) => r.pathway === 'expedited_removal'));
  const erTotal = er.total;
  assert.equal(erTotal, byCode['8F'] + byCode['8G'] + (byCode['8I'] ?? 0) + (byCode['8H'] ?? 0));

  // Every Date of Birth and Event Number in both files is a FOIA redaction marker (checked with Python's
  // csv module): all must be stored as missing, none as a value.
  assert.equal(await store.scalar('SELECT count(*) FROM removals WHERE birth_date IS NOT NULL OR event_number IS NOT NULL'), 0);

  // Every stored row leads back to its line: the first data row of the expedited file is line 8.
  const firstRow = await store.one(`SELECT source_row, departed_date, citizenship_country, case_category_code FROM removals
    WHERE source_id = 1 ORDER BY source_row LIMIT 1`);
  assert.deepEqual(firstRow, { source_row: 8, departed_date: '2012-01-03', citizenship_country: 'FRANCE', case_category_code: '8F' });
});

test('synthetic CSV and XLSX layouts store the same kind of rows; an impossible date is quarantined with its row and column', async (t) => {
  const { store, dir } = await tempStore(t);
  const csv = join(dir, 'synthetic-removals.csv');
  await writeEroLesaCsv(csv, { rows: 1000, seed: 7, badRows: 1 });
  const summary = await ingestFile(store, csv);
  assert.equal(summary.rowsRead, 1000);
  assert.equal(summary.rowsStored, 999);
  assert.equal(summary.rowsQuarantined, 1);
  const issue = await store.one('SELECT "row", "column", value, problem FROM row_issues');
  // The bad row is data row 500 (badRows spreads them evenly), after 7 banner/title/header lines.
  const lines = (await readFile(csv, 'utf8')).split('\n');
  assert.ok(lines[Number(issue!.row) - 1].startsWith('13/45/2019,'), 'the row number points at the line with the bad date');
  assert.equal(issue!.column, 'Departed Date');
  assert.equal(issue!.value, '13/45/2019');
  assert.match(String(issue!.problem), /not a valid date \(expected m\/d\/yyyy\)/);
  assert.equal(await store.scalar('SELECT bool_and(synthetic) FROM sources'), true);

  const xlsx = join(dir, 'synthetic-removals.xlsx');
  await writeEroLesaXlsx(xlsx, { rows: 500, seed: 8, from: '2019-10-01', to: '2021-09-30' });
  const book = await ingestFile(store, xlsx);
  assert.deepEqual([book.rowsRead, book.rowsStored, book.rowsQuarantined], [500, 500, 0]);
  assert.ok(book.notes.some((n) => n.includes('Footnotes')), 'the footnotes tab is recognised as notes, not data');
  const sheets = await store.all(`SELECT source_sheet, min(source_row) AS first_row FROM removals WHERE source_id = $1 GROUP BY 1 ORDER BY 1`, [book.sourceId]);
  assert.deepEqual(sheets.map((s) => s.source_sheet), ['FY2020', 'FY2021']);
  assert.ok(sheets.every((s) => s.first_row === 8), 'six banner rows and the header come before the first data row of each sheet');
});

test('a file with only the common removal fields goes to the narrow table, one with an AOR to the wide one; removals reads both', async (t) => {
  const { store, dir } = await tempStore(t);
  const common = join(dir, 'common.csv');
  const withAor = join(dir, 'with-aor.csv');
  await writeFile(common, 'Departed Date,Country of Citizenship,Case Category\n1/2/2019,mexico,[16] Reinstated Final Order\n');
  await writeFile(withAor, 'Departed Date,Area of Responsibility,Country of Citizenship,Case Category\n3/4/2019,SEA,GUATEMALA,[8F] Expedited Removal\n');
  const [first, second] = [await ingestFile(store, common), await ingestFile(store, withAor)];
  assert.deepEqual(await store.all('SELECT source_id, source_row FROM ero_lesa_removals_narrow'), [{ source_id: first.sourceId, source_row: 2 }]);
  assert.deepEqual(await store.all('SELECT source_id, source_row, aor FROM ero_lesa_removals'), [{ source_id: second.sourceId, source_row: 2, aor: 'SEA' }]);
  assert.deepEqual(await store.all(`SELECT source_id, source_row, source_sheet, aor, citizenship_country, case_category_code, pathway, fiscal_year
    FROM removals_enriched ORDER BY source_id`), [
    { source_id: first.sourceId, source_row: 2, source_sheet: null, aor: null, citizenship_country: 'MEXICO', case_category_code: '16', pathway: 'reinstatement', fiscal_year: 'FY2019' },
    { source_id: second.sourceId, source_row: 2, source_sheet: null, aor: 'SEA', citizenship_country: 'GUATEMALA', case_category_code: '8F', pathway: 'expedited_removal', fiscal_year: 'FY2019' },
  ]);
});

test('a file of a row group or more commits by checkpoint and leaves no log, its rows on their lines after a reopen; a small file commits through the log', async (t) => {
  const dir = await tempDir(t);
  const dbPath = join(dir, 'commit.duckdb');
  const logBytes = () => existsSync(`${dbPath}.wal`) ? statSync(`${dbPath}.wal`).size : 0;
  const small = join(dir, 'synthetic-small.csv');
  const large = join(dir, 'synthetic-large.csv');
  await writeEroLesaCsv(small, { rows: 1000, seed: 3 });
  await writeEroLesaCsv(large, { rows: 150_000, seed: 4 });

  const store = await openProject(dbPath);
  await ingestFile(store, small);
  assert.ok(logBytes() > 0, 'a small file is committed through the log');
  await store.run('CHECKPOINT');
  const summary = await ingestFile(store, large);
  assert.equal(summary.rowsStored, 150_000);
  assert.equal(logBytes(), 0, 'a large file is committed by checkpoint');
  store.close();

  const reopened = await openProject(dbPath);
  t.after(() => reopened.close());
  const rows = await reopened.all<{ line: number; departed: string; country: string }>(`SELECT source_row AS line, strftime(departed_date, '%-m/%-d/%Y') AS departed,
    citizenship_country AS country FROM removals WHERE source_id = $1 AND source_row IN (8, 9, 75007, 150006, 150007) ORDER BY 1`, [summary.sourceId]);
  const lines = (await readFile(large, 'utf8')).split('\n');
  assert.deepEqual(rows.map((r) => r.line), [8, 9, 75007, 150006, 150007]);
  for (const row of rows) {
    const cells = lines[row.line - 1].split(',');
    assert.equal(cells[0], row.departed, `line ${row.line} is the row stored with it`);
    assert.ok(lines[row.line - 1].includes(`,${row.country},`), `line ${row.line} holds ${row.country}`);
  }
});

test('a CSV row with too many or too few cells is quarantined, and the rows after it keep their line numbers', async (t) => {
  const { store, dir } = await tempStore(t);
  const path = join(dir, 'ragged.csv');
  await writeFile(path, [
    'ERO-LESA Statistical Tracking Unit,,,,,,', 'For Official Use Only (FOUO)/Pre-decisional,,,,,,', 'x,,,,,,', 'y,,,,,,', ',,,,,,', 'title,,,,,,',
    'Departed Date,Date of Birth,Gender,Country of Citizenship,Event Number,Most Serious Conviction,Case Category',
    '1/3/2012,"(b)(6),(b)(7)(c )",Male,FRANCE,(b)(7)(E ),,[8F] Expedited Removal',
    '1/4/2012,Male,MEXICO,[16] Reinstated Final Order',
    '1/5/2012,"(b)(6),(b)(7)(c )",Male,MEXICO,(b)(7)(E ),,[16] Reinstated Final Order,extra',
    '1/6/2012,"(b)(6),(b)(7)(c )",Female,HONDURAS,(b)(7)(E ),Assault,[8C] Excludable',
  ].join('\n') + '\n');
  const summary = await ingestFile(store, path);
  assert.deepEqual([summary.rowsRead, summary.rowsStored, summary.rowsQuarantined], [4, 2, 2]);
  assert.deepEqual((await store.all('SELECT "row" FROM row_issues ORDER BY 1')).map((r) => r.row), [9, 10]);
  assert.deepEqual((await store.all('SELECT source_row, citizenship_country FROM removals ORDER BY 1')),
    [{ source_row: 8, citizenship_country: 'FRANCE' }, { source_row: 11, citizenship_country: 'HONDURAS' }]);
});

test('bad files are refused with a message that names them, and nothing from them is stored', async (t) => {
  const { store, dir } = await tempStore(t);
  const empty = join(dir, 'empty.csv');
  await writeFile(empty, '');
  await assert.rejects(ingestFile(store, empty), (e: unknown) => e instanceof UserError && /empty\.csv: the file is empty/.test(e.message));

  const otherLayout = join(dir, 'flights.csv');
  await writeFile(otherLayout, 'Date,Flight,Departure,Arrival\n2020-01-12,WQ1234,Alexandria(AEX/KAEX),Guatemala City(GUA/MGGT)\n');
  await assert.rejects(ingestFile(store, otherLayout), (e: unknown) => {
    assert.ok(e instanceof UserError);
    assert.match(e.message, /flights\.csv: not a format deportwatch reads/);
    assert.match(e.message, /first line reads "Date,Flight,Departure,Arrival"/);
    assert.ok(e.details.some((d) => d.includes('ero-lesa-removals')), 'lists the supported formats');
    return true;
  });

  const good = join(dir, 'synthetic-ok.xlsx');
  await writeEroLesaXlsx(good, { rows: 200, seed: 3 });
  const truncated = join(dir, 'truncated.xlsx');
  const bytes = await readFile(good);
  await writeFile(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
  await assert.rejects(ingestFile(store, truncated), (e: unknown) => e instanceof UserError && /truncated\.xlsx/.test(e.message));

  assert.equal(await store.scalar('SELECT count(*) FROM sources'), 0);
  assert.equal(await store.scalar('SELECT count(*) FROM removals'), 0);
});

test('a failure in the middle of a file rolls the whole file back', async (t) => {
  const { store, dir } = await tempStore(t);
  const path = join(dir, 'synthetic-rollback.csv');
  await writeEroLesaCsv(path, { rows: 300, seed: 9, badRows: 1 });
  // The real ERO-LESA source stores its rows and row issues, then the file fails (as a disk error or a
  // reader bug would, after part of the work is done): none of it may remain.
  const failsAfterStoring: Source = {
    ...eroLesaRemovals,
    async ingest(head, context) {
      const counts = await eroLesaRemovals.ingest(head, context);
      assert.equal(await context.store.scalar('SELECT count(*) FROM removals'), counts.rowsStored);
      throw new Error('disk full');
    },
  };
  await assert.rejects(ingestFile(store, path, { sources: [failsAfterStoring] }), (e: unknown) =>
    e instanceof UserError && /disk full — nothing from this file was stored/.test(e.message));
  assert.equal(await store.scalar('SELECT count(*) FROM removals'), 0);
  assert.equal(await store.scalar('SELECT count(*) FROM sources'), 0);
  assert.equal(await store.scalar('SELECT count(*) FROM row_issues'), 0);
  // And the file can be ingested afterwards as if nothing had happened.
  const retry = await ingestFile(store, path);
  assert.deepEqual([retry.rowsStored, retry.rowsQuarantined], [299, 1]);
});

test('a database held by another process gets a plain message and exit code 3', async (t) => {
  const { dir } = await tempStore(t);
  const dbPath = join(dir, 'held.duckdb');
  (await openProject(dbPath)).close();
  const holder = spawn(process.execPath, ['--import', 'tsx', '-e',
    `const { openProject } = await import(${JSON.stringify(new URL('../src/app/project.ts', import.meta.url).pathname)}); await openProject(${JSON.stringify(dbPath)}); console.log('holding'); setTimeout(() => {}, 60000);`],
  { stdio: ['ignore', 'pipe', 'inherit'] });
  t.after(() => holder.kill());
  const [chunk] = await once(holder.stdout!, 'data');
  assert.match(String(chunk), /holding/);
  await assert.rejects(openProject(dbPath), (e: unknown) => {
    assert.ok(e instanceof UserError);
    assert.equal(e.exitCode, 3);
    assert.match(e.message, new RegExp(`in use by another process \\(PID ${holder.pid}\\)`));
    assert.match(e.message, /one process/);
    return true;
  });
});
