/**
 * A database made by an earlier version is brought forward without re-ingesting: migration 006 moves
 * ERO-LESA removals out of the one wide removals table into their own, and `removals` reads the same.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Store } from '../src/engine/db.ts';
import { migrateProject } from '../src/app/project.ts';

test('migration 006: rows stored in the wide removals table move to their release table; removals still holds both', async (t) => {
  const store = await Store.open(':memory:');
  t.after(() => store.close());
  await migrateProject(store, 5);
  await store.run(`INSERT INTO sources (path, file_name, sha256, bytes, kind, target_table, started_at)
    VALUES ('a.csv', 'a.csv', 'a', 1, 'ero-lesa-removals', 'removals', now()), ('b.xlsx', 'b.xlsx', 'b', 1, 'ddp-removals', 'removals', now())`);
  await store.run(`INSERT INTO removals (source_id, source_row, release, departed_date, citizenship_country, case_category_code, most_serious_conviction)
    VALUES (1, 8, 'ero-lesa', DATE '2019-03-01', 'MEXICO', '16', 'Illegal Entry'),
           (2, 7, 'ddp-latest', DATE '2024-02-01', 'GUATEMALA', '8F', NULL)`);
  await store.run(`UPDATE removals SET person_id = 'p1', port_of_departure = 'EL PASO' WHERE source_id = 2`);
  await store.run(`UPDATE removals SET case_category_raw = '[16] Reinstated Final Order', case_category_description = 'Reinstated Final Order' WHERE source_id = 1`);
  await migrateProject(store);

  assert.deepEqual(await store.all('SELECT source_id, source_row, departed_date, citizenship_country, case_category_code, most_serious_conviction FROM ero_lesa_removals'),
    [{ source_id: 1, source_row: 8, departed_date: '2019-03-01', citizenship_country: 'MEXICO', case_category_code: '16', most_serious_conviction: 'Illegal Entry' }]);
  assert.deepEqual(await store.all('SELECT source_id, release, person_id, port_of_departure FROM ddp_removals'),
    [{ source_id: 2, release: 'ddp-latest', person_id: 'p1', port_of_departure: 'EL PASO' }]);
  // The view gives the ERO-LESA row its release back, and DDP-only columns read as NULL for it.
  assert.deepEqual(await store.all('SELECT source_id, release, person_id, port_of_departure FROM removals ORDER BY source_id'), [
    { source_id: 1, release: 'ero-lesa', person_id: null, port_of_departure: null },
    { source_id: 2, release: 'ddp-latest', person_id: 'p1', port_of_departure: 'EL PASO' },
  ]);
  // The description is not stored for ERO-LESA rows: the view derives it from the published text.
  assert.equal(await store.scalar(`SELECT case_category_description FROM removals WHERE source_id = 1`), 'Reinstated Final Order');
  // Reports read the enriched view over it: the ERO-LESA row's pathway comes from its case category.
  assert.deepEqual(await store.all(`SELECT source_id, fiscal_year, pathway FROM removals_enriched ORDER BY source_id`), [
    { source_id: 1, fiscal_year: 'FY2019', pathway: 'reinstatement' },
    { source_id: 2, fiscal_year: 'FY2024', pathway: 'expedited_removal' },
  ]);
});
