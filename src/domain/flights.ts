/**
 * Flight legs: one take-off and one landing of one aircraft, whatever reported it (a tracker export,
 * an observers' log, an ADS-B trajectory, an ARTS mission). Plain types and pure rules, no I/O.
 *
 * Every source hands the store `FlightLegInput`s through `insertFlightLegs(store, sourceId, legs)`
 * (src/flights/legs-store.ts). The store resolves airports, merges a leg already reported by another
 * source into one leg with two pieces of evidence (see `sameLeg`), and classifies every leg it touched
 * (src/flights/): ICE link, category, mission. Docs: docs/flights.md.
 */
import { isoDateFromDays } from './dates.ts';

/** How a passenger count was obtained. Keep the distinction in data and output (FIELD-NOTES.md, observers). */
export const PASSENGER_METHODS = ['counted', 'estimated', 'manifest', 'reported', 'unspecified'] as const;
/**
 * - `counted`: people counted by an observer on site;
 * - `estimated`: estimated (from vans or buses, from similar flights …), the log says how in `detail`;
 * - `manifest`: from an ICE ARTS manifest;
 * - `reported`: an official count not made by the observers (e.g. the Yakima airport's passenger report);
 * - `unspecified`: a number the source gives without saying how it was obtained.
 */
export type PassengerMethod = (typeof PASSENGER_METHODS)[number];

export interface PassengerCount {
  count: number;
  method: PassengerMethod;
  /** The source's own words for the method ("Estimated, derived from ICE convoy vehicles"), or who counted. */
  detail?: string | null;
}

/** An airport as a source reports it; the store resolves it through src/reference/airports.ts. */
export interface ReportedAirport {
  icao?: string | null;
  iata?: string | null;
  /** The cell as written ("Guatemala City(GUA/MGGT)"), kept when no reference knows the code. */
  raw?: string | null;
  /** For airports inferred from a trajectory: distance of the first/last point and how many airports were within the search radius. */
  inferred?: { distanceKm: number; candidatesWithinKm: number } | null;
}

/** The source families that report legs; `flight_legs.source_kinds` lists those that reported a leg. */
export type LegSourceKind = 'radarbox' | 'observer' | 'adsb' | 'arts' | (string & {});

/**
 * One leg as a source reports it. Times are UTC ISO strings (`2020-02-21T11:00:00Z`); a source that
 * only knows local times converts them (RadarBox writes the zone abbreviation beside each time) or
 * leaves them null. Unknown fields are null, never guessed.
 */
export interface FlightLegInput {
  /** Which family of source reported it (`radarbox`, `observer`, `adsb`, `arts`). */
  sourceKind: LegSourceKind;
  /** The row or line of the source file this leg comes from (null for a trajectory: use `evidence.note`). */
  sourceRow: number | null;
  /** Date of departure: the UTC date of `departureTimeUtc` when known, else the date the source gives. YYYY-MM-DD. */
  departureDate: string;
  departureTimeUtc?: string | null;
  arrivalTimeUtc?: string | null;
  /** What the departure time is: `actual` (ADS-B, observed), `scheduled` (tracker STD) … */
  departureTimeBasis?: 'actual' | 'scheduled' | 'observed' | null;
  /** The flight number as published (WQ3555, WAL408), trimmed. */
  flightNumber?: string | null;
  /** The ICAO callsign broadcast or logged (SWQ3555, TYSON54, GXA6211). */
  callsign?: string | null;
  /** Registration (tail number), upper case (N430XA). */
  registration?: string | null;
  /** Mode S address, 6 hex digits, lower case (a2f016). */
  icao24?: string | null;
  /** ICAO type designator (B734, A320). */
  aircraftType?: string | null;
  /** Operator as the source names it (SwiftAir/iAero, Global Crossing). */
  operator?: string | null;
  departure: ReportedAirport | null;
  arrival: ReportedAirport | null;
  /** Tracker status ("Landed", "Scheduled", "Cancelled") or observation note; null when none. */
  status?: string | null;
  passengersOn?: PassengerCount[];
  passengersOff?: PassengerCount[];
  evidence: {
    /** A link someone can open: FlightAware history, adsb.lol replay (hex + time window). */
    link?: string | null;
    /** What this piece of evidence says, for `flights explain` (e.g. "hex a2f016 2025-10-01 15:02–16:58Z, 812 points"). */
    note?: string | null;
  };
}

/**
 * Identity of an aircraft for matching and missions: registration when known (resolved from the hex
 * through the dated registry when a source gives only the hex), else the hex, else the flight number
 * (a tracker row without a tail), else nothing can be matched.
 */
export function aircraftKey(leg: { registration?: string | null; icao24?: string | null; flightNumber?: string | null; callsign?: string | null }): string {
  if (leg.registration) return `reg:${leg.registration.toUpperCase()}`;
  if (leg.icao24) return `hex:${leg.icao24.toLowerCase()}`;
  const flight = leg.callsign ?? leg.flightNumber;
  if (flight) return `flight:${flight.toUpperCase()}`;
  return 'unknown';
}

