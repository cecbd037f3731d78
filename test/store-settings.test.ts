/**
 * Store.withSettings and Store.transaction (src/engine/db.ts): bulk loads change DuckDB settings for their
 * duration (threads, memory limit, insertion order) and must put them back; a failed statement inside a
 * file's transaction must be reported as itself, not as the aborted transaction that restoring then meets;
 * and a bulk load's commit by checkpoint must keep what a logged commit keeps, without the log.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../src/engine/db.ts';

const SETTINGS = `SELECT current_setting('threads') AS threads, current_setting('preserve_insertion_order') AS ordered`;

test('settings hold inside the work and are put back after it', async (t) => {
  const store = await Store.open(':memory:');
  t.after(() => store.close());
  const before = await store.one(SETTINGS);
  const inside = await store.withSettings({ threads: '1', preserve_insertion_order: 'false' }, () => store.one(SETTINGS));
  assert.deepEqual(inside, { threads: 1, ordered: false });
  assert.deepEqual(await store.one(SETTINGS), before);
});

test('a failed statement inside a transaction is reported as itself', async (t) => {
  const store = await Store.open(':memory:');
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
  const old = await Store.open(oldPath, { config: { storage_compatibility_version: 'v0.10.2' } });
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

test('a transaction committed by checkpoint writes its rows into the file, not the log, and keeps them, updates included', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'deportwatch-commit-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'bulk.duckdb');
  const thresholds = `SELECT current_setting('checkpoint_threshold') AS checkpoint, current_setting('auto_checkpoint_skip_wal_threshold') AS skip`;
  const logBytes = () => existsSync(`${path}.wal`) ? statSync(`${path}.wal`).size : 0;
  // Rows inserted and then renumbered in one transaction, as an ingest does (engine/staging.ts): enough
  // rows for DuckDB to write them to the file while inserting.
  const bulkLoad = async (store: Store, first: number) => {
    await store.run(`INSERT INTO rows SELECT ${first} + i, 0 FROM range(1000000) r(i)`);
    await store.run(`UPDATE rows SET line = id + 8 WHERE id >= ${first}`);
  };

  const store = await Store.open(path);
  await store.run('CREATE TABLE rows (id BIGINT, line BIGINT)');
  await store.run('CHECKPOINT');
  const before = await store.one(thresholds);
  await store.transaction(() => bulkLoad(store, 0));
  // A logged commit copies the updated rows into the log.
  const logged = logBytes();
  assert.ok(logged > 1000000 * 8, `a logged commit wrote ${logged} bytes of log`);
  await store.run('CHECKPOINT');
  await store.transaction(() => bulkLoad(store, 1000000), { byCheckpoint: () => true });
  assert.equal(logBytes(), 0);
  assert.deepEqual(await store.one(thresholds), before);
  // Work that fails stores nothing.
  await assert.rejects(store.transaction(async () => { await bulkLoad(store, 2000000); throw new Error('the file is bad'); }, { byCheckpoint: () => true }), /the file is bad/);
  store.close();

  const reopened = await Store.open(path);
  t.after(() => reopened.close());
  assert.deepEqual(await reopened.one('SELECT count(*)::INTEGER AS n, count(*) FILTER (WHERE line = id + 8)::INTEGER AS numbered, max(id)::INTEGER AS last FROM rows'),
    { n: 2000000, numbered: 2000000, last: 1999999 });
});
