/**
 * Flight legs in the store: insert (resolving airports, merging a leg another source already
 * reported), evidence, passenger counts, and the classification write-back. Rules live in
 * src/flights/ (pure); this file only moves rows. Docs: docs/flights.md.
 */
import { aircraftKey, flightDigits, sameLeg, type FlightLegInput, type LegIdentity, type PassengerCount, type ReportedAirport } from '../domain/flights.ts';
import { airportIndex, type Airport } from '../reference/airports.ts';
import type { Store } from './db.ts';
import { sqlString } from './sql.ts';
import { reclassifyAircraft } from './flight-classes.ts';
import { registryForMatching } from './aircraft-registry.ts';

export interface InsertFlightLegsResult {
  /** Legs stored for the first time. */
  legsNew: number;
  /** Inputs that matched a leg already stored (another source, or a duplicate row) and became evidence of it. */
  legsMerged: number;
  /** Airport codes no reference knows (kept as reported on the leg). */
  unknownAirports: string[];
}

interface ResolvedAirport { code: string | null; raw: string | null; country: string | null; known: boolean }

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

interface StoredIdentity extends LegIdentity { legId: number }

const METHOD_RANK: Record<string, number> = { manifest: 5, counted: 4, reported: 3, estimated: 2, unspecified: 1 };

function ts(text: string | null | undefined): string | null {
  if (!text) return null;
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new Error(`not an ISO time: ${JSON.stringify(text)}`);
  return new Date(ms).toISOString();
}

/**
 * Stores legs from one source file (or one ADS-B batch) and classifies every aircraft they touch.
 * Runs inside the ingest pipeline's transaction; opens none itself. `sourceId` is the `sources` row of
 * the file. A leg matching one already stored (domain/flights.ts `sameLeg`) adds evidence to it and
 * fills its blank fields; it is never a second leg.
 */
