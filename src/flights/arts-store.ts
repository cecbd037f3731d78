/**
 * ARTS missions into the flight model, right after an ARTS table is ingested (the ARTS source calls
 * `artsFlightLegs` inside the pipeline's transaction). Rules: src/flights/arts.ts; docs/flights.md
 * "ARTS missions".
 *
 *   - A missions table: every mission row becomes legs (`insertFlightLegs`, source kind `arts`, so the
 *     ICE link is `manifest`); a leg RadarBox, an observer or ADS-B also reported becomes one leg with
 *     both pieces of evidence. Then the passengers already stored for those missions are placed.
 *   - A passengers table: its pick-ups and drop-offs are placed on the legs of missions already stored.
 * Either order gives the same legs and counts. Counts carry the passengers table's source id and
 * first row; a (leg, passengers table) pair is counted once however many mission tables repeat the
 * mission.
 */
import { artsMissionLegs, missionKey, missionStops, placePassengers, ARTS_LEG_NOTE_PATTERN, type ArtsMissionRow, type PassengerGroup } from './arts.ts';
import type { Store } from '../engine/db.ts';
import { addPassengerCounts, insertFlightLegs, type PassengerCountRow } from './legs-store.ts';
import { readColumns } from '../engine/column-rows.ts';
import { sqlString } from '../engine/sql.ts';

const STOP_COLUMNS = ['start_airport', 'stop_1', 'stop_2', 'stop_3', 'stop_4', 'stop_5', 'stop_6', 'stop_7', 'stop_8', 'end_airport'];
const MISSION_KEY_SQL = (t: string) => `CASE WHEN ${t}.mission_id IS NOT NULL THEN 'id:' || ${t}.mission_id
  WHEN ${t}.mission_number IS NOT NULL THEN 'number:' || ${t}.mission_number || '@' || CAST(${t}.mission_date AS VARCHAR) END`;
/** StrikeFromList set: the person was struck from the flight list (not counted as flown). */
const STRUCK_SQL = `upper(trim(coalesce(strike_from_list, ''))) IN ('Y', 'YES', 'TRUE', 'T', '1', 'X')`;

function missionRows(c: Record<string, unknown[]>, n: number): (ArtsMissionRow & { sourceId: number; legId: number | null; legIndex: number | null })[] {
  const text = (v: unknown) => (v == null || v === '' ? null : String(v));
  return Array.from({ length: n }, (_, i) => ({
    sourceId: Number(c.source_id[i]), sourceRow: Number(c.source_row[i]), missionDate: String(c.mission_date[i]),
    missionId: text(c.mission_id[i]), missionNumber: text(c.mission_number[i]),
    airports: STOP_COLUMNS.map((s) => text(c[s][i])), tailNumber: text(c.tail_number[i]), vendor: text(c.vendor[i]),
    cancelReason: text(c.cancel_reason[i]), flightHoursActual: c.flight_hours_actual[i] == null ? null : Number(c.flight_hours_actual[i]),
    legId: c.leg_id?.[i] == null ? null : Number(c.leg_id[i]), legIndex: c.leg_index?.[i] == null ? null : Number(c.leg_index[i]),
  }));
}

const MISSION_COLUMNS = ['source_id', 'source_row', 'mission_date', 'mission_id', 'mission_number', ...STOP_COLUMNS, 'tail_number', 'vendor', 'cancel_reason', 'flight_hours_actual'];
const MISSION_SELECT = `m.source_id, m.source_row, CAST(m.mission_date AS VARCHAR) AS mission_date, m.mission_id, m.mission_number,
  ${STOP_COLUMNS.map((s) => `m.${s}`).join(', ')}, m.tail_number, m.vendor, m.cancel_reason, m.flight_hours_actual`;

/** After an ARTS table of `table` was ingested as source `sourceId`: its legs and passenger counts. Returns notes for the ingest summary. */
export async function artsFlightLegs(store: Store, sourceId: number, table: string): Promise<string[]> {
  if (table === 'arts_missions') return missionsToLegs(store, sourceId);
  if (table === 'arts_passengers') return placeArtsPassengers(store, { passengerSource: sourceId });
  return [];
}

