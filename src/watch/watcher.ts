/**
 * `deportwatch watch`: live feeds → points → streaming segmentation (the batch rules, ./segmenter.ts)
 * → legs stored like batch ADS-B legs, with their live evidence → events → the alert dispatcher and
 * its sinks, every delivery recorded. The state that a restart needs (open tracks, the alerted keys,
 * alerts not yet delivered) is checkpointed in the database. Docs: docs/watch.md.
 */
import { mkdirSync, renameSync, writeFileSync, appendFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { AlertDispatcher, type DeliveryRecord, type SinkConfig } from '../alerts/dispatcher.ts';
import { eventKey, MemorySeenEvents, type AircraftRef, type AirportRef, type AlertEvent } from '../alerts/event.ts';
import type { Store } from '../engine/db.ts';
import type { FeedStatus } from '../feeds/status.ts';
import type { PositionUpdate } from '../feeds/types.ts';
import { registryForMatching } from '../flights/registry-table.ts';
import { callsignRules, matchCallsign, type DatedRegistry } from '../flights/rules.ts';
import { isUsCountry } from '../flights/geography.ts';
import { airportIndex } from '../reference/airports.ts';
import type { AirportFix } from '../trajectory/airports.ts';
import type { TrajectoryLeg } from '../trajectory/legs.ts';
import { openFeed, type FeedDefaults, type LiveFeed } from './feed-url.ts';
import { PointAssembler } from './points.ts';
import { restoreTrack, StreamingSegmenter, trackState, type OpenLeg, type TrackState } from './segmenter.ts';
import {
  aircraftHistory, relabelTrackEnd, DeliveryLog, loadCheckpoint, nextEventId, PersistentSeen, saveCheckpoint, startSession, storeLiveLegs,
  type LiveEvidence, type LiveLeg, type StoredLiveLeg,
} from './store.ts';

export interface WatcherOptions {
  store: Store;
  /** Feed URLs (./feed-url.ts). */
  feeds: string[];
  sinks?: SinkConfig[];
  /** Hexes watched besides the registry's airframes and the callsign rules' flights. */
  watchHexes?: string[];
  /** "Seen for the first time in N days" (default 30). */
  reappearDays?: number;
  /** Seconds between checkpoints (default 10). */
  checkpointEveryS?: number;
  /** Checkpoint name (one per watcher on a database; default "watch"). */
  name?: string;
  /** Where the status and the events are written for `watch --status`, /health.json and /live/events. */
  liveDir?: string | null;
  feedDefaults?: FeedDefaults;
  /** Called for every event recorded (accepted or duplicate). */
  onEvent?: (e: WatchEvent) => void;
  now?: () => number;
}

export interface WatchEvent {
  id: number;
  key: string;
  dispatch: 'accepted' | 'duplicate';
  event: AlertEvent;
  /** Wall clock (epoch s) at which the message that completed the event was read (latency measurements). */
  messageReceivedAt?: number;
}

export interface WatchStatus {
  name: string;
  startedAt: number;
  updatedAt: number;
  /** The newest message time seen on any feed (epoch s). */
  feedTime: number | null;
  feeds: (FeedStatus & { lateMessages: number; futureMessages: number; messageGaps: GapRecord[] })[];
  aircraft: number;
  points: number;
  legsStored: number;
  legsMerged: number;
  events: number;
  alerts: Record<string, number>;
  restoredFromCheckpoint: boolean;
  /** Watchlist aircraft airborne now, with their last position. */
  airborne: { icao24: string; callsign: string | null; latDeg: number; lonDeg: number; altFt: number | null; at: number; departure: string | null }[];
}

interface GapRecord { feed: string; start: number; end: number | null; reason: string }

interface Checkpoint {
  version: 1;
  feedTime: number | null;
  tracks: TrackState[];
  seenHexes: string[];
  pending: { key: string; event: AlertEvent; sinksDone: string[] }[];
  gaps: GapRecord[];
}

const DAY_S = 86400;

function airportRef(fix: AirportFix | { icao: string | null }): AirportRef {
  const a = fix.icao ? airportIndex().byIcao(fix.icao) : undefined;
  if (!a) return { icao: fix.icao ?? undefined };
  return { icao: a.icao, iata: a.iata ?? undefined, name: a.name, city: a.city, countryCode: a.countryCode };
}

export class Watcher {
  readonly segmenter: StreamingSegmenter;
  private readonly assembler = new PointAssembler();
  private readonly feeds: { feed: LiveFeed; monitorGaps: () => number; late: number; future: number; lastMsgT: number | null; seenGaps: number }[] = [];
  private registry: DatedRegistry | null = null;
  private readonly rules = callsignRules();
  private sourceId = 0;
  private seen!: PersistentSeen;
  private readonly log = new DeliveryLog();
  private dispatcher!: AlertDispatcher;
  private readonly queue: (() => Promise<void>)[] = [];
  private running: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private lastCheckpoint = 0;
  private lastStatus = 0;
  private receivedAt = 0;
  private feedTime: number | null = null;
  private readonly seenHexes = new Set<string>();
  private readonly checked = new Set<string>();
  private readonly pending = new Map<string, { event: AlertEvent; sinksDone: Set<string> }>();
  private readonly gaps: GapRecord[] = [];
  private readonly recent: WatchEvent[] = [];
  private readonly now: () => number;
  private readonly startedAt: number;
  private restored = false;
  private nextId = 1;
  legsStored = 0;
  legsMerged = 0;
  events = 0;
  /** Errors of the watcher's own work (a database write that failed), by kind; the watcher keeps going. */
  readonly errors = new Map<string, number>();

  constructor(private readonly options: WatcherOptions) {
    this.now = options.now ?? (() => Date.now() / 1000);
    this.startedAt = this.now();
    this.segmenter = new StreamingSegmenter({
      legOpened: (hex, info) => this.legOpened(hex, info),
      legClosed: (hex, leg) => this.legClosed(hex, leg),
      legEndedWithRecording: (_hex, leg) => { void this.enqueue(() => relabelTrackEnd(this.options.store, this.sourceId, leg)); },
    });
  }

  get name(): string { return this.options.name ?? 'watch'; }

  async start(): Promise<void> {
    const store = this.options.store;
    this.registry = await registryForMatching(store);
    this.seen = await PersistentSeen.load(store);
    this.nextId = await nextEventId(store);
    this.sourceId = await startSession(store, this.options.feeds);
    const cp = await loadCheckpoint<Checkpoint>(store, this.name);
    if (cp && cp.version === 1) {
      this.restored = true;
      this.feedTime = cp.feedTime;
      for (const t of cp.tracks) restoreTrack(this.segmenter, t);
      for (const h of cp.seenHexes) this.seenHexes.add(h);
      this.gaps.push(...cp.gaps);
      if (cp.feedTime !== null) this.gaps.push({ feed: 'watcher', start: cp.feedTime, end: null, reason: 'watcher-restart' });
      for (const p of cp.pending) this.pending.set(p.key, { event: p.event, sinksDone: new Set(p.sinksDone) });
    }
    this.log.onRecord = (r) => this.onDelivery(r);
    this.dispatcher = new AlertDispatcher(this.options.sinks ?? [], this.log, { seen: this.seen, now: this.now });
    // Alerts accepted before a restart and not delivered to every sink go out again to the sinks that lack them.
    for (const [key, p] of this.pending) {
      const sinks = (this.options.sinks ?? []).filter((s) => !p.sinksDone.has(s.sink.name));
      if (sinks.length === 0) { this.pending.delete(key); continue; }
      new AlertDispatcher(sinks, this.log, { seen: new MemorySeenEvents(), now: this.now }).submit(p.event);
    }
    for (const url of this.options.feeds) {
      const entry = { feed: null as unknown as LiveFeed, monitorGaps: () => 0, late: 0, future: 0, lastMsgT: null as number | null, seenGaps: 0 };
      entry.feed = openFeed(url, (u) => this.onUpdate(entry, u), this.options.feedDefaults);
      const monitor = entry.feed.monitor;
      entry.monitorGaps = () => monitor.gaps.length;
      this.feeds.push(entry);
    }
    for (const f of this.feeds) f.feed.start();
    this.lastCheckpoint = this.now();
    this.timer = setInterval(() => this.tick(), Math.min(1000, Math.max(50, (this.options.checkpointEveryS ?? 10) * 1000)));
    this.timer.unref();
  }

  /** Stops the feeds. `endOfRecording`: close every open leg as batch ingest closes them at the end of a file. */
  async stop(options: { endOfRecording?: boolean } = {}): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await Promise.all(this.feeds.map((f) => f.feed.stop()));
    if (options.endOfRecording) this.segmenter.flush();
    this.schedule();
    await this.settle();
    await this.dispatcher.idle();
    await this.enqueue(async () => { await this.flushLogs(); await this.checkpoint(); });
    await this.settle();
    this.writeStatus();
  }

  /** Resolves when every queued store/event step has run. */
  async settle(): Promise<void> {
    while (this.running || this.queue.length) {
      if (this.running) await this.running;
      else this.schedule();
      await new Promise((r) => setImmediate(r));
    }
  }

  /** Waits until the dispatcher has no delivery in flight, then writes the log. */
  async deliveries(): Promise<void> {
    await this.settle();
    await this.dispatcher.idle();
    await this.enqueue(() => this.flushLogs());
    await this.settle();
  }

  private onUpdate(entry: Watcher['feeds'][number], u: PositionUpdate): void {
    const name = entry.feed.name;
    const gapCount = entry.monitorGaps();
    if (gapCount > entry.seenGaps) {
      const status = entry.feed.status();
      for (const g of status.gaps.slice(entry.seenGaps)) this.gaps.push({ feed: name, start: entry.lastMsgT ?? u.messageTime, end: u.messageTime, reason: g.reason });
      entry.seenGaps = gapCount;
    }
    for (const g of this.gaps) if (g.end === null && (g.feed === 'watcher' || g.feed === name)) g.end = u.messageTime;
    // A clock more than 5 minutes ahead of this machine's would close other aircraft's legs early: counted, not used.
    if (u.messageTime > this.now() + 300) { entry.future++; return; }
    if (entry.lastMsgT === null || u.messageTime > entry.lastMsgT) entry.lastMsgT = u.messageTime;
    if (this.feedTime === null || u.messageTime > this.feedTime) this.feedTime = u.messageTime;
    this.receivedAt = u.receivedAt;
    const p = this.assembler.point(u);
    if (!p) return;
    if (!this.segmenter.add(u.icao24, p, name)) { entry.late++; return; }
    if (!this.seenHexes.has(u.icao24)) {
      // The watchlist is checked once per aircraft and callsign, not per position.
      const key = `${u.icao24} ${p.callsign ?? ''}`;
      if ((p.callsign !== null || !this.checked.has(u.icao24)) && !this.checked.has(key)) {
        this.checked.add(key);
        this.checked.add(u.icao24);
        if (this.checked.size > 200_000) this.checked.clear();
        if (this.watched(u.icao24, p.callsign, p.timeS)) {
          this.seenHexes.add(u.icao24);
          void this.enqueue(() => this.sighted(u.icao24, p.callsign, p.timeS, name));
        }
      }
    }
  }

  /** Whether an airframe (or a flight, by callsign) is on the watchlist on that date. */
  watched(hex: string, callsign: string | null, t: number): boolean {
    const date = new Date(t * 1000).toISOString().slice(0, 10);
    if (this.options.watchHexes?.includes(hex)) return true;
    const reg = this.registry?.lookup(hex, null, date);
    if (reg && reg.iceService !== 'none') return true;
    return callsign !== null && matchCallsign([callsign], date, this.rules) !== null;
  }

  private aircraft(hex: string, callsign: string | null, t: number): AircraftRef {
    const date = new Date(t * 1000).toISOString().slice(0, 10);
    const reg = this.registry?.lookup(hex, null, date);
    const ref: AircraftRef = { icao24: hex.replace(/^~/, '') };
    if (reg?.registration) ref.registration = reg.registration;
    if (callsign) ref.callsign = callsign;
    if (reg?.operator) ref.operator = reg.operator;
    return ref;
  }

  private legOpened(hex: string, info: OpenLeg): void {
    if (info.startReason !== 'takeoff' || !info.departure.icao) return;
    if (!this.watched(hex, info.callsign, info.departureTimeS)) return;
    const tr = this.segmenter.tracks.get(hex);
    const evidence = { feeds: [...(tr?.feeds ?? [])], firstMessageTime: info.departureTimeS, lastMessageTime: tr?.newestT ?? info.departureTimeS, positions: tr ? tr.accPoints : 0 };
    const event: AlertEvent = { kind: 'departed', aircraft: this.aircraft(hex, info.callsign, info.departureTimeS), at: info.departureTimeS, airport: airportRef(info.departure), evidence };
    const at = this.receivedAt;
    this.enqueue(() => this.submit(event, at));
  }

  private legClosed(hex: string, leg: TrajectoryLeg): void {
    const tr = this.segmenter.tracks.get(hex);
    const t0 = Date.parse(leg.departureTimeUtc) / 1000, t1 = Date.parse(leg.arrivalTimeUtc) / 1000;
    const evidence: LiveEvidence = {
      feeds: [...(tr?.feeds ?? [])].sort(), firstMessageTime: t0, lastMessageTime: t1, points: leg.points,
      gaps: this.gaps.filter((g) => g.start <= t1 && (g.end ?? Infinity) >= t0).map((g) => ({ ...g })),
    };
    const live: LiveLeg = { leg, evidence };
    const at = this.receivedAt;
    this.enqueue(() => this.stored(live, at));
  }

  private async stored(live: LiveLeg, receivedAt?: number): Promise<void> {
    const store = this.options.store;
    const { leg } = live;
    const hex = leg.icao24.replace(/^~/, '');
    const t0 = Date.parse(leg.departureTimeUtc) / 1000;
    const watchedLeg = this.watched(hex, leg.callsigns[0] ?? null, t0) || leg.callsigns.some((c) => this.watched(hex, c, t0));
    const history = watchedLeg ? await aircraftHistory(store, hex, leg.departureTimeUtc) : null;
    const [stored] = await storeLiveLegs(store, this.sourceId, [live]);
    this.legsStored++;
    if (stored.merged) this.legsMerged++;
    if (!watchedLeg && (stored.iceLink === null || stored.iceLink === 'none' || stored.iceLink === 'route')) return;
    for (const e of this.legEvents(stored, history)) await this.submit(e, receivedAt);
  }

  private legEvents(s: StoredLiveLeg, history: { airports: Set<string> } | null): AlertEvent[] {
    const { leg } = s;
    const hex = leg.icao24.replace(/^~/, '');
    const t0 = Date.parse(leg.departureTimeUtc) / 1000, t1 = Date.parse(leg.arrivalTimeUtc) / 1000;
    const evidence = { feeds: s.evidence.feeds, firstMessageTime: t0, lastMessageTime: t1, positions: leg.points };
    const aircraft = this.aircraft(hex, leg.callsigns[leg.callsigns.length - 1] ?? null, t1);
    const out: AlertEvent[] = [];
    const landed = leg.endReason === 'landing' || leg.endReason === 'touch-and-go';
    if (leg.arrival.icao && (landed || leg.arrival.basis !== 'none')) out.push({ kind: 'arrived', aircraft, at: t1, airport: airportRef(leg.arrival), evidence });
    const depCountry = s.departureCountry ?? leg.departure.countryCode, arrCountry = s.arrivalCountry ?? leg.arrival.countryCode;
    if (depCountry && isUsCountry(depCountry) && arrCountry && !isUsCountry(arrCountry)) {
      out.push({ kind: 'left-us', aircraft, at: t0, towardCountryCode: arrCountry, lastUsAirport: airportRef(leg.departure), evidence });
    }
    if (history && history.airports.size > 0) {
      for (const fix of [leg.departure, leg.arrival]) {
        if (fix.icao && !history.airports.has(fix.icao)) {
          out.push({ kind: 'new-airport', aircraft, at: fix === leg.departure ? t0 : t1, airport: airportRef(fix), evidence });
          history.airports.add(fix.icao);
        }
      }
    }
    return out;
  }

  /** A watchlist airframe's first position in this session: an event when it was not recorded for N days. */
  private async sighted(hex: string, callsign: string | null, t: number, feed: string): Promise<void> {
    const days = this.options.reappearDays ?? 30;
    const { lastSeen } = await aircraftHistory(this.options.store, hex.replace(/^~/, ''), new Date(t * 1000).toISOString());
    if (lastSeen !== null && t - lastSeen < days * DAY_S) return;
    await this.submit({
      kind: 'watchlist-seen', aircraft: this.aircraft(hex.replace(/^~/, ''), callsign, t), at: t,
      daysSinceLastSeen: lastSeen === null ? null : Math.floor((t - lastSeen) / DAY_S),
      evidence: { feeds: [feed], firstMessageTime: t, lastMessageTime: t, positions: 1 },
    });
  }

  private async submit(event: AlertEvent, messageReceivedAt?: number): Promise<void> {
    const key = eventKey(event);
    const dispatch = this.dispatcher.submit(event);
    if (dispatch === 'accepted' && (this.options.sinks ?? []).length) this.pending.set(key, { event, sinksDone: new Set() });
    const record: WatchEvent = { id: this.nextId++, key, dispatch, event, ...(messageReceivedAt !== undefined ? { messageReceivedAt } : {}) };
    await this.options.store.run('INSERT INTO watch_events (event_id, event_key, kind, icao24, event_time, dispatch, event) VALUES ($1, $2, $3, $4, CAST(to_timestamp($5) AS TIMESTAMP), $6, $7)',
      [record.id, key, event.kind, event.aircraft.icao24, event.at, dispatch, JSON.stringify(event)]);
    await this.seen.flush(this.options.store);
    this.events++;
    this.recent.push(record);
    while (this.recent.length && this.recent[0].event.at < event.at - DAY_S) this.recent.shift();
    if (this.options.liveDir) {
      mkdirSync(this.options.liveDir, { recursive: true });
      appendFileSync(`${this.options.liveDir}/events.jsonl`, `${JSON.stringify({ ...record, recordedAt: this.now() })}\n`);
    }
    this.options.onEvent?.(record);
  }

  private onDelivery(r: DeliveryRecord): void {
    const p = this.pending.get(r.key);
    if (!p) return;
    if (r.outcome === 'delivered' || r.outcome === 'gave-up' || (r.outcome === 'failed' && r.retryAt === undefined)) p.sinksDone.add(r.sink);
    if ((this.options.sinks ?? []).every((s) => p.sinksDone.has(s.sink.name))) this.pending.delete(r.key);
    if (this.log.pending >= 64) this.enqueue(() => this.flushLogs());
  }

  /** Events of the last 24 hours (by event time, up to the newest), oldest first. */
  recentEvents(): WatchEvent[] {
    return [...this.recent];
  }

  private enqueue(work: () => Promise<void>): Promise<void> {
    return new Promise<void>((resolve) => {
      this.queue.push(async () => {
        try {
          await work();
        } catch (error) {
          const kind = `store: ${(error as Error).message.split('\n')[0].slice(0, 120)}`;
          this.errors.set(kind, (this.errors.get(kind) ?? 0) + 1);
        }
        resolve();
      });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.running || this.queue.length === 0) return;
    this.running = (async () => {
      while (this.queue.length) await this.queue.shift()!();
      this.running = null;
    })();
  }

  private async flushLogs(): Promise<void> {
    await this.log.flush(this.options.store);
    await this.seen.flush(this.options.store);
  }

  private tick(): void {
    if (this.feedTime !== null) this.segmenter.expire(this.feedTime);
    if (this.log.pending) void this.enqueue(() => this.flushLogs());
    if (this.now() - this.lastCheckpoint >= (this.options.checkpointEveryS ?? 10)) {
      this.lastCheckpoint = this.now();
      void this.enqueue(() => this.checkpoint());
    }
    if (this.now() - this.lastStatus >= 1) { this.lastStatus = this.now(); this.writeStatus(); }
  }

  /** Writes the state a restart needs: open tracks, the watchlist hexes already sighted, undelivered alerts, open gaps. */
  async checkpoint(): Promise<void> {
    const state: Checkpoint = {
      version: 1,
      feedTime: this.feedTime,
      tracks: [...this.segmenter.tracks.values()].map(trackState),
      seenHexes: [...this.seenHexes],
      pending: [...this.pending].map(([key, p]) => ({ key, event: p.event, sinksDone: [...p.sinksDone] })),
      gaps: this.gaps.filter((g) => g.end === null || (this.feedTime !== null && g.end > this.feedTime - DAY_S)),
    };
    const store = this.options.store;
    await store.transaction(async () => {
      await this.log.flush(store);
      await this.seen.flush(store);
      await saveCheckpoint(store, this.name, state);
    });
    this.lastCheckpoint = this.now();
  }

  status(): WatchStatus {
    const airborne: WatchStatus['airborne'] = [];
    for (const tr of this.segmenter.tracks.values()) {
      if (!tr.legOpen) continue;
      const b = tr.buf, k = b.n - 1;
      let cs: string | null = null;
      for (let j = k; j >= 0 && j > k - 200; j--) if (b.callsign[j] >= 0) { cs = b.callsigns[b.callsign[j]]; break; }
      if (!this.watched(tr.hex, cs, b.timeS[k])) continue;
      airborne.push({ icao24: tr.hex, callsign: cs, latDeg: b.latDeg[k], lonDeg: b.lonDeg[k], altFt: Number.isFinite(b.altFt[k]) ? b.altFt[k] : null, at: b.timeS[k], departure: null });
    }
    const alerts = Object.fromEntries(this.log.counts);
    for (const [k, v] of this.errors) alerts[k] = v;
    return {
      name: this.name, startedAt: this.startedAt, updatedAt: this.now(), feedTime: this.feedTime,
      feeds: this.feeds.map((f) => ({ ...f.feed.status(), lateMessages: f.late, futureMessages: f.future, messageGaps: this.gaps.filter((g) => g.feed === f.feed.name) })),
      aircraft: this.segmenter.tracks.size, points: this.segmenter.stats.points, legsStored: this.legsStored, legsMerged: this.legsMerged,
      events: this.events, alerts, restoredFromCheckpoint: this.restored, airborne,
    };
  }

  private writeStatus(): void {
    const dir = this.options.liveDir;
    if (!dir) return;
    mkdirSync(dir, { recursive: true });
    const path = `${dir}/status.json`;
    writeFileSync(`${path}.tmp`, JSON.stringify(this.status(), null, 1));
    renameSync(`${path}.tmp`, path);
    void dirname;
  }
}

/** Where a database's watcher writes its status and events: `<db>.live/`. */
export function liveDirFor(dbPath: string): string | null {
  return dbPath === ':memory:' ? null : `${dbPath}.live`;
}
