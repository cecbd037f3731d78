/**
 * Store.withSettings (src/store/db.ts): bulk loads change DuckDB settings for their duration (threads,
 * memory limit, insertion order) and must put them back, and a failed statement inside a file's
 * transaction must be reported as itself, not as the aborted transaction that restoring then meets.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../src/store/db.ts';

const SETTINGS = `SELECT current_setting('threads') AS threads, current_setting('preserve_insertion_order') AS ordered`;

test('settings hold inside the work and are put back after it', async (t) => {
  const store = await Store.open(':memory:', { bare: true });
  t.after(() => store.close());
  const before = await store.one(SETTINGS);
  const inside = await store.withSettings({ threads: '1', preserve_insertion_order: 'false' }, () => store.one(SETTINGS));
  assert.deepEqual(inside, { threads: 1, ordered: false });
  assert.deepEqual(await store.one(SETTINGS), before);
});

test('a failed statement inside a transaction is reported as itself', async (t) => {
  const store = await Store.open(':memory:', { bare: true });
  t.after(() => store.close());
  await store.run('CREATE TABLE t (a INTEGER NOT NULL)');
  await assert.rejects(
    store.transaction(() => store.withSettings({ threads: '1' }, () => store.run('INSERT INTO t VALUES (NULL)'))),
    /NOT NULL constraint failed/,
  );
  // The transaction was rolled back: nothing was stored.
  assert.equal(await store.scalar('SELECT count(*) FROM t'), 0);
});

test('a new database file is written in the v1.5 storage format; a file in the old default format still opens and takes writes', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'deportwatch-storage-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const storageOf = (store: Store) => store.scalar<string>(`SELECT tags['storage_version'] FROM duckdb_databases() WHERE database_name = current_database()`);

  const fresh = await Store.open(join(dir, 'new.duckdb'));
  // The newer format stores text columns with less work on bulk loads (docs/performance.md).
  assert.equal(await storageOf(fresh), 'v1.5.0+');
  fresh.close();

  // DuckDB's own default (files readable by v0.10.2), as a database made before this setting has.
  const oldPath = join(dir, 'old.duckdb');
  const old = await Store.open(oldPath, { bare: true, config: { storage_compatibility_version: 'v0.10.2' } });
  await old.run('CREATE TABLE kept (a INTEGER)');
  await old.run('INSERT INTO kept VALUES (1)');
  old.close();
  const reopened = await Store.open(oldPath);
  t.after(() => reopened.close());
  await reopened.run('INSERT INTO kept VALUES (2)');
  await reopened.run('CHECKPOINT');
  assert.equal(await reopened.scalar('SELECT sum(a)::INTEGER FROM kept'), 3);
  assert.notEqual(await storageOf(reopened), 'v1.5.0+');
});
