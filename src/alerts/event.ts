/**
 * What an alert is about. Events name aircraft, airports, countries and times only — never people:
 * deportwatch watches airframes (docs/feeds.md, "Alerts"). The trajectory layer produces them from
 * live positions; this folder only words and delivers them.
 *
 * Every event carries its evidence (which feeds, which message times, how many positions) so that a
 * published alert leads back to the rows behind it.
 */

export interface AircraftRef {
  /** Mode S address, lower-case hex. */
  icao24: string;
  registration?: string;
  callsign?: string;
  /** The operator as the registry names it (e.g. "GlobalX"); not a guess from the callsign. */
  operator?: string;
}

export interface AirportRef {
  icao?: string;
  iata?: string;
  name?: string;
  city?: string;
  /** ISO 3166-1 alpha-2 code ("GT"). */
  countryCode?: string;
}

export interface Evidence {
  /** Feed names the event was seen on (one event may come from several). */
  feeds: string[];
  /** Epoch seconds of the first and last position behind the event. */
  firstMessageTime: number;
  lastMessageTime: number;
  positions: number;
}

interface Base {
  aircraft: AircraftRef;
  /** When it happened, epoch seconds (take-off, landing, the crossing, the sighting). */
  at: number;
  evidence: Evidence;
}

export type AlertEvent =
  | (Base & { kind: 'departed'; airport: AirportRef })
  | (Base & { kind: 'arrived'; airport: AirportRef })
  /** Left the United States on a track toward a country (from the trajectory, never from a schedule). */
  | (Base & { kind: 'left-us'; towardCountryCode: string; lastUsAirport?: AirportRef })
  /** A watchlist airframe seen for the first time in `daysSinceLastSeen` days (null: never seen before). */
  | (Base & { kind: 'watchlist-seen'; daysSinceLastSeen: number | null })
  /** An airport this airframe has never been recorded at before. */
  | (Base & { kind: 'new-airport'; airport: AirportRef });

export type AlertKind = AlertEvent['kind'];

/** How long after one event another with the same key counts as the same event, by kind (seconds). */
export const DEDUP_WINDOW_S: Record<AlertKind, number> = {
  // Two feeds may time one take-off minutes apart. Limit (docs/feeds.md): a return to the same airport
  // and a second departure within 2 h is alerted once.
  departed: 2 * 3600,
  arrived: 2 * 3600,
  'left-us': 6 * 3600,
  'watchlist-seen': 12 * 3600,
  'new-airport': 24 * 3600,
};

function airportKey(a: AirportRef | undefined): string {
  return (a?.icao ?? a?.iata ?? a?.name ?? '?').toUpperCase();
}

/**
 * The stable key of an event: the same take-off reported by two feeds (an aircraft.json receiver and
 * an ADS-B Exchange poll) gets the same key; whether it is the same event is decided with the time
 * window above, so a key never depends on which feed timed it first.
 */
export function eventKey(e: AlertEvent): string {
  const hex = e.aircraft.icao24.toLowerCase();
  switch (e.kind) {
    case 'departed':
    case 'arrived':
    case 'new-airport': return `${e.kind}:${hex}:${airportKey(e.airport)}`;
    case 'left-us': return `${e.kind}:${hex}:${e.towardCountryCode.toUpperCase()}`;
    case 'watchlist-seen': return `${e.kind}:${hex}`;
  }
}

/** Remembers the events already alerted, for deduplication; the lead may back it with the database. */
export interface SeenEvents {
  /** Epoch seconds of the last event with this key, if any. */
  lastAt(key: string): number | undefined;
  remember(key: string, at: number): void;
}

export class MemorySeenEvents implements SeenEvents {
  private readonly seen = new Map<string, number>();

  lastAt(key: string): number | undefined {
    return this.seen.get(key);
  }

  remember(key: string, at: number): void {
    this.seen.set(key, at);
  }
}
