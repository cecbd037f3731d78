/**
 * Serves a recording on 127.0.0.1 as a live feed at N× speed, so every reader can be run end to end
 * against real data without a receiver or an account (`deportwatch replay FILE --as KIND`):
 *   sbs, beast      — TCP, the recording's bytes paced by their own timestamps;
 *   aircraft.json   — HTTP GET /data/aircraft.json (or /aircraft.json): the snapshot at the replay time;
 *   adsbx-v2        — HTTP /v2/hex/<hex>, /v2/callsign/<cs>, /v2/point/<lat>/<lon>/<nm> over that snapshot;
 *   opensky         — HTTP /api/states/all with an optional lamin/lomin/lamax/lomax box.
 * The replay clock starts with the first client and, for TCP, pauses while no client is connected,
 * so a reader that reconnects misses nothing. Faults can be injected to test the readers: a dropped
 * connection (optionally cut inside a frame), a feed that goes silent, HTTP 429 rate limiting.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import { distanceNm } from './modes/cpr.ts';
import type { OpenSkyResponse } from './opensky.ts';
import type { Recording, Snapshot, TimedBytes } from './recordings.ts';

export interface ReplayOptions {
  /** Replay speed (1 = real time); Infinity sends TCP recordings as fast as the client reads. */
  speed?: number;
  /** 0 = any free port. */
  port?: number;
  /** HTTP kinds: `clock` serves the snapshot at the replay time; `request` advances one snapshot per request. */
  pace?: 'clock' | 'request';
  /** Start again at the end. */
  loop?: boolean;
  /** TCP: close the first connection after this many messages … */
  dropAfterMessages?: number;
  /** … sending half of the next message first (a frame cut by the drop). */
  cutMidMessage?: boolean;
  /** TCP: after this many messages the first connection gets nothing more, but stays open. */
  silentAfterMessages?: number;
  /** HTTP: answer the first N requests with 429 and this Retry-After (s). */
  rateLimit?: { first429: number; retryAfterS: number } | { requestsPerS: number; retryAfterS: number };
}

export interface ReplayStats {
  connections: number;
  messagesSent: number;
  requests: number;
  rateLimited: number;
  /** When each request arrived (ms since the epoch) and its answer's status, in order. */
  requestLog: { atMs: number; path: string; status: number; authorization?: string }[];
}

export class ReplayServer {
  readonly stats: ReplayStats = { connections: 0, messagesSent: 0, requests: 0, rateLimited: 0, requestLog: [] };
  private server: TcpServer | HttpServer | null = null;
  private readonly speed: number;
  private clockStartMs: number | null = null;
  private pausedAtMs: number | null = null;
  private cursor = 0;
  private readonly clients = new Set<Socket>();
  private firstConnection: Socket | null = null;
  private faultDone = false;
  private held: Socket | null = null;
  private pumpTimer: NodeJS.Timeout | null = null;
  private lastAcceptedMs = 0;

  constructor(private readonly recording: Recording, private readonly options: ReplayOptions = {}) {
    this.speed = options.speed ?? 1;
    if (!(this.speed > 0)) throw new RangeError('speed must be positive');
  }