/** How far apart two reports of the same leg's departure (or arrival) time may be. */
export const SAME_LEG_TOLERANCE_MS = 3 * 3600_000;

export interface LegIdentity {
  aircraftKey: string;
  departureAirport: string | null;
  arrivalAirport: string | null;
  departureDate: string;
  departureTimeUtc: string | null;
  arrivalTimeUtc: string | null;
  /** The flight number's digits (WQ3555 and SWQ3555 → "3555"), or null. */
  flightDigits?: string | null;
}

/** Digits of a flight number or callsign, to compare a tracker's WQ3555 with a transponder's SWQ3555. */
export function flightDigits(...values: (string | null | undefined)[]): string | null {
  for (const v of values) {
    const m = /(\d+)[A-Z]?$/.exec((v ?? '').replace(/\s+/g, '').toUpperCase());
    if (m) return m[1].replace(/^0+(?=\d)/, '');
  }
  return null;
}

/**
 * The matching rule: two reports are the same leg when they name the same aircraft (`aircraftKey`),
 * the same departure and arrival airports (ICAO after resolution; a blank airport matches nothing),
 * and
 *  - both give a departure time and they are at most 3 hours apart (trackers give scheduled times,
 *    observers and ADS-B actual ones; 3 h covers delays without merging two rotations of a shuttle,
 *    which take at least twice the 45-minute Miami–Havana block time), or else
 *  - both give an arrival time at most 3 hours apart, or else
 *  - neither lets times be compared, the departure dates are equal and the flight numbers do not
 *    differ (their digits, so WQ3555 = SWQ3555; a missing number does not differ): an aircraft
 *    shuttling Miami–Havana several times a day flies each rotation under its own number.
 * An aircraft key of `unknown` never matches: a row without tail, hex or flight number is its own leg.
 */
export function sameLeg(a: LegIdentity, b: LegIdentity): boolean {
  if (a.aircraftKey === 'unknown' || a.aircraftKey !== b.aircraftKey) return false;
  if (!a.departureAirport || !a.arrivalAirport) return false;
  if (a.departureAirport !== b.departureAirport || a.arrivalAirport !== b.arrivalAirport) return false;
  return sameLegTimes(parsedTimes(a), parsedTimes(b));
}

/** The time part of a leg's identity, parsed once: epoch milliseconds (NaN when unknown). */
export interface LegTimes {
  departureMs: number;
  arrivalMs: number;
  departureDate: string;
  flightDigits?: string | null;
}

function parsedTimes(leg: LegIdentity): LegTimes {
  return {
    departureMs: leg.departureTimeUtc ? Date.parse(leg.departureTimeUtc) : NaN, arrivalMs: leg.arrivalTimeUtc ? Date.parse(leg.arrivalTimeUtc) : NaN,
    departureDate: leg.departureDate, flightDigits: leg.flightDigits,
  };
}

/**
 * The time conditions of `sameLeg` for two reports already known to name the same aircraft and the
 * same (non-blank) airports. The store matches a batch with this form (times parsed once per leg).
 */
export function sameLegTimes(a: LegTimes, b: LegTimes): boolean {
  if (a.departureMs === a.departureMs && b.departureMs === b.departureMs) return Math.abs(a.departureMs - b.departureMs) <= SAME_LEG_TOLERANCE_MS;
  if (a.arrivalMs === a.arrivalMs && b.arrivalMs === b.arrivalMs) return Math.abs(a.arrivalMs - b.arrivalMs) <= SAME_LEG_TOLERANCE_MS;
  if (a.flightDigits && b.flightDigits && a.flightDigits !== b.flightDigits) return false;
  return a.departureDate === b.departureDate;
}

/** Mode S address check: exactly 6 hex digits. */
export function isIcao24(text: string): boolean {
  return /^[0-9a-f]{6}$/i.test(text);
}

/** `ICE link` kinds, strongest first (docs/flights.md). */
export const ICE_LINKS = ['manifest', 'observer', 'callsign', 'registry', 'route', 'none'] as const;
export type IceLink = (typeof ICE_LINKS)[number];
export type Confidence = 'high' | 'medium' | 'low' | 'none';

export const LEG_CATEGORIES = ['removal', 'return', 'domestic_transfer', 'lateral', 'repositioning', 'non_ice'] as const;
export type LegCategory = (typeof LEG_CATEGORIES)[number];

const DAY_MS = 86_400_000;
const D2 = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const D3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

/**
 * Epoch milliseconds → the text `Date.prototype.toISOString` gives (`2025-06-01T12:00:00.000Z`), for
 * years 0–9999, by integer arithmetic (civil-from-days, H. Hinnant): a batch formats two times per
 * leg, and the Date round trip costs several times more.
 */
export function isoFromMs(ms: number): string {
  const days = Math.floor(ms / DAY_MS);
  let rest = ms - days * DAY_MS;
  const hours = Math.floor(rest / 3_600_000); rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000); rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  return `${isoDateFromDays(days)}T${D2[hours]}:${D2[minutes]}:${D2[seconds]}.${D3[rest - seconds * 1000]}Z`;
}
