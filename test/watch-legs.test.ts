/**
 * Streaming segmentation gives the batch legs: every ADS-B fixture is replayed on 127.0.0.1 (the
 * replay server of `deportwatch replay`), watched by `Watcher` into a database, and compared with the
 * same file through batch ingest (readsb trace, traffic JSON, ADS-B Exchange CSV) or, for the live
 * recordings, which batch ingest does not read, with the batch trajectory step over the same file's
 * messages. Legs are compared column by column (test/helpers/watch.ts says which columns and why).
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { openProject } from '../src/app/project.ts';
import { ingestFile } from '../src/ingest/ingest.ts';
import { startSource } from '../src/engine/provenance.ts';
import { insertAdsbLegs } from '../src/flights/adsb-store.ts';
import { analyse } from '../src/trajectory/analyse.ts';
import { readBeastFile } from '../src/feeds/beast.ts';
import { readSbsFile } from '../src/feeds/sbs.ts';
import { readJsonLinesFile } from '../src/feeds/aircraft-json.ts';
import { loadRecording } from '../src/feeds/recordings.ts';
import type { PositionUpdate } from '../src/feeds/types.ts';
import { batchFileAsSbs, columnsAsSbs } from '../src/watch/files.ts';
import { updatesToColumns } from '../src/watch/points.ts';
import { comparableLegs, watchReplay } from './helpers/watch.ts';
import { sharedData } from './helpers/shared-data.ts';

const BATCH_FILES = [
  'adsb/readsb/trace_full_ac671b.json',
  'adsb/adsbx-csv/raw_abfd8c_2025-02-09.csv',
  'adsb/traffic-samples/belevingsvlucht.json.gz',
  'adsb/traffic-samples/guatemala.json.gz',
  'adsb/traffic-samples/noisy_ground.json.gz',
  'adsb/traffic-samples/noisy_landing.json.gz',
  'adsb/traffic-samples/noisy_takeoff.json.gz',
  'adsb/traffic-samples/noisy_time_issue.json.gz',
  'adsb/traffic-samples/savan.json.gz',
];

for (const file of BATCH_FILES) {
  test(`${file}: replayed as SBS and watched = batch ingest, leg for leg`, async (t) => {
    const path = sharedData(t, file);
    if (!path) return;
    const batch = await openProject(':memory:');
    const live = await openProject(':memory:');
    try {
      await ingestFile(batch, path);
      const expected = await comparableLegs(batch);
      await watchReplay(live, { kind: 'sbs', items: batchFileAsSbs(path).items }, (port) => `sbs://127.0.0.1:${port}`);
      const got = await comparableLegs(live);
      assert.ok(expected.length > 0, 'the fixture has legs');
      assert.deepEqual(got, expected);
      // Stored like batch legs: in flight_legs with live evidence.
      const n = await live.scalar<number>('SELECT count(*) FROM live_leg_evidence');
      assert.equal(Number(n), expected.length);
      const linked = await live.scalar<number>('SELECT count(*) FROM adsb_legs WHERE flight_leg_id IS NOT NULL');
      assert.equal(Number(linked), expected.length);
    } finally {
      batch.close();
      live.close();
    }
  });
}

/** Legs of the batch trajectory step over a recording's messages, stored as ingest stores legs. */
async function batchLegsOf(updates: PositionUpdate[]): Promise<string[]> {
  const store = await openProject(':memory:');
  try {
    const analysis = analyse(updatesToColumns(updates));
    const sourceId = await startSource(store, { path: 'batch', sha256: 'batch', bytes: 0, kind: 'test', tables: [], synthetic: false });
    await insertAdsbLegs(store, sourceId, analysis.legs.map((leg, k) => ({ legId: k + 1, leg })));
    return await comparableLegs(store);
  } finally {
    store.close();
  }
}

const START = Date.UTC(2018, 3, 3, 12, 0, 0) / 1000;

