/**
 * Live readers against the replay server on loopback, with the real recordings: the messages that
 * arrive over TCP/HTTP at high speed are the ones reading the file directly gives, in the same order;
 * a dropped connection is reconnected and its gap recorded; a silent feed is detected.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { aircraftJsonFeed, readJsonLinesFile } from '../src/feeds/aircraft-json.ts';
import { readBeastFile } from '../src/feeds/beast.ts';
import { openSkyFeed, parseOpenSky, snapshotsToResponses } from '../src/feeds/opensky.ts';
import { loadRecording } from '../src/feeds/recordings.ts';
import { ReplayServer, type ReplayOptions } from '../src/feeds/replay.ts';
import { readSbsFile } from '../src/feeds/sbs.ts';
import { TcpFeed } from '../src/feeds/tcp.ts';
import { ErrorCounts, type PositionUpdate } from '../src/feeds/types.ts';
import { sharedData } from './helpers/shared-data.ts';

/** Waits for a condition; the limit only keeps a broken test from hanging, it asserts nothing about speed. */
async function until(cond: () => boolean, what: string, limitMs = 30_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await sleep(10);
  }
}

/** What a message says, without when this process happened to read it. */
function content(u: PositionUpdate): Omit<PositionUpdate, 'feed' | 'receivedAt' | 'messageTime'> {
  const { feed: _f, receivedAt: _r, messageTime: _m, ...rest } = u;
  return rest;
}

async function serve(path: string, as: Parameters<typeof loadRecording>[1], options: ReplayOptions): Promise<{ server: ReplayServer; port: number }> {
  const server = new ReplayServer(loadRecording(path, as), options);
  return { server, port: await server.listen() };
}

const BIN = 'adsb/live/beast-capture-2018-04-03.bin';
const SBS = 'adsb/live/beast-capture-2018-04-03.sbs';

test('Beast replayed at 1000× over TCP: the same 4,644 updates in the same order as reading the file', async (t) => {
  const path = sharedData(t, BIN);
  if (!path) return;
  const direct = readBeastFile(path, { startTimeS: 0 }).updates;
  const { server, port } = await serve(path, 'beast', { speed: 1000 });
  const got: PositionUpdate[] = [];
  const feed = new TcpFeed({ protocol: 'beast', host: '127.0.0.1', port, receiverClock: true }, (u) => got.push(u));
  try {
    feed.start();
    await until(() => got.length >= direct.length, 'all updates');
    await sleep(50);
    assert.equal(got.length, direct.length);
    assert.deepEqual(got.map(content), direct.map(content));
    // Times follow the receiver's clock: the same spacing as in the file.
    assert.ok(Math.abs((got.at(-1)!.messageTime - got[0]!.messageTime) - (direct.at(-1)!.messageTime - direct[0]!.messageTime)) < 1e-6);
    const status = feed.status();
    assert.equal(status.state, 'connected');
    assert.equal(status.messages, direct.length);
    assert.ok(status.messagesPerS > 0 && status.lastMessageAt !== null);
    assert.deepEqual(status.errors, {});
    assert.equal(status.gaps.length, 0);
  } finally {
    await feed.stop();
    await server.close();
  }
});

test('Beast: a connection dropped in the middle of a frame is reconnected, the gap recorded, nothing lost', async (t) => {
  const path = sharedData(t, BIN);
  if (!path) return;
  const direct = readBeastFile(path, { startTimeS: 0 }).updates;
  const { server, port } = await serve(path, 'beast', { speed: Infinity, dropAfterMessages: 6000, cutMidMessage: true });
  const got: PositionUpdate[] = [];
  const feed = new TcpFeed({ protocol: 'beast', host: '127.0.0.1', port, receiverClock: true, backoff: { initialMs: 50 } }, (u) => got.push(u));
  try {
    feed.start();
    await until(() => got.length >= direct.length, 'all updates after the reconnection');
    const status = feed.status();
    assert.equal(server.stats.connections, 2);
    assert.equal(status.reconnects, 1);
    // The half frame sent before the drop is counted, not decoded; the server sends it again whole.
    assert.deepEqual(status.errors, { 'beast-truncated-at-end': 1, 'connection-dropped': 1 });
    assert.equal(status.gaps.length, 1);
    const gap = status.gaps[0]!;
    assert.equal(gap.reason, 'connection-closed');
    assert.ok(gap.end !== null && gap.end >= gap.start, JSON.stringify(gap));
    assert.deepEqual(got.map(content), direct.map(content));
  } finally {
    await feed.stop();
    await server.close();
  }
});

