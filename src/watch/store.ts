/**
 * What the watcher writes to the database: its session (one `sources` row, kind `live-feed`), the legs
 * (adsb_legs and flight_legs through the same code as batch ingest, so the registry, callsign rules,
 * categories and missions apply, and a leg reported again by a file becomes evidence on the same leg),
 * the live evidence of each leg, events, deliveries, alerted keys and checkpoints.
 */
import type { DeliveryRecord, DeliveryRecorder } from '../alerts/dispatcher.ts';
import type { SeenEvents } from '../alerts/event.ts';
import type { Store } from '../engine/db.ts';
import { startSource } from '../engine/provenance.ts';
import { insertAdsbLegs, linkFlightLegsByEvidence, nextAdsbLegId } from '../flights/adsb-store.ts';
import { insertFlightLegs } from '../flights/legs-store.ts';
import { toFlightLeg } from '../sources/common/adsb-ingest.ts';
import type { TrajectoryLeg } from '../trajectory/legs.ts';

export interface LiveEvidence {
  feeds: string[];
  firstMessageTime: number;
  lastMessageTime: number;
  points: number;
  gaps: { feed: string; start: number; end: number | null; reason: string }[];
}

export interface LiveLeg {
  leg: TrajectoryLeg;
  evidence: LiveEvidence;
}

/** The flight model's view of a stored live leg (for events). */
export interface StoredLiveLeg extends LiveLeg {
  adsbLegId: number;
  flightLegId: number | null;
  iceLink: string | null;
  departureCountry: string | null;
  arrivalCountry: string | null;
  /** The same leg was already stored (from a file or another session): this became evidence on it. */
  merged: boolean;
}

const iso = (t: number) => new Date(Math.round(t * 1000)).toISOString();

export async function startSession(store: Store, feeds: string[]): Promise<number> {
  return store.transaction(() => startSource(store, { path: `watch ${feeds.join(' ')}`, sha256: null, bytes: 0, kind: 'live-feed', tables: ['adsb_legs', 'flight_legs', 'live_leg_evidence'], synthetic: false }));
}

/** Stores finished legs with their evidence in one transaction; returns what the flight model made of them. */
export async function storeLiveLegs(store: Store, sourceId: number, legs: LiveLeg[]): Promise<StoredLiveLeg[]> {
  if (legs.length === 0) return [];
  return store.transaction(async () => {
    // Feeds carry no registration; a file ingested before may name it for this hex (readsb traces, ADS-B
    // Exchange exports). Without it the flight model would key the same airframe by hex here and by
    // registration there, and the same flight would not match.
    for (const l of legs) {
      if (l.leg.registration) continue;
      const reg = await store.scalar<string | null>(`SELECT registration FROM adsb_legs WHERE icao24 = $1 AND registration IS NOT NULL
        AND abs(date_diff('day', departure_time, CAST($2 AS TIMESTAMP))) <= 365 ORDER BY abs(epoch(departure_time) - epoch(CAST($2 AS TIMESTAMP))) LIMIT 1`,
      [l.leg.icao24, l.leg.departureTimeUtc]);
      if (reg) l.leg = { ...l.leg, registration: reg };
    }
    const first = await nextAdsbLegId(store);
    const stored = legs.map((l, k) => ({ legId: first + k, leg: l.leg }));
    await insertAdsbLegs(store, sourceId, stored);
    const inputs = stored.map(({ legId, leg }, k) => {
      const f = toFlightLeg(legId, leg);
      const e = legs[k].evidence;
      f.evidence = { ...f.evidence, note: `${f.evidence?.note ?? ''}; live feeds ${e.feeds.join(', ')}, messages ${iso(e.firstMessageTime)}–${iso(e.lastMessageTime)}` };
      return f;
    });
    const result = await insertFlightLegs(store, sourceId, inputs);
    await linkFlightLegsByEvidence(store, sourceId);
    const a = await store.appender('live_leg_evidence');
    for (const [k, { legId, leg }] of stored.entries()) {
      const e = legs[k].evidence;
      a.appendBigInt(BigInt(legId)); a.appendInteger(sourceId); a.appendVarchar(leg.icao24); a.appendVarchar(e.feeds.join(','));
      a.appendVarchar(iso(e.firstMessageTime)); a.appendVarchar(iso(e.lastMessageTime)); a.appendInteger(e.points);
      a.appendVarchar(JSON.stringify(e.gaps)); a.appendVarchar(new Date().toISOString());
      a.endRow();
    }
    a.closeSync();
    const ids = stored.map((s) => s.legId);
    const rows = await store.all<{ leg_id: number; flight_leg_id: number | null; ice_link: string | null; departure_country: string | null; arrival_country: string | null; sources: number }>(
      `SELECT a.leg_id, a.flight_leg_id, f.ice_link, f.departure_country, f.arrival_country,
              (SELECT count(DISTINCT e.source_id) FROM flight_evidence e WHERE e.leg_id = a.flight_leg_id) AS sources
       FROM adsb_legs a LEFT JOIN flight_legs f ON f.leg_id = a.flight_leg_id WHERE a.leg_id IN (${ids.join(',')})`);
    const byId = new Map(rows.map((r) => [Number(r.leg_id), r]));
    void result;
    return stored.map(({ legId }, k) => {
      const r = byId.get(legId);
      return {
        ...legs[k], adsbLegId: legId, flightLegId: r?.flight_leg_id == null ? null : Number(r.flight_leg_id), iceLink: r?.ice_link ?? null,
        departureCountry: r?.departure_country ?? null, arrivalCountry: r?.arrival_country ?? null, merged: Number(r?.sources ?? 1) > 1,
      };
    });
  });
}

