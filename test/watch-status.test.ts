/**
 * Status: `deportwatch watch --status`, `/health.json` and `/live/status.json` show each feed's state,
 * last message, messages per second, gaps and errors by kind; `/live/events` streams the last 24 hours
 * of events as server-sent events. Also bad input: malformed lines and a feed that refuses connections
 * are counted, never fatal.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openProject } from '../src/app/project.ts';
import { batchFileAsSbs } from '../src/watch/files.ts';
import { liveDirFor, Watcher } from '../src/watch/watcher.ts';
import { ReplayServer } from '../src/feeds/replay.ts';
import { untilIdle, watchReplay } from './helpers/watch.ts';
import { openApp } from './helpers/api.ts';
import { sharedData } from './helpers/shared-data.ts';

const BIN = resolve(import.meta.dirname, '../src/cli/bin.ts');

test('watch --status, /health.json, /live/status.json and /live/events after a replayed feed', async (t) => {
  const path = sharedData(t, 'adsb/readsb/trace_full_ac671b.json');
  if (!path) return;
  const dir = mkdtempSync(join(tmpdir(), 'dw-status-'));
  const db = join(dir, 'w.duckdb');
  try {
    const store = await openProject(db);
    try {
      await watchReplay(store, { kind: 'sbs', items: batchFileAsSbs(path).items }, (p) => `sbs://127.0.0.1:${p}`, { watcher: { liveDir: liveDirFor(db), watchHexes: ['ac671b'] } });
    } finally {
      store.close();
    }
    const cli = spawnSync(process.execPath, ['--import', 'tsx', BIN, '--db', db, 'watch', '--status'], { encoding: 'utf8' });
    assert.equal(cli.status, 0, cli.stderr);
    assert.match(cli.stdout, /sbs:\/\/127\.0\.0\.1:\d+: stopped, last message 20\d\d-/);
    assert.match(cli.stdout, /4 legs stored/);
    const api = await openApp(db);
    try {
      const health = JSON.parse((await api.app.inject({ url: '/health.json' })).body) as { watch: { feeds: { name: string; state: string; messages: number; errors: Record<string, number> }[] } };
      assert.equal(health.watch.feeds.length, 1);
      assert.equal(health.watch.feeds[0].state, 'stopped');
      assert.ok(health.watch.feeds[0].messages >= 2500);
      const status = JSON.parse((await api.app.inject({ url: '/live/status.json' })).body) as { legsStored: number };
      assert.equal(status.legsStored, 4);
      const address = await api.app.listen({ port: 0, host: '127.0.0.1' });
      const controller = new AbortController();
      const response = await fetch(`${address}/live/events`, { signal: controller.signal });
      assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
      const reader = response.body!.getReader();
      let text = '';
      while (!/event: arrived[^]*event: arrived[^]*event: arrived[^]*event: arrived/.test(text)) text += new TextDecoder().decode((await reader.read()).value);
      controller.abort();
      assert.match(text, /event: departed\ndata: \{"id":\d+,"key":"departed:ac671b:KMSP"/);
      assert.doesNotMatch(text, /passenger|detainee/i);
    } finally {
      await api.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bad input and a dead feed are counted, not fatal: malformed SBS lines, a clock years ahead, a refused connection', async () => {
  const store = await openProject(':memory:');
  const garbage = ['MSG,3,1,1,ZZZZZZ,1,2025/02/04,10:00:00.000,,,,,,,,,,,,,,', 'not a line at all', 'MSG,3,1,1,AC671B,1,2025/02/04,10:00:00.000,2025/02/04,10:00:00.000,,35000,,,45.0,10.0,,,0,0,0,0',
    'MSG,9,x', 'MSG,3,1,1,AC671B,1,2025/02/04,xx:yy,,,,,,,,,,,,,,',
    // A receiver whose clock is years ahead: counted, not used (it would close other legs early).
    'MSG,3,1,1,A0B0C0,1,2099/01/01,10:00:00.000,2099/01/01,10:00:00.000,,35000,,,45.0,10.0,,,0,0,0,0']
    .map((line, k) => ({ t: k, data: Buffer.from(`${line}\r\n`) }));
  const server = new ReplayServer({ kind: 'sbs', items: garbage }, { speed: Infinity });
  const port = await server.listen();
  // A port that refuses: bound, then closed.
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const dead = (probe.address() as { port: number }).port;
  await new Promise((r) => probe.close(r));
  const watcher = new Watcher({ store, feeds: [`sbs://127.0.0.1:${port}`, `beast://127.0.0.1:${dead}`], liveDir: null, feedDefaults: { backoff: { initialMs: 50, maxMs: 200 } } });
  try {
    await watcher.start();
    await untilIdle(watcher, 800);
    await new Promise((r) => setTimeout(r, 500));
    const [sbs, beast] = watcher.status().feeds;
    assert.equal(sbs.errors['sbs-bad-hex'], 1);
    assert.equal(sbs.errors['sbs-not-msg-line'], 1);
    assert.equal(sbs.errors['sbs-too-few-fields'], 1);
    assert.equal(sbs.errors['sbs-bad-time'], 1);
    assert.equal(watcher.status().points, 1);
    assert.equal(sbs.futureMessages, 1);
    assert.ok(watcher.status().feedTime! < Date.UTC(2026, 0, 1) / 1000);
    assert.ok((beast.errors['connection-error: ECONNREFUSED'] ?? 0) >= 2, JSON.stringify(beast.errors));
    assert.ok(beast.reconnects >= 2);
    assert.ok(beast.state === 'backing-off' || beast.state === 'connecting');
  } finally {
    await watcher.stop();
    await server.close();
    store.close();
  }
});

test('HTTP 429 from an OpenSky feed: the watcher waits as Retry-After says, counts it and records the gap', async (t) => {
  const path = sharedData(t, 'adsb/opensky-snapshots/ice-hubs-2026-05.json');
  if (!path) return;
  const store = await openProject(':memory:');
  try {
    const { watcher, server } = await watchReplay(store, (await import('../src/feeds/recordings.ts')).loadRecording(path, 'opensky'),
      (p) => `opensky://127.0.0.1:${p}?interval=0&tls=0`, { replay: { pace: 'request', rateLimit: { first429: 2, retryAfterS: 1 } } });
    const feed = watcher.status().feeds[0];
    assert.equal(feed.errors['http-429'], 2);
    assert.equal(server.stats.rateLimited, 2);
    assert.ok(feed.gaps.some((g) => g.reason === 'http-429'));
    assert.ok(watcher.status().points > 1000);
  } finally {
    store.close();
  }
});