  async listen(): Promise<number> {
    const server = this.recording.kind === 'sbs' || this.recording.kind === 'beast'
      ? createTcpServer((socket) => this.onConnection(socket))
      : createHttpServer((req, res) => this.onRequest(req, res));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port ?? 0, '127.0.0.1', () => resolve());
    });
    return (server.address() as { port: number }).port;
  }

  async close(): Promise<void> {
    if (this.pumpTimer) clearTimeout(this.pumpTimer);
    for (const c of this.clients) c.destroy();
    const server = this.server;
    if (!server) return;
    if ('closeAllConnections' in server) server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Seconds of recording elapsed since the clock started (paused time excluded). */
  private elapsedS(): number {
    if (this.clockStartMs === null) this.clockStartMs = Date.now();
    const now = this.pausedAtMs ?? Date.now();
    return ((now - this.clockStartMs) / 1000) * this.speed;
  }

  // ---- TCP: sbs, beast ----

  private get items(): TimedBytes[] {
    return (this.recording as { items: TimedBytes[] }).items;
  }

  private onConnection(socket: Socket): void {
    this.stats.connections++;
    this.clients.add(socket);
    if (!this.firstConnection) this.firstConnection = socket;
    socket.on('error', () => {});
    socket.on('close', () => {
      this.clients.delete(socket);
      if (this.held === socket) this.held = null;
    });
    if (this.pausedAtMs !== null && this.clockStartMs !== null) {
      this.clockStartMs += Date.now() - this.pausedAtMs;
      this.pausedAtMs = null;
    }
    this.pump();
  }

  private pump(): void {
    if (this.pumpTimer) { clearTimeout(this.pumpTimer); this.pumpTimer = null; }
    const live = [...this.clients].filter((c) => c !== this.held && !c.writableEnded);
    if (live.length === 0) {
      if (this.pausedAtMs === null) this.pausedAtMs = Date.now();
      return;
    }
    const items = this.items;
    const t0 = items[0]?.t ?? 0;
    const until = this.speed === Infinity ? Infinity : t0 + this.elapsedS();
    const batch: Buffer[] = [];
    let bytes = 0;
    while (this.cursor < items.length && items[this.cursor]!.t <= until && bytes < 65536) {
      if (this.fault(live, batch)) return;
      const item = items[this.cursor++]!;
      batch.push(item.data);
      bytes += item.data.length;
      this.stats.messagesSent++;
    }
    if (batch.length) {
      const data = Buffer.concat(batch);
      let drain: Socket | null = null;
      for (const c of live) if (!c.write(data)) drain = c;
      if (drain) { drain.once('drain', () => this.pump()); return; }
    }
    if (this.cursor >= items.length) {
      if (!this.options.loop) return;
      this.cursor = 0;
      this.clockStartMs = Date.now();
    }
    const next = items[this.cursor]!;
    const waitMs = this.speed === Infinity || bytes >= 65536 ? 0 : Math.min(1000, ((next.t - t0) - this.elapsedS()) * 1000 / this.speed);
    this.pumpTimer = setTimeout(() => this.pump(), Math.max(0, waitMs));
  }

  /** Applies the injected drop or silence on the first connection; true when sending must stop now. */
  private fault(live: Socket[], batch: Buffer[]): boolean {
    if (this.faultDone || !this.firstConnection || !live.includes(this.firstConnection)) return false;
    const o = this.options;
    const at = o.dropAfterMessages ?? o.silentAfterMessages;
    if (at === undefined || this.stats.messagesSent < at) return false;
    this.faultDone = true;
    const socket = this.firstConnection;
    if (batch.length) {
      const data = Buffer.concat(batch.splice(0));
      for (const c of live) c.write(data);
    }
    if (o.dropAfterMessages !== undefined) {
      const next = this.items[this.cursor];
      // Half a message, then the end: the reader must count a truncated message, not decode garbage.
      if (o.cutMidMessage && next) socket.write(next.data.subarray(0, Math.max(1, next.data.length >> 1)));
      socket.end();
      this.clients.delete(socket);
    } else {
      this.held = socket;
    }
    this.pump();
    return true;
  }

  // ---- HTTP: aircraft.json, adsbx-v2, opensky ----

  /** Index of the snapshot/response served now. */
  private current(times: number[]): number {
    if (times.length === 0) return -1;
    if (this.options.pace === 'request') {
      const i = this.options.loop ? this.cursor % times.length : Math.min(this.cursor, times.length - 1);
      this.cursor++;
      return i;
    }
    const until = times[0]! + this.elapsedS();
    while (this.cursor + 1 < times.length && times[this.cursor + 1]! <= until) this.cursor++;
    if (this.options.loop && this.cursor === times.length - 1 && until > times[times.length - 1]! + 1) {
      this.cursor = 0;
      this.clockStartMs = Date.now();
    }
    return this.cursor;
  }

  private limited(): number | null {
    const rl = this.options.rateLimit;
    if (!rl) return null;
    if ('first429' in rl) return this.stats.requests <= rl.first429 ? rl.retryAfterS : null;
    const now = Date.now();
    if (now - this.lastAcceptedMs < 1000 / rl.requestsPerS) return rl.retryAfterS;
    this.lastAcceptedMs = now;
    return null;
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    this.stats.requests++;
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const send = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      const auth = req.headers.authorization;
      this.stats.requestLog.push({ atMs: Date.now(), path: url.pathname, status, ...(auth ? { authorization: auth } : {}) });
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    const retry = this.recording.kind === 'aircraft.json' ? null : this.limited();
    if (retry !== null) {
      this.stats.rateLimited++;
      send(429, { error: 'rate limited' }, { 'retry-after': String(retry) });
      return;
    }
    const body = this.route(url);
    if (body === null) send(404, { error: `no route ${url.pathname}` });
    else send(200, body);
  }

  private route(url: URL): unknown {
    const rec = this.recording;
    if (rec.kind === 'aircraft.json') {
      if (url.pathname !== '/data/aircraft.json' && url.pathname !== '/aircraft.json') return null;
      const snap = rec.snapshots[this.current(rec.snapshots.map((s) => s.t))];
      return { now: snap?.t ?? Date.now() / 1000, messages: this.stats.requests, aircraft: snap?.aircraft ?? [] };
    }
    if (rec.kind === 'adsbx-v2') return adsbxRoute(url, rec.snapshots[this.current(rec.snapshots.map((s) => s.t))]);
    if (rec.kind === 'opensky') {
      if (url.pathname !== '/api/states/all') return null;
      return openSkyRoute(url, rec.responses[this.current(rec.responses.map((r) => r.time))]);
    }
    return null;
  }
}

