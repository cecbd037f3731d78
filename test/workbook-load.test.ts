/**
 * loadCsvChunks (src/sources/common/workbook-load.ts): staged lines cut into chunks of exactly the
 * asked size between two lines, handed to the database in order while later chunks are written ahead,
 * and, when either side fails, the failure reported, no chunk stored after it, and no temporary file
 * left behind.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../src/engine/db.ts';
import { loadCsvChunks } from '../src/sources/common/workbook-load.ts';
import type { CsvPiece } from '../src/sources/common/xlsx/index.ts';
import { openProject } from '../src/app/project.ts';

/** Pieces of `per` lines each, rows 1..total of sheet "S", one field holding the row number. */
async function* pieces(total: number, per: number, failAfter = Infinity): AsyncGenerator<CsvPiece> {
  for (let first = 1; first <= total; first += per) {
    if (first > failAfter) throw new Error('the reader failed');
    const lines: string[] = [];
    for (let r = first; r < Math.min(first + per, total + 1); r++) lines.push(`"S",${r},"v${r}"\n`);
    const bytes = Buffer.from(lines.join(''));
    let end = 0;
    const rowEnds = Int32Array.from(lines, (l) => (end += Buffer.byteLength(l)));
    yield { bytes, rowEnds, rows: lines.length };
  }
}

/** A private temporary folder for this test's chunk files (os.tmpdir() reads TMPDIR). */
function privateTmp(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'deportwatch-wl-test-'));
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  t.after(() => {
    if (saved === undefined) delete process.env.TMPDIR; else process.env.TMPDIR = saved;
    rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

test('chunks hold exactly chunkRows lines, in order, each line once', async (t) => {
  const dir = privateTmp(t);
  const store = await openProject(':memory:');
  t.after(() => store.close());
  const seen: { rows: number; first: number; last: number; n: number }[] = [];
  const result = await loadCsvChunks(pieces(95, 7), {
    db: store, stage: 'stage_t', width: 1, chunkRows: 10,
    async store(s, stage, rows) {
      const r = await s.one<{ first: number; last: number; n: number }>(`SELECT min(source_row)::INTEGER AS first, max(source_row)::INTEGER AS last, count(*)::INTEGER AS n FROM ${stage}`);
      seen.push({ rows, ...r! });
      return { stored: rows, quarantined: 0 };
    },
  });
  // 95 lines in chunks of 10: nine full ones (pieces of 7 cut where a chunk ends) and one of 5.
  assert.deepEqual(seen, Array.from({ length: 10 }, (_, k) => ({ rows: k < 9 ? 10 : 5, first: 10 * k + 1, last: Math.min(10 * k + 10, 95), n: k < 9 ? 10 : 5 })));
  assert.deepEqual(result, { staged: 95, stored: 95, quarantined: 0 });
  assert.deepEqual(readdirSync(dir), [], 'every chunk file removed');
});

test('a database failure is reported, no later chunk is stored, and no file is left', async (t) => {
  const dir = privateTmp(t);
  const store = await openProject(':memory:');
  t.after(() => store.close());
  const stored: number[] = [];
  await assert.rejects(loadCsvChunks(pieces(100, 5), {
    db: store, stage: 'stage_t', width: 1, chunkRows: 10,
    async store(_s, _stage, rows) {
      if (stored.length === 1) throw new Error('the database failed');
      stored.push(rows);
      return { stored: rows, quarantined: 0 };
    },
  }), /the database failed/);
  assert.deepEqual(stored, [10], 'only the first chunk was stored');
  assert.deepEqual(readdirSync(dir), [], 'the chunks written ahead were removed too');
});

test('a reader failure is reported once the chunk in the database is done, and no file is left', async (t) => {
  const dir = privateTmp(t);
  const store = await openProject(':memory:');
  t.after(() => store.close());
  let running = 0;
  let finished = 0;
  await assert.rejects(loadCsvChunks(pieces(100, 5, 25), {
    db: store, stage: 'stage_t', width: 1, chunkRows: 10,
    async store(_s, _stage, rows) {
      running++;
      await new Promise((resolve) => setTimeout(resolve, 20));
      running--;
      finished++;
      return { stored: rows, quarantined: 0 };
    },
  }), /the reader failed/);
  assert.equal(running, 0, 'no chunk is still in the database when the error is reported');
  assert.ok(finished <= 2, 'at most the two full chunks read before the failure were stored');
  assert.deepEqual(readdirSync(dir), []);
});
