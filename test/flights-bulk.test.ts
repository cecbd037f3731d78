/**
 * The set-based flight store (src/flights/legs-store.ts, flight-classes.ts, flights-bulk.ts): batches
 * rebuild only the missions from the last one before the batch, so the result must be what a full
 * rebuild of every leg gives (`reclassifyAircraft(store, 'all')`, the independent route here), in
 * whatever order and batches the legs arrive. And text survives the bulk path as written.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Store } from '../src/engine/db.ts';
import { insertFlightLegs } from '../src/flights/legs-store.ts';
import { reclassifyAircraft } from '../src/flights/classes-store.ts';
import { ColumnRows, readColumns } from '../src/engine/column-rows.ts';
import type { FlightLegInput } from '../src/domain/flights.ts';
import { isoFromMs } from '../src/domain/flights.ts';
import { Random } from '../src/synthetic/random.ts';
import { openProject } from '../src/app/project.ts';

const AIRPORTS = ['KAEX', 'KBRO', 'KHRL', 'KELP', 'KSAT', 'MGGT', 'MHLM', 'KMIA', 'MUHA'];

/** Legs of six aircraft over ten days that chain into missions (each leg leaves where the last landed), with repeats, untimed legs and a leg without a tail. */
function syntheticLegs(seed: number): FlightLegInput[] {
  const random = new Random(seed);
  const legs: FlightLegInput[] = [];
  for (let a = 0; a < 6; a++) {
    let at = Date.parse('2025-03-01T06:00:00Z') + a * 3600_000;
    let from = AIRPORTS[a % AIRPORTS.length];
    for (let k = 0; k < 25; k++) {
      at += random.int(1, 20) * 3600_000; // gaps of 1–20 h: some continue a mission, some end it
      const to = random.pick(AIRPORTS.filter((x) => x !== from));
      const timed = random.chance(0.8);
      const leg: FlightLegInput = {
        sourceKind: random.chance(0.5) ? 'adsb' : 'radarbox', sourceRow: legs.length + 1, departureDate: isoFromMs(at).slice(0, 10),
        departureTimeUtc: timed ? isoFromMs(at) : null, arrivalTimeUtc: timed ? isoFromMs(at + 2 * 3600_000) : null,
        registration: `N${100 + a}SY`, callsign: random.chance(0.5) ? `TYSON${10 + a}` : null, flightNumber: random.chance(0.3) ? `WQ${3500 + k}` : null,
        departure: { icao: from }, arrival: { icao: to }, evidence: { note: `synthetic ${a}/${k}` },
        passengersOn: random.chance(0.3) ? [{ count: random.int(0, 90), method: 'counted' }] : undefined,
      };
      legs.push(leg);
      if (random.chance(0.15)) legs.push({ ...leg, sourceKind: 'observer', sourceRow: legs.length + 1, departureTimeUtc: timed ? isoFromMs(at + 20 * 60_000) : null, evidence: { note: 'seen again' } });
      from = to;
    }
  }
  legs.push({ sourceKind: 'adsb', sourceRow: null, departureDate: '2025-03-04', departure: { icao: 'KAEX' }, arrival: { icao: 'MGGT' }, evidence: { note: 'no tail, hex or flight' } });
  return legs;
}

async function dump(store: Store) {
  return {
    legs: await store.all('SELECT * FROM flight_legs ORDER BY leg_id'),
    missions: await store.all('SELECT * FROM flight_missions ORDER BY mission_id'),
    evidence: Number(await store.scalar('SELECT count(*) FROM flight_evidence')),
  };
}

test('batches in any order give the missions and classes a full rebuild gives', async () => {
  for (const seed of [1, 2, 3]) {
    const random = new Random(100 + seed);
    const legs = syntheticLegs(seed);
    // Shuffle, then cut into five batches: later batches add legs before, between and after earlier ones.
    for (let i = legs.length - 1; i > 0; i--) { const j = random.int(0, i); [legs[i], legs[j]] = [legs[j], legs[i]]; }
    const store = await openProject(':memory:');
    try {
      await store.run(`INSERT INTO sources (path, file_name, sha256, bytes, kind, target_table, started_at) VALUES ('t', 't', 't', 1, 'test', 'flight_legs', now())`);
      let merged = 0;
      for (let b = 0; b < 5; b++) {
        const batch = legs.slice(Math.floor((b * legs.length) / 5), Math.floor(((b + 1) * legs.length) / 5));
        merged += (await store.transaction(() => insertFlightLegs(store, 1, batch))).legsMerged;
      }
      assert.ok(merged > 0, 'some reports repeat a leg');
      const incremental = await dump(store);
      assert.equal(incremental.evidence, legs.length, 'every report is evidence');
      assert.ok(incremental.missions.length > 10 && incremental.missions.length < incremental.legs.length, 'legs chain into missions');
      assert.ok(incremental.legs.every((l) => l.mission_id != null), 'every leg has its mission');
      await store.transaction(() => reclassifyAircraft(store, 'all'));
      assert.deepEqual(incremental, await dump(store), `seed ${seed}`);
    } finally {
      store.close();
    }
  }
});

test('bulk rows keep text, numbers, times, booleans and NULLs as given', async () => {
  const store = await openProject(':memory:');
  try {
    await store.run('CREATE TABLE t (id BIGINT, n INTEGER, ts TIMESTAMP, ok BOOLEAN, d DATE, word VARCHAR, note VARCHAR)');
    const rows = new ColumnRows([['id', 'BIGINT'], ['n', 'INTEGER'], ['ts', 'EPOCH_MS'], ['ok', 'BOOLEAN'], ['d', 'DATE'], ['word', 'DICT'], ['note', 'VARCHAR']]);
    const values = [
      [9007199254740991, 0, Date.parse('2025-06-01T12:34:56.789Z'), true, '2025-06-01', 'Guatemala City(GUA/MGGT)', 'a "quoted", comma\nand a new line'],
      [2, null, NaN, false, null, 'Guatemala City(GUA/MGGT)', ''],
      [null, 7, null, null, '1999-12-31', null, 'Ñandú – ü'],
    ] as const;
    for (let i = 0; i < 3000; i++) rows.add(values[i % 3] as never); // more than one 2,048-row chunk
    assert.equal(await rows.insertInto(store, 't'), 3000);
    const got = await store.all(`SELECT id, n, strftime(ts, '%Y-%m-%dT%H:%M:%S.%g') AS ts, ok, CAST(d AS VARCHAR) AS d, word, note FROM t LIMIT 3`);
    assert.deepEqual(got, [
      { id: 9007199254740991, n: 0, ts: '2025-06-01T12:34:56.789', ok: true, d: '2025-06-01', word: 'Guatemala City(GUA/MGGT)', note: 'a "quoted", comma\nand a new line' },
      { id: 2, n: null, ts: null, ok: false, d: null, word: 'Guatemala City(GUA/MGGT)', note: null },
      { id: null, n: 7, ts: null, ok: null, d: '1999-12-31', word: null, note: 'Ñandú – ü' },
    ]);
    const { n, columns } = await readColumns(store, 'SELECT id, note FROM t WHERE id = 2 OR note LIKE \'Ñ%\' LIMIT 2', ['id', 'note']);
    assert.equal(n, 2);
    assert.deepEqual(new Set(columns.note), new Set([null, 'Ñandú – ü']));
  } finally {
    store.close();
  }
});
