/**
 * A SYNTHETIC day in adsb.lol's layout (src/synthetic/adsb.ts) through the worker-thread path: the
 * generator knows every leg it flew, so the engine must find exactly those, with their airports; the
 * demo's deportation flights come out as removals to Guatemala through the callsign rules; and the
 * SQL twin of the rules (bench/adsb-sql.ts) finds the same number of legs as the kernel.
 */
import { scratchDirSync } from './helpers/store.ts';
import test from 'node:test';
import assert from 'node:assert/strict';

import { join } from 'node:path';
import { ingestFile } from '../src/ingest/ingest.ts';
import { parseTrace } from '../src/sources/readsb/parse.ts';
import { listTar, readMember } from '../src/sources/readsb/tar.ts';
import { maybeGunzip } from '../src/sources/common/json-document.ts';
import { countLegsSql, createSegmentationTable } from '../bench/adsb-sql.ts';
import { ColumnarAppender } from '../src/engine/columnar-appender.ts';
import { Store } from '../src/engine/db.ts';
import { demoDeportationAircraft, writeSyntheticReadsbDay } from '../src/synthetic/adsb.ts';
import { analyse } from '../src/trajectory/analyse.ts';
import { PositionBuilder } from '../src/trajectory/columns.ts';
import { openProject } from '../src/app/project.ts';

const DATE = '2025-06-02';

test('a synthetic day: every leg the generator flew is found, with its airports, through the worker threads', async () => {
  const dir = scratchDirSync('dw-synth-');
  const path = join(dir, 'synthetic-day.tar');
  // 80 aircraft: above the 64-member threshold, so the archive goes through the worker pool.
  const manifest = await writeSyntheticReadsbDay(path, { aircraft: 80, pointsPerAircraft: 600, seed: 7, date: DATE, extra: demoDeportationAircraft(DATE), threads: 1 });
  const store = await openProject(':memory:');
  try {
    const s = await ingestFile(store, path);
    assert.equal(s.kind, 'readsb-trace');
    assert.equal(s.rowsStored, manifest.points);
    assert.ok(s.notes.some((n) => /worker threads/.test(n)), s.notes.join('; '));
    assert.equal(Number(await store.scalar('SELECT count(*) FROM adsb_legs')), manifest.legs);
    // Every synthetic leg starts and ends with taxi points: both airports come from ground points.
    assert.equal(Number(await store.scalar("SELECT count(*) FROM adsb_legs WHERE departure_basis <> 'ground' OR arrival_basis <> 'ground'")), 0);
    // The deportation flights: ICE callsigns, to and from Guatemala City, classified by the flight model.
    const ice = await store.all<{ icao24: string; route: string; callsign: string; category: string }>(
      `SELECT l.icao24, l.departure_airport || '-' || l.arrival_airport AS route, f.callsign, f.category
       FROM adsb_legs l JOIN flight_legs f ON f.leg_id = l.flight_leg_id WHERE l.icao24 LIKE '3fff%' ORDER BY l.icao24, l.departure_time`);
    assert.deepEqual(ice.map((r) => `${r.icao24} ${r.callsign} ${r.route} ${r.category}`), [
      '3fff01 TYSON91 KAEX-MGGT removal',
      '3fff01 TYSON91 MGGT-KAEX return',
      '3fff02 GXA6901 KIWA-KHRL domestic_transfer',
      '3fff02 TYSON92 KHRL-MGGT removal',
      '3fff02 TYSON92 MGGT-KHRL return',
      '3fff03 TYSON93 KELP-MGGT removal',
    ]);
  } finally {
    store.close();
  }

  // The SQL twin of the segmentation rules finds the same legs on the same positions.
  const builder = new PositionBuilder();
  for (const m of await listTar(path)) parseTrace(maybeGunzip(await readMember(path, m)), builder, () => undefined);
  const a = analyse(builder.finish());
  const c = a.columns;
  const sql = await openProject(':memory:');
  try {
    await createSegmentationTable(sql, 'seg');
    const app = await ColumnarAppender.open(sql, 'seg');
    app.append([{ kind: 'i32', values: c.aircraft }, { kind: 'f64', values: c.timeS }, { kind: 'f64', values: c.latDeg }, { kind: 'f64', values: c.lonDeg },
      { kind: 'f32', values: c.altFt, nanIsNull: true }, { kind: 'f32', values: c.gsKt, nanIsNull: true }, { kind: 'u8', values: c.flags }], 0, c.length);
    app.close();
    assert.equal(await countLegsSql(sql, 'seg'), a.legs.length);
    assert.equal(a.legs.length, manifest.legs);
  } finally {
    sql.close();
  }
});