async function missionsToLegs(store: Store, sourceId: number): Promise<string[]> {
  const { n, columns } = await readColumns(store, `SELECT ${MISSION_SELECT} FROM arts_missions m WHERE m.source_id = ${Number(sourceId)}`, MISSION_COLUMNS);
  const rows = missionRows(columns, n).sort((a, b) => a.sourceRow - b.sourceRow);
  const notes: string[] = [];
  const inputs = [];
  let notFlown = 0, tooFew = 0, missionsWithLegs = 0;
  const unknown = new Map<string, number>();
  const byName = new Map<string, string>();
  for (const row of rows) {
    const { legs, skipped } = artsMissionLegs(row);
    if (skipped === 'not-flown') notFlown++;
    if (skipped === 'fewer-than-two-airports') tooFew++;
    if (legs.length) missionsWithLegs++;
    for (const leg of legs) {
      inputs.push(leg.input);
      for (const a of [leg.departure, leg.arrival]) {
        const label = a.raw + (a.how ? ` (${a.how})` : '');
        if (!a.known) unknown.set(label, (unknown.get(label) ?? 0) + 1);
        else if (a.how && a.how !== 'code') byName.set(a.raw, `${a.reported.icao} (${a.how})`);
      }
    }
  }
  const result = await insertFlightLegs(store, sourceId, inputs);
  notes.push(`${missionsWithLegs} of ${rows.length} missions became ${inputs.length} flight legs (${result.legsNew} new, ${result.legsMerged} already reported by another source or row: one leg with both pieces of evidence); ICE link "manifest"`);
  if (notFlown) notes.push(`${notFlown} missions have a cancel reason and no flight hours flown: not flown, no legs`);
  if (tooFew) notes.push(`${tooFew} missions name fewer than two airports: no legs`);
  if (byName.size) notes.push(`airports given by name, resolved through the airport reference: ${[...byName].map(([name, to]) => `${name} → ${to}`).join('; ')}`);
  if (unknown.size) notes.push(`airports no reference knows, kept as written on the legs (category "unresolved" unless the other end decides it): ${[...unknown].map(([a, k]) => `${a} (${k} leg ends)`).join('; ')}`);
  notes.push(...await placeArtsPassengers(store, { missionSource: sourceId }));
  return notes;
}

/**
 * Places the passengers of the missions in scope on their legs: a missions table's missions (all
 * passengers tables stored), or a passengers table's missions (that table only).
 */
