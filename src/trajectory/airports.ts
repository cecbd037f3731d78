/**
 * Take-off and landing airports from a trajectory: the nearest airport to the ground point (or lowest
 * airborne point) at each end of a leg, within a distance limit, with the distance, the height above
 * the field and the number of candidate airports as the measure of confidence — the method of
 * OpenSky's flight table (estDepartureAirport with horizontal and vertical distance and a candidate
 * count) and of traffic's `takeoff_airport` / `landing_airport`. A leg whose recording starts or ends
 * high or far from any airport gets `unknown`: never a guess.
 *
 * Bases, strongest first (docs/trajectory.md has the reasoning and examples):
 *  - `ground`: a point reported on the ground (or slower than any aeroplane flies) within 5 km of an
 *    airport; the airport of any type.
 *  - `low`: the first/last airborne point at most 3,000 ft above a field within 20 km (initial climb or
 *    final approach); the nearest such airport of any type.
 *  - `approach`: the recording stops (or starts) in the air, at most 10,000 ft above a field within
 *    50 km. Candidates are restricted, as traffic advises "when data is missing near the ground", to
 *    large airports, airports with scheduled service and known ICE hubs. Low confidence.
 *  - `none`: anything else — the departure or arrival is out of coverage.
 * Uses the project's airport reference (src/reference/airports.ts); it holds no airport data itself.
 */
import { airportIndex, type Airport, type AirportIndex } from '../reference/airports.ts';

export type AirportBasis = 'ground' | 'low' | 'approach' | 'none';
export type AirportConfidence = 'high' | 'medium' | 'low' | 'none';

export interface AirportFix {
  icao: string | null;
  iata: string | null;
  name: string | null;
  countryCode: string | null;
  basis: AirportBasis;
  confidence: AirportConfidence;
  /** Distance from the point used to the airport's reference point. */
  distanceKm: number | null;
  /** Altitude of the point above the field elevation (null on the ground or when either is unknown). */
  heightFt: number | null;
  /** Airports of any type within the search radius of the basis (1 = unambiguous). */
  candidates: number;
  /** One sentence a reader can check: what the recording shows at this end. */
  note: string;
}

export const AIRPORT_RULES = Object.freeze({
  groundKm: 5,
  lowKm: 20,
  lowHeightFt: 3000,
  approachKm: 50,
  approachHeightFt: 10000,
});

