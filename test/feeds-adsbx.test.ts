/**
 * The ADS-B Exchange v2–compatible poller against the replay server serving the adsb.lol day near
 * Monterey: it asks only about its watchlist, keeps to its request rate, and after HTTP 429 waits for
 * the Retry-After the server gave before asking again.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { adsbxFeed, adsbxPath, parseAdsbxV2 } from '../src/feeds/adsbx.ts';
import { retryAfterSeconds } from '../src/feeds/http-poll.ts';
import { distanceNm } from '../src/feeds/modes/cpr.ts';
import { loadRecording, type Snapshot } from '../src/feeds/recordings.ts';
import { ReplayServer } from '../src/feeds/replay.ts';
import { ErrorCounts, type PositionUpdate } from '../src/feeds/types.ts';
import { sharedData } from './helpers/shared-data.ts';

async function until(cond: () => boolean, what: string, limitMs = 30_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await sleep(10);
  }
}

const DAY = 'adsb/live/adsblol-stream-2025-06-01-tile36-122.jsonl.gz';

test('routes: hex, callsign and point answer from the snapshot, in the v2 shape with `now` in ms', async (t) => {
  const path = sharedData(t, DAY);
  if (!path) return;
  const recording = loadRecording(path, 'adsbx-v2');
  const first = (recording as { snapshots: Snapshot[] }).snapshots[0]!;
  const server = new ReplayServer(recording, { speed: 1 });
  const port = await server.listen();
  try {
    const get = async (p: string) => (await fetch(`http://127.0.0.1:${port}${p}`)).json() as Promise<{ ac: Record<string, unknown>[]; now: number; total: number }>;
    // The day's first line: a7f426 (N611TH) at 36.396309, −121.406873, now 1748719389.
    const byHex = await get(adsbxPath({ hex: 'A7F426' }));
    assert.equal(byHex.now, 1748719389000);
    assert.deepEqual(byHex.ac.map((a) => a.hex), ['a7f426']);
    const byCallsign = await get(adsbxPath({ callsign: 'n611th' }));
    assert.equal(byCallsign.total, 1);
    const point = { latDeg: 36.4, lonDeg: -121.4, radiusNm: 5 };
    const near = await get(adsbxPath(point));
    const expected = first.aircraft.filter((a) => distanceNm(point, { latDeg: a.lat as number, lonDeg: a.lon as number }) <= 5).length;
    assert.equal(near.total, expected);
    const updates: PositionUpdate[] = [];
    const errors = new ErrorCounts();
    parseAdsbxV2(byHex, 0, errors, (u) => updates.push(u));
    assert.equal(updates[0]!.messageTime, 1748719389, 'milliseconds read as such');
    assert.equal(updates[0]!.feed, 'adsbx-v2');
    parseAdsbxV2({ ac: null, now: 1 }, 0, errors, () => {});
    parseAdsbxV2({ aircraft: [] }, 0, errors, () => {});
    assert.deepEqual(errors.toJSON(), { 'not-adsbx-v2': 1 });
  } finally {
    await server.close();
  }
});

test('HTTP 429: the poller waits for Retry-After, counts each 429, and then gets its watchlist', async (t) => {
  const path = sharedData(t, DAY);
  if (!path) return;
  const server = new ReplayServer(loadRecording(path, 'adsbx-v2'), { speed: 1, rateLimit: { first429: 2, retryAfterS: 1 } });
  const port = await server.listen();
  const got: PositionUpdate[] = [];
  const feed = adsbxFeed({ baseUrl: `http://127.0.0.1:${port}`, watchlist: [{ hex: 'a7f426' }, { callsign: 'N611TH' }], requestsPerS: 20, intervalS: 0.05 }, (u) => got.push(u));
  try {
    feed.start();
    await until(() => got.length >= 4, 'updates after the rate limit');
    const status = feed.status();
    assert.equal(status.errors['http-429'], 2);
    assert.equal(server.stats.rateLimited, 2);
    const log = server.stats.requestLog;
    assert.deepEqual(log.slice(0, 3).map((r) => r.status), [429, 429, 200]);
    // Retry-After: 1 was honoured: no request within a second of a 429 (a lower bound the poller
    // guarantees by waiting; 15 ms of timer granularity allowed).
    for (let i = 0; i < 2; i++) assert.ok(log[i + 1]!.atMs - log[i]!.atMs >= 985, `request ${i + 1} came ${log[i + 1]!.atMs - log[i]!.atMs} ms after a 429`);
    // Only the watchlist is asked about.
    assert.ok(log.every((r) => r.path === '/v2/hex/a7f426' || r.path === '/v2/callsign/N611TH'), JSON.stringify(log.slice(0, 5)));
    assert.ok(got.every((u) => u.icao24 === 'a7f426'));
    assert.equal(status.gaps[0]?.reason, 'http-429');
  } finally {
    await feed.stop();
    await server.close();
  }
});

test('the request rate stays within the limit: by default one request a second', async (t) => {
  const path = sharedData(t, DAY);
  if (!path) return;
  // The server refuses a request less than 1/1.05 s (952 ms) after the previous one.
  const server = new ReplayServer(loadRecording(path, 'adsbx-v2'), { speed: 1, rateLimit: { requestsPerS: 1.05, retryAfterS: 1 } });
  const port = await server.listen();
  const feed = adsbxFeed({ baseUrl: `http://127.0.0.1:${port}`, watchlist: [{ hex: 'a7f426' }, { hex: 'a1b2c3' }, { latDeg: 36.5, lonDeg: -121.5, radiusNm: 30 }], intervalS: 0 }, () => {});
  try {
    feed.start();
    await until(() => server.stats.requests >= 3, 'three requests');
    await feed.stop();
    // At the default 1 request/s the poller never trips it.
    assert.equal(server.stats.rateLimited, 0);
    assert.equal(feed.status().errors['http-429'] ?? 0, 0);
    assert.ok(feed.status().ignored['watch-item-not-seen']! >= 1, 'a1b2c3 is not in the recording');
  } finally {
    await feed.stop();
    await server.close();
  }
});

test('Retry-After in seconds or as an HTTP date', () => {
  assert.equal(retryAfterSeconds('120'), 120);
  assert.equal(retryAfterSeconds('Wed, 21 Oct 2015 07:28:30 GMT', Date.UTC(2015, 9, 21, 7, 28, 0)), 30);
  assert.equal(retryAfterSeconds('soon'), null);
  assert.equal(retryAfterSeconds(null), null);
});
