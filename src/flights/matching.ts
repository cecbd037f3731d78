/**
 * Cross-source leg matching, pure: the legs of one batch (a tracker export, an observers' log, a day of
 * ADS-B) are prepared (airports resolved, identity normalised, times parsed), then matched against the
 * legs already stored that they could be and against each other (domain/flights.ts `sameLegTimes`): a
 * match becomes evidence of the same leg, never a second leg. The store (./legs-store.ts) reads the
 * candidates and writes the result; nothing here touches a database, so a live feed can run it too.
 * Docs: docs/flights.md.
 */
import { aircraftKey, flightDigits, isoFromMs, sameLegTimes, type FlightLegInput, type LegTimes, type PassengerCount, type ReportedAirport } from '../domain/flights.ts';
import { airportIndex, type Airport } from '../reference/airports.ts';
import { classifyLeg, type LegClass } from './classify.ts';
import type { CallsignRule, DatedRegistry } from './rules.ts';

export interface ResolvedAirport { code: string | null; raw: string | null; country: string | null; known: boolean }

const NO_AIRPORT: ResolvedAirport = { code: null, raw: null, country: null, known: false };
/** Resolutions by reported (ICAO, IATA, cell): a batch names a few hundred airports thousands of times. Bounded. */
const resolved = new Map<string, ResolvedAirport>();

function resolveCached(reported: ReportedAirport | null | undefined): ResolvedAirport {
  if (!reported) return NO_AIRPORT;
  const key = `${reported.icao ?? ''}\u0000${reported.iata ?? ''}\u0000${reported.raw ?? ''}`;
  let r = resolved.get(key);
  if (!r) {
    if (resolved.size > 100_000) resolved.clear();
    r = resolveAirport(reported);
    resolved.set(key, r);
  }
  return r;
}

/** Reported airport → ICAO and country; a code no reference knows is kept as written (ICAO, else IATA, else the cell). */
export function resolveAirport(reported: ReportedAirport | null | undefined): ResolvedAirport {
  if (!reported) return { code: null, raw: null, country: null, known: false };
  const index = airportIndex();
  const icao = reported.icao?.trim().toUpperCase() || null;
  const iata = reported.iata?.trim().toUpperCase() || null;
  const airport: Airport | undefined = (icao ? index.byIcao(icao) : undefined) ?? (iata ? index.byIata(iata) : undefined);
  const raw = reported.raw?.trim() || null;
  if (airport) return { code: airport.icao, raw, country: airport.countryCode, known: true };
  // Unknown: keep the code as the source wrote it (a bare code cell), else the ICAO, else the IATA.
  const code = (raw && /^[A-Z0-9]{3,4}$/i.test(raw) ? raw.toUpperCase() : null) ?? icao ?? iata ?? null;
  return { code, raw: raw ?? code, country: null, known: false };
}

/** Passenger counts by how they were obtained, best first (a manifest beats an observer's count). */
export const METHOD_RANK: Record<string, number> = { manifest: 5, counted: 4, reported: 3, estimated: 2, unspecified: 1 };

/** An ISO time → epoch ms (NaN when blank); anything else is an error of the source that made the leg. */
function timeMs(text: string | null | undefined): number {
  if (!text) return NaN;
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new Error(`not an ISO time: ${JSON.stringify(text)}`);
  return ms;
}

/** The ISO text of a parsed time as evidence records it: the source's own text when it is already in that form. */
export function isoText(ms: number, given: string | null | undefined): string | null {
  if (ms !== ms) return null;
  return given && given.length === 24 && given.charCodeAt(23) === 90 /* Z */ && given.charCodeAt(19) === 46 /* . */ ? given : isoFromMs(ms);
}

export const trimmed = (v: string | null | undefined) => v?.trim() || null;
const upper = (v: string | null | undefined) => v?.trim().toUpperCase() || null;

/** One input of the batch, prepared: airports resolved, identity normalised, times parsed (it is its own LegTimes). */
export interface Prepared extends LegTimes {
  leg: FlightLegInput;
  dep: ResolvedAirport;
  arr: ResolvedAirport;
  key: string;
  /** key + airports, when the input can match anything (known aircraft, both airports); else null. */
  bucket: string | null;
  registration: string | null;
  icao24: string | null;
  flightNumber: string | null;
  callsign: string | null;
  depMs: number;
  arrMs: number;
  note: string | null;
  legId: number;
  matched: boolean;
}

/** A leg a batch can match: stored (read back) or new in this batch. */
export interface Candidate extends LegTimes { legId: number }

const json = (v: unknown) => (v == null ? 'null' : JSON.stringify(v));

/**
 * What the source reported, as evidence keeps it (`flight_evidence.reported`): the JSON of
 * { flight, callsign, registration, icao24, departure, arrival, departureTimeUtc, arrivalTimeUtc,
 * departureDate, status, departureInferred?, arrivalInferred? }, written field by field (a batch
 * writes one per input; this is JSON.stringify's output without building the object).
 */