export interface EndPoint {
  latDeg: number;
  lonDeg: number;
  /** NaN when unknown or on the ground without a number. */
  altFt: number;
  onGround: boolean;
  timeUtc: string;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

function fixFrom(a: Airport, basis: AirportBasis, confidence: AirportConfidence, distanceKm: number, heightFt: number | null, candidates: number, note: string): AirportFix {
  return { icao: a.icao, iata: a.iata, name: a.name, countryCode: a.countryCode, basis, confidence, distanceKm, heightFt, candidates, note };
}

function none(note: string): AirportFix {
  return { icao: null, iata: null, name: null, countryCode: null, basis: 'none', confidence: 'none', distanceKm: null, heightFt: null, candidates: 0, note };
}

/** Airports a recording that ends in the air may be heading to: traffic's "large airports", plus scheduled service and ICE hubs. */
export function servesAirliners(a: Airport): boolean {
  return a.type === 'large_airport' || a.scheduledService === true || !!a.iceHub;
}

function heightAbove(a: Airport, altFt: number): number | null {
  return altFt === altFt ? altFt - (a.elevationFt ?? 0) : null;
}

/**
 * The airport at one end of a leg. `end` says which end, for the note. `ground` is a ground point
 * next to the leg (the last one before take-off, the first after landing) when the recording has one.
 */
export function inferAirport(end: 'departure' | 'arrival', air: EndPoint, ground: EndPoint | null, index: AirportIndex = airportIndex()): AirportFix {
  const where = (p: EndPoint) => `${p.latDeg.toFixed(4)}, ${p.lonDeg.toFixed(4)}`;
  if (ground) {
    const hit = index.nearest(ground.latDeg, ground.lonDeg, AIRPORT_RULES.groundKm);
    if (hit) {
      return fixFrom(hit.airport, 'ground', hit.candidatesWithinKm === 1 ? 'high' : 'medium', hit.distanceKm, null, hit.candidatesWithinKm,
        `on the ground ${hit.distanceKm.toFixed(1)} km from ${hit.airport.icao} at ${ground.timeUtc}` +
        (hit.candidatesWithinKm > 1 ? ` (${hit.candidatesWithinKm} airports within ${AIRPORT_RULES.groundKm} km)` : ''));
    }
  }
  const p = air;
  if (p.onGround) {
    const hit = index.nearest(p.latDeg, p.lonDeg, AIRPORT_RULES.groundKm);
    if (hit) return fixFrom(hit.airport, 'ground', hit.candidatesWithinKm === 1 ? 'high' : 'medium', hit.distanceKm, null, hit.candidatesWithinKm, `on the ground ${hit.distanceKm.toFixed(1)} km from ${hit.airport.icao} at ${p.timeUtc}`);
  }
  const verb = end === 'departure' ? 'starts' : 'ends';
  if (p.altFt !== p.altFt) {
    return none(`the recording ${verb} at ${where(p)} with no altitude${ground ? `; the ground point is not within ${AIRPORT_RULES.groundKm} km of an airport` : ''}`);
  }
  // Low: at most 3,000 ft above a field within 20 km, any airport type.
  const low = index.nearest(p.latDeg, p.lonDeg, AIRPORT_RULES.lowKm, (a) => { const h = heightAbove(a, p.altFt); return h !== null && h <= AIRPORT_RULES.lowHeightFt; });
  if (low) {
    const all = index.nearest(p.latDeg, p.lonDeg, AIRPORT_RULES.lowKm);
    const height = heightAbove(low.airport, p.altFt)!;
    const candidates = all?.candidatesWithinKm ?? low.candidatesWithinKm;
    return fixFrom(low.airport, 'low', candidates === 1 ? 'medium' : 'low', low.distanceKm, height, candidates,
      `the recording ${verb} ${fmt(height)} ft above ${low.airport.icao}, ${low.distanceKm.toFixed(1)} km away, at ${p.timeUtc}` +
      (candidates > 1 ? ` (${candidates} airports within ${AIRPORT_RULES.lowKm} km)` : ''));
  }
  // Approach: data missing near the ground; restricted to airports that serve airliners.
  const far = index.nearest(p.latDeg, p.lonDeg, AIRPORT_RULES.approachKm, (a) => {
    const h = heightAbove(a, p.altFt);
    return servesAirliners(a) && h !== null && h <= AIRPORT_RULES.approachHeightFt;
  });
  if (far) {
    const all = index.nearest(p.latDeg, p.lonDeg, AIRPORT_RULES.approachKm);
    const height = heightAbove(far.airport, p.altFt)!;
    const candidates = all?.candidatesWithinKm ?? far.candidatesWithinKm;
    return fixFrom(far.airport, 'approach', 'low', far.distanceKm, height, candidates,
      `the recording ${verb} in the air ${fmt(height)} ft above ${far.airport.icao}, ${far.distanceKm.toFixed(1)} km away, at ${p.timeUtc}; ` +
      `estimated as the nearest large or scheduled-service airport (${candidates} airports of any kind within ${AIRPORT_RULES.approachKm} km)`);
  }
  return none(`the recording ${verb} at ${fmt(p.altFt)} ft at ${where(p)} (${p.timeUtc}): the ${end} is out of coverage`);
}

/** An altitude minimum inside a leg, near an airport: a touch-and-go (height ≤ 100 ft) or a low pass. */
export interface LowPass {
  icao: string;
  timeUtc: string;
  heightFt: number;
  distanceKm: number;
}

export const LOW_PASS_RULES = Object.freeze({ touchKm: 3, touchHeightFt: 100, passKm: 5, passHeightFt: 3000 });

export function lowPassAt(latDeg: number, lonDeg: number, altFt: number, timeUtc: string, index: AirportIndex = airportIndex()): LowPass | null {
  const hit = index.nearest(latDeg, lonDeg, LOW_PASS_RULES.passKm);
  if (!hit) return null;
  const h = heightAbove(hit.airport, altFt);
  if (h === null || h > LOW_PASS_RULES.passHeightFt) return null;
  return { icao: hit.airport.icao, timeUtc, heightFt: Math.round(h), distanceKm: Math.round(hit.distanceKm * 10) / 10 };
}

export function isTouchAndGo(p: LowPass): boolean {
  return p.heightFt <= LOW_PASS_RULES.touchHeightFt && p.distanceKm <= LOW_PASS_RULES.touchKm;
}
