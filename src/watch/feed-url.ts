/**
 * One URL per feed (docs/watch.md, "Feeds"):
 *   sbs://HOST:30003                                  SBS-1 / BaseStation lines over TCP
 *   beast://HOST:30005[?clock=receiver|start=EPOCH]   Beast binary over TCP (times: when read, the receiver's 12 MHz clock, or a capture's start)
 *   http(s)://HOST/data/aircraft.json[#interval=S]    readsb / dump1090-fa / tar1090 aircraft.json, polled
 *   adsbx-v2://HOST[:PORT]?hex=a,b&callsign=X&point=LAT,LON,NM[&rate=1&interval=30&tls=1]
 *                                                    ADS-B Exchange v2-compatible REST (adsb.lol, airplanes.live, adsb.fi), watchlist only
 *   opensky://HOST[:PORT]?lamin=&lomin=&lamax=&lomax=[&interval=S&tls=1]
 *                                                    OpenSky REST states (credentials from OPENSKY_USERNAME / OPENSKY_PASSWORD)
 * TLS defaults on for adsbx-v2 and opensky unless a port other than 443 is given (a replay on 127.0.0.1).
 */
import { UsageError } from '../domain/errors.ts';
import { adsbxFeed, type WatchItem } from '../feeds/adsbx.ts';
import { aircraftJsonFeed } from '../feeds/aircraft-json.ts';
import { openSkyFeed } from '../feeds/opensky.ts';
import type { BackoffOptions, FeedMonitor, FeedStatus } from '../feeds/status.ts';
import { TcpFeed } from '../feeds/tcp.ts';
import type { UpdateSink } from '../feeds/types.ts';

export interface LiveFeed {
  readonly name: string;
  readonly monitor: FeedMonitor;
  start(): void;
  stop(): Promise<void>;
  status(): FeedStatus;
}

export const FEED_SCHEMES = ['sbs', 'beast', 'http', 'https', 'adsbx-v2', 'opensky'] as const;

function num(v: string | null, what: string): number | undefined {
  if (v === null || v === '') return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new UsageError(`${what} must be a number (got "${v}")`);
  return n;
}

export interface FeedDefaults {
  backoff?: BackoffOptions;
  silenceS?: number;
}

export function openFeed(raw: string, emit: UpdateSink, defaults: FeedDefaults = {}): LiveFeed {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`feed "${raw}" is not a URL: use ${FEED_SCHEMES.map((s) => `${s}://…`).join(', ')}`);
  }
  const scheme = url.protocol.replace(/:$/, '');
  const q = url.searchParams;
  const frag = new URLSearchParams(url.hash.replace(/^#/, ''));
  const tls = q.get('tls') !== null ? q.get('tls') === '1' : (url.port === '' || url.port === '443');
  const base = `${tls ? 'https' : 'http'}://${url.host}${url.pathname.replace(/\/$/, '')}`;
  switch (scheme) {
    case 'sbs':
    case 'beast': {
      const port = Number(url.port || (scheme === 'sbs' ? 30003 : 30005));
      const clock = q.get('clock');
      const feed = new TcpFeed({
        name: raw, protocol: scheme, host: url.hostname, port, backoff: defaults.backoff, silenceS: num(q.get('silence'), 'silence') ?? defaults.silenceS,
        receiverClock: clock === 'receiver', startTimeS: num(q.get('start'), 'start'),
      }, emit);
      return { name: raw, monitor: feed.monitor, start: () => feed.start(), stop: () => feed.stop(), status: () => feed.status() };
    }
    case 'http':
    case 'https': {
      const clean = new URL(raw);
      clean.hash = '';
      const feed = aircraftJsonFeed({ url: clean.toString(), name: raw, intervalS: num(frag.get('interval'), 'interval'), silenceS: num(frag.get('silence'), 'silence') ?? defaults.silenceS, backoff: defaults.backoff }, emit);
      return { name: raw, monitor: feed.monitor, start: () => feed.start(), stop: () => feed.stop(), status: () => feed.status() };
    }
    case 'adsbx-v2': {
      const watchlist: WatchItem[] = [];
      for (const hex of (q.get('hex') ?? '').split(',').filter(Boolean)) watchlist.push({ hex: hex.toLowerCase() });
      for (const cs of (q.get('callsign') ?? '').split(',').filter(Boolean)) watchlist.push({ callsign: cs.toUpperCase() });
      for (const p of q.getAll('point')) {
        const [latDeg, lonDeg, radiusNm] = p.split(',').map(Number);
        if (![latDeg, lonDeg, radiusNm].every(Number.isFinite)) throw new UsageError(`point must be LAT,LON,NM (got "${p}")`);
        watchlist.push({ latDeg, lonDeg, radiusNm });
      }
      if (watchlist.length === 0) throw new UsageError(`${raw}: an adsbx-v2 feed asks only about its watchlist: give hex=, callsign= or point=`);
      const feed = adsbxFeed({ baseUrl: base, watchlist, name: raw, requestsPerS: num(q.get('rate'), 'rate'), intervalS: num(q.get('interval'), 'interval'), backoff: defaults.backoff }, emit);
      return { name: raw, monitor: feed.monitor, start: () => feed.start(), stop: () => feed.stop(), status: () => feed.status() };
    }
    case 'opensky': {
      const box = ['lamin', 'lomin', 'lamax', 'lomax'].map((k) => num(q.get(k), k));
      const user = process.env.OPENSKY_USERNAME, pass = process.env.OPENSKY_PASSWORD;
      const feed = openSkyFeed({
        baseUrl: base, name: raw, intervalS: num(q.get('interval'), 'interval'), backoff: defaults.backoff,
        box: box.every((v) => v !== undefined) ? { laminDeg: box[0]!, lominDeg: box[1]!, lamaxDeg: box[2]!, lomaxDeg: box[3]! } : undefined,
        credentials: user && pass ? { username: user, password: pass } : undefined,
      }, emit);
      return { name: raw, monitor: feed.monitor, start: () => feed.start(), stop: () => feed.stop(), status: () => feed.status() };
    }
    default:
      throw new UsageError(`feed "${raw}": unknown scheme "${scheme}"; use ${FEED_SCHEMES.map((s) => `${s}://…`).join(', ')}`);
  }
}
