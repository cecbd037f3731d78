/**
 * Flight legs in the store: insert a batch (the matching itself is pure, ./matching.ts), evidence,
 * passenger counts, and the classification write-back. Docs: docs/flights.md.
 *
 * Set-based (docs/performance.md, "Flights"): a batch costs one read of the stored legs it could
 * match (one query, read as columns), one pass in JavaScript that matches, merges and classifies, and
 * one bulk load per table (./legs-bulk.ts). No statement runs per leg or per aircraft; the ADS-B
 * ingest hands a day of worldwide traffic to `insertFlightLegs` at once.
 */
import { flightDigits, type FlightLegInput, type PassengerCount } from '../domain/flights.ts';
import { classifyLeg } from './classify.ts';
import { callsignRules } from './rules.ts';
import type { MissionLeg } from './missions.ts';
import type { Store } from '../engine/db.ts';
import { sqlString } from '../engine/sql.ts';
import { CLASS_COLUMNS, classValues, rebuildMissions } from './classes-store.ts';
import { registryForMatching } from './registry-table.ts';
import { ColumnRows, readColumns, tempTable } from '../engine/column-rows.ts';
import {
  bucketKey, candidateDateRanges, isoText, matchLegs, MATCH_WINDOW_DAYS, METHOD_RANK, newLegOf, prepareLegs, reportedJson, trimmed,
  type Candidate, type NewLeg, type Prepared,
} from './matching.ts';

export interface InsertFlightLegsResult {
  /** Legs stored for the first time. */
  legsNew: number;
  /** Inputs that matched a leg already stored (another source, or a duplicate row) and became evidence of it. */
  legsMerged: number;
  /** Airport codes no reference knows (kept as reported on the leg). */
  unknownAirports: string[];
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

/**
 * Stores legs from one source file (or one ADS-B batch) and classifies every leg it adds or changes.
 * Runs inside the ingest pipeline's transaction; opens none itself. `sourceId` is the `sources` row of
 * the file. A leg matching one already stored (domain/flights.ts `sameLeg`) adds evidence to it and
 * fills its blank fields; it is never a second leg.
 */
export async function insertFlightLegs(store: Store, sourceId: number, legs: FlightLegInput[]): Promise<InsertFlightLegsResult> {
  if (legs.length === 0) return { legsNew: 0, legsMerged: 0, unknownAirports: [] };
  const registry = await registryForMatching(store);
  const { prepared, unknownAirports } = prepareLegs(legs, registry);
  const maxId = Number((await store.scalar<number | null>('SELECT max(leg_id) FROM flight_legs')) ?? 0);
  const buckets = maxId > 0 ? await storedCandidates(store, candidateDateRanges(prepared)) : new Map<string, Candidate[]>();
  const { newLegs, mergedInputs, legsNew, legsMerged } = matchLegs(prepared, buckets, maxId + 1);
  const evidence = await stageEvidence(store, sourceId, prepared);

  // Legs already stored that inputs matched, then the new ones; missions of every aircraft either touched.
  const touched = mergedInputs.length > 0 ? await mergeIntoStoredLegs(store, mergedInputs) : new Map<string, string>();
  const rules = callsignRules();
  const fresh = [...newLegs].map(([legId, group]) => newLegOf(legId, group, { registry, rules }));
  for (const leg of fresh) {
    const d = touched.get(leg.base.key);
    if (!d || leg.departureDate < d) touched.set(leg.base.key, leg.departureDate);
  }
  const missionOf = await rebuildMissions(store, touched, fresh.map(missionLegOf), new Set(mergedInputs.map((p) => p.legId)), maxId === 0);
  await insertNewLegs(store, sourceId, fresh, missionOf);
  await evidence.insertInto(store, 'flight_evidence');
  return { legsNew, legsMerged, unknownAirports: [...unknownAirports].sort() };
}

/**
 * Stored legs the batch's inputs could be: same aircraft, both airports known, departure within
 * MATCH_WINDOW_DAYS of the batch's dates for that aircraft. One query, read as columns, ordered by leg
 * id so the first match is the oldest leg.
 */
async function storedCandidates(store: Store, ranges: Map<string, [string, string]>): Promise<Map<string, Candidate[]>> {
  const buckets = new Map<string, Candidate[]>();
  if (ranges.size === 0) return buckets;
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
    const bucket = bucketKey(c.aircraft_key[i] as string, c.departure_airport[i] as string, c.arrival_airport[i] as string);
    const entry: Candidate = {
      legId: Number(c.leg_id[i]), departureMs: c.dep_ms[i] == null ? NaN : Number(c.dep_ms[i]), arrivalMs: c.arr_ms[i] == null ? NaN : Number(c.arr_ms[i]),
      departureDate: c.departure_date[i] as string, flightDigits: flightDigits(c.flight_number[i] as string | null, c.callsign[i] as string | null),
    };
    const list = buckets.get(bucket);
    if (list) list.push(entry); else buckets.set(bucket, [entry]);
  }
  return buckets;
}

