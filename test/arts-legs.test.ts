/**
 * UWCHR's ARTS per-leg tables: the all-legs passenger table (42,982 legs, 1,732,610 passengers,
 * 2010–2018), a per-country removal-leg table and the KBFI missions, read as counts per leg (not as
 * ARTS manifests, whose header they share) and reported by month, fiscal year, country, airport and
 * R/T. Expected values: awk over the raw CSVs (their cells hold no commas or quotes).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { ingestFile } from '../src/ingest/ingest.ts';
import { runReport } from '../src/reports/report.ts';
import type { Filter } from '../src/reports/types.ts';
import { sharedData } from './helpers/shared-data.ts';
import { tempStore } from './helpers/store.ts';

const awkMap = (program: string, path: string): Record<string, number> => Object.fromEntries(execFileSync('awk', ['-F,', program, path], { encoding: 'utf8' })
  .trim().split('\n').map((l) => l.split('\t')).map(([k, v]) => [k, Number(v)]));
const FY = String.raw`function fy(d) { y = substr(d,1,4)+0; if (substr(d,6,2)+0 >= 10) y++; return "FY" y }`;
const kind = (k: string): Filter => ({ dimension: 'table_kind', op: '=', values: [k] });
const byKey = (rows: Record<string, unknown>[], key: string) => Object.fromEntries(rows.map((r) => [String(r[key]), Number(r.passengers)]));

test('ARTS all-legs table: 42,982 legs and 1,732,610 passengers reconcile; R, T, Ineligible and No-show shown', async (t) => {
  const path = sharedData(t, 'flights/arts/arts-leg-passengers-2010-10_2018-12.csv');
  if (!path) return;
  const { store } = await tempStore(t);
  const s = await ingestFile(store, path);
  const total = awkMap(String.raw`NR>1{n++; p+=$6} END{print "legs\t" n; print "passengers\t" p}`, path);
  assert.deepEqual(total, { legs: 42_982, passengers: 1_732_610 });
  assert.equal(s.kind, 'arts-leg-counts', 'not read as ARTS manifests');
  assert.deepEqual([s.rowsRead, s.rowsStored, s.rowsQuarantined], [total.legs, total.legs, 0]);
  const all = await runReport(store, { table: 'arts-legs', by: [], where: [kind('all-legs')] });
  assert.deepEqual([all.total, all.measureTotals?.passengers], [total.legs, total.passengers]);
  const rt = await runReport(store, { table: 'arts-legs', by: ['r_t'], where: [kind('all-legs')] });
  assert.deepEqual(byKey(rt.rows, 'r_t'), awkMap(String.raw`NR>1{s[$3]+=$6} END{for (k in s) print k "\t" s[k]}`, path));
  assert.deepEqual(Object.fromEntries(rt.rows.filter((r) => r.r_t !== 'R' && r.r_t !== 'T').map((r) => [r.r_t, r.n])), { Ineligible: 2, 'No-show': 1 });
  const fy = await runReport(store, { table: 'arts-legs', by: ['fiscal_year'], where: [kind('all-legs')] });
  assert.deepEqual(byKey(fy.rows, 'fiscal_year'), awkMap(`${FY} NR>1{s[fy($2)]+=$6} END{for (k in s) print k "\\t" s[k]}`, path));
  const month = await runReport(store, { table: 'arts-legs', by: ['month'], where: [kind('all-legs')] });
  assert.deepEqual(byKey(month.rows, 'month'), awkMap(String.raw`NR>1{s[substr($2,1,7)]+=$6} END{for (k in s) print k "\t" s[k]}`, path));
  const drop = await runReport(store, { table: 'arts-legs', by: ['dropoff_airport'], where: [kind('all-legs')] });
  assert.deepEqual(byKey(drop.rows, 'dropoff_airport'), awkMap(String.raw`NR>1{s[$5]+=$6} END{for (k in s) print k "\t" s[k]}`, path));
  const legsByPickup = await runReport(store, { table: 'arts-legs', by: ['pickup_airport'], where: [kind('all-legs'), { dimension: 'r_t', op: '=', values: ['R'] }] });
  assert.deepEqual(Object.fromEntries(legsByPickup.rows.map((r) => [r.pickup_airport, r.n])), awkMap(String.raw`NR>1 && $3=="R"{s[$4]++} END{for (k in s) print k "\t" s[k]}`, path));
  // Drop-off country from the airport reference: Guatemala City (MGGT) is GT.
  const gt = await runReport(store, { table: 'arts-legs', by: ['dropoff_country'], where: [kind('all-legs'), { dimension: 'dropoff_airport', op: '=', values: ['MGGT'] }] });
  assert.deepEqual(gt.rows.map((r) => r.dropoff_country), ['GT']);
});

test('ARTS per-country removal legs and KBFI missions: rows, passengers and missions equal awk', async (t) => {
  const mexico = sharedData(t, 'flights/arts/arts-mexico-removal-legs-fy2011-2019.csv');
  const kbfi = sharedData(t, 'flights/arts/arts-kbfi-missions.csv');
  if (!mexico || !kbfi) return;
  const { store } = await tempStore(t);
  const m = await ingestFile(store, mexico);
  const k = await ingestFile(store, kbfi);
  const mx = awkMap(String.raw`NR>1{n++; p+=$7; c+=$8} END{print "rows\t" n; print "passengers\t" p; print "missions\t" c}`, mexico);
  assert.deepEqual([m.kind, m.rowsRead, m.rowsStored], ['arts-leg-counts', mx.rows, mx.rows]);
  const country = await runReport(store, { table: 'arts-legs', by: ['citizenship_country'], where: [kind('country-removal-legs')] });
  assert.deepEqual(byKey(country.rows, 'citizenship_country'), { MEXICO: mx.passengers });
  const fy = await runReport(store, { table: 'arts-legs', by: ['fiscal_year'], where: [kind('country-removal-legs')] });
  assert.deepEqual(byKey(fy.rows, 'fiscal_year'), awkMap(`${FY} NR>1{s[fy($2)]+=$7} END{for (k in s) print k "\\t" s[k]}`, mexico));
  assert.equal(Number(await store.scalar(`SELECT sum(missions) FROM arts_leg_counts WHERE table_kind = 'country-removal-legs'`)), mx.missions);
  const kb = awkMap(String.raw`NR>1{n++; p+=$6; if (!($3 in seen)) {seen[$3]=1; m++}} END{print "rows\t" n; print "passengers\t" p; print "missions\t" m}`, kbfi);
  assert.deepEqual([k.kind, k.rowsRead, k.rowsStored], ['arts-leg-counts', kb.rows, kb.rows]);
  const missions = await runReport(store, { table: 'arts-legs', by: ['mission_id'], where: [kind('mission-legs')] });
  assert.deepEqual([missions.rows.length, missions.measureTotals?.passengers], [kb.missions, kb.passengers]);
});
