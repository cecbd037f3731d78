/**
 * Nothing is lost on odd line endings: a stray carriage return in the real Seattle expedited-removals
 * file either ingests every data row at its own physical line, or refuses the file with a message
 * naming the line, and records nothing (no hash, so the fixed file can be ingested afterwards).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ingestFile } from '../src/ingest/ingest.ts';
import { UserError } from '../src/domain/errors.ts';
import { sharedData } from './helpers/shared-data.ts';
import { tempStore } from './helpers/store.ts';

const SEATTLE = 'records/ero-lesa-seattle-aor-removals-expedited-fy2012-2019.csv';
/** The file has 7 lines before its data (banner, blank line, title, header) and 6,529 data rows. */
const DATA_ROWS = 6529;

function mutate(path: string, out: string, edit: (lines: Buffer[]) => void): void {
  const bytes = readFileSync(path);
  const lines: Buffer[] = [];
  for (let start = 0; start <= bytes.length;) {
    const end = bytes.indexOf(10, start);
    if (end === -1) { lines.push(bytes.subarray(start)); break; }
    lines.push(bytes.subarray(start, end));
    start = end + 1;
  }
  edit(lines);
  writeFileSync(out, Buffer.concat(lines.flatMap((l, i) => (i === lines.length - 1 ? [l] : [l, Buffer.from('\n')]))));
}

const addCr = (index: number) => (lines: Buffer[]) => { lines[index] = Buffer.concat([lines[index], Buffer.from('\r')]); };

async function storedLines(store: Awaited<ReturnType<typeof tempStore>>['store']): Promise<number[]> {
  return (await store.all<{ source_row: number }>('SELECT source_row FROM removals ORDER BY source_row')).map((r) => Number(r.source_row));
}

/** Either every row is stored or quarantined at its line, or the file is refused by line and nothing recorded. */
async function assertNothingLost(store: Awaited<ReturnType<typeof tempStore>>['store'], path: string, line: number) {
  let summary;
  try {
    summary = await ingestFile(store, path);
  } catch (error) {
    assert.ok(error instanceof UserError, String(error));
    assert.match(error.message, new RegExp(`line ${line}\\b`), error.message);
    assert.doesNotMatch(error.message, /state machine|options/i, 'no DuckDB option dump');
    assert.equal(Number(await store.scalar('SELECT count(*) FROM sources')), 0, 'nothing recorded, not even the hash');
    return null;
  }
  assert.equal(summary.rowsRead, summary.rowsStored + summary.rowsQuarantined);
  assert.equal(summary.rowsRead, DATA_ROWS, 'every data line read');
  return summary;
}

test('a carriage return on the header line loses no row and shifts no line number', async (t) => {
  const path = sharedData(t, SEATTLE);
  if (!path) return;
  const { store, dir } = await tempStore(t);
  const clean = await tempStore(t);
  await ingestFile(clean.store, path);
  const expected = await storedLines(clean.store);
  const mutated = join(dir, 'seattle-cr-header.csv');
  mutate(path, mutated, addCr(6));
  const summary = await assertNothingLost(store, mutated, 7);
  if (summary) assert.deepEqual(await storedLines(store), expected);
  else {
    // Refused: the same file, fixed, can be ingested afterwards.
    writeFileSync(mutated, readFileSync(path));
    assert.equal((await ingestFile(store, mutated)).rowsStored, expected.length);
  }
});

test('a carriage return on the blank banner line neither stores the header nor shifts line numbers', async (t) => {
  const path = sharedData(t, SEATTLE);
  if (!path) return;
  const { store, dir } = await tempStore(t);
  const clean = await tempStore(t);
  await ingestFile(clean.store, path);
  const mutated = join(dir, 'seattle-cr-blank.csv');
  mutate(path, mutated, addCr(4));
  const summary = await assertNothingLost(store, mutated, 5);
  if (summary) {
    assert.deepEqual(await storedLines(store), await storedLines(clean.store));
    assert.equal(Number(await store.scalar(`SELECT count(*) FROM row_issues WHERE value ILIKE '%Departed Date%'`)), 0, 'the header is not a quarantined row');
  }
});

test('a CRLF file whose title cell holds a lone carriage return stores every row', async (t) => {
  const path = sharedData(t, SEATTLE);
  if (!path) return;
  const { store, dir } = await tempStore(t);
  const mutated = join(dir, 'seattle-crlf-title.csv');
  mutate(path, mutated, (lines) => {
    for (let i = 0; i < lines.length - 1; i++) lines[i] = Buffer.concat([lines[i], Buffer.from('\r')]);
    const title = lines[5].toString('latin1');
    lines[5] = Buffer.from(title.replace(' ICE ', ' ICE\r'), 'latin1');
  });
  await assertNothingLost(store, mutated, 6);
});

test('carriage returns in the middle of the data are counted against the physical lines', async (t) => {
  const path = sharedData(t, SEATTLE);
  if (!path) return;
  const { store, dir } = await tempStore(t);
  const mutated = join(dir, 'seattle-cr-data.csv');
  mutate(path, mutated, (lines) => { addCr(1000)(lines); addCr(4000)(lines); });
  await assertNothingLost(store, mutated, 1001);
});

test('an empty line in the data is skipped without shifting the line numbers after it', async (t) => {
  const path = sharedData(t, SEATTLE);
  if (!path) return;
  const { store, dir } = await tempStore(t);
  const clean = await tempStore(t);
  await ingestFile(clean.store, path);
  const mutated = join(dir, 'seattle-empty-line.csv');
  mutate(path, mutated, (lines) => { lines.splice(2000, 0, Buffer.alloc(0)); });
  const summary = await ingestFile(store, mutated);
  assert.equal(summary.rowsRead, DATA_ROWS);
  // Lines from 2001 on moved down by one.
  const expected = (await storedLines(clean.store)).map((l) => (l >= 2001 ? l + 1 : l));
  assert.deepEqual(await storedLines(store), expected);
});
