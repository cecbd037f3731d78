/**
 * The one record every live feed produces, whatever protocol it speaks (docs/feeds.md). A reader fills
 * only what its message carried: an SBS `MSG,1` line gives a callsign, a Beast airborne-position frame a
 * position and a barometric altitude, an aircraft.json entry most fields at once. Units are in the names.
 */

/** Which protocol a record came from. */
export type FeedKind = 'aircraft-json' | 'jsonl' | 'sbs' | 'beast' | 'adsbx-v2' | 'opensky';

export interface PositionUpdate {
  feed: FeedKind;
  /** When this process read the message, epoch seconds (for a recorded file: the recording's time). */
  receivedAt: number;
  /** Mode S address, 6 lower-case hex digits; a non-ICAO address (TIS-B, anonymous) is prefixed with `~`. */
  icao24: string;
  /** When the message was generated, epoch seconds, as the feed states it (or `receivedAt` when it says nothing). */
  messageTime: number;
  /** Trimmed; absent when the message carried none. */
  callsign?: string;
  latDeg?: number;
  lonDeg?: number;
  /** Barometric (pressure) altitude in feet; absent on the ground (see `onGround`). */
  altitudeFt?: number;
  /** Geometric (GNSS) altitude in feet, when the feed gives it instead of or beside the barometric one. */
  altitudeGeomFt?: number;
  /** True when the feed says the aircraft is on the ground (aircraft.json `alt_baro: "ground"`, OpenSky `on_ground`). */
  onGround?: boolean;
  groundspeedKt?: number;
  /** Track over the ground, degrees clockwise from true north. */
  trackDeg?: number;
  verticalRateFpm?: number;
  /** Mode A code as 4 octal digits ("7700"). */
  squawk?: string;
}

/**
 * Malformed or unusable input, counted by kind instead of thrown: a feed that sends garbage keeps
 * running and its status says how much garbage (docs/feeds.md lists every kind).
 */
export class ErrorCounts {
  private readonly counts = new Map<string, number>();

  add(kind: string, n = 1): void {
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + n);
  }

  get(kind: string): number {
    return this.counts.get(kind) ?? 0;
  }

  total(): number {
    let n = 0;
    for (const v of this.counts.values()) n += v;
    return n;
  }

  toJSON(): Record<string, number> {
    return Object.fromEntries([...this.counts].sort(([a], [b]) => a.localeCompare(b)));
  }
}

/** A message handler; readers call it once per decoded update, in input order. */
export type UpdateSink = (update: PositionUpdate) => void;

/** Unit conversions, with the exact factors (international foot and nautical mile). */
export const FT_PER_M = 1 / 0.3048;
export const KT_PER_MPS = 3600 / 1852;
export const FPM_PER_MPS = 60 / 0.3048;

/** `"A1B2C3"` → `"a1b2c3"`, `"~00f0a1"` kept non-ICAO; null when it is not a 24-bit address. */
export function normaliseHex(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const s = raw.trim().toLowerCase();
  const nonIcao = s.startsWith('~');
  const hex = nonIcao ? s.slice(1) : s;
  if (!/^[0-9a-f]{6}$/.test(hex)) return null;
  return nonIcao ? `~${hex}` : hex;
}

/** A finite number or undefined (feeds write null, "", "N/A" for unknown values). */
export function finite(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** Trimmed callsign, undefined for blanks and the placeholders feeds write ("N/A", "@@@@@@@@"). */
export function cleanCallsign(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const s = raw.trim();
  if (s === '' || s === 'N/A' || /^@+$/.test(s)) return undefined;
  return s;
}
