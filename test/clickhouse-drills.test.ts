/**
 * Failure drills on the two-shard loopback cluster: an ingest process killed with SIGKILL in the middle
 * of a file, and a shard stopped in the middle of a query and of an ingest. Each must end in a clear
 * error, and after a re-run nothing of the interrupted attempt remains: the counts are exactly one
 * complete ingest's.
 */
import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { openClickHouseProject } from '../src/app/clickhouse-project.ts';
import { ingestReadsbClickHouse } from '../src/sources/readsb/clickhouse.ts';
import { writeSyntheticReadsbDay, type SyntheticManifest } from '../src/synthetic/adsb.ts';
import { clusterFor, type Cluster } from './helpers/clickhouse.ts';
import { scratchDirSync } from './helpers/store.ts';

let cluster: Cluster | null = null;
let skipReason: string | null = null;
let tar = '';
let manifest: SyntheticManifest;
let second = '';
let secondManifest: SyntheticManifest;

before(async () => {
  cluster = await clusterFor({ skip: (why: string) => { skipReason = why; } } as never);
  if (!cluster) return;
  tar = join(scratchDirSync('dw-ch-drills-'), 'synthetic-readsb-drill.tar');
  manifest = await writeSyntheticReadsbDay(tar, { aircraft: 400, pointsPerAircraft: 600, seed: 5, date: '2025-06-03', threads: 1 });
  second = join(scratchDirSync('dw-ch-drills-'), 'synthetic-readsb-drill-2.tar');
  secondManifest = await writeSyntheticReadsbDay(second, { aircraft: 100, pointsPerAircraft: 600, seed: 6, date: '2025-06-04', threads: 1 });
});
after(async () => { await cluster?.stop(); });

/** Runs the ingest in a child process that kills itself (SIGKILL) once `afterRows` positions are stored. */
function ingestAndDie(url: string, path: string, afterRows: number): Promise<{ signal: string | null; stdout: string }> {
  const code = `
    import { openClickHouseProject } from ${JSON.stringify(new URL('../src/app/clickhouse-project.ts', import.meta.url).href)};
    import { ingestReadsbClickHouse } from ${JSON.stringify(new URL('../src/sources/readsb/clickhouse.ts', import.meta.url).href)};
    const engine = await openClickHouseProject(${JSON.stringify(url)});
    await ingestReadsbClickHouse(engine, ${JSON.stringify(path)}, { workers: 0, progress(rows) { if (rows >= ${afterRows}) { console.log('killing at', rows); process.kill(process.pid, 'SIGKILL'); } } });
    console.log('finished without being killed');`;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (b) => { stdout += b; });
    child.on('exit', (_code, signal) => resolve({ signal, stdout }));
  });
}

test('kill -9 of the ingest mid-file: rows of the attempt are not a source; the re-run removes them and stores the file once', async (t) => {
  if (!cluster) { t.skip(skipReason ?? 'no ClickHouse cluster'); return; }
  const url = cluster.url('drill_kill');
  const died = await ingestAndDie(url, tar, Math.floor(manifest.points / 3));
  assert.equal(died.signal, 'SIGKILL', died.stdout);
  const engine = await openClickHouseProject(url);
  t.after(() => engine.closeAsync());
  const half = Number(await engine.scalar('SELECT count() FROM positions'));
  assert.ok(half > 0 && half < manifest.points, `the killed attempt left ${half} of ${manifest.points} positions`);
  assert.equal(Number(await engine.scalar('SELECT count() FROM sources')), 0, 'no sources row: the file is not counted as stored');
  const rerun = await ingestReadsbClickHouse(engine, tar);
  assert.deepEqual(rerun.cleanedUp, [1]);
  assert.equal(rerun.rowsStored, manifest.points);
  assert.equal(Number(await engine.scalar('SELECT count() FROM positions')), manifest.points);
  assert.equal(Number(await engine.scalar('SELECT count() FROM positions WHERE source_id = 1')), 0);
  const legs = Number(await engine.scalar('SELECT count() FROM adsb_legs'));
  assert.equal(legs, rerun.legs);
  assert.equal(Number(await engine.scalar('SELECT count() FROM (SELECT icao24, departure_time_us FROM adsb_legs GROUP BY icao24, departure_time_us HAVING count() > 1)')), 0, 'no leg twice');
  assert.equal((await ingestReadsbClickHouse(engine, tar)).alreadyIngested, true);
});

test('a shard stopped mid-query: a clear error, not a partial answer; after a restart the same query answers in full', async (t) => {
  if (!cluster) { t.skip(skipReason ?? 'no ClickHouse cluster'); return; }
  const engine = await openClickHouseProject(cluster.url('drill_shard'));
  t.after(() => engine.closeAsync());
  await ingestReadsbClickHouse(engine, tar);
  const full = Number(await engine.scalar('SELECT count() FROM positions'));
  assert.equal(full, manifest.points);
  // A query that takes a few seconds on each shard (sleep per block), then shard 2 is killed under it.
  const slow = engine.scalar('SELECT count() FROM positions WHERE sleep(1) = 0 OR 1');
  await new Promise((r) => setTimeout(r, 400));
  cluster.killShard(1);
  await assert.rejects(slow, (e: Error) => { t.diagnostic(`mid-query: ${e.message.split('\n')[0]}`); return /shard of the ClickHouse cluster did not answer|unreachable/.test(e.message); });
  // While it is down: the Distributed table refuses rather than counting one shard.
  await assert.rejects(engine.scalar('SELECT count() FROM positions'), (e: Error) => /shard of the ClickHouse cluster did not answer/.test(e.message));
  // An ingest while it is down fails clearly, and its rows on the live shard do not count.
  await assert.rejects(ingestReadsbClickHouse(engine, second, { workers: 0 }), (e: Error) => { t.diagnostic(`ingest: ${e.message.split('\n')[0]}`); return /shard of the ClickHouse cluster did not answer|unreachable/.test(e.message); });
  await cluster.restartShard(1);
  assert.equal(Number(await engine.scalar('SELECT count() FROM positions')), full);
  assert.equal(Number(await engine.scalar('SELECT count() FROM sources')), 1);
  // Re-run with both shards up: the failed attempt's rows are removed, the file stored once.
  const rerun = await ingestReadsbClickHouse(engine, second);
  assert.equal(rerun.cleanedUp.length, 1);
  assert.equal(Number(await engine.scalar('SELECT count() FROM positions')), full + secondManifest.points);
});
