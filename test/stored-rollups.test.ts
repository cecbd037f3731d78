/**
 * Report rollups kept in the database (src/engine/stored-rollups.ts): a report answered from a rollup
 * equals the same report counted on the view, a rollup is reused for reports on fewer columns, and a
 * new file or a changed code table makes the next report count anew.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ingestFile } from '../src/ingest/ingest.ts';
import { reportTable } from '../src/reports/catalog.ts';
import type { Store } from '../src/engine/db.ts';
import { runGroupedCount, type GroupedCountQuery } from '../src/engine/grouped-count.ts';
import { groupedCountWithRollups } from '../src/engine/stored-rollups.ts';
import { writeEroLesaCsv } from '../src/synthetic/ero-lesa.ts';
import { tempStore } from './helpers/store.ts';

const ALWAYS = { minRows: 0 };

function query(by: string[], where: GroupedCountQuery['where'] = []): GroupedCountQuery {
  const table = reportTable('removals');
  const column = (name: string) => table.dimensions[name].column ?? name;
  return { view: table.view, by: by.map((name) => ({ name, column: column(name) })), where, sourceColumns: table.sourceColumns };
}

async function rollupTables(store: Store): Promise<string[]> {
  return (await store.all<{ name: string }>(`SELECT table_name AS name FROM duckdb_tables() WHERE table_name LIKE 'rollup_%' ORDER BY 1`)).map((r) => r.name);
}

test('answers from a kept rollup equal the counts of the view, and one rollup serves reports on fewer columns', async (t) => {
  const { store, dir } = await tempStore(t);
  const csv = join(dir, 'removals.csv');
  await writeEroLesaCsv(csv, { rows: 30_000, seed: 7 });
  await ingestFile(store, csv);

  const first = query(['fiscal_year', 'pathway', 'citizenship_country']);
  const fromView = await runGroupedCount(store, first);
  assert.deepEqual(await groupedCountWithRollups(store, first, ALWAYS), fromView);
  assert.equal((await rollupTables(store)).length, 1);
  for (const q of [
    query(['fiscal_year', 'pathway', 'citizenship_country']),
    query(['pathway']),
    query(['fiscal_year'], [{ column: 'pathway', op: '=', values: ['reinstatement'] }]),
    query(['citizenship_country'], [{ column: 'fiscal_year', op: '>=', values: ['FY2016'] }, { column: 'citizenship_country', op: '!=', values: ['MEXICO', 'GUATEMALA'] }]),
    query([]),
  ]) {
    assert.deepEqual(await groupedCountWithRollups(store, q, ALWAYS), await runGroupedCount(store, q), JSON.stringify(q.by));
  }
  // All of those columns are in the first rollup: nothing new was built.
  assert.equal((await rollupTables(store)).length, 1);
  // A column the rollup lacks needs one of its own.
  const byGender = query(['gender']);
  assert.deepEqual(await groupedCountWithRollups(store, byGender, ALWAYS), await runGroupedCount(store, byGender));
  assert.equal((await rollupTables(store)).length, 2);
});

test('a new file and a changed code table each make the next report count anew', async (t) => {
  const { store, dir } = await tempStore(t);
  const a = join(dir, 'a.csv'), b = join(dir, 'b.csv');
  await writeEroLesaCsv(a, { rows: 5_000, seed: 1 });
  await writeEroLesaCsv(b, { rows: 3_000, seed: 2 });
  await ingestFile(store, a);
  const byPathway = query(['pathway']);
  const total = async () => (await groupedCountWithRollups(store, byPathway, ALWAYS)).total;
  assert.equal(await total(), 5_000);

  await ingestFile(store, b);
  assert.equal(await total(), 8_000);
  assert.equal((await rollupTables(store)).length, 1, 'the rollup of the earlier data is dropped');

  // Reclassify one code in the reference table, as a corrected src/reference/case-categories.csv would.
  const reinstated = async () => (await groupedCountWithRollups(store, byPathway, ALWAYS)).rows.find((r) => r.pathway === 'reinstatement')?.n ?? 0;
  const before = await reinstated();
  assert.ok(Number(before) > 0);
  await store.run(`UPDATE ref_case_categories SET pathway = 'administrative_removal' WHERE code = '16'`);
  assert.equal(await reinstated(), 0);
  assert.deepEqual(await groupedCountWithRollups(store, byPathway, ALWAYS), await runGroupedCount(store, byPathway));
});

test('a small database counts on the views and keeps nothing', async (t) => {
  const { store, dir } = await tempStore(t);
  const csv = join(dir, 'small.csv');
  await writeEroLesaCsv(csv, { rows: 2_000, seed: 3 });
  await ingestFile(store, csv);
  await groupedCountWithRollups(store, query(['pathway']));
  assert.deepEqual(await rollupTables(store), []);
});
