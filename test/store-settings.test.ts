/**
 * Store.withSettings (src/store/db.ts): bulk loads change DuckDB settings for their duration (threads,
 * memory limit, insertion order) and must put them back, and a failed statement inside a file's
 * transaction must be reported as itself, not as the aborted transaction that restoring then meets.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
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
