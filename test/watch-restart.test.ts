/**
 * Restarts lose nothing: `deportwatch watch` is killed with SIGKILL while a watched aircraft is in the
 * air (a readsb trace replayed as SBS), started again on the same database, and the flight completes
 * once — the same legs as batch ingest, the interruption recorded on the leg it touched — with no
 * alert sent twice. Then the feed-drop drill: the replay drops the connection mid-line; the watcher
 * reconnects with backoff, counts the cut line, and records the gap on the leg.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openProject } from '../src/app/project.ts';
import { ingestFile } from '../src/ingest/ingest.ts';
import { ReplayServer } from '../src/feeds/replay.ts';
import { batchFileAsSbs } from '../src/watch/files.ts';
import { Watcher } from '../src/watch/watcher.ts';
import { jsonLinesSink } from '../src/alerts/sinks.ts';
import { untilIdle } from './helpers/watch.ts';
import { sharedData } from './helpers/shared-data.ts';

const BIN = resolve(import.meta.dirname, '../src/cli/bin.ts');

function watch(db: string, port: number, alerts: string, extra: string[] = []): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', BIN, '--db', db, 'watch', '--feed', `sbs://127.0.0.1:${port}`, '--jsonl', alerts,
    '--watch-hex', 'ac671b', '--checkpoint-s', '0.2', ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
}

const lines = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { key: string; kind: string; event: { at: number } }) : []);

async function until(cond: () => boolean, ms: number): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('SIGKILL mid-flight, restart: the flight completes once, no duplicate alert, the restart gap on the leg', async (t) => {
  const path = sharedData(t, 'adsb/readsb/trace_full_ac671b.json');
  if (!path) return;
  const dir = mkdtempSync(join(tmpdir(), 'dw-restart-'));
  const db = join(dir, 'watch.duckdb'), alerts = join(dir, 'alerts.jsonl');
  // 22.7 hours of trace in about 40 s.
  const items = batchFileAsSbs(path).items;
  const server = new ReplayServer({ kind: 'sbs', items }, { speed: 2000 });
  const port = await server.listen();
  try {
    const first = watch(db, port, alerts);
    const exited = new Promise((r) => first.once('exit', r));
    // Airborne: the departure alert of the second leg (the first leg starts in the air) is out.
    await until(() => lines(alerts).some((a) => a.kind === 'departed'), 60_000);
    // In cruise (about 50 minutes after the take-off at 2,000×), the last checkpoint at most 0.2 s (400 s of flight) old.
    await new Promise((r) => setTimeout(r, 1500));
    first.kill('SIGKILL');
    await exited;
    const before = lines(alerts).length;
    const second = watch(db, port, alerts);
    let err = '';
    second.stderr!.on('data', (c) => { err += c; });
    const exit = new Promise<number | null>((r) => second.once('exit', r));
    await until(() => server.stats.messagesSent === items.length, 120_000);
    await new Promise((r) => setTimeout(r, 1500));
    second.kill('SIGTERM');
    const code = await exit;
    assert.equal(code, 0, err);
    assert.match(err, /resumed from the checkpoint/);

    const store = await openProject(db);
    const batch = await openProject(':memory:');
    try {
      await ingestFile(batch, path);
      const cols = 'icao24, departure_airport, arrival_airport, start_reason, end_reason';
      const expected = await batch.all(`SELECT ${cols} FROM adsb_legs ORDER BY departure_time`);
      const got = await store.all(`SELECT ${cols} FROM adsb_legs ORDER BY departure_time`);
      assert.deepEqual(got, expected, 'each flight once, with the batch airports');
      const restartGaps = await store.all<{ gaps: string }>("SELECT gaps FROM live_leg_evidence WHERE gaps LIKE '%watcher-restart%'");
      assert.equal(restartGaps.length, 1, 'the interruption is recorded on the leg in the air');
      const all = lines(alerts);
      const ids = all.map((a) => `${a.key}@${a.event.at}`);
      assert.equal(new Set(ids).size, ids.length, 'no alert twice');
      assert.ok(all.length > before, 'alerts after the restart');
      assert.equal(all.filter((a) => a.kind === 'departed').length, expected.filter((l) => l.start_reason === 'takeoff').length);
      assert.equal(all.filter((a) => a.kind === 'arrived').length, expected.length);
    } finally {
      store.close();
      batch.close();
    }
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('feed-drop drill: a dropped connection cut mid-line is reconnected with backoff, counted, and the gap is recorded on the leg', async (t) => {
  const path = sharedData(t, 'adsb/readsb/trace_full_ac671b.json');
  if (!path) return;
  const store = await openProject(':memory:');
  const server = new ReplayServer({ kind: 'sbs', items: batchFileAsSbs(path).items }, { speed: Infinity, dropAfterMessages: 1200, cutMidMessage: true });
  const port = await server.listen();
  const watcher = new Watcher({
    store, feeds: [`sbs://127.0.0.1:${port}`], liveDir: null, watchHexes: ['ac671b'],
    sinks: [{ sink: jsonLinesSink('-', () => {}), locale: 'en' }], feedDefaults: { backoff: { initialMs: 100 } },
  });
  try {
    await watcher.start();
    await untilIdle(watcher, 1500);
    await watcher.stop({ endOfRecording: true });
    const s = watcher.status().feeds[0];
    assert.equal(s.reconnects, 1);
    assert.equal(s.errors['sbs-truncated-line'], 1);
    assert.equal(s.errors['connection-dropped'], 1);
    assert.equal(s.gaps.length, 1);
    assert.equal(s.messageGaps.length, 1);
    assert.equal(s.messageGaps[0].reason, 'connection-closed');
    const touched = await store.all<{ gaps: string }>("SELECT gaps FROM live_leg_evidence WHERE gaps LIKE '%connection-closed%'");
    assert.equal(touched.length, 1, 'the one leg in progress at the drop carries the gap');
    assert.equal(Number(await store.scalar('SELECT count(*) FROM adsb_legs')), 4);
  } finally {
    await server.close();
    store.close();
  }
});
