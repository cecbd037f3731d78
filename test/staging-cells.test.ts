/**
 * How the bulk path cleans a cell before storing it (src/store/staging.ts): spaces and non-breaking
 * spaces (U+00A0, common in spreadsheets exported from Excel) around a value are dropped, a cell of
 * nothing but those is missing, and a FOIA redaction marker — "(b)(6)", "b(7)(C)", padded or not —
 * is missing too, while text that merely holds parentheses is kept as published.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ingestFile } from '../src/ingest/ingest.ts';
import { tempStore } from './helpers/store.ts';

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