function adsbxRoute(url: URL, snap: Snapshot | undefined): unknown {
  const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] !== 'v2' || parts.length < 3) return null;
  const all = snap?.aircraft ?? [];
  let ac: Record<string, unknown>[];
  if (parts[1] === 'hex' || parts[1] === 'icao') {
    const wanted = new Set(parts[2]!.toLowerCase().split(','));
    ac = all.filter((a) => wanted.has(String(a.hex).toLowerCase()));
  } else if (parts[1] === 'callsign') {
    const cs = parts[2]!.trim().toUpperCase();
    ac = all.filter((a) => String(a.flight ?? '').trim().toUpperCase() === cs);
  } else if (parts[1] === 'point' && parts.length >= 5) {
    const [lat, lon, radius] = parts.slice(2, 5).map(Number) as [number, number, number];
    ac = all.filter((a) => typeof a.lat === 'number' && typeof a.lon === 'number' && distanceNm({ latDeg: lat, lonDeg: lon }, { latDeg: a.lat, lonDeg: a.lon }) <= radius);
  } else return null;
  const nowMs = Math.round((snap?.t ?? Date.now() / 1000) * 1000);
  return { ac, msg: 'No error', now: nowMs, total: ac.length, ctime: nowMs, ptime: 0 };
}

function openSkyRoute(url: URL, response: OpenSkyResponse | undefined): OpenSkyResponse {
  if (!response) return { time: Math.floor(Date.now() / 1000), states: null };
  const q = (k: string): number | null => {
    const v = url.searchParams.get(k);
    return v === null || v.trim() === '' || !Number.isFinite(Number(v)) ? null : Number(v);
  };
  const [lamin, lomin, lamax, lomax] = [q('lamin'), q('lomin'), q('lamax'), q('lomax')];
  const states = (response.states ?? []).filter((s) => {
    const lon = s[5] as number | null;
    const lat = s[6] as number | null;
    if (lamin === null && lomin === null && lamax === null && lomax === null) return true;
    if (lat === null || lon === null) return false;
    return (lamin === null || lat >= lamin) && (lamax === null || lat <= lamax) && (lomin === null || lon >= lomin) && (lomax === null || lon <= lomax);
  });
  return { time: response.time, states: states.length ? states : null };
}
