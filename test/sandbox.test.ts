/**
 * User SQL (`deportwatch query`, the API's /sql) must not read or write files, reach the network,
 * change settings or run for ever. Each forbidden attempt is tried against a real database file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { UserError } from '../src/domain/errors.ts';
import { ingestFile } from '../src/ingest/ingest.ts';
import { Store } from '../src/engine/db.ts';
import { openSandbox } from '../src/engine/sandbox.ts';
import { writeEroLesaCsv } from '../src/synthetic/ero-lesa.ts';
import { tempDir } from './helpers/store.ts';
import { openProject } from '../src/app/project.ts';

async function sandboxWithData(t: import('node:test').TestContext) {
  const dir = await tempDir(t);
  const dbPath = join(dir, 'sandbox.duckdb');
  const csv = join(dir, 'synthetic-removals.csv');
  await writeEroLesaCsv(csv, { rows: 500, seed: 1 });
  const store = await openProject(dbPath);
  await ingestFile(store, csv);
  store.close();
  const sandbox = await openSandbox(dbPath);
  t.after(() => sandbox.close());
  return { sandbox, csv, dir };
}

const limits = { maxRows: 100, timeoutMs: 5000 };

test('a SELECT over the stored tables and views works', async (t) => {
  const { sandbox } = await sandboxWithData(t);
  const result = await sandbox.query('SELECT count(*) AS n FROM removals_enriched', limits);
  assert.deepEqual(result.rows, [{ n: 500 }]);
  assert.deepEqual(result.columns, ['n']);
});

test('files, other databases, extensions and settings are out of reach', async (t) => {
  const { sandbox, csv, dir } = await sandboxWithData(t);
  const forbidden = [
    "SELECT * FROM read_csv('/etc/passwd')",
    `SELECT * FROM read_csv('${csv}')`,
    "SELECT * FROM read_text('/etc/hostname')",
    `COPY removals TO '${join(dir, 'out.csv')}'`,
    `ATTACH '${join(dir, 'other.duckdb')}' AS other`,
    'INSTALL httpfs',
    'LOAD httpfs',
    "SET enable_external_access = true",
    "SELECT * FROM duckdb_settings() WHERE name = 'x'; SET threads = 1",
    'PRAGMA threads = 1',
    'CREATE TABLE x AS SELECT 1',
    'DELETE FROM removals',
  ];
  for (const sql of forbidden) {
    await assert.rejects(sandbox.query(sql, limits), (e: unknown) => e instanceof UserError, sql);
  }
  // And nothing changed.
  assert.deepEqual((await sandbox.query('SELECT count(*) AS n FROM removals', limits)).rows, [{ n: 500 }]);
});

test('long queries stop at the time limit and big results at the row limit', async (t) => {
  const { sandbox } = await sandboxWithData(t);
  const started = performance.now();
  await assert.rejects(sandbox.query('SELECT count(*) FROM range(100000000000) a', { maxRows: 10, timeoutMs: 300 }),
    (e: unknown) => e instanceof UserError && /time limit/.test(e.message));
  assert.ok(performance.now() - started < 5000, 'interrupted promptly');
  const big = await sandbox.query('SELECT * FROM range(100000)', { maxRows: 25, timeoutMs: 5000 });
  assert.equal(big.rows.length, 25);
  assert.equal(big.truncated, true);
});
