/**
 * Hand-built tracks for the trajectory tests: a few points described by what they are (on the ground,
 * climbing, cruising …), so each test states its situation in the field's terms.
 */
import { F_AIR, F_GROUND, F_NEW_LEG, PositionBuilder, type PositionColumns } from '../../src/trajectory/columns.ts';

export interface P {
  /** Seconds after 2025-06-02T00:00Z. */
  t: number;
  lat: number;
  lon: number;
  /** Feet, or 'ground' as readsb writes it, or null. */
  alt: number | 'ground' | null;
  gs?: number;
  newLeg?: boolean;
  callsign?: string;
  hex?: string;
}

export const T0 = Date.parse('2025-06-02T00:00:00Z') / 1000;

export function columns(points: P[]): PositionColumns {
  const b = new PositionBuilder(points.length);
  points.forEach((p, k) => {
    const i = b.next();
    b.timeS[i] = T0 + p.t;
    b.latDeg[i] = p.lat;
    b.lonDeg[i] = p.lon;
    b.altFt[i] = typeof p.alt === 'number' ? p.alt : NaN;
    b.gsKt[i] = p.gs ?? NaN;
    b.trackDeg[i] = NaN;
    b.vrateFpm[i] = NaN;
    b.flags[i] = (p.alt === 'ground' ? F_GROUND : typeof p.alt === 'number' ? F_AIR : 0) | (p.newLeg ? F_NEW_LEG : 0);
    b.callsign[i] = b.callsignId(p.callsign ?? null);
    b.row[i] = k + 1;
    b.aircraft[i] = b.aircraftId(p.hex ?? 'abc123');
  });
  return b.finish();
}

/** A straight flight from (lat0, lon0) to (lat1, lon1): `n` points every `stepS` seconds at `alt`. */
export function cruise(t0: number, n: number, stepS: number, from: [number, number], to: [number, number], alt: number, gs = 420, extra: Partial<P> = {}): P[] {
  return Array.from({ length: n }, (_, k) => {
    const f = n === 1 ? 0 : k / (n - 1);
    return { t: t0 + k * stepS, lat: from[0] + (to[0] - from[0]) * f, lon: from[1] + (to[1] - from[1]) * f, alt, gs, ...extra };
  });
}

/** `n` points on the ground at an airport, every `stepS` seconds, taxiing slowly. */
export function ground(t0: number, n: number, stepS: number, at: [number, number], extra: Partial<P> = {}): P[] {
  return Array.from({ length: n }, (_, k) => ({ t: t0 + k * stepS, lat: at[0] + k * 1e-5, lon: at[1], alt: 'ground' as const, gs: 10, ...extra }));
}

/** Airport reference points (OurAirports, via src/reference/airports.ts). */
export const KAEX: [number, number] = [31.3274, -92.5486];
export const MGGT: [number, number] = [14.5833, -90.5275];
export const KHRL: [number, number] = [26.2285, -97.6544];
