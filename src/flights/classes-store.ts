/**
 * Writes the classification of flight legs (ICE link, category, mission) back to `flight_legs` and
 * `flight_missions`. The rules are pure (src/flights/); this moves rows in bulk (./flights-bulk.ts):
 * legs are read as columns, classified and chained in one pass in JavaScript, and only the rows whose
 * class or mission changed are written back, through one set-based UPDATE each.
 *
 * Two entry points:
 *   - `reclassifyAircraft(store, 'all' | keys)`: every leg (of those aircraft) again, e.g. after a
 *     registry load or an edit of the callsign rules (`deportwatch flights classify`);
 *   - `rebuildMissions(store, …)`: after a batch of legs, the missions of the aircraft it touched,
 *     from the last mission that began before the batch's first day (see there why that is exact).
 */
import { createHash } from 'node:crypto';
import { classifyLeg, type LegClass } from './classify.ts';
import { buildMissions, type Mission, type MissionLeg } from './missions.ts';
import { callsignRules } from './rules.ts';
import type { LegCategory } from '../domain/flights.ts';
import type { Store } from '../engine/db.ts';
import { registryForMatching } from './registry-table.ts';
import { ColumnRows, readColumns, tempTable } from '../engine/column-rows.ts';

/** The stored class columns of a leg, in table order after `leg_id`. */
export const CLASS_COLUMNS = ['ice_link', 'ice_link_confidence', 'ice_link_reason', 'category', 'category_rule', 'category_reason'] as const;

export function classValues(c: LegClass): string[] {
  return [c.iceLink, c.confidence, c.iceLinkReason, c.category, c.categoryRule, c.categoryReason];
}

/**
 * A stored class is compared by digest, not read back: the reasons are most of a leg's text. The SQL
 * and the JavaScript digest the same string: the six values joined by U+001F (a NULL as '').
 */
const CLASS_DIGEST_SQL = `md5(concat_ws(chr(31), ${CLASS_COLUMNS.map((c) => `coalesce(${c}, '')`).join(', ')}))`;
const digests = new WeakMap<LegClass, string>();

function classDigest(c: LegClass): string {
  let d = digests.get(c);
  if (d === undefined) { d = createHash('md5').update(classValues(c).join('\u001f')).digest('hex'); digests.set(c, d); }
  return d;
}

const MISSION_COLUMNS = [
  ['mission_id', 'MISSION'], ['aircraft_key', 'DICT'], ['start_date', 'DATE'], ['start_time_utc', 'EPOCH_MS'], ['end_time_utc', 'EPOCH_MS'],
  ['stops', 'DICT'], ['legs', 'INTEGER'], ['removal_legs', 'INTEGER'], ['removal_countries', 'DICT'], ['category', 'DICT'],
] as const;

/** Columns a leg is read with for classification and missions (times as epoch ms). */
const LEG_SELECT = `leg_id, aircraft_key, CAST(departure_date AS VARCHAR) AS departure_date,
  epoch_ms(departure_time_utc) AS dep_ms, epoch_ms(arrival_time_utc) AS arr_ms,
  flight_number, callsign, registration, icao24, departure_airport, departure_country, arrival_airport, arrival_country, source_kinds,
  coalesce(pax_on > 0, false) OR coalesce(pax_off > 0, false) AS has_passengers,
  category, ${CLASS_DIGEST_SQL} AS class_digest, mission_id`;
const LEG_NAMES = ['leg_id', 'aircraft_key', 'departure_date', 'dep_ms', 'arr_ms', 'flight_number', 'callsign', 'registration', 'icao24',
  'departure_airport', 'departure_country', 'arrival_airport', 'arrival_country', 'source_kinds', 'has_passengers',
  'category', 'class_digest', 'mission_id'] as const;
type LegColumns = Record<(typeof LEG_NAMES)[number], unknown[]>;

async function readLegs(store: Store, where: string, withSql = ''): Promise<{ n: number; c: LegColumns }> {
  const { n, columns } = await readColumns(store, `${withSql} SELECT ${LEG_SELECT} FROM flight_legs ${where}`, LEG_NAMES);
  return { n, c: columns };
}

const str = (v: unknown) => (v == null ? null : String(v));
const ms = (v: unknown) => (v == null ? NaN : Number(v));

/**
 * Reclassifies every leg of the given aircraft (all legs when `keys` is 'all') and rebuilds their
 * missions. Returns the number of legs.
 */
