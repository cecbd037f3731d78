/**
 * ADS-B Exchange v2–compatible REST APIs (also served by adsb.lol, airplanes.live, adsb.fi):
 *   /v2/hex/<hex>, /v2/callsign/<callsign>, /v2/point/<lat>/<lon>/<radius nm>
 *   → { ac: [ …aircraft.json entries… ], now, total, ctime, ptime }
 * `now` and `ctime` are epoch **milliseconds** in these APIs (aircraft.json's `now` is seconds), so a
 * `now` above 1e11 is read as milliseconds.
 *
 * Community APIs ask for about one request a second without a key; this poller asks only about a
 * watchlist (airframes by hex, callsigns, or areas), one request at a time within the configured rate,
 * and after HTTP 429 waits as long as `Retry-After` says (else its exponential backoff) before the next.
 */
import { aircraftEntry } from './aircraft-json.ts';
import { PollingFeed, RateLimiter, getJson } from './http-poll.ts';
import type { BackoffOptions } from './status.ts';
import { finite, normaliseHex, type ErrorCounts, type UpdateSink } from './types.ts';

export type WatchItem = { hex: string } | { callsign: string } | { latDeg: number; lonDeg: number; radiusNm: number };

export interface AdsbxFeedOptions {
  /** e.g. http://127.0.0.1:8081 or https://api.adsb.lol */
  baseUrl: string;
  watchlist: WatchItem[];
  name?: string;
  /** Requests per second, all routes together (default 1). */
  requestsPerS?: number;
  /** Seconds between the starts of two rounds over the watchlist (default 30). */
  intervalS?: number;
  /** Extra headers, e.g. an API key header for a paid endpoint. */
  headers?: Record<string, string>;
  backoff?: BackoffOptions;
}

/** The route for one watchlist item. */
export function adsbxPath(item: WatchItem): string {
  if ('hex' in item) {
    const hex = normaliseHex(item.hex);
    if (!hex) throw new RangeError(`not a Mode S hex address: ${item.hex}`);
    return `/v2/hex/${hex}`;
  }
  if ('callsign' in item) return `/v2/callsign/${encodeURIComponent(item.callsign.trim().toUpperCase())}`;
  return `/v2/point/${item.latDeg}/${item.lonDeg}/${item.radiusNm}`;
}

/** One v2 response → updates; the shape's problems are counted in `errors`. */
export function parseAdsbxV2(doc: unknown, receivedAt: number, errors: ErrorCounts, emit: UpdateSink): number {
  if (typeof doc !== 'object' || doc === null || !Array.isArray((doc as { ac?: unknown }).ac)) {
    // Some servers answer "no aircraft" with `ac: null`.
    if (typeof doc === 'object' && doc !== null && (doc as { ac?: unknown }).ac === null) return 0;
    errors.add('not-adsbx-v2');
    return 0;
  }
  const raw = finite((doc as { now?: unknown }).now);
  if (raw === undefined) { errors.add('missing-now'); return 0; }
  const now = raw > 1e11 ? raw / 1000 : raw;
  let n = 0;
  for (const entry of (doc as { ac: unknown[] }).ac) {
    const u = aircraftEntry(entry, now, receivedAt, 'adsbx-v2');
    if (typeof u === 'string') errors.add(u); else { n++; emit(u); }
  }
  return n;
}

export function adsbxFeed(options: AdsbxFeedOptions, emit: UpdateSink): PollingFeed {
  const limiter = new RateLimiter(options.requestsPerS ?? 1);
  const paths = options.watchlist.map(adsbxPath);
  const base = options.baseUrl.replace(/\/+$/, '');
  let cursor = 0;
  const feed: PollingFeed = new PollingFeed({ name: options.name ?? base, intervalS: options.intervalS ?? 30, backoff: options.backoff }, async (signal) => {
    // Resume where a failed round stopped, so a 429 does not starve the end of the watchlist.
    while (cursor < paths.length) {
      await limiter.wait(signal);
      let doc: unknown;
      try {
        doc = await getJson(base + paths[cursor]!, options.headers);
      } catch (error) {
        const retry = (error as { retryAfterS?: number | null }).retryAfterS;
        if (retry != null) limiter.holdFor(retry * 1000);
        throw error;
      }
      const n = parseAdsbxV2(doc, Date.now() / 1000, feed.monitor.errors, emit);
      feed.monitor.message(n);
      if (n === 0) feed.monitor.ignored.add('watch-item-not-seen');
      cursor++;
    }
    cursor = 0;
  });
  return feed;
}