/**
 * Evidence and passenger counts: one row per input, one per count. Evidence rows go to their stage as
 * they are made (streaming) and are inserted last; every count goes in now, since the refresh of merged
 * legs reads them (no constraint ties a count to a stored leg).
 */
async function stageEvidence(store: Store, sourceId: number, prepared: Prepared[]): Promise<ColumnRows> {
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
  await counts.insertInto(store, 'flight_passenger_counts');
  return evidence;
}

/**
 * Legs already stored that inputs matched: their blank fields filled from the inputs (in SQL), the best
 * passenger count refreshed, their class recomputed. Returns, per aircraft, the earliest date touched.
 */
async function mergeIntoStoredLegs(store: Store, mergedInputs: Prepared[]): Promise<Map<string, string>> {
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
  const touched = await reclassifyLegs(store, 'SELECT DISTINCT leg_id FROM flight_merge_in');
  await store.run('DROP TABLE flight_merge_in');
  return touched;
}

function missionLegOf(leg: NewLeg): MissionLeg {
  return {
    legId: leg.legId, aircraftKey: leg.base.key, departureDate: leg.departureDate, departureTimeUtc: null, arrivalTimeUtc: null,
    departureMs: leg.depMs, arrivalMs: leg.arrMs, departureAirport: leg.base.dep.code, arrivalAirport: leg.base.arr.code,
    arrivalCountry: leg.base.arr.country, category: leg.cls.category,
  };
}

/** The new legs, one bulk load, each with its mission (`missionOf[i]` for `legs[i]`: "M<id>" or null). */
async function insertNewLegs(store: Store, sourceId: number, legs: NewLeg[], missionOf: (string | null | undefined)[]): Promise<void> {
  const rows = new ColumnRows(LEG_COLUMNS);
  const values: (string | number | boolean | null)[] = new Array(LEG_COLUMNS.length);
  for (let i = 0; i < legs.length; i++) {
    const leg = legs[i], { base, cls } = leg;
    let k = 0;
    values[k++] = leg.legId; values[k++] = base.key; values[k++] = leg.departureDate; values[k++] = leg.depMs; values[k++] = leg.arrMs;
    values[k++] = leg.departureTimeBasis; values[k++] = leg.flightNumber; values[k++] = leg.callsign; values[k++] = leg.registration; values[k++] = leg.icao24;
    values[k++] = leg.aircraftType; values[k++] = leg.operator;
    values[k++] = base.dep.code; values[k++] = base.dep.raw; values[k++] = base.dep.country; values[k++] = base.dep.known;
    values[k++] = base.arr.code; values[k++] = base.arr.raw; values[k++] = base.arr.country; values[k++] = base.arr.known;
    values[k++] = leg.status; values[k++] = leg.sourceKinds; values[k++] = sourceId;
    values[k++] = leg.paxOn?.count ?? null; values[k++] = leg.paxOn?.method ?? null; values[k++] = leg.paxOff?.count ?? null; values[k++] = leg.paxOff?.method ?? null;
    values[k++] = cls.iceLink; values[k++] = cls.confidence; values[k++] = cls.iceLinkReason; values[k++] = cls.category; values[k++] = cls.categoryRule; values[k++] = cls.categoryReason;
    const mission = missionOf[i];
    values[k++] = mission == null ? null : Number(mission.slice(1));
    rows.add(values);
  }
  await rows.insertInto(store, 'flight_legs');
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