export async function reclassifyAircraft(store: Store, keys: string[] | 'all'): Promise<number> {
  if (keys !== 'all' && keys.length === 0) return 0;
  const registry = await registryForMatching(store);
  const rules = callsignRules();
  let where = '';
  if (keys !== 'all') {
    const k = new ColumnRows([['aircraft_key', 'VARCHAR']]);
    for (const key of new Set(keys)) k.add([key]);
    await tempTable(store, 'flight_keys_sel', k);
    where = 'WHERE aircraft_key IN (SELECT aircraft_key FROM flight_keys_sel)';
  }
  const { n, c } = await readLegs(store, where);
  const changed = new ColumnRows([['leg_id', 'BIGINT'], ...CLASS_COLUMNS.map((name) => [name, 'DICT'] as const)]);
  const missionLegs: MissionLeg[] = new Array(n);
  // Legs whose category changed: their missions' rows change (category, removal legs and countries).
  const dirty = new Set<number>();
  for (let i = 0; i < n; i++) {
    const legId = Number(c.leg_id[i]);
    const cls = classifyLeg({
      legId, departureDate: c.departure_date[i] as string, flightNumber: str(c.flight_number[i]), callsign: str(c.callsign[i]),
      registration: str(c.registration[i]), icao24: str(c.icao24[i]), departureAirport: str(c.departure_airport[i]), departureCountry: str(c.departure_country[i]),
      arrivalAirport: str(c.arrival_airport[i]), arrivalCountry: str(c.arrival_country[i]), sourceKinds: String(c.source_kinds[i]).split(','),
      hasPassengers: c.has_passengers[i] === true,
    }, { registry, rules });
    if (classDigest(cls) !== c.class_digest[i]) changed.add([legId, ...classValues(cls)]);
    if (cls.category !== c.category[i]) dirty.add(legId);
    missionLegs[i] = missionLeg(c, i, cls.category);
  }
  if (changed.count > 0) {
    await tempTable(store, 'flight_classes_in', changed);
    await store.run(`UPDATE flight_legs SET ${CLASS_COLUMNS.map((name) => `${name} = c.${name}`).join(', ')}
      FROM flight_classes_in c WHERE flight_legs.leg_id = c.leg_id`);
    await store.run('DROP TABLE flight_classes_in');
  }
  // Every leg of these aircraft was read, so every old mission of theirs is complete here.
  await writeMissions(store, buildMissions(missionLegs), missionLegs, c.mission_id as (string | null)[], dirty);
  if (keys === 'all') {
    // Rows of missions no leg names any more (e.g. written by an older version of the rules).
    await store.run('DELETE FROM flight_missions WHERE mission_id NOT IN (SELECT mission_id FROM flight_legs WHERE mission_id IS NOT NULL)');
  } else {
    await store.run(`DELETE FROM flight_missions WHERE aircraft_key IN (SELECT aircraft_key FROM flight_keys_sel)
      AND mission_id NOT IN (SELECT mission_id FROM flight_legs WHERE mission_id IS NOT NULL AND aircraft_key IN (SELECT aircraft_key FROM flight_keys_sel))`);
    await store.run('DROP TABLE flight_keys_sel');
  }
  return n;
}

function missionLeg(c: LegColumns, i: number, category: LegCategory | 'unresolved'): MissionLeg {
  const dep = ms(c.dep_ms[i]), arr = ms(c.arr_ms[i]);
  return {
    legId: Number(c.leg_id[i]), aircraftKey: c.aircraft_key[i] as string, departureDate: c.departure_date[i] as string,
    // The parsed times are what the mission rules compare (departureMs/arrivalMs win over the strings).
    departureTimeUtc: null, arrivalTimeUtc: null, departureMs: dep, arrivalMs: arr,
    departureAirport: str(c.departure_airport[i]), arrivalAirport: str(c.arrival_airport[i]), arrivalCountry: str(c.arrival_country[i]), category,
  };
}

/**
 * Stores missions. `legs[i]` belonged to mission `oldMission[i]` (undefined: not stored yet; the
 * caller inserts it with the id returned here). `legs` must hold every leg of every old mission named.
 * A new mission is written only when it differs from the old one of the same id: other legs, or a leg
 * in `dirty` (its category, which the mission row sums up, changed, or it is new). Old missions not
 * kept are deleted; stored legs whose mission changed get the new id. Returns each leg's mission id, in the order of `legs`.
 */