test('SBS: a feed that goes silent is detected, counted, reconnected, and delivers the rest', async (t) => {
  const path = sharedData(t, SBS);
  if (!path) return;
  const direct = readSbsFile(path).updates;
  const { server, port } = await serve(path, 'sbs', { speed: Infinity, silentAfterMessages: 3000 });
  const got: PositionUpdate[] = [];
  const feed = new TcpFeed({ protocol: 'sbs', host: '127.0.0.1', port, silenceS: 0.3, backoff: { initialMs: 50 } }, (u) => got.push(u));
  try {
    feed.start();
    await until(() => got.length >= direct.length, 'all SBS updates');
    const status = feed.status();
    assert.equal(status.silences, 1);
    assert.equal(status.errors['silent-feed'], 1);
    assert.equal(status.errors['sbs-not-msg-line'], 2, 'the two summary lines at the end');
    assert.equal(status.gaps[0]?.reason, 'silent');
    assert.deepEqual(got.map((u) => [u.messageTime, content(u)]), direct.map((u) => [u.messageTime, content(u)]));
  } finally {
    await feed.stop();
    await server.close();
  }
});

test('a refused connection is counted and retried until the feed comes up', async (t) => {
  const path = sharedData(t, SBS);
  if (!path) return;
  // A port that was free a moment ago: nothing listens there yet.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as { port: number }).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  const got: PositionUpdate[] = [];
  const feed = new TcpFeed({ protocol: 'sbs', host: '127.0.0.1', port, backoff: { initialMs: 30, maxMs: 100 } }, (u) => got.push(u));
  feed.start();
  let server: ReplayServer | null = null;
  try {
    await until(() => (feed.status().errors['connection-error: ECONNREFUSED'] ?? 0) >= 2, 'two refusals');
    assert.equal(got.length, 0);
    server = new ReplayServer(loadRecording(path, 'sbs'), { speed: Infinity, port });
    await server.listen();
    await until(() => got.length >= 4644, 'the feed once the server is up');
    assert.equal(feed.status().state, 'connected');
    assert.equal(feed.status().gaps.length, 1, 'one gap, however many refusals');
  } finally {
    await feed.stop();
    await server?.close();
  }
});

test('aircraft.json polled from the replay: every snapshot of the readsb hour, then the stale feed is detected', async (t) => {
  const path = sharedData(t, 'adsb/live/readsb-stream-1h-2023-08-29.jsonl');
  if (!path) return;
  const direct: PositionUpdate[] = [];
  await readJsonLinesFile(path, (u) => direct.push(u));
  const recording = loadRecording(path, 'aircraft.json');
  const server = new ReplayServer(recording, { pace: 'request' });
  const port = await server.listen();
  const got: PositionUpdate[] = [];
  const feed = aircraftJsonFeed({ url: `http://127.0.0.1:${port}/data/aircraft.json`, intervalS: 0, silenceS: 0.2 }, (u) => got.push(u));
  try {
    feed.start();
    await until(() => feed.status().silences === 1, 'the stale feed to be noticed');
    assert.ok(server.stats.requests > (recording as { snapshots: unknown[] }).snapshots.length);
    assert.equal(got.length, direct.length);
    assert.deepEqual(got.map((u) => [u.messageTime, content(u)]), direct.map((u) => [u.messageTime, content(u)]));
    assert.equal(feed.status().errors['silent-feed'], 1);
  } finally {
    await feed.stop();
    await server.close();
  }
});

test('OpenSky polled from the replay with a bounding box: the states inside it, converted', async (t) => {
  const path = sharedData(t, 'adsb/opensky-snapshots/ice-hubs-2026-05.json');
  if (!path) return;
  // Around Alexandria, LA (AEX, 31.33 N 92.55 W), an ICE hub.
  const box = { laminDeg: 31.0, lominDeg: -92.9, lamaxDeg: 31.7, lomaxDeg: -92.2 };
  const responses = snapshotsToResponses(JSON.parse(readFileSync(path, 'utf8')) as unknown[]);
  const expected: PositionUpdate[] = [];
  for (const r of responses) {
    const inside = (r.states ?? []).filter((s) => (s[6] as number) >= box.laminDeg && (s[6] as number) <= box.lamaxDeg && (s[5] as number) >= box.lominDeg && (s[5] as number) <= box.lomaxDeg);
    parseOpenSky({ time: r.time, states: inside }, 0, new ErrorCounts(), (u) => expected.push(u));
  }
  assert.ok(expected.length > 0);
  const server = new ReplayServer({ kind: 'opensky', responses }, { pace: 'request' });
  const port = await server.listen();
  const got: PositionUpdate[] = [];
  const feed = openSkyFeed({ baseUrl: `http://127.0.0.1:${port}`, box, intervalS: 0, credentials: { username: 'u', password: 'p' } }, (u) => got.push(u));
  try {
    feed.start();
    await until(() => server.stats.requests > responses.length + 1, 'every response');
    assert.deepEqual(got.map(content), expected.map(content));
    assert.equal(feed.status().errors['http-404'] ?? 0, 0);
    // Basic credentials: base64("u:p") = "dTpw".
    assert.equal(server.stats.requestLog[0]!.authorization, 'Basic dTpw');
    assert.ok(server.stats.requestLog.every((r) => r.path === '/api/states/all'));
  } finally {
    await feed.stop();
    await server.close();
  }
});