/** Airports and the last time at which an aircraft was recorded in flight_legs, before `beforeIso`. */
export async function aircraftHistory(store: Store, hex: string, beforeIso: string): Promise<{ airports: Set<string>; lastSeen: number | null }> {
  const rows = await store.all<{ departure_airport: string | null; arrival_airport: string | null; t: number | null }>(
    `SELECT departure_airport, arrival_airport, epoch(coalesce(arrival_time_utc, departure_time_utc)) AS t FROM flight_legs
     WHERE icao24 = $1 AND coalesce(departure_time_utc, CAST(departure_date AS TIMESTAMP)) < CAST($2 AS TIMESTAMP)`, [hex, beforeIso]);
  const airports = new Set<string>();
  let lastSeen: number | null = null;
  // Events of the watcher count as sightings too (an airframe seen only in snapshots has no legs).
  const ev = await store.scalar<number | null>('SELECT max(epoch(event_time)) FROM watch_events WHERE icao24 = $1 AND event_time < CAST($2 AS TIMESTAMP)', [hex, beforeIso]);
  if (ev != null) lastSeen = Number(ev);
  for (const r of rows) {
    if (r.departure_airport) airports.add(r.departure_airport);
    if (r.arrival_airport) airports.add(r.arrival_airport);
    if (r.t != null && (lastSeen === null || Number(r.t) > lastSeen)) lastSeen = Number(r.t);
  }
  return { airports, lastSeen };
}

/** Alerted keys kept in memory and written to `alert_keys` (so a restart knows what was alerted). */
export class PersistentSeen implements SeenEvents {
  private readonly seen = new Map<string, number>();
  private dirty = new Map<string, number>();

  static async load(store: Store): Promise<PersistentSeen> {
    const s = new PersistentSeen();
    for (const r of await store.all<{ event_key: string; last_at: number }>('SELECT event_key, last_at FROM alert_keys')) s.seen.set(r.event_key, Number(r.last_at));
    return s;
  }

  lastAt(key: string): number | undefined {
    return this.seen.get(key);
  }

  remember(key: string, at: number): void {
    this.seen.set(key, at);
    this.dirty.set(key, at);
  }

  get size(): number { return this.seen.size; }

  async flush(store: Store): Promise<void> {
    if (this.dirty.size === 0) return;
    const rows = [...this.dirty];
    this.dirty = new Map();
    for (const [key, at] of rows) {
      await store.run('INSERT INTO alert_keys VALUES ($1, $2) ON CONFLICT (event_key) DO UPDATE SET last_at = excluded.last_at', [key, at]);
    }
  }
}

/** Every delivery step, queued as the dispatcher reports it and written in batches. */
export class DeliveryLog implements DeliveryRecorder {
  private queue: DeliveryRecord[] = [];
  readonly counts = new Map<string, number>();
  onRecord: ((r: DeliveryRecord) => void) | null = null;

  record(entry: DeliveryRecord): void {
    this.queue.push(entry);
    this.counts.set(entry.outcome, (this.counts.get(entry.outcome) ?? 0) + 1);
    this.onRecord?.(entry);
  }

  get pending(): number { return this.queue.length; }

  async flush(store: Store): Promise<void> {
    if (this.queue.length === 0) return;
    const rows = this.queue;
    this.queue = [];
    const a = await store.appender('alert_deliveries');
    for (const r of rows) {
      a.appendVarchar(r.key); a.appendVarchar(r.sink); a.appendVarchar(r.outcome); a.appendInteger(r.attempt);
      a.appendVarchar(iso(r.at));
      if (r.reason == null) a.appendNull(); else a.appendVarchar(r.reason);
      if (r.retryAt == null) a.appendNull(); else a.appendVarchar(iso(r.retryAt));
      a.endRow();
    }
    a.closeSync();
  }
}

export async function saveCheckpoint(store: Store, name: string, state: unknown): Promise<void> {
  await store.run(`INSERT INTO watch_checkpoints VALUES ($1, current_timestamp, $2)
    ON CONFLICT (name) DO UPDATE SET saved_at = excluded.saved_at, state = excluded.state`, [name, JSON.stringify(state)]);
}

export async function loadCheckpoint<T>(store: Store, name: string): Promise<T | null> {
  const row = await store.one<{ state: string }>('SELECT state FROM watch_checkpoints WHERE name = $1', [name]);
  return row ? (JSON.parse(row.state) as T) : null;
}

export async function nextEventId(store: Store): Promise<number> {
  return Number((await store.scalar<number | null>('SELECT max(event_id) FROM watch_events')) ?? 0) + 1;
}

/** A leg stored as `signal-lost` whose aircraft was not heard again before the recording ended: `track-end`, as batch names it. */
export async function relabelTrackEnd(store: Store, sourceId: number, leg: TrajectoryLeg): Promise<void> {
  const params = [sourceId, leg.icao24, leg.departureTimeUtc, leg.arrivalTimeUtc];
  await store.run(`UPDATE flight_legs SET status = 'recording ends: track-end' WHERE status = 'recording ends: signal-lost' AND first_source_id = $1
    AND leg_id IN (SELECT flight_leg_id FROM adsb_legs WHERE source_id = $1 AND icao24 = $2 AND departure_time = CAST($3 AS TIMESTAMP) AND arrival_time = CAST($4 AS TIMESTAMP))`, params);
  await store.run(`UPDATE adsb_legs SET end_reason = 'track-end' WHERE source_id = $1 AND icao24 = $2 AND departure_time = CAST($3 AS TIMESTAMP)
    AND arrival_time = CAST($4 AS TIMESTAMP) AND end_reason = 'signal-lost'`, params);
}