async function placeArtsPassengers(store: Store, scope: { missionSource?: number; passengerSource?: number }): Promise<string[]> {
  const missionWhere = scope.missionSource != null
    ? `m.source_id = ${Number(scope.missionSource)}`
    : `${MISSION_KEY_SQL('m')} IN (SELECT DISTINCT ${MISSION_KEY_SQL('p')} FROM arts_passengers p WHERE p.source_id = ${Number(scope.passengerSource)})`;
  // The legs each mission row became: its evidence rows, the position read from the note.
  const legs = await readColumns(store, `SELECT ${MISSION_SELECT}, e.leg_id, CAST(regexp_extract(e.note, ${sqlString(ARTS_LEG_NOTE_PATTERN)}, 1) AS INTEGER) AS leg_index
    FROM arts_missions m JOIN flight_evidence e ON e.source_id = m.source_id AND e.source_row = m.source_row AND e.source_kind = 'arts'
    WHERE ${missionWhere}`, [...MISSION_COLUMNS, 'leg_id', 'leg_index']);
  const missions = new Map<string, { row: ArtsMissionRow & { sourceId: number }; legIds: Map<number, number> }>();
  for (const r of missionRows(legs.columns, legs.n).sort((a, b) => a.sourceId - b.sourceId || a.sourceRow - b.sourceRow)) {
    const key = missionKey(r.missionId, r.missionNumber, r.missionDate);
    if (!key || r.legIndex == null || r.legId == null) continue;
    let m = missions.get(key);
    if (!m) { m = { row: r, legIds: new Map() }; missions.set(key, m); }
    // The first mission row of a mission decides its stops; a repeat in another table is the same legs.
    if (m.row.sourceId === r.sourceId && m.row.sourceRow === r.sourceRow) m.legIds.set(r.legIndex, r.legId);
  }
  const passengerWhere = scope.passengerSource != null
    ? `p.source_id = ${Number(scope.passengerSource)}`
    : `${MISSION_KEY_SQL('p')} IN (SELECT DISTINCT ${MISSION_KEY_SQL('m')} FROM arts_missions m WHERE m.source_id = ${Number(scope.missionSource)})`;
  const groups = await readColumns(store, `SELECT p.source_id, ${MISSION_KEY_SQL('p')} AS mission_key,
      coalesce(p.pickup_airport, p.pickup_airport_name) AS pickup, coalesce(p.dropoff_airport, p.dropoff_airport_name) AS dropoff,
      count(*) FILTER (WHERE NOT (${STRUCK_SQL})) AS people, count(*) FILTER (WHERE ${STRUCK_SQL}) AS struck, min(p.source_row) AS first_row
    FROM arts_passengers p WHERE ${passengerWhere} GROUP BY ALL`, ['source_id', 'mission_key', 'pickup', 'dropoff', 'people', 'struck', 'first_row']);
  if (groups.n === 0) return scope.passengerSource != null ? ['no passenger rows name a mission (MissionID, or MissionNumber and MissionDate)'] : [];

  // Per passengers table and mission: the groups.
  const byTableMission = new Map<string, { sourceId: number; key: string; groups: PassengerGroup[] }>();
  const g = groups.columns;
  for (let i = 0; i < groups.n; i++) {
    const key = g.mission_key[i] as string | null;
    if (!key) continue;
    const id = `${g.source_id[i]}\u0000${key}`;
    let entry = byTableMission.get(id);
    if (!entry) { entry = { sourceId: Number(g.source_id[i]), key, groups: [] }; byTableMission.set(id, entry); }
    entry.groups.push({ pickup: g.pickup[i] as string | null, dropoff: g.dropoff[i] as string | null, people: Number(g.people[i]), struck: Number(g.struck[i]), firstRow: Number(g.first_row[i]) });
  }

  // A (leg, passengers table) already counted (the mission was in an earlier missions table) is not counted twice.
  const already = new Set<string>();
  const sourceIds = [...new Set([...byTableMission.values()].map((e) => e.sourceId))];
  if (sourceIds.length === 0) return ['no passenger rows name a mission (MissionID, or MissionNumber and MissionDate)'];
  const existing = await readColumns(store, `SELECT DISTINCT leg_id, source_id FROM flight_passenger_counts WHERE method = 'manifest' AND source_id IN (${sourceIds.join(', ')})`, ['leg_id', 'source_id']);
  for (let i = 0; i < existing.n; i++) already.add(`${existing.columns.leg_id[i]}:${existing.columns.source_id[i]}`);

  const counts: PassengerCountRow[] = [];
  let placed = 0, unplaced = 0, struck = 0, withoutMission = 0, missionsCounted = 0;
  for (const entry of byTableMission.values()) {
    const mission = missions.get(entry.key);
    if (!mission) { withoutMission += entry.groups.reduce((s, x) => s + x.people, 0); continue; }
    const stops = missionStops(mission.row);
    const result = placePassengers(stops, entry.groups);
    if ([...mission.legIds.values()].some((legId) => already.has(`${legId}:${entry.sourceId}`))) continue;
    placed += result.placed; unplaced += result.unplaced; struck += result.struck; missionsCounted++;
    const label = mission.row.missionId ?? mission.row.missionNumber;
    for (const c of result.counts) {
      const legId = mission.legIds.get(c.legIndex);
      if (legId == null) continue;
      counts.push({
        legId, sourceId: entry.sourceId, sourceRow: c.firstRow, direction: c.direction, airport: c.airport, count: c.count, method: 'manifest',
        detail: `ARTS passengers table, mission ${label}: ${c.count} ${c.direction === 'on' ? 'picked up at' : 'dropped off at'} ${c.airport}` +
          (c.struck ? `; ${c.struck} more struck from the list, not counted` : '') + (c.count === 0 ? ' (nobody in the table)' : ''),
      });
    }
  }
  await addPassengerCounts(store, counts);
  const notes: string[] = [];
  if (missionsCounted) notes.push(`passengers (ARTS manifest) placed on the legs of ${missionsCounted} missions: ${placed} people` + (struck ? `; ${struck} struck from the list not counted` : ''));
  if (unplaced) notes.push(`${unplaced} passengers not placed on a leg: their pick-up or drop-off airport is not among their mission's stops in that order`);
  if (withoutMission && scope.passengerSource != null) notes.push(`${withoutMission} passengers belong to missions with no legs stored (no mission row yet, placed when the missions table is ingested; or a mission that did not fly)`);
  return notes;
}