export function reportedJson(l: FlightLegInput, departureIso: string | null, arrivalIso: string | null): string {
  let s = `{"flight":${json(l.flightNumber)},"callsign":${json(l.callsign)},"registration":${json(l.registration)},"icao24":${json(l.icao24)}` +
    `,"departure":${json(l.departure?.raw ?? l.departure?.icao ?? l.departure?.iata)},"arrival":${json(l.arrival?.raw ?? l.arrival?.icao ?? l.arrival?.iata)}` +
    `,"departureTimeUtc":${json(departureIso)},"arrivalTimeUtc":${json(arrivalIso)},"departureDate":${json(l.departureDate)},"status":${json(l.status)}`;
  if (l.departure?.inferred) s += `,"departureInferred":${JSON.stringify(l.departure.inferred)}`;
  if (l.arrival?.inferred) s += `,"arrivalInferred":${JSON.stringify(l.arrival.inferred)}`;
  return `${s}}`;
}

/** The first non-blank value among the inputs of one new leg, the creating report's first (what COALESCE over them gave). */
function first<K extends keyof Prepared>(group: Prepared[], field: K): Prepared[K] | null {
  for (const p of group) if (p[field] != null) return p[field];
  return null;
}

function firstOf(group: Prepared[], get: (leg: FlightLegInput) => string | null | undefined, trim: boolean): string | null {
  for (const p of group) { const v = get(p.leg); const w = trim ? trimmed(v) : v || null; if (w != null) return w; }
  return null;
}

const aircraftTypeOf = (l: FlightLegInput) => l.aircraftType;
const operatorOf = (l: FlightLegInput) => l.operator;
const statusOf = (l: FlightLegInput) => l.status;
const basisOf = (l: FlightLegInput) => l.departureTimeBasis;

/** The earliest known time of a field among the inputs (NaN when none). */
function earliest(group: Prepared[], field: 'depMs' | 'arrMs'): number {
  let m = NaN;
  for (const p of group) { const v = p[field]; if (v === v && !(m <= v)) m = v; }
  return m;
}

/** Best count per direction: manifest > counted > reported > estimated > unspecified, then the lowest source row. */
export function bestCount(group: Prepared[], direction: 'on' | 'off'): { count: number; method: string } | null {
  let top: PassengerCount | null = null, topRank = -1, topRow = Infinity;
  for (const p of group) {
    const list = direction === 'on' ? p.leg.passengersOn : p.leg.passengersOff;
    if (!list) continue;
    const row = p.leg.sourceRow ?? Infinity;
    for (const c of list) {
      const rank = METHOD_RANK[c.method] ?? 0;
      if (rank > topRank || (rank === topRank && row < topRow)) { top = c; topRank = rank; topRow = row; }
    }
  }
  return top;
}

/** A stored leg's departure may lie this many days from a batch's dates of the same aircraft and still be compared: sameLegTimes compares times at most 3 h apart, or equal dates. */
export const MATCH_WINDOW_DAYS = 2;

/** Inputs prepared for matching, and the airport codes no reference knows (kept as reported). */
export function prepareLegs(legs: FlightLegInput[], registry: DatedRegistry): { prepared: Prepared[]; unknownAirports: Set<string> } {
  const unknownAirports = new Set<string>();
  const prepared: Prepared[] = new Array(legs.length);
  for (let i = 0; i < legs.length; i++) {
    const leg = legs[i];
    if (!/^\d{4}-\d{2}-\d{2}$/.test(leg.departureDate)) throw new Error(`flight leg departureDate must be YYYY-MM-DD, got ${JSON.stringify(leg.departureDate)}`);
    const dep = resolveCached(leg.departure);
    const arr = resolveCached(leg.arrival);
    if (dep.code && !dep.known) unknownAirports.add(dep.code);
    if (arr.code && !arr.known) unknownAirports.add(arr.code);
    prepared[i] = prepareLeg(leg, dep, arr, registry);
  }
  return { prepared, unknownAirports };
}

function prepareLeg(leg: FlightLegInput, dep: ResolvedAirport, arr: ResolvedAirport, registry: DatedRegistry): Prepared {
  const icao24 = leg.icao24?.trim().toLowerCase() || null;
  // A hex resolves to the registration the dated registry gives for that day (hexes and tails can change).
  const fromRegistry = icao24 ? registry.registrationFor(icao24, leg.departureDate) : null;
  const reportedReg = upper(leg.registration);
  const registration = fromRegistry ?? reportedReg;
  const flightNumber = upper(leg.flightNumber), callsign = upper(leg.callsign);
  const key = aircraftKey({ registration, icao24, flightNumber, callsign });
  let note = leg.evidence.note || null;
  if (fromRegistry && reportedReg && reportedReg !== fromRegistry) {
    note = [note, `registration ${reportedReg} as reported; the registry gives ${fromRegistry} for hex ${icao24} on ${leg.departureDate}`].filter(Boolean).join('; ');
  }
  const depMs = timeMs(leg.departureTimeUtc), arrMs = timeMs(leg.arrivalTimeUtc);
  return {
    leg, dep, arr, key, bucket: key === 'unknown' || !dep.code || !arr.code ? null : bucketKey(key, dep.code, arr.code),
    registration, icao24, flightNumber, callsign, depMs, arrMs, note,
    departureMs: depMs, arrivalMs: arrMs, departureDate: leg.departureDate, flightDigits: flightDigits(flightNumber, callsign),
    legId: 0, matched: false,
  };
}

