/**
 * Flight legs in the store: insert (resolving airports, merging a leg another source already
 * reported), evidence, passenger counts, and the classification write-back. Rules live in
 * src/flights/ (pure); this file only moves rows. Docs: docs/flights.md.
 *
 * Set-based (docs/performance.md, "Flights (issue 4)"): a batch costs one read of the stored legs it
 * could match (one query, read as columns), one pass in JavaScript that matches, merges and
 * classifies, and one bulk load per table (./flights-bulk.ts). No statement runs per leg or per
 * aircraft; the ADS-B engine hands a day of worldwide traffic to `insertFlightLegs` at once.
 */
import { aircraftKey, flightDigits, isoFromMs, sameLegTimes, type FlightLegInput, type LegTimes, type PassengerCount, type ReportedAirport } from '../domain/flights.ts';
import { classifyLeg } from './classify.ts';
import { callsignRules } from './rules.ts';
import type { MissionLeg } from './missions.ts';
import { airportIndex, type Airport } from '../reference/airports.ts';
import type { Store } from '../engine/db.ts';
import { sqlString } from '../engine/sql.ts';
import { CLASS_COLUMNS, classValues, rebuildMissions } from './classes-store.ts';
import { registryForMatching } from './registry-table.ts';
import { ColumnRows, readColumns, tempTable } from './legs-bulk.ts';

export interface InsertFlightLegsResult {
  /** Legs stored for the first time. */
  legsNew: number;
  /** Inputs that matched a leg already stored (another source, or a duplicate row) and became evidence of it. */
  legsMerged: number;
  /** Airport codes no reference knows (kept as reported on the leg). */
  unknownAirports: string[];
}

interface ResolvedAirport { code: string | null; raw: string | null; country: string | null; known: boolean }

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

const METHOD_RANK: Record<string, number> = { manifest: 5, counted: 4, reported: 3, estimated: 2, unspecified: 1 };

/** An ISO time → epoch ms (NaN when blank); anything else is an error of the source that made the leg. */
function timeMs(text: string | null | undefined): number {
  if (!text) return NaN;
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new Error(`not an ISO time: ${JSON.stringify(text)}`);
  return ms;
}

/** The ISO text of a parsed time as evidence records it: the source's own text when it is already in that form. */
function isoText(ms: number, given: string | null | undefined): string | null {
  if (ms !== ms) return null;
  return given && given.length === 24 && given.charCodeAt(23) === 90 /* Z */ && given.charCodeAt(19) === 46 /* . */ ? given : isoFromMs(ms);
}

const trimmed = (v: string | null | undefined) => v?.trim() || null;
const upper = (v: string | null | undefined) => v?.trim().toUpperCase() || null;

