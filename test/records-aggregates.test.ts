/**
 * The two real aggregate files in ../shared/data/records, read in place. Expected numbers were made
 * with awk over the raw files, not with deportwatch:
 *   awk -F, 'NR>1{n++; a+=$2; b+=$3} END{print n, a, b}' ice-removals-by-citizenship-fy2017-2018.csv
 *     → 196 rows, FY2017 226,119, FY2018 256,085;  grep '^MEXICO,' → 128765, 141045
 *   awk -F, 'NR>1{n++; s+=$4} END{print n, s}' ddp-arrests-criminality-by-state-month.csv → 255 rows, 5,326 arrests
 *   awk -F, '$3=="WASHINGTON" && $2>="2025-01-01" && $2<="2025-03-01"{print $1,$2,$4}' …
 *     → convicted 51, 45, 55; pending 12, 24, 23; other 43, 41, 23 (Jan, Feb, Mar 2025)
 *   awk -F, '$3=="WASHINGTON"{split($1,a," "); s[a[1]]+=$4} END{for(k in s) print k, s[k]}' … → 1: 1,202 · 2: 331 · 3: 1,627
 *   awk -F, '$3=="NA"{n+=$4} END{print n}' … → 1,361 (state not recorded)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ingestFile } from '../src/ingest/ingest.ts';
import { runReport } from '../src/reports/report.ts';
import { sharedData } from './helpers/shared-data.ts';
import { tempStore } from './helpers/store.ts';

const CITIZENSHIP = 'records/ice-removals-by-citizenship-fy2017-2018.csv';
const CRIMINALITY = 'records/ddp-arrests-criminality-by-state-month.csv';

test('ICE removals by country of citizenship: one value per country and fiscal year, totals as published', async (t) => {
  const path = sharedData(t, CITIZENSHIP);
  if (!path) return;
  const { store } = await tempStore(t);
  const summary = await ingestFile(store, path);
  assert.equal(summary.kind, 'official-aggregates');
  assert.deepEqual([summary.rowsRead, summary.rowsStored, summary.rowsQuarantined], [196, 196, 0]);
  const byYear = await runReport(store, { table: 'aggregates', by: ['fiscal_year'], where: [] });
  assert.deepEqual(byYear.rows.map((r) => [r.fiscal_year, r.n, r.value]), [['FY2017', 196, 226_119], ['FY2018', 196, 256_085]]);
  const mexico = await runReport(store, { table: 'aggregates', by: ['fiscal_year'], where: [{ dimension: 'citizenship_country', op: '=', values: ['MEXICO'] }] });
  assert.deepEqual(mexico.rows.map((r) => r.value), [128_765, 141_045]);
  assert.equal(await store.scalar(`SELECT DISTINCT measure FROM aggregates`), 'removals', 'what is counted comes from the file name');
});

test('DDP arrests by criminality, state and month: convicted vs pending vs other for Washington, as counted with awk', async (t) => {
  const path = sharedData(t, CRIMINALITY);
  if (!path) return;
  const { store } = await tempStore(t);
  const summary = await ingestFile(store, path);
  assert.deepEqual([summary.rowsRead, summary.rowsStored, summary.rowsQuarantined], [255, 255, 0]);
  const quarter = await runReport(store, { table: 'aggregates', by: ['month', 'criminality'], where: [
    { dimension: 'state', op: '=', values: ['WASHINGTON'] }, { dimension: 'month', op: '>=', values: ['2025-01'] }, { dimension: 'month', op: '<=', values: ['2025-03'] }] });
  const cell = (month: string, c: string) => quarter.rows.find((r) => r.month === month && r.criminality === c)?.value;
  assert.deepEqual(['2025-01', '2025-02', '2025-03'].map((m) => [cell(m, 'convicted'), cell(m, 'pending_charges'), cell(m, 'other_immigration_violator')]),
    [[51, 12, 43], [45, 24, 41], [55, 23, 23]]);
  assert.match(quarter.definitions.criminality, /"2 Pending Criminal Charges"/, 'the output names the criminality definition');
  const washington = await runReport(store, { table: 'aggregates', by: ['criminality'], where: [{ dimension: 'state', op: '=', values: ['WASHINGTON'] }] });
  assert.deepEqual(Object.fromEntries(washington.rows.map((r) => [r.criminality, r.value])), { convicted: 1202, other_immigration_violator: 1627, pending_charges: 331 });
  // "NA" is R's missing value: the state is not recorded, never a state called NA.
  assert.equal(await store.scalar(`SELECT sum(value) FROM aggregates WHERE state IS NULL`), 1361);
  assert.equal(await store.scalar(`SELECT count(*) FROM aggregates WHERE state = 'NA'`), 0);
  assert.equal(byTotal(await runReport(store, { table: 'aggregates', by: [], where: [] })), 5326);
});

function byTotal(result: { measureTotals?: Record<string, number> }): number | undefined {
  return result.measureTotals?.value;
}
