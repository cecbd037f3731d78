/**
 * ICE Air ARTS sources on synthetic fixtures (pipe-separated passengers, a missions workbook).
 * Expected values come from the generator's rows, counted here in JavaScript.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ingestFile } from '../src/ingest/ingest.ts';
import { runReport } from '../src/reports/report.ts';
import { ARTS_MISSION_HEADER, ARTS_PASSENGER_HEADER, artsMissionRows, artsPassengerRows, writeArtsMissionsXlsx, writeArtsPassengersPsv } from '../src/synthetic/arts.ts';
import { tempStore } from './helpers/store.ts';

const OPTIONS = { missions: 20, seed: 7 };

test('ARTS passengers (pipe-separated): every row stored; removal vs transfer, criminality and status pathways as listed', async (t) => {
  const { store, dir } = await tempStore(t);
  const path = join(dir, 'synthetic-arts-passengers.psv');
  await writeArtsPassengersPsv(path, OPTIONS);
  const rows = [...artsPassengerRows(OPTIONS)];
  const col = (name: string) => ARTS_PASSENGER_HEADER.indexOf(name);
  const summary = await ingestFile(store, path);
  assert.equal(summary.kind, 'arts-passengers');
  assert.deepEqual([summary.rowsRead, summary.rowsStored, summary.rowsQuarantined], [rows.length, rows.length, 0]);
  const rt = await runReport(store, { table: 'arts_passengers', by: ['removal_or_transfer', 'criminality'], where: [] });
  const count = (rtValue: string, crim: string) => rows.filter((r) => r[col('R-T')] === rtValue && r[col('Criminality')] === crim).length;
  assert.deepEqual(Object.fromEntries(rt.rows.map((r) => [`${r.removal_or_transfer}/${r.criminality}`, r.n])), Object.fromEntries([
    ['removal/criminal', count('R', 'Criminal')], ['removal/non_criminal', count('R', 'Non-Criminal')],
    ['transfer/criminal', count('T', 'Criminal')], ['transfer/non_criminal', count('T', 'Non-Criminal')],
  ].filter(([, n]) => Number(n) > 0)));
  // Status "ER" and "8F" both mean expedited removal; "REINST" and "16" reinstatement (status-codes.csv).
  const expedited = rows.filter((r) => ['ER', '8F', '8G'].includes(r[col('Status')])).length;
  const report = await runReport(store, { table: 'arts_passengers', by: ['pathway'], where: [] });
  assert.equal(report.rows.find((r) => r.pathway === 'expedited_removal')?.n, expedited);
  assert.ok(report.caveats.some((c) => /StrikeFromList/.test(c)));
});

test('ARTS missions (workbook): ten airport columns, costs and passengers summed as published', async (t) => {
  const { store, dir } = await tempStore(t);
  const path = join(dir, 'synthetic-arts-missions.xlsx');
  await writeArtsMissionsXlsx(path, OPTIONS);
  const rows = [...artsMissionRows(OPTIONS)];
  const summary = await ingestFile(store, path);
  assert.equal(summary.kind, 'arts-missions');
  assert.deepEqual([summary.rowsRead, summary.rowsStored], [rows.length, rows.length]);
  assert.ok(summary.notes.some((n) => n.includes('sheet "Notes": no ARTS missions header')), 'the notes tab is not data');
  const sum = (name: string) => rows.reduce((s, r) => s + Number(r[ARTS_MISSION_HEADER.indexOf(name)] ?? 0), 0);
  const report = await runReport(store, { table: 'arts_missions', by: [], where: [] });
  assert.deepEqual([report.total, report.measureTotals?.passengers, report.measureTotals?.cost], [rows.length, sum('MissionPassengers'), sum('MissionTotalCost')]);
});

test('a passenger row without R-T is "unknown", not a removal or transfer', async (t) => {
  const { store, dir } = await tempStore(t);
  const path = join(dir, 'synthetic-arts-blank-rt.psv');
  const line = (rt: string) => ARTS_PASSENGER_HEADER.map((h) => (h === 'R-T' ? rt : h === 'MissionDate' ? '2019-03-14' : h === 'AlienMasterID' ? '1' : h === 'PULOC' ? 'KAEX' : h === 'DropLoc' ? 'MGGT' : '')).join('|');
  await writeFile(path, [ARTS_PASSENGER_HEADER.join('|'), line(''), line('R'), line('t')].join('\n') + '\n');
  await ingestFile(store, path);
  const report = await runReport(store, { table: 'arts_passengers', by: ['removal_or_transfer'], where: [] });
  assert.deepEqual(report.rows.map((r) => [r.removal_or_transfer, r.n]), [['removal', 1], ['transfer', 1], ['unknown', 1]]);
});
