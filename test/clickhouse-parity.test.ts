/**
 * DuckDB and ClickHouse side by side on the same files: the real readsb trace (N899DN, 2,500 elements)
 * and a synthetic day archive of 80 aircraft plus the demo's deportation flights, ingested into a
 * DuckDB file and into a real two-shard ClickHouse cluster on loopback (test/helpers/clickhouse.ts).
 * Legs must be identical, column by column; positions identical row by row (by checksums over every
 * column and per leg); counts, idempotency and the spread over shards as stated.
 */
import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openProject } from '../src/app/project.ts';
import { openClickHouseProject } from '../src/app/clickhouse-project.ts';
import { ingestFile } from '../src/ingest/ingest.ts';
import { ingestReadsbClickHouse, ingestReadsbStreamClickHouse } from '../src/sources/readsb/clickhouse.ts';
import { createReadStream, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import type { ClickHouseEngine } from '../src/engine/clickhouse/engine.ts';
import { localName } from '../src/engine/clickhouse/schema.ts';
import { ClickHouseSandbox } from '../src/engine/clickhouse/sandbox.ts';
import type { Store } from '../src/engine/db.ts';
import { demoDeportationAircraft, writeSyntheticReadsbDay } from '../src/synthetic/adsb.ts';
import { clusterFor, type Cluster } from './helpers/clickhouse.ts';
import { sharedData } from './helpers/shared-data.ts';
import { scratchDirSync } from './helpers/store.ts';

let cluster: Cluster | null = null;
let skipReason: string | null = null;

before(async () => {
  const fake = { skip: (why: string) => { skipReason = why; } } as never;
  cluster = await clusterFor(fake);
});
after(async () => { await cluster?.stop(); });

/** Every leg column both engines have, times as epoch microseconds, floats rounded to 1e-9. */
const LEG_COLUMNS = ['icao24', 'registration', 'aircraft_type', 'callsigns', 'duration_s', 'start_lat_deg', 'start_lon_deg', 'start_alt_ft',
  'end_lat_deg', 'end_lon_deg', 'end_alt_ft', 'departure_airport', 'departure_basis', 'departure_confidence', 'departure_distance_km',
  'departure_height_ft', 'departure_candidates', 'departure_note', 'arrival_airport', 'arrival_basis', 'arrival_confidence', 'arrival_distance_km',
  'arrival_height_ft', 'arrival_candidates', 'arrival_note', 'start_reason', 'end_reason', 'distance_km', 'path_km', 'max_alt_ft', 'points',
  'duplicates', 'bad_positions', 'bad_altitudes', 'phase_noise', 'reordered', 'gaps', 'longest_gap_s', 'quality_flags', 'low_passes',
  'first_row', 'last_row', 'replay_link'];

function norm(rows: Record<string, unknown>[]): string[] {
  return rows.map((r) => JSON.stringify(Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'number' && !Number.isInteger(v) ? Math.round(v * 1e9) / 1e9 : v ?? null]))));
}

async function duckLegs(store: Store): Promise<string[]> {
  return norm(await store.all(`SELECT epoch_us(departure_time) AS departure_time_us, epoch_us(arrival_time) AS arrival_time_us, ${LEG_COLUMNS.join(', ')}
    FROM adsb_legs ORDER BY icao24, departure_time_us`));
}
async function chLegs(engine: ClickHouseEngine): Promise<string[]> {
  return norm(await engine.all(`SELECT departure_time_us, arrival_time_us, ${LEG_COLUMNS.join(', ')} FROM adsb_legs ORDER BY icao24, departure_time_us`));
}

/** Per leg (by airframe and departure; on ClickHouse a co-located join: an airframe's legs and positions share a shard) and outside legs: counts and sums over every position column. */
const POSITION_SUMS = ['count(*) AS n', 'sum(lat_e6) AS lat', 'sum(lon_e6) AS lon', 'sum(alt_ft) AS alt', 'count(alt_ft) AS alt_n', 'sum(gs_dkt) AS gs',
  'sum(track_ddeg) AS trk', 'sum(vrate_fpm) AS vr', 'sum(flags) AS flags', 'sum(quality) AS q', 'sum(source_row) AS srow', 'min(source_row) AS r0', 'max(source_row) AS r1'];