/** Inputs can match only legs of the same aircraft between the same airports. */
export function bucketKey(aircraft: string, departureAirport: string, arrivalAirport: string): string {
  return `${aircraft}\u0000${departureAirport}\u0000${arrivalAirport}`;
}

/** Per aircraft, the first and last departure date of the batch's matchable inputs (the store reads candidates around them). */
export function candidateDateRanges(prepared: Prepared[]): Map<string, [string, string]> {
  const ranges = new Map<string, [string, string]>();
  for (const p of prepared) {
    if (p.bucket === null) continue;
    const r = ranges.get(p.key);
    const d = p.leg.departureDate;
    if (!r) ranges.set(p.key, [d, d]); else { if (d < r[0]) r[0] = d; if (d > r[1]) r[1] = d; }
  }
  return ranges;
}

export interface MatchResult {
  /** New legs by id, each with the inputs that report it (the creating one first). */
  newLegs: Map<number, Prepared[]>;
  /** Inputs that matched a leg stored before this batch. */
  mergedInputs: Prepared[];
  legsNew: number;
  legsMerged: number;
}

/**
 * Matches in batch order: each input takes the first candidate (stored legs by id, oldest first, then
 * the batch's own new legs) of its bucket that sameLegTimes accepts, else becomes a new leg numbered
 * from `firstNewId`. Sets each input's legId and matched; `buckets` gains the new legs.
 */
export function matchLegs(prepared: Prepared[], buckets: Map<string, Candidate[]>, firstNewId: number): MatchResult {
  let nextId = firstNewId;
  let legsNew = 0, legsMerged = 0;
  const newLegs = new Map<number, Prepared[]>();
  const mergedInputs: Prepared[] = [];
  for (const p of prepared) {
    const bucket = p.bucket;
    const list = bucket === null ? undefined : buckets.get(bucket);
    let match: Candidate | undefined;
    if (list) for (const c of list) if (sameLegTimes(c, p)) { match = c; break; }
    if (match) {
      p.legId = match.legId;
      p.matched = true;
      legsMerged++;
      const group = newLegs.get(match.legId);
      if (group) group.push(p); else mergedInputs.push(p);
    } else {
      p.legId = nextId++;
      legsNew++;
      newLegs.set(p.legId, [p]);
      if (bucket !== null) {
        // The input itself stands for its new leg (its legId is set): later inputs of the batch may match it.
        if (list) list.push(p); else buckets.set(bucket, [p]);
      }
    }
  }
  return { newLegs, mergedInputs, legsNew, legsMerged };
}

/** A new leg as it is stored: fields from the report that created it, blanks filled from the batch's other reports of it. */
export interface NewLeg {
  legId: number;
  base: Prepared;
  departureDate: string;
  depMs: number;
  arrMs: number;
  departureTimeBasis: string | null;
  flightNumber: string | null;
  callsign: string | null;
  registration: string | null;
  icao24: string | null;
  aircraftType: string | null;
  operator: string | null;
  status: string | null;
  sourceKinds: string;
  paxOn: { count: number; method: string } | null;
  paxOff: { count: number; method: string } | null;
  cls: LegClass;
}

/** The stored form of a new leg, classified now so that each is written once. */
export function newLegOf(legId: number, group: Prepared[], context: { registry: DatedRegistry; rules: CallsignRule[] }): NewLeg {
  const base = group[0];
  const single = group.length === 1;
  const sourceKinds = single ? base.leg.sourceKind : [...new Set(group.map((p) => p.leg.sourceKind))].sort().join(',');
  const paxOn = bestCount(group, 'on'), paxOff = bestCount(group, 'off');
  const flightNumber = single ? base.flightNumber : first(group, 'flightNumber');
  const callsign = single ? base.callsign : first(group, 'callsign');
  const registration = single ? base.registration : first(group, 'registration');
  const icao24 = single ? base.icao24 : first(group, 'icao24');
  const departureDate = base.leg.departureDate;
  const cls = classifyLeg({
    legId, departureDate, flightNumber, callsign, registration, icao24,
    departureAirport: base.dep.code, departureCountry: base.dep.country, arrivalAirport: base.arr.code, arrivalCountry: base.arr.country,
    sourceKinds: sourceKinds.split(','), hasPassengers: (paxOn?.count ?? 0) > 0 || (paxOff?.count ?? 0) > 0,
  }, context);
  return {
    legId, base, departureDate,
    depMs: base.depMs === base.depMs || single ? base.depMs : earliest(group, 'depMs'),
    arrMs: base.arrMs === base.arrMs || single ? base.arrMs : earliest(group, 'arrMs'),
    departureTimeBasis: firstOf(group, basisOf, false), flightNumber, callsign, registration, icao24,
    aircraftType: firstOf(group, aircraftTypeOf, true), operator: firstOf(group, operatorOf, true), status: firstOf(group, statusOf, false),
    sourceKinds, paxOn, paxOff, cls,
  };
}
