/**
 * How the bulk path cleans a cell before storing it (src/engine/staging.ts): spaces and non-breaking
 * spaces (U+00A0, common in spreadsheets exported from Excel) around a value are dropped, a cell of
 * nothing but those is missing, and a FOIA redaction marker — "(b)(6)", "b(7)(C)", padded or not —
 * is missing too, while text that merely holds parentheses is kept as published.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ingestFile } from '../src/ingest/ingest.ts';
import { scanFile } from '../src/ingest/file-scan.ts';
import { tempDir, tempStore } from './helpers/store.ts';

const NBSP = '\u00a0';

test('padding, NBSP and redaction markers are cleaned; other text is kept as published', async (t) => {
  const { store, dir } = await tempStore(t);
  const path = join(dir, 'cells.csv');
  const rows: [string, string, string][] = [
    // country, conviction, what each row checks
    ['  MEXICO  ', 'Illegal Entry', 'padded with spaces'],
    [`GUATEMALA${NBSP}`, `${NBSP}Burglary (2nd degree) `, 'NBSP and spaces; parentheses that are not a marker'],
    [`${NBSP} `, '(b)(6)', 'a cell of NBSP and space; a marker'],
    ['HONDURAS', '  b(7)(C) ', 'a padded marker without the first parenthesis'],
    ['EL SALVADOR', '   ', 'a cell of spaces'],
  ];
  const lines = [
    'ERO-LESA Statistical Tracking Unit,,,,',
    'Departed Date,Country of Citizenship,Event Number,Most Serious Conviction,Case Category',
    ...rows.map(([country, conviction], i) => `1/${i + 1}/2019,"${country}",E${i},"${conviction}",[16] Reinstated Final Order`),
  ];
  await writeFile(path, lines.join('\n') + '\n');
  const summary = await ingestFile(store, path);
  assert.deepEqual([summary.rowsStored, summary.rowsQuarantined], [rows.length, 0]);
  const stored = await store.all(`SELECT citizenship_country, most_serious_conviction FROM removals ORDER BY source_row`);
  assert.deepEqual(stored, [
    { citizenship_country: 'MEXICO', most_serious_conviction: 'Illegal Entry' },
    { citizenship_country: 'GUATEMALA', most_serious_conviction: 'Burglary (2nd degree)' },
    { citizenship_country: null, most_serious_conviction: null },
    { citizenship_country: 'HONDURAS', most_serious_conviction: null },
    { citizenship_country: 'EL SALVADOR', most_serious_conviction: null },
  ]);
});

test('a file without an NBSP (read in one pass, which does not look for one) is cleaned the same way, and each row keeps its line', async (t) => {
  const { store, dir } = await tempStore(t);
  const path = join(dir, 'cells-no-nbsp.csv');
  const lines = [
    'ERO-LESA Statistical Tracking Unit,,,,',
    '',
    'Departed Date,Country of Citizenship,Event Number,Most Serious Conviction,Case Category',
    '1/1/2019,"  MEXICO  ",E1,"Illegal Entry",[16] Reinstated Final Order',
    '1/2/2019,"GUATEMALA ",E2," Burglary (2nd degree) ",[16] Reinstated Final Order',
    '1/3/2019,"   ",E3,"(b)(6), (b)(7)(C)",[16] Reinstated Final Order',
    '1/4/2019,HONDURAS,E4,"  b(7)(C) ",[16] Reinstated Final Order',
    '1/5/2019,EL SALVADOR,E5,"(b)(5) deliberative",[16] Reinstated Final Order',
  ];
  await writeFile(path, lines.join('\n') + '\n');
  const summary = await ingestFile(store, path);
  assert.deepEqual([summary.rowsStored, summary.rowsQuarantined], [5, 0]);
  // Data starts on line 4 (two banner lines and the header above it).
  assert.deepEqual(await store.all(`SELECT source_row::INTEGER AS line, citizenship_country, most_serious_conviction FROM removals ORDER BY source_row`), [
    { line: 4, citizenship_country: 'MEXICO', most_serious_conviction: 'Illegal Entry' },
    { line: 5, citizenship_country: 'GUATEMALA', most_serious_conviction: 'Burglary (2nd degree)' },
    { line: 6, citizenship_country: null, most_serious_conviction: null },
    { line: 7, citizenship_country: 'HONDURAS', most_serious_conviction: null },
    // (b)(5) is not one of the markers of personal data (b)(6) and (b)(7): the text is kept.
    { line: 8, citizenship_country: 'EL SALVADOR', most_serious_conviction: '(b)(5) deliberative' },
  ]);
});

test('the pipeline\'s read of a file counts lines with or without a last line break, finds an NBSP split between two reads, and hashes it', async (t) => {
  const dir = await tempDir(t);
  const write = async (name: string, content: Buffer | string) => { const path = join(dir, name); await writeFile(path, content); return path; };
  // Only the count and the NBSP here (line endings and empty lines: test/ingest-line-endings.test.ts).
  const scanLines = async (path: string) => { const l = (await scanFile(path, { lines: true })).lines!; return { lines: l.lines, nbsp: l.nbsp }; };
  const a = await write('a.csv', 'a\nb\nc\n');
  assert.deepEqual(await scanLines(a), { lines: 3, nbsp: false });
  // SHA-256 of "a\nb\nc\n", from coreutils' sha256sum.
  assert.deepEqual(await scanFile(a, { lines: false }), { sha256: execFileSync('sha256sum', [a], { encoding: 'utf8' }).split(' ')[0], lines: null });
  assert.deepEqual(await scanLines(await write('b.csv', 'a\nb\nc')), { lines: 3, nbsp: false });
  // The scan reads 4 MiB at a time: put the NBSP's two bytes (C2 A0) on both sides of that boundary.
  const READ = 1 << 22;
  const split = Buffer.alloc(READ + 10, 0x61);
  split[100] = 10;
  split[READ - 1] = 0xc2;
  split[READ] = 0xa0;
  assert.deepEqual(await scanLines(await write('c.csv', split)), { lines: 2, nbsp: true });
  // A lone A0 byte (not UTF-8 for NBSP) is not one.
  split[READ - 1] = 0x61;
  assert.deepEqual(await scanLines(await write('d.csv', split)), { lines: 2, nbsp: false });
});

test('country names are stored upper-case whether the file is read in one pass or by the exact path', async (t) => {
  const { store, dir } = await tempStore(t);
  const header = 'Departed Date,Country of Citizenship,Case Category';
  const countries = ['Mexico', 'MEXICO', "Côte d'Ivoire", 'el salvador'];
  const rows = countries.map((c, i) => `1/${i + 1}/2019,"${c}",[16] Reinstated Final Order`);
  const clean = join(dir, 'countries.csv');
  // The same rows plus one whose date does not parse, which sends the file down the exact path.
  const withBad = join(dir, 'countries-bad-row.csv');
  await writeFile(clean, [header, ...rows].join('\n') + '\n');
  await writeFile(withBad, [header, ...rows, '13/45/2019,"Guatemala",[16] Reinstated Final Order'].join('\n') + '\n');
  const summaries = [await ingestFile(store, clean), await ingestFile(store, withBad)];
  assert.deepEqual(summaries.map((s) => [s.rowsStored, s.rowsQuarantined]), [[4, 0], [4, 1]]);
  const expected = ['MEXICO', 'MEXICO', "CÔTE D'IVOIRE", 'EL SALVADOR'];
  for (const summary of summaries) {
    const stored = await store.all<{ line: number; citizenship_country: string }>(`SELECT source_row::INTEGER AS line, citizenship_country FROM removals
      WHERE source_id = $1 ORDER BY source_row`, [summary.sourceId]);
    assert.deepEqual(stored, expected.map((c, i) => ({ line: i + 2, citizenship_country: c })));
  }
});