/** One input of the batch, prepared: airports resolved, identity normalised, times parsed (it is its own LegTimes). */
interface Prepared extends LegTimes {
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
interface Candidate extends LegTimes { legId: number }

const json = (v: unknown) => (v == null ? 'null' : JSON.stringify(v));

/**
 * What the source reported, as evidence keeps it (`flight_evidence.reported`): the JSON of
 * { flight, callsign, registration, icao24, departure, arrival, departureTimeUtc, arrivalTimeUtc,
 * departureDate, status, departureInferred?, arrivalInferred? }, written field by field (a batch
 * writes one per input; this is JSON.stringify's output without building the object).
 */
function reportedJson(l: FlightLegInput, departureIso: string | null, arrivalIso: string | null): string {
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
function bestCount(group: Prepared[], direction: 'on' | 'off'): { count: number; method: string } | null {
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

function addCounts(rows: ColumnRows, p: Prepared, sourceId: number, direction: 'on' | 'off', airport: string | null, list: PassengerCount[] | undefined): void {
  if (!list) return;
  for (const c of list) {
    if (!Number.isInteger(c.count) || c.count < 0) throw new Error(`passenger count must be a whole number ≥ 0, got ${c.count}`);
    rows.add([p.legId, sourceId, p.leg.sourceRow, direction, airport, c.count, c.method, c.detail ?? null]);
  }
}

/** The columns of flight_legs a new leg is inserted with (every column of the table). */
const LEG_COLUMNS = [
  ['leg_id', 'BIGINT'], ['aircraft_key', 'DICT'], ['departure_date', 'DATE'], ['departure_time_utc', 'EPOCH_MS'], ['arrival_time_utc', 'EPOCH_MS'],
  ['departure_time_basis', 'DICT'], ['flight_number', 'DICT'], ['callsign', 'DICT'], ['registration', 'DICT'], ['icao24', 'DICT'],
  ['aircraft_type', 'DICT'], ['operator', 'DICT'], ['departure_airport', 'DICT'], ['departure_airport_raw', 'DICT'], ['departure_country', 'DICT'],
  ['departure_known', 'BOOLEAN'], ['arrival_airport', 'DICT'], ['arrival_airport_raw', 'DICT'], ['arrival_country', 'DICT'], ['arrival_known', 'BOOLEAN'],
  ['status', 'DICT'], ['source_kinds', 'DICT'], ['first_source_id', 'INTEGER'], ['pax_on', 'INTEGER'], ['pax_on_method', 'DICT'],
  ['pax_off', 'INTEGER'], ['pax_off_method', 'DICT'], ...CLASS_COLUMNS.map((c) => [c, 'DICT'] as const), ['mission_id', 'MISSION'],
] as const;

const EVIDENCE_COLUMNS = [['leg_id', 'BIGINT'], ['source_id', 'INTEGER'], ['source_kind', 'DICT'], ['source_row', 'BIGINT'], ['link', 'VARCHAR'], ['note', 'VARCHAR'], ['reported', 'VARCHAR']] as const;
const COUNT_COLUMNS = [['leg_id', 'BIGINT'], ['source_id', 'INTEGER'], ['source_row', 'BIGINT'], ['direction', 'DICT'], ['airport', 'DICT'], ['count', 'INTEGER'], ['method', 'DICT'], ['method_detail', 'DICT']] as const;
/** Inputs that matched a stored leg: their fields fill the leg's blanks. */
const MERGE_COLUMNS = [['leg_id', 'BIGINT'], ['departure_time_utc', 'EPOCH_MS'], ['arrival_time_utc', 'EPOCH_MS'], ['departure_time_basis', 'DICT'],
  ['flight_number', 'DICT'], ['callsign', 'DICT'], ['registration', 'DICT'], ['icao24', 'DICT'], ['aircraft_type', 'DICT'], ['operator', 'DICT'],
  ['status', 'DICT'], ['source_kind', 'DICT']] as const;

/** How far (days) a stored leg's departure date may lie from a batch's dates of the same aircraft and still be compared: see below. */
const MATCH_WINDOW_DAYS = 2;

/**
 * Stores legs from one source file (or one ADS-B batch) and classifies every leg it adds or changes.
 * Runs inside the ingest pipeline's transaction; opens none itself. `sourceId` is the `sources` row of
 * the file. A leg matching one already stored (domain/flights.ts `sameLeg`) adds evidence to it and
 * fills its blank fields; it is never a second leg.
 */
export async function insertFlightLegs(store: Store, sourceId: number, legs: FlightLegInput[]): Promise<InsertFlightLegsResult> {
  if (legs.length === 0) return { legsNew: 0, legsMerged: 0, unknownAirports: [] };
  const registry = await registryForMatching(store);
  const unknown = new Set<string>();
  const prepared: Prepared[] = new Array(legs.length);
  for (let i = 0; i < legs.length; i++) {
    const leg = legs[i];
    if (!/^\d{4}-\d{2}-\d{2}$/.test(leg.departureDate)) throw new Error(`flight leg departureDate must be YYYY-MM-DD, got ${JSON.stringify(leg.departureDate)}`);
    const dep = resolveCached(leg.departure);
    const arr = resolveCached(leg.arrival);
    if (dep.code && !dep.known) unknown.add(dep.code);
    if (arr.code && !arr.known) unknown.add(arr.code);
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
    prepared[i] = {
      leg, dep, arr, key, bucket: key === 'unknown' || !dep.code || !arr.code ? null : `${key}\u0000${dep.code}\u0000${arr.code}`,
      registration, icao24, flightNumber, callsign, depMs, arrMs, note,
      departureMs: depMs, arrivalMs: arrMs, departureDate: leg.departureDate, flightDigits: flightDigits(flightNumber, callsign),
      legId: 0, matched: false,
    };
  }

  // Stored legs these inputs could be: same aircraft, both airports known, departure within two days of
  // the batch's dates for that aircraft (sameLeg compares times at most 3 h apart, or equal dates, so a
  // report of the same leg never lies further away). One query, read as columns, ordered by leg id so
  // the first match is the oldest leg, as before.
  const buckets = new Map<string, Candidate[]>();
  const maxId = Number((await store.scalar<number | null>('SELECT max(leg_id) FROM flight_legs')) ?? 0);
  if (maxId > 0) {
    const ranges = new Map<string, [string, string]>();
    for (const p of prepared) {
      if (p.bucket === null) continue;
      const r = ranges.get(p.key);
      const d = p.leg.departureDate;
      if (!r) ranges.set(p.key, [d, d]); else { if (d < r[0]) r[0] = d; if (d > r[1]) r[1] = d; }
    }
    if (ranges.size > 0) {
      const k = new ColumnRows([['aircraft_key', 'VARCHAR'], ['lo', 'DATE'], ['hi', 'DATE']]);
      for (const [key, [lo, hi]] of ranges) k.add([key, lo, hi]);
      await tempTable(store, 'flight_keys_in', k);
      const { n, columns: c } = await readColumns(store, `SELECT l.leg_id, l.aircraft_key, l.departure_airport, l.arrival_airport,
          CAST(l.departure_date AS VARCHAR) AS departure_date, epoch_ms(l.departure_time_utc) AS dep_ms, epoch_ms(l.arrival_time_utc) AS arr_ms, l.flight_number, l.callsign
        FROM flight_legs l JOIN flight_keys_in k ON l.aircraft_key = k.aircraft_key
          AND l.departure_date BETWEEN k.lo - ${MATCH_WINDOW_DAYS} AND k.hi + ${MATCH_WINDOW_DAYS}
        WHERE l.departure_airport IS NOT NULL AND l.arrival_airport IS NOT NULL`,
      ['leg_id', 'aircraft_key', 'departure_airport', 'arrival_airport', 'departure_date', 'dep_ms', 'arr_ms', 'flight_number', 'callsign']);
      await store.run('DROP TABLE flight_keys_in');
      const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => Number(c.leg_id[a]) - Number(c.leg_id[b]));
      for (const i of order) {
        const bucket = `${c.aircraft_key[i]}\u0000${c.departure_airport[i]}\u0000${c.arrival_airport[i]}`;
        const entry: Candidate = {
          legId: Number(c.leg_id[i]), departureMs: c.dep_ms[i] == null ? NaN : Number(c.dep_ms[i]), arrivalMs: c.arr_ms[i] == null ? NaN : Number(c.arr_ms[i]),
          departureDate: c.departure_date[i] as string, flightDigits: flightDigits(c.flight_number[i] as string | null, c.callsign[i] as string | null),
        };
        const list = buckets.get(bucket);
        if (list) list.push(entry); else buckets.set(bucket, [entry]);
      }
    }
  }

  // Match in batch order: the first stored or earlier-new leg of the same aircraft and airports that sameLeg accepts.
  let nextId = maxId + 1;
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

  // Evidence and passenger counts: one row per input, one per count.
  // Evidence rows go to their stage as they are made (streaming); inserted at the end.
  const evidence = await ColumnRows.streaming(store, 'flight_evidence', EVIDENCE_COLUMNS);
  const counts = new ColumnRows(COUNT_COLUMNS);
  try {
    for (const p of prepared) {
      const l = p.leg;
      evidence.add([p.legId, sourceId, l.sourceKind, l.sourceRow, l.evidence.link ?? null,
        p.matched ? (p.note ? `${p.note}; matched leg ${p.legId} already stored` : `matched leg ${p.legId} already stored`) : p.note,
        reportedJson(l, isoText(p.depMs, l.departureTimeUtc), isoText(p.arrMs, l.arrivalTimeUtc))]);
      addCounts(counts, p, sourceId, 'on', p.dep.code, l.passengersOn);
      addCounts(counts, p, sourceId, 'off', p.arr.code, l.passengersOff);
    }
  } finally {
    evidence.endAppend();
  }

  // All counts go in now: the refresh of merged legs below reads them (no constraint ties a count to a stored leg).
  await counts.insertInto(store, 'flight_passenger_counts');

  // Legs already stored that inputs matched: their blank fields filled from the inputs (as ever, in SQL),
  // the best passenger count refreshed, their class recomputed.
  const touched = new Map<string, string>();
  const touch = (key: string, date: string) => { const d = touched.get(key); if (!d || date < d) touched.set(key, date); };
  if (mergedInputs.length > 0) {
    const m = new ColumnRows(MERGE_COLUMNS);
    for (const p of mergedInputs) {
      m.add([p.legId, p.depMs, p.arrMs, p.leg.departureTimeBasis ?? null, p.flightNumber, p.callsign, p.registration, p.icao24,
        trimmed(p.leg.aircraftType), trimmed(p.leg.operator), p.leg.status ?? null, p.leg.sourceKind]);
    }
    await tempTable(store, 'flight_merge_in', m);
    await store.run(`UPDATE flight_legs SET
        departure_time_utc = coalesce(flight_legs.departure_time_utc, m.departure_time_utc),
        arrival_time_utc = coalesce(flight_legs.arrival_time_utc, m.arrival_time_utc),
        departure_time_basis = coalesce(flight_legs.departure_time_basis, m.departure_time_basis),
        flight_number = coalesce(flight_legs.flight_number, m.flight_number),
        callsign = coalesce(flight_legs.callsign, m.callsign),
        registration = coalesce(flight_legs.registration, m.registration),
        icao24 = coalesce(flight_legs.icao24, m.icao24),
        aircraft_type = coalesce(flight_legs.aircraft_type, m.aircraft_type),
        operator = coalesce(flight_legs.operator, m.operator),
        status = coalesce(flight_legs.status, m.status),
        source_kinds = array_to_string(list_sort(list_distinct(list_concat(string_split(flight_legs.source_kinds, ','), m.kinds))), ',')
      FROM (SELECT leg_id, min(departure_time_utc) AS departure_time_utc, min(arrival_time_utc) AS arrival_time_utc,
              any_value(departure_time_basis) AS departure_time_basis, any_value(flight_number) AS flight_number, any_value(callsign) AS callsign,
              any_value(registration) AS registration, any_value(icao24) AS icao24, any_value(aircraft_type) AS aircraft_type, any_value(operator) AS operator,
              any_value(status) AS status, list(DISTINCT source_kind) AS kinds
            FROM flight_merge_in GROUP BY leg_id) m
      WHERE flight_legs.leg_id = m.leg_id`);
    if (mergedInputs.some((p) => p.leg.passengersOn?.length || p.leg.passengersOff?.length)) {
      await refreshLegPassengers(store, 'SELECT DISTINCT leg_id FROM flight_merge_in');
    }
    const dates = await reclassifyLegs(store, 'SELECT DISTINCT leg_id FROM flight_merge_in');
    for (const [key, date] of dates) touch(key, date);
    await store.run('DROP TABLE flight_merge_in');
  }

  // New legs: fields from the report that created the leg, blanks filled from the batch's other reports of it;
  // best passenger count per direction; classified now, so each is written once.
  const rules = callsignRules();
  const rows = new ColumnRows(LEG_COLUMNS);
  const fresh: MissionLeg[] = [];
  const values: (string | number | boolean | null)[] = new Array(LEG_COLUMNS.length);
  for (const [legId, group] of newLegs) {
    const base = group[0];
    const single = group.length === 1;
    const depMs = base.depMs === base.depMs || single ? base.depMs : earliest(group, 'depMs');
    const arrMs = base.arrMs === base.arrMs || single ? base.arrMs : earliest(group, 'arrMs');
    const kinds = single ? base.leg.sourceKind : [...new Set(group.map((p) => p.leg.sourceKind))].sort().join(',');
    const on = bestCount(group, 'on'), off = bestCount(group, 'off');
    const flightNumber = single ? base.flightNumber : first(group, 'flightNumber');
    const callsign = single ? base.callsign : first(group, 'callsign');
    const registration = single ? base.registration : first(group, 'registration');
    const icao24 = single ? base.icao24 : first(group, 'icao24');
    const date = base.leg.departureDate;
    const cls = classifyLeg({
      legId, departureDate: date, flightNumber, callsign, registration, icao24,
      departureAirport: base.dep.code, departureCountry: base.dep.country, arrivalAirport: base.arr.code, arrivalCountry: base.arr.country,
      sourceKinds: kinds.split(','), hasPassengers: (on?.count ?? 0) > 0 || (off?.count ?? 0) > 0,
    }, { registry, rules });
    let k = 0;
    values[k++] = legId; values[k++] = base.key; values[k++] = date; values[k++] = depMs; values[k++] = arrMs;
    values[k++] = firstOf(group, basisOf, false); values[k++] = flightNumber; values[k++] = callsign; values[k++] = registration; values[k++] = icao24;
    values[k++] = firstOf(group, aircraftTypeOf, true); values[k++] = firstOf(group, operatorOf, true);
    values[k++] = base.dep.code; values[k++] = base.dep.raw; values[k++] = base.dep.country; values[k++] = base.dep.known;
    values[k++] = base.arr.code; values[k++] = base.arr.raw; values[k++] = base.arr.country; values[k++] = base.arr.known;
    values[k++] = firstOf(group, statusOf, false); values[k++] = kinds; values[k++] = sourceId;
    values[k++] = on?.count ?? null; values[k++] = on?.method ?? null; values[k++] = off?.count ?? null; values[k++] = off?.method ?? null;
    values[k++] = cls.iceLink; values[k++] = cls.confidence; values[k++] = cls.iceLinkReason; values[k++] = cls.category; values[k++] = cls.categoryRule; values[k++] = cls.categoryReason;
    values[k++] = null; // mission_id, set below
    rows.add(values);
    fresh.push({ legId, aircraftKey: base.key, departureDate: date, departureTimeUtc: null, arrivalTimeUtc: null, departureMs: depMs, arrivalMs: arrMs,
      departureAirport: base.dep.code, arrivalAirport: base.arr.code, arrivalCountry: base.arr.country, category: cls.category });
    const d = touched.get(base.key);
    if (!d || date < d) touched.set(base.key, date);
  }

  // Missions of every aircraft the batch touched, then the new legs with theirs.
  const missionOf = await rebuildMissions(store, touched, fresh, new Set(mergedInputs.map((p) => p.legId)), maxId === 0);
  const missionColumn = LEG_COLUMNS.length - 1;
  for (let i = 0; i < fresh.length; i++) rows.set(i, missionColumn, missionOf[i] == null ? null : Number(missionOf[i]!.slice(1)));
  await rows.insertInto(store, 'flight_legs');
  await evidence.insertInto(store, 'flight_evidence');
  return { legsNew, legsMerged, unknownAirports: [...unknown].sort() };
}

export interface PassengerCountRow {
  legId: number;
  sourceId: number;
  sourceRow: number | null;
  direction: 'on' | 'off';
  airport: string | null;
  count: number;
  method: PassengerCount['method'];
  detail: string | null;
}

/**
 * Adds passenger counts to stored legs (e.g. ARTS manifests read after the legs were stored): the
 * counts, each leg's best count, its class (people on board decide between positioning and a
 * transfer) and the missions of the aircraft touched.
 */
export async function addPassengerCounts(store: Store, counts: PassengerCountRow[]): Promise<void> {
  if (counts.length === 0) return;
  const rows = new ColumnRows(COUNT_COLUMNS);
  const legs = new ColumnRows([['leg_id', 'BIGINT']]);
  const seen = new Set<number>();
  for (const c of counts) {
    if (!Number.isInteger(c.count) || c.count < 0) throw new Error(`passenger count must be a whole number ≥ 0, got ${c.count}`);
    rows.add([c.legId, c.sourceId, c.sourceRow, c.direction, c.airport, c.count, c.method, c.detail]);
    if (!seen.has(c.legId)) { seen.add(c.legId); legs.add([c.legId]); }
  }
  await rows.insertInto(store, 'flight_passenger_counts');
  await tempTable(store, 'flight_counted_in', legs);
  await refreshLegPassengers(store, 'SELECT leg_id FROM flight_counted_in');
  const touched = await reclassifyLegs(store, 'SELECT leg_id FROM flight_counted_in');
  await store.run('DROP TABLE flight_counted_in');
  await rebuildMissions(store, touched, [], new Set(counts.map((c) => c.legId)));
}

/**
 * Reclassifies stored legs (ICE link and category; missions are rebuilt by the caller) and returns,
 * per aircraft, the earliest departure date among them.
 */
async function reclassifyLegs(store: Store, legIdsSql: string): Promise<Map<string, string>> {
  const registry = await registryForMatching(store);
  const rules = callsignRules();
  const { n, columns: c } = await readColumns(store, `SELECT leg_id, aircraft_key, CAST(departure_date AS VARCHAR) AS departure_date, flight_number, callsign,
      registration, icao24, departure_airport, departure_country, arrival_airport, arrival_country, source_kinds,
      coalesce(pax_on > 0, false) OR coalesce(pax_off > 0, false) AS has_passengers
    FROM flight_legs WHERE leg_id IN (${legIdsSql})`,
  ['leg_id', 'aircraft_key', 'departure_date', 'flight_number', 'callsign', 'registration', 'icao24', 'departure_airport', 'departure_country',
    'arrival_airport', 'arrival_country', 'source_kinds', 'has_passengers']);
  const s = (v: unknown) => (v == null ? null : String(v));
  const rows = new ColumnRows([['leg_id', 'BIGINT'], ...CLASS_COLUMNS.map((name) => [name, 'DICT'] as const)]);
  const dates = new Map<string, string>();
  for (let i = 0; i < n; i++) {
    const cls = classifyLeg({
      legId: Number(c.leg_id[i]), departureDate: c.departure_date[i] as string, flightNumber: s(c.flight_number[i]), callsign: s(c.callsign[i]),
      registration: s(c.registration[i]), icao24: s(c.icao24[i]), departureAirport: s(c.departure_airport[i]), departureCountry: s(c.departure_country[i]),
      arrivalAirport: s(c.arrival_airport[i]), arrivalCountry: s(c.arrival_country[i]), sourceKinds: String(c.source_kinds[i]).split(','),
      hasPassengers: c.has_passengers[i] === true,
    }, { registry, rules });
    rows.add([Number(c.leg_id[i]), ...classValues(cls)]);
    const key = c.aircraft_key[i] as string, date = c.departure_date[i] as string;
    const d = dates.get(key);
    if (!d || date < d) dates.set(key, date);
  }
  await tempTable(store, 'flight_classes_in', rows);
  await store.run(`UPDATE flight_legs SET ${CLASS_COLUMNS.map((name) => `${name} = c.${name}`).join(', ')} FROM flight_classes_in c WHERE flight_legs.leg_id = c.leg_id`);
  await store.run('DROP TABLE flight_classes_in');
  return dates;
}

async function refreshLegPassengers(store: Store, legIdsSql: string): Promise<void> {
  const rank = `CASE method ${Object.entries(METHOD_RANK).map(([m, r]) => `WHEN ${sqlString(m)} THEN ${r}`).join(' ')} ELSE 0 END`;
  for (const direction of ['on', 'off'] as const) {
    await store.run(`UPDATE flight_legs SET pax_${direction} = b.count, pax_${direction}_method = b.method
      FROM (SELECT leg_id, count, method FROM flight_passenger_counts WHERE direction = '${direction}' AND leg_id IN (${legIdsSql})
            QUALIFY row_number() OVER (PARTITION BY leg_id ORDER BY ${rank} DESC, source_id, source_row) = 1) b
      WHERE flight_legs.leg_id = b.leg_id`);
  }
}