async function duckPositions(store: Store): Promise<string[]> {
  return norm(await store.all(`SELECT p.icao24 AS icao24, coalesce(epoch_us(l.departure_time), -1) AS dep, sum(epoch_us(p.time)) AS t,
      ${POSITION_SUMS.map((s) => s.replace(/\((?!\*)/, '(p.')).join(', ')}
    FROM positions p LEFT JOIN adsb_legs l ON l.leg_id = p.leg_id GROUP BY ALL ORDER BY 1, 2`).then((rows) => rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null ? null : Number(v)])))));
}
async function chPositions(engine: ClickHouseEngine): Promise<string[]> {
  return norm(await engine.all(`SELECT p.icao24 AS icao24, if(isNull(p.leg_id), -1, l.departure_time_us) AS dep, sum(p.time_us) AS t,
      ${POSITION_SUMS.map((s) => s.replace(/\((?!\*)/, '(p.')).join(', ')}
    FROM positions AS p ANY LEFT JOIN (SELECT leg_id, departure_time_us FROM ${engine.address.database}.${localName(engine, 'adsb_legs')}) AS l USING (leg_id)
    GROUP BY p.icao24, dep ORDER BY icao24, dep`).then((rows) => rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null ? null : Number(v)])))));
}

async function sideBySide(t: import('node:test').TestContext, path: string, database: string) {
  if (!cluster) { t.skip(skipReason ?? 'no ClickHouse cluster'); return null; }
  const store = await openProject(':memory:');
  t.after(() => store.close());
  const engine = await openClickHouseProject(cluster.url(database));
  t.after(() => engine.closeAsync());
  const duck = await ingestFile(store, path);
  const ch = await ingestReadsbClickHouse(engine, path);
  return { store, engine, duck, ch };
}

test('real readsb trace (N899DN): the same 2,500 positions and the same four legs on DuckDB and on two ClickHouse shards', async (t) => {
  const path = sharedData(t, 'adsb/readsb/trace_full_ac671b.json');
  if (!path) return;
  const s = await sideBySide(t, path, 'parity_real');
  if (!s) return;
  assert.deepEqual([s.ch.rowsRead, s.ch.rowsStored, s.ch.rowsQuarantined], [s.duck.rowsRead, s.duck.rowsStored, s.duck.rowsQuarantined]);
  assert.equal(s.ch.rowsStored, 2500);
  const legs = await chLegs(s.engine);
  assert.equal(legs.length, 4);
  assert.deepEqual(legs, await duckLegs(s.store));
  assert.deepEqual(await chPositions(s.engine), await duckPositions(s.store));
  const callsigns = await s.engine.all<{ callsign: string }>('SELECT callsign FROM position_callsigns ORDER BY time_us');
  assert.deepEqual(callsigns.map((r) => r.callsign), (await s.store.all<{ callsign: string }>('SELECT callsign FROM position_callsigns ORDER BY time')).map((r) => r.callsign));
  // Idempotent per file: the same file again stores nothing.
  const again = await ingestReadsbClickHouse(s.engine, path);
  assert.equal(again.alreadyIngested, true);
  assert.equal(Number(await s.engine.scalar('SELECT count() FROM positions')), 2500);
  assert.equal(Number(await s.engine.scalar('SELECT count() FROM sources')), 1);
});