const LIVE = [
  {
    file: 'adsb/live/beast-capture-2018-04-03.bin', kind: 'beast' as const,
    updates: (p: string) => Promise.resolve(readBeastFile(p, { startTimeS: START }).updates),
    url: (port: number) => `beast://127.0.0.1:${port}?start=${START}`,
  },
  {
    file: 'adsb/live/beast-capture-2018-04-03.sbs', kind: 'sbs' as const,
    updates: (p: string) => Promise.resolve(readSbsFile(p).updates),
    url: (port: number) => `sbs://127.0.0.1:${port}`,
  },
  {
    file: 'adsb/live/readsb-stream-1h-2023-08-29.jsonl', kind: 'aircraft.json' as const,
    updates: async (p: string) => { const u: PositionUpdate[] = []; await readJsonLinesFile(p, (x) => u.push(x)); return u; },
    url: (port: number) => `http://127.0.0.1:${port}/data/aircraft.json#interval=0`,
  },
];

// A day of one adsb.lol tile (44,120 points in about as many snapshots) is too many HTTP polls for a
// short test: its messages, made points, are replayed as SBS lines (the aircraft.json path is the
// one-hour stream above).
test('adsb/live/adsblol-stream-2025-06-01-tile36-122.jsonl.gz: its points replayed as SBS and watched = the batch trajectory step', async (t) => {
  const path = sharedData(t, 'adsb/live/adsblol-stream-2025-06-01-tile36-122.jsonl.gz');
  if (!path) return;
  const updates: PositionUpdate[] = [];
  await readJsonLinesFile(path, (x) => updates.push(x));
  const expected = await batchLegsOf(updates);
  const live = await openProject(':memory:');
  try {
    await watchReplay(live, { kind: 'sbs', items: columnsAsSbs(updatesToColumns(updates)) }, (port) => `sbs://127.0.0.1:${port}`);
    assert.deepEqual(await comparableLegs(live), expected);
    t.diagnostic(`${expected.length} legs`);
  } finally {
    live.close();
  }
});

for (const c of LIVE) {
  test(`${c.file}: replayed as ${c.kind} and watched = the batch trajectory step over its messages`, async (t) => {
    const path = sharedData(t, c.file);
    if (!path) return;
    const expected = await batchLegsOf(await c.updates(path));
    const live = await openProject(':memory:');
    try {
      await watchReplay(live, loadRecording(path, c.kind), c.url, { replay: c.kind === 'aircraft.json' ? { pace: 'request' } : {} });
      const got = await comparableLegs(live);
      assert.deepEqual(got, expected);
      t.diagnostic(`${expected.length} legs`);
    } finally {
      live.close();
    }
  });
}

test('a recording ingested, then the same flights watched live: one leg each, with both sources as evidence', async (t) => {
  const path = sharedData(t, 'adsb/readsb/trace_full_ac671b.json');
  if (!path) return;
  const store = await openProject(':memory:');
  try {
    await ingestFile(store, path);
    const known = 'l.departure_airport IS NOT NULL AND l.arrival_airport IS NOT NULL';
    const before = Number(await store.scalar(`SELECT count(*) FROM flight_legs l WHERE ${known}`));
    await watchReplay(store, { kind: 'sbs', items: batchFileAsSbs(path).items }, (port) => `sbs://127.0.0.1:${port}`);
    const after = Number(await store.scalar(`SELECT count(*) FROM flight_legs l WHERE ${known}`));
    assert.ok(before >= 3);
    assert.equal(after, before, 'no second leg for a flight seen live');
    const evidence = await store.all<{ kinds: string }>(`SELECT string_agg(DISTINCT s.kind, ',' ORDER BY s.kind) AS kinds FROM flight_legs l
      JOIN flight_evidence e USING (leg_id) JOIN sources s ON s.source_id = e.source_id WHERE ${known} GROUP BY l.leg_id`);
    assert.deepEqual(evidence.map((r) => r.kinds), Array(before).fill('live-feed,readsb-trace'));
  } finally {
    store.close();
  }
});