async function writeMissions(store: Store, missions: Mission[], legs: MissionLeg[], oldMission: (string | null | undefined)[], dirty: Set<number>): Promise<(string | null)[]> {
  const slot = new Map<number, number>();
  const oldSize = new Map<string, number>();
  for (let i = 0; i < legs.length; i++) {
    slot.set(legs[i].legId, i);
    const old = oldMission[i];
    if (old) oldSize.set(old, (oldSize.get(old) ?? 0) + 1);
  }
  const now: (string | null)[] = new Array(legs.length).fill(null);
  const rows = new ColumnRows(MISSION_COLUMNS);
  const kept = new Set<string>();
  for (const m of missions) {
    let same = oldSize.get(m.missionId) === m.legIds.length;
    for (const id of m.legIds) {
      const i = slot.get(id)!;
      now[i] = m.missionId;
      if (same && (oldMission[i] !== m.missionId || dirty.has(id))) same = false;
    }
    if (same) { kept.add(m.missionId); continue; }
    rows.add([Number(m.missionId.slice(1)), m.aircraftKey, m.startDate, m.startMs, m.endMs, m.stops, m.legIds.length, m.removalLegs,
      m.removalCountries.length ? m.removalCountries.join(',') : null, m.category]);
  }
  const gone = new ColumnRows([['mission_id', 'VARCHAR']]);
  for (const id of oldSize.keys()) if (!kept.has(id)) gone.add([id]);
  if (gone.count > 0) {
    await tempTable(store, 'flight_missions_del', gone);
    await store.run('DELETE FROM flight_missions WHERE mission_id IN (SELECT mission_id FROM flight_missions_del)');
    await store.run('DROP TABLE flight_missions_del');
  }
  await rows.insertInto(store, 'flight_missions');
  const moved = new ColumnRows([['leg_id', 'BIGINT'], ['mission_id', 'MISSION']]);
  for (let i = 0; i < legs.length; i++) {
    const old = oldMission[i];
    if (old !== undefined && now[i] !== old) moved.add([legs[i].legId, now[i] == null ? null : Number(now[i]!.slice(1))]);
  }
  if (moved.count > 0) {
    await tempTable(store, 'flight_missions_moved', moved);
    await store.run('UPDATE flight_legs SET mission_id = m.mission_id FROM flight_missions_moved m WHERE flight_legs.leg_id = m.leg_id');
    await store.run('DROP TABLE flight_missions_moved');
  }
  return now;
}

/**
 * Missions after a batch: `touched` gives, for each aircraft the batch touched, the first departure
 * date among its new or changed legs; `fresh` are the batch's new legs (not stored yet) with their
 * categories; `dirty` the stored legs the batch changed. Returns the mission id of each of `fresh`
 * (new legs take theirs into their INSERT).
 *
 * Why recomputing from a window is exact. Missions are built by one forward pass over an aircraft's
 * legs in flying order (src/flights/missions.ts), ordered by date first; so everything ordered
 * before the batch's first date D is unchanged, and so is every decision the pass made there. Take
 * the stored legs from the day before D on, plus every leg of a mission one of them belongs to: that
 * is a tail of the old order which starts where an old mission started, on a date before D — a point
 * at which the pass started a new mission with the same legs before it as now. Running the pass
 * again from there to the aircraft's last leg gives what a rebuild of all its legs would give
 * (test/flights-bulk.test.ts checks this against `reclassifyAircraft(store, 'all')`).
 * Legs of an unknown aircraft are each their own mission; only the new ones are built.
 */
export async function rebuildMissions(store: Store, touched: Map<string, string>, fresh: MissionLeg[], dirty: Set<number>, nothingStored = false): Promise<(string | null)[]> {
  const windows = new ColumnRows([['aircraft_key', 'VARCHAR'], ['since', 'DATE']]);
  // With no leg stored before this batch (`nothingStored`), its new legs are all there is.
  if (!nothingStored) for (const [key, date] of touched) if (key !== 'unknown') windows.add([key, date]);
  const legs: MissionLeg[] = [];
  const old: (string | null | undefined)[] = [];
  if (windows.count > 0) {
    await tempTable(store, 'flight_windows_in', windows);
    const { n, c } = await readLegs(store, 'WHERE leg_id IN (SELECT leg_id FROM w) OR mission_id IN (SELECT mission_id FROM w)',
      `WITH w AS (SELECT l.leg_id, l.mission_id FROM flight_legs l JOIN flight_windows_in k USING (aircraft_key) WHERE l.departure_date >= k.since - 1)`);
    await store.run('DROP TABLE flight_windows_in');
    for (let i = 0; i < n; i++) {
      legs.push(missionLeg(c, i, c.category[i] as LegCategory | 'unresolved'));
      old.push((c.mission_id[i] as string | null) ?? null);
    }
  }
  for (const leg of fresh) { legs.push(leg); old.push(undefined); }
  const ids = await writeMissions(store, buildMissions(legs), legs, old, dirty);
  return ids.slice(legs.length - fresh.length);
}
