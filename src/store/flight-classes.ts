/**
 * Writes the classification of flight legs (ICE link, category, mission) back to `flight_legs` and
 * `flight_missions`. The rules are pure (src/flights/); this recomputes them for the aircraft a new
 * batch touched, or for every leg (`deportwatch flights classify`, after loading a registry).
 */
import { classifyLeg } from '../flights/classify.ts';
import { buildMissions, type MissionLeg } from '../flights/missions.ts';
import { callsignRules } from '../flights/rules.ts';
import type { Store } from './db.ts';
import { sqlString } from './sql.ts';
import { registryForMatching } from './aircraft-registry.ts';

interface LegRow {
  leg_id: number; aircraft_key: string; departure_date: string; departure_time_utc: string | null; arrival_time_utc: string | null;
  flight_number: string | null; callsign: string | null; registration: string | null; icao24: string | null;
  departure_airport: string | null; departure_country: string | null; arrival_airport: string | null; arrival_country: string | null;
  source_kinds: string; has_passengers: boolean;
}

/** Reclassifies every leg of the given aircraft (all legs when `keys` is 'all'). Returns the number of legs. */
export async function reclassifyAircraft(store: Store, keys: string[] | 'all'): Promise<number> {
  if (keys !== 'all' && keys.length === 0) return 0;
  const registry = await registryForMatching(store);
  const rules = callsignRules();
  const filters = keys === 'all' ? [''] : chunk(keys, 500).map((slice) => `WHERE aircraft_key IN (${slice.map(sqlString).join(', ')})`);
  await store.run(`CREATE OR REPLACE TEMP TABLE flight_classes_in (leg_id BIGINT, ice_link VARCHAR, ice_link_confidence VARCHAR, ice_link_reason VARCHAR,
    category VARCHAR, category_rule VARCHAR, category_reason VARCHAR, mission_id VARCHAR)`);
  await store.run(`CREATE OR REPLACE TEMP TABLE flight_missions_in AS SELECT * FROM flight_missions LIMIT 0`);
  let total = 0;
  for (const where of filters) {
    const legs = await store.all<LegRow & Record<string, unknown>>(`SELECT leg_id, aircraft_key, CAST(departure_date AS VARCHAR) AS departure_date,
        strftime(departure_time_utc, '%Y-%m-%dT%H:%M:%SZ') AS departure_time_utc, strftime(arrival_time_utc, '%Y-%m-%dT%H:%M:%SZ') AS arrival_time_utc,
        flight_number, callsign, registration, icao24, departure_airport, departure_country, arrival_airport, arrival_country, source_kinds,
        (pax_on IS NOT NULL AND pax_on > 0) OR (pax_off IS NOT NULL AND pax_off > 0) AS has_passengers
      FROM flight_legs ${where}`);
    total += legs.length;
    const classes = new Map<number, ReturnType<typeof classifyLeg>>();
    const missionLegs: MissionLeg[] = [];
    for (const l of legs) {
      const c = classifyLeg({
        legId: Number(l.leg_id), departureDate: l.departure_date, flightNumber: l.flight_number, callsign: l.callsign, registration: l.registration,
        icao24: l.icao24, departureAirport: l.departure_airport, departureCountry: l.departure_country, arrivalAirport: l.arrival_airport,
        arrivalCountry: l.arrival_country, sourceKinds: l.source_kinds.split(','), hasPassengers: !!l.has_passengers,
      }, { registry, rules });
      classes.set(Number(l.leg_id), c);
      missionLegs.push({ legId: Number(l.leg_id), aircraftKey: l.aircraft_key, departureDate: l.departure_date, departureTimeUtc: l.departure_time_utc,
        arrivalTimeUtc: l.arrival_time_utc, departureAirport: l.departure_airport, arrivalAirport: l.arrival_airport, arrivalCountry: l.arrival_country, category: c.category });
    }
    const missionOf = new Map<number, string>();
    const m = await store.appender('flight_missions_in');
    for (const mission of buildMissions(missionLegs)) {
      for (const id of mission.legIds) missionOf.set(id, mission.missionId);
      m.appendVarchar(mission.missionId); m.appendVarchar(mission.aircraftKey); m.appendVarchar(mission.startDate);
      for (const v of [mission.startTimeUtc, mission.endTimeUtc]) { if (v) m.appendVarchar(v); else m.appendNull(); }
      m.appendVarchar(mission.stops); m.appendInteger(mission.legIds.length); m.appendInteger(mission.removalLegs);
      if (mission.removalCountries.length) m.appendVarchar(mission.removalCountries.join(',')); else m.appendNull();
      m.appendVarchar(mission.category);
      m.endRow();
    }
    m.closeSync();
    const a = await store.appender('flight_classes_in');
    for (const [legId, c] of classes) {
      a.appendBigInt(BigInt(legId));
      for (const v of [c.iceLink, c.confidence, c.iceLinkReason, c.category, c.categoryRule, c.categoryReason, missionOf.get(legId) ?? null]) {
        if (v == null) a.appendNull(); else a.appendVarchar(v);
      }
      a.endRow();
    }
    a.closeSync();
  }
  await store.run(`UPDATE flight_legs SET ice_link = c.ice_link, ice_link_confidence = c.ice_link_confidence, ice_link_reason = c.ice_link_reason,
      category = c.category, category_rule = c.category_rule, category_reason = c.category_reason, mission_id = c.mission_id
    FROM flight_classes_in c WHERE flight_legs.leg_id = c.leg_id`);
  if (keys === 'all') await store.run('DELETE FROM flight_missions');
  else for (const slice of chunk(keys, 500)) await store.run(`DELETE FROM flight_missions WHERE aircraft_key IN (${slice.map(sqlString).join(', ')})`);
  // Aircraft keys of "unknown" legs are per leg (unknown:<id>) in missions; their rows are replaced with them.
  await store.run(`DELETE FROM flight_missions WHERE mission_id IN (SELECT mission_id FROM flight_missions_in)`);
  await store.run('INSERT INTO flight_missions SELECT * FROM flight_missions_in');
  await store.run('DROP TABLE flight_classes_in');
  await store.run('DROP TABLE flight_missions_in');
  return total;
}

function chunk<T>(list: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}