export async function insertFlightLegs(store: Store, sourceId: number, legs: FlightLegInput[]): Promise<InsertFlightLegsResult> {
  if (legs.length === 0) return { legsNew: 0, legsMerged: 0, unknownAirports: [] };
  const registry = await registryForMatching(store);
  const prepared = legs.map((leg) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(leg.departureDate)) throw new Error(`flight leg departureDate must be YYYY-MM-DD, got ${JSON.stringify(leg.departureDate)}`);
    const dep = resolveAirport(leg.departure);
    const arr = resolveAirport(leg.arrival);
    const icao24 = leg.icao24?.trim().toLowerCase() || null;
    // A hex resolves to the registration the dated registry gives for that day (hexes and tails can change).
    const fromRegistry = icao24 ? registry.registrationFor(icao24, leg.departureDate) : null;
    const reportedReg = leg.registration?.trim().toUpperCase() || null;
    const registration = fromRegistry ?? reportedReg;
    const identity = {
      registration, icao24, flightNumber: leg.flightNumber?.trim().toUpperCase() || null, callsign: leg.callsign?.trim().toUpperCase() || null,
    };
    const key = aircraftKey(identity);
    const notes = [leg.evidence.note ?? null];
    if (fromRegistry && reportedReg && reportedReg !== fromRegistry) notes.push(`registration ${reportedReg} as reported; the registry gives ${fromRegistry} for hex ${icao24} on ${leg.departureDate}`);
    return {
      leg, dep, arr, key, ...identity,
      departureTimeUtc: ts(leg.departureTimeUtc), arrivalTimeUtc: ts(leg.arrivalTimeUtc),
      note: notes.filter(Boolean).join('; ') || null,
    };
  });

  // Legs already stored for these aircraft: matching happens in memory, batched by aircraft.
  const keys = [...new Set(prepared.map((p) => p.key))].filter((k) => k !== 'unknown');
  const known = new Map<string, StoredIdentity[]>();
  for (let i = 0; i < keys.length; i += 500) {
    const slice = keys.slice(i, i + 500);
    const rows = await store.all<{ leg_id: number; aircraft_key: string; departure_airport: string | null; arrival_airport: string | null; departure_date: string; departure_time_utc: string | null; arrival_time_utc: string | null; flight_number: string | null; callsign: string | null }>(
      `SELECT leg_id, aircraft_key, flight_number, callsign, departure_airport, arrival_airport, CAST(departure_date AS VARCHAR) AS departure_date,
         strftime(departure_time_utc, '%Y-%m-%dT%H:%M:%SZ') AS departure_time_utc, strftime(arrival_time_utc, '%Y-%m-%dT%H:%M:%SZ') AS arrival_time_utc
       FROM flight_legs WHERE aircraft_key IN (${slice.map(sqlString).join(', ')})`);
    for (const r of rows) {
      const list = known.get(r.aircraft_key) ?? [];
      list.push({ legId: Number(r.leg_id), aircraftKey: r.aircraft_key, departureAirport: r.departure_airport, arrivalAirport: r.arrival_airport,
        departureDate: r.departure_date, departureTimeUtc: r.departure_time_utc, arrivalTimeUtc: r.arrival_time_utc, flightDigits: flightDigits(r.flight_number, r.callsign) });
      known.set(r.aircraft_key, list);
    }
  }
  let nextId = Number((await store.scalar<number | null>('SELECT max(leg_id) FROM flight_legs')) ?? 0) + 1;

  await store.run(`CREATE OR REPLACE TEMP TABLE flight_legs_in (
    leg_id BIGINT, is_new BOOLEAN, aircraft_key VARCHAR, departure_date VARCHAR, departure_time_utc VARCHAR, arrival_time_utc VARCHAR, departure_time_basis VARCHAR,
    flight_number VARCHAR, callsign VARCHAR, registration VARCHAR, icao24 VARCHAR, aircraft_type VARCHAR, operator VARCHAR,
    departure_airport VARCHAR, departure_airport_raw VARCHAR, departure_country VARCHAR, departure_known BOOLEAN,
    arrival_airport VARCHAR, arrival_airport_raw VARCHAR, arrival_country VARCHAR, arrival_known BOOLEAN, status VARCHAR, source_kind VARCHAR)`);
  const legsIn = await store.appender('flight_legs_in');
  const evidence = await store.appender('flight_evidence');
  const counts = await store.appender('flight_passenger_counts');
  const text = (a: { appendVarchar(v: string): void; appendNull(): void }, v: string | null | undefined) => (v == null || v === '' ? a.appendNull() : a.appendVarchar(v));
  let legsNew = 0, legsMerged = 0;
  const unknown = new Set<string>();
  const touchedKeys = new Set<string>();

  for (const p of prepared) {
    const identity: LegIdentity = { aircraftKey: p.key, departureAirport: p.dep.code, arrivalAirport: p.arr.code, departureDate: p.leg.departureDate,
      departureTimeUtc: p.departureTimeUtc, arrivalTimeUtc: p.arrivalTimeUtc, flightDigits: flightDigits(p.flightNumber, p.callsign) };
    const candidates = known.get(p.key) ?? [];
    const match = candidates.find((c) => sameLeg(c, identity));
    const legId = match ? match.legId : nextId++;
    if (match) legsMerged++;
    else {
      legsNew++;
      candidates.push({ ...identity, legId });
      known.set(p.key, candidates);
    }
    touchedKeys.add(p.key);
    for (const end of [p.dep, p.arr]) if (end.code && !end.known) unknown.add(end.code);

    legsIn.appendBigInt(BigInt(legId));
    legsIn.appendBoolean(!match);
    legsIn.appendVarchar(p.key);
    legsIn.appendVarchar(p.leg.departureDate);
    for (const v of [p.departureTimeUtc, p.arrivalTimeUtc, p.leg.departureTimeBasis ?? null, p.flightNumber, p.callsign, p.registration, p.icao24,
      p.leg.aircraftType?.trim() || null, p.leg.operator?.trim() || null]) text(legsIn, v);
    text(legsIn, p.dep.code); text(legsIn, p.dep.raw); text(legsIn, p.dep.country); legsIn.appendBoolean(p.dep.known);
    text(legsIn, p.arr.code); text(legsIn, p.arr.raw); text(legsIn, p.arr.country); legsIn.appendBoolean(p.arr.known);
    text(legsIn, p.leg.status ?? null);
    legsIn.appendVarchar(p.leg.sourceKind);
    legsIn.endRow();

    evidence.appendBigInt(BigInt(legId));
    evidence.appendInteger(sourceId);
    evidence.appendVarchar(p.leg.sourceKind);
    if (p.leg.sourceRow == null) evidence.appendNull(); else evidence.appendBigInt(BigInt(p.leg.sourceRow));
    text(evidence, p.leg.evidence.link ?? null);
    text(evidence, match ? [p.note, `matched leg ${legId} already stored`].filter(Boolean).join('; ') : p.note);
    evidence.appendVarchar(JSON.stringify({
      flight: p.leg.flightNumber ?? null, callsign: p.leg.callsign ?? null, registration: p.leg.registration ?? null, icao24: p.leg.icao24 ?? null,
      departure: p.leg.departure?.raw ?? p.leg.departure?.icao ?? p.leg.departure?.iata ?? null, arrival: p.leg.arrival?.raw ?? p.leg.arrival?.icao ?? p.leg.arrival?.iata ?? null,
      departureTimeUtc: p.departureTimeUtc, arrivalTimeUtc: p.arrivalTimeUtc, departureDate: p.leg.departureDate, status: p.leg.status ?? null,
      ...(p.leg.departure?.inferred ? { departureInferred: p.leg.departure.inferred } : {}), ...(p.leg.arrival?.inferred ? { arrivalInferred: p.leg.arrival.inferred } : {}),
    }));
    evidence.endRow();

    const addCounts = (direction: 'on' | 'off', airport: string | null, list: PassengerCount[] | undefined) => {
      for (const c of list ?? []) {
        if (!Number.isInteger(c.count) || c.count < 0) throw new Error(`passenger count must be a whole number ≥ 0, got ${c.count}`);
        counts.appendBigInt(BigInt(legId));
        counts.appendInteger(sourceId);
        if (p.leg.sourceRow == null) counts.appendNull(); else counts.appendBigInt(BigInt(p.leg.sourceRow));
        counts.appendVarchar(direction);
        text(counts, airport);
        counts.appendInteger(c.count);
        counts.appendVarchar(c.method);
        text(counts, c.detail ?? null);
        counts.endRow();
      }
    };
    addCounts('on', p.dep.code, p.leg.passengersOn);
    addCounts('off', p.arr.code, p.leg.passengersOff);
  }
  legsIn.closeSync();
  evidence.closeSync();
  counts.closeSync();

  // New legs: the first report of each (several inputs of one batch can be the same new leg).
  await store.run(`INSERT INTO flight_legs (leg_id, aircraft_key, departure_date, departure_time_utc, arrival_time_utc, departure_time_basis,
      flight_number, callsign, registration, icao24, aircraft_type, operator,
      departure_airport, departure_airport_raw, departure_country, departure_known, arrival_airport, arrival_airport_raw, arrival_country, arrival_known,
      status, source_kinds, first_source_id)
    SELECT leg_id, aircraft_key, CAST(departure_date AS DATE), CAST(departure_time_utc AS TIMESTAMP), CAST(arrival_time_utc AS TIMESTAMP), departure_time_basis,
      flight_number, callsign, registration, icao24, aircraft_type, operator,
      departure_airport, departure_airport_raw, departure_country, departure_known, arrival_airport, arrival_airport_raw, arrival_country, arrival_known,
      status, source_kind, ${Number(sourceId)}
    FROM flight_legs_in WHERE is_new QUALIFY row_number() OVER (PARTITION BY leg_id ORDER BY departure_time_utc NULLS LAST) = 1`);
  // Every input enriches its leg: blank fields filled from the other reports, source kinds listed.
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
    FROM (SELECT leg_id, min(CAST(departure_time_utc AS TIMESTAMP)) AS departure_time_utc, min(CAST(arrival_time_utc AS TIMESTAMP)) AS arrival_time_utc,
            any_value(departure_time_basis) AS departure_time_basis, any_value(flight_number) AS flight_number, any_value(callsign) AS callsign,
            any_value(registration) AS registration, any_value(icao24) AS icao24, any_value(aircraft_type) AS aircraft_type, any_value(operator) AS operator,
            any_value(status) AS status, list(DISTINCT source_kind) AS kinds
          FROM flight_legs_in GROUP BY leg_id) m
    WHERE flight_legs.leg_id = m.leg_id`);
  // The best passenger count of each touched leg: manifest > counted > reported > estimated > unspecified (docs/flights.md).
  await refreshLegPassengers(store, 'SELECT DISTINCT leg_id FROM flight_legs_in');
  await store.run('DROP TABLE flight_legs_in');
  await reclassifyAircraft(store, [...touchedKeys]);
  return { legsNew, legsMerged, unknownAirports: [...unknown].sort() };
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
