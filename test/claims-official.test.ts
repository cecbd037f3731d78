/**
 * Official tables as evidence for claims: ICE's fiscal-year removals total from the detention statistics
 * workbook, and the people in detention on a day (ICE's currently detained snapshot; the DDP daily
 * population). Expected figures: python3's read of the workbook XML (the cell under "Total" in the
 * "ICE Removals: FY2025" table; the snapshot date in the Footnotes text), and SQL over read_parquet.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkClaim } from '../src/claims/check.ts';
import { parseClaimsText, type Claim } from '../src/claims/ledger.ts';
import { Store } from '../src/engine/db.ts';
import { ingestFile } from '../src/ingest/ingest.ts';
import { parseA1, readWorkbookWithPython, toA1 } from './helpers/xlsx-python.ts';
import { sharedData } from './helpers/shared-data.ts';
import { tempStore } from './helpers/store.ts';

function claim(fields: Record<string, string>): Claim {
  const base = { kind: 'claim', date: '2026-02-20', speaker: 'Test', summary: 'test claim', qualifier: 'exact', source_url: 'https://example.org/a', confidence: 'high' };
  const { claims, issues } = parseClaimsText(JSON.stringify([{ ...base, ...fields }]), { file: 'test', format: 'json' });
  assert.deepEqual(issues, []);
  return claims[0];
}

test('a fiscal year\'s removals: ICE\'s own total from the workbook, with the vintage and the footnotes', async (t) => {
  const fy25 = sharedData(t, 'official-stats/FY25_detentionStats09242025.xlsx');
  if (!fy25) return;
  const { store } = await tempStore(t);
  await ingestFile(store, fy25);
  // Python: the "ICE Removals: FY2025" title cell, its "Total" header on the next row, and the Total row below.
  const cells = readWorkbookWithPython(fy25).cells['Detention FY25'];
  const [titleRef] = Object.entries(cells).find(([, v]) => v.trim().startsWith('ICE Removals: FY2025'))!;
  const [tr, tc] = parseA1(titleRef);
  const totalCol = [...Array(6).keys()].map((k) => tc + k).find((c) => cells[toA1(tr + 1, c)]?.trim() === 'Total')!;
  const totalRow = [...Array(6).keys()].map((k) => tr + 2 + k).find((r) => cells[toA1(r, tc)]?.trim() === 'Total')!;
  const expected = Number(cells[toA1(totalRow, totalCol)]);
  const check = await checkClaim(store, claim({ id: 'T-removals-fy25', metric: 'removals_total', period: 'FY2025', value: String(expected), unit: 'removals' }));
  const official = check.definitions.filter((d) => d.route === 'official');
  assert.equal(official.length, 1);
  assert.equal(official[0].value, expected);
  // The release of 2025-09-24 came before the year ended (2025-09-30): a lower bound, said so.
  assert.equal(official[0].coverage, 'lower_bound');
  assert.ok(official[0].caveats.some((c) => c === 'vintage used: FY25_detentionStats09242025.xlsx (2025-09-24)'), official[0].caveats.join('\n'));
  assert.ok(official[0].caveats.some((c) => /^Footnotes!B\d+/.test(c)), 'the table\'s footnotes, with their cells');
  // A year-to-date figure is a lower bound: equal to it, the claim can be neither confirmed nor ruled out.
  assert.equal(official[0].verdict, 'not_checkable');
  assert.match(official[0].why, /neither confirmed nor ruled out/);
  assert.match(official[0].cli!, /^deportwatch report official-figures --by release --where 'measure=removals'/);
  // A claim far below ICE's own year-to-date figure is inconsistent with it.
  const below = await checkClaim(store, claim({ id: 'T-removals-low', metric: 'removals_total', period: 'FY2025', value: String(Math.round(expected / 2)), unit: 'removals' }));
  assert.equal(below.definitions.find((d) => d.route === 'official')!.verdict, 'inconsistent');
});

test('people in detention on a day: ICE\'s snapshot of that day and the DDP daily population', async (t) => {
  const fy26 = sharedData(t, 'official-stats/FY26_detentionStats_02122026.xlsx');
  const ddp = sharedData(t, 'records/ddp-facilities-daily-population-2022-10_2026-03.parquet');
  if (!fy26 || !ddp) return;
  const { store } = await tempStore(t);
  await ingestFile(store, fy26);
  await ingestFile(store, ddp);
  const py = readWorkbookWithPython(fy26);
  // The snapshot date as the Footnotes sheet writes it, and the Total × Total cell python finds by labels.
  const note = Object.values(py.cells.Footnotes).find((v) => /snapshot as of/.test(v))!;
  const [, m, d, y] = /snapshot as of (\d{2})\/(\d{2})\/(\d{4})/.exec(note)!;
  const day = `${y}-${m}-${d}`;
  const det = py.cells['Detention FY26'];
  const [titleRef] = Object.entries(det).find(([, v]) => v.startsWith('ICE Currently Detained by Processing Disposition'))!;
  const [tr, tc] = parseA1(titleRef);
  const totalCol = [...Array(6).keys()].map((k) => tc + k).find((c) => det[toA1(tr + 1, c)]?.trim() === 'Total')!;
  const expected = Number(det[toA1(tr + 2, totalCol)]);
  assert.equal(det[toA1(tr + 2, tc)].trim(), 'Total');
  const raw = await Store.memory();
  t.after(() => raw.close());
  const ddpTotal = Number(await raw.scalar(`SELECT sum(n_detained) FROM read_parquet('${ddp}') WHERE date = '${day}'::DATE`));

  const check = await checkClaim(store, claim({ id: 'T-detained', metric: 'detention_population', period: day, value: String(expected), unit: 'people' }));
  const ice = check.definitions.find((x) => x.table === 'official-figures')!;
  assert.equal(ice.value, expected);
  assert.equal(ice.verdict, 'consistent');
  assert.ok(ice.caveats.includes('vintage used: FY26_detentionStats_02122026.xlsx (2026-02-12)'));
  assert.ok(ice.caveats.some((c) => c.includes('snapshot as of')));
  const ddpCheck = check.definitions.find((x) => x.table === 'facility-population')!;
  assert.equal(ddpCheck.value, ddpTotal);
  // A day with no ICE snapshot: not checkable from ICE's table, and the reason names the snapshots loaded.
  const other = await checkClaim(store, claim({ id: 'T-detained-other', metric: 'detention_population', period: '2026-01-15', value: '70000', unit: 'people' }));
  assert.equal(other.definitions.filter((x) => x.table === 'official-figures').length, 0);
  assert.match(other.why, new RegExp(`loaded snapshots: ${day}`));
});
