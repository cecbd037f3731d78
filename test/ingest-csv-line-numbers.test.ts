/**
 * Every stored row of a delimited file points at its physical line, on both paths of loadCsv
 * (src/engine/staging.ts): the single pass for a clean file, which numbers rows from their rowids after
 * a parallel insert, and the exact path for a file with rows to quarantine. The files are large enough
 * (~70 MB) for DuckDB's CSV reader to split them between threads. Each row carries its own line number
 * in the Event Number column, written by the test, so the check needs no knowledge of the program.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { ingestFile } from '../src/ingest/ingest.ts';
import { tempStore } from './helpers/store.ts';

const BANNER = [
  'ERO-LESA Statistical Tracking Unit,,,,,,',
  'For Official Use Only (FOUO)/Pre-decisional,,,,,,',
  'SYNTHETIC TEST DATA written by test/ingest-csv-line-numbers.test.ts,,,,,,',
  ',,,,,,',
  'Departed Date,Date of Birth,Gender,Country of Citizenship,Event Number,Most Serious Conviction,Case Category',
];
const DATA_ROWS = 700_000;

/** Line n (1-based) of the data holds "line-n" as its event number; `damage` replaces whole lines. */
async function writeFile(path: string, damage: Map<number, string>): Promise<void> {
  const out = createWriteStream(path);
  let buffer = BANNER.join('\n') + '\n';
  for (let i = 0; i < DATA_ROWS; i++) {
    const line = BANNER.length + 1 + i;
    buffer += damage.get(line) ?? `${(i % 12) + 1}/${(i % 28) + 1}/2019,"(b)(6),(b)(7)(c )",Female,GUATEMALA,line-${line},Illegal Entry,"[16] Reinstated Final Order"`;
    buffer += '\n';
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
}

async function mislabelled(store: Awaited<ReturnType<typeof tempStore>>['store'], sourceId: number): Promise<number> {
  return Number(await store.scalar(`SELECT count(*) FROM removals WHERE source_id = $1 AND event_number <> 'line-' || source_row`, [sourceId]));
}

test('a clean file: every one of 700,000 rows stored with its own line number', async (t) => {
  const { store, dir } = await tempStore(t);
  const path = join(dir, 'clean.csv');
  await writeFile(path, new Map());
  const summary = await ingestFile(store, path);
  assert.deepEqual([summary.rowsRead, summary.rowsStored, summary.rowsQuarantined], [DATA_ROWS, DATA_ROWS, 0]);
  assert.equal(await mislabelled(store, summary.sourceId), 0);
  // The first data line is the one after the header (line 6), the last is line 5 + 700,000.
  assert.deepEqual(await store.one(`SELECT min(source_row) AS first, max(source_row) AS last FROM removals WHERE source_id = $1`, [summary.sourceId]),
    { first: 6, last: BANNER.length + DATA_ROWS });
});

test('a file with bad dates and a ragged line: the other rows keep their own line numbers', async (t) => {
  const { store, dir } = await tempStore(t);
  const path = join(dir, 'dirty.csv');
  // DuckDB's strptime reads "infinity" as 1900-01-01 whatever the format: it must be quarantined, not stored.
  const badDate = 250_006, infinite = 400_010, ragged = 600_123;
  await writeFile(path, new Map([
    [badDate, `13/45/2019,,Male,MEXICO,line-${badDate},,"[8F] Expedited Removal"`],
    [infinite, `infinity,,Male,MEXICO,line-${infinite},,"[8F] Expedited Removal"`],
    [ragged, `1/2/2019,,Male,MEXICO,line-${ragged}`],
  ]));
  const summary = await ingestFile(store, path);
  assert.deepEqual([summary.rowsRead, summary.rowsStored, summary.rowsQuarantined], [DATA_ROWS, DATA_ROWS - 3, 3]);
  assert.equal(await mislabelled(store, summary.sourceId), 0);
  const issues = await store.all<{ row: number; column: string | null }>(`SELECT "row", "column" FROM row_issues WHERE source_id = $1 ORDER BY "row"`, [summary.sourceId]);
  assert.deepEqual(issues.map((i) => [i.row, i.column]), [[badDate, 'Departed Date'], [infinite, 'Departed Date'], [ragged, null]]);
});