test('synthetic day archive (tar, worker threads on both engines; then as a stream): identical legs and positions; airframes spread over both shards', async (t) => {
  if (!cluster) { t.skip(skipReason ?? 'no ClickHouse cluster'); return; }
  const dir = scratchDirSync('dw-ch-parity-');
  const date = '2025-06-02';
  const path = join(dir, 'synthetic-readsb-day.tar');
  const manifest = await writeSyntheticReadsbDay(path, { aircraft: 120, pointsPerAircraft: 600, seed: 11, date, extra: demoDeportationAircraft(date), threads: 1 });
  const s = await sideBySide(t, path, 'parity_day');
  if (!s) return;
  assert.equal(s.ch.rowsStored, manifest.points);
  assert.deepEqual([s.ch.rowsRead, s.ch.rowsStored, s.ch.rowsQuarantined], [s.duck.rowsRead, s.duck.rowsStored, s.duck.rowsQuarantined]);
  const legs = await chLegs(s.engine);
  assert.ok(legs.length >= manifest.legs * 0.9, `${legs.length} legs for ${manifest.legs} flown`);
  assert.deepEqual(legs, await duckLegs(s.store));
  assert.deepEqual(await chPositions(s.engine), await duckPositions(s.store));
  // Each shard holds whole airframes: positions and legs of an airframe on one shard, both shards used.
  const perShard = await Promise.all(cluster.shards.map((_, i) => s.engine.allOnShard<{ n: number; a: number }>(i, 'SELECT count() AS n, uniqExact(icao24) AS a FROM positions_local')));
  assert.ok(perShard.every((r) => Number(r[0].n) > 0), JSON.stringify(perShard));
  assert.equal(perShard.reduce((sum, r) => sum + Number(r[0].n), 0), manifest.points);
  for (const [i] of cluster.shards.entries()) {
    const stray: { n: number }[] = await s.engine.allOnShard<{ n: number }>(i, `SELECT count() AS n FROM positions_local WHERE icao24 % ${cluster.shards.length} != ${i}`);
    assert.equal(Number(stray[0].n), 0);
  }
  // The same archive as a stream (a pipe, never on disk as members): the same legs and positions.
  const streamed = await openClickHouseProject(cluster.url('parity_stream'));
  t.after(() => streamed.closeAsync());
  const viaStream = await ingestReadsbStreamClickHouse(streamed, createReadStream(path, { highWaterMark: 7777 }), 'stdin');
  assert.equal(viaStream.rowsStored, manifest.points);
  assert.deepEqual(await chLegs(streamed), legs);
  assert.deepEqual(await chPositions(streamed), await chPositions(s.engine));
  assert.equal(Number(await streamed.scalar('SELECT count() FROM sources WHERE sha256 = $1', [createHash('sha256').update(readFileSync(path)).digest('hex')])), 1);
  // Streamed again: recognised at the end by its SHA-256, its rows removed, nothing counted twice.
  const again = await ingestReadsbStreamClickHouse(streamed, createReadStream(path), 'stdin');
  assert.equal(again.alreadyIngested, true);
  assert.equal(Number(await streamed.scalar('SELECT count() FROM positions')), manifest.points);
});

test('user SQL runs as the readonly profile: SELECT across both shards; no writes, DDL, SET or table functions; time limit', async (t) => {
  if (!cluster) { t.skip(skipReason ?? 'no ClickHouse cluster'); return; }
  const path = sharedData(t, 'adsb/readsb/trace_full_ac671b.json');
  if (!path) return;
  const engine = await openClickHouseProject(cluster.url('sandbox'));
  t.after(() => engine.closeAsync());
  await ingestReadsbClickHouse(engine, path);
  const sandbox = ClickHouseSandbox.open(cluster.url('sandbox'));
  t.after(() => sandbox.close());
  const limits = { maxRows: 1000, timeoutMs: 20_000 };
  const r = await sandbox.query('SELECT count() AS n, max(alt_ft) AS top FROM positions;', limits);
  assert.deepEqual(r.rows, [{ n: 2500, top: Number(await engine.scalar('SELECT max(alt_ft) FROM positions')) }]);
  const cut = await sandbox.query('SELECT time_us FROM positions ORDER BY time_us', { maxRows: 10, timeoutMs: 20_000 });
  assert.equal(cut.rows.length, 10);
  assert.equal(cut.truncated, true);
  const refused: [string, RegExp][] = [
    ["INSERT INTO positions_local (source_id) VALUES (1)", /only one SELECT|read-only/],
    ['DROP TABLE adsb_legs_local', /only one SELECT|read-only/],
    ['SELECT 1; SELECT 2', /exactly one/],
    ["SELECT * FROM file('/etc/passwd', 'CSV', 'line String')", /Table functions are forbidden in readonly mode/],
    ["SELECT * FROM url('http://127.0.0.1:1/', 'CSV', 'line String')", /Table functions are forbidden in readonly mode/],
    [`SELECT * FROM remote('127.0.0.1:${cluster.shards[1].tcpPort}', system.one)`, /Table functions are forbidden in readonly mode/],
  ];
  for (const [sql, expected] of refused) {
    await assert.rejects(sandbox.query(sql, limits), (e: Error) => expected.test(e.message), sql);
  }
  // The server's own limit (readonly profile: max_execution_time) stops a long query; the user cannot raise it.
  await assert.rejects(sandbox.query('SELECT count() FROM (SELECT number FROM system.numbers LIMIT 100000000000) WHERE sipHash64(number) = 0', limits),
    (e: Error) => /time limit/.test(e.message));
  assert.equal(Number(await engine.scalar('SELECT count() FROM positions')), 2500);
});
