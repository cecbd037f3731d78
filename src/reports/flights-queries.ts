/**
 * Flight figures beyond grouped counts: the summary monitors publish (distinct flights, tails, top
 * routes, missions), monthly baselines, passenger totals by counting method, GeoJSON for maps, and
 * one leg's explanation. All read `flight_legs_enriched` / `flight_missions_enriched`
 * (src/flights/views.ts), filtered the same way as `report flights`.
 */
import { airportIndex } from '../reference/airports.ts';
import type { Param, Row, Store } from '../engine/db.ts';
import { whereSql, type GroupedCountQuery } from '../engine/grouped-count.ts';
import { sqlIdent } from '../engine/sql.ts';

export type FlightFilter = GroupedCountQuery['where'];

export interface FlightSummary {
  distinctFlights: number;
  distinctTails: number;
  /** Legs whose aircraft has no registration (counted as flights, not as tails). */
  legsWithoutTail: number;
  tails: { registration: string; n: number }[];
  topRoutes: { route: string; n: number }[];
  missions: number;
  sources: { source_id: number; path: string; sha256: string; synthetic: boolean }[];
}

async function sourcesOf(store: Store, where: string, params: Param[]): Promise<FlightSummary['sources']> {
  return store.all<FlightSummary['sources'][number] & Row>(`SELECT source_id, path, sha256, synthetic FROM sources
    WHERE source_id IN (SELECT DISTINCT e.source_id FROM flight_evidence e WHERE e.leg_id IN (SELECT leg_id FROM flight_legs_enriched ${where})) ORDER BY source_id`, params);
}

export async function flightSummary(store: Store, filter: FlightFilter, topN = 10): Promise<FlightSummary> {
  const params: Param[] = [];
  const where = whereSql(filter, params);
  const totals = await store.one<{ flights: number; tails: number; without: number; missions: number }>(`SELECT count(*) AS flights,
      count(DISTINCT registration) AS tails, count(*) FILTER (WHERE registration IS NULL) AS without, count(DISTINCT mission_id) AS missions
    FROM flight_legs_enriched ${where}`, params);
  const tails = await store.all<{ registration: string; n: number }>(`SELECT registration, count(*) AS n FROM flight_legs_enriched ${where}
    ${where ? 'AND' : 'WHERE'} registration IS NOT NULL GROUP BY 1 ORDER BY n DESC, 1`, params);
  const topRoutes = await store.all<{ route: string; n: number }>(`SELECT route, count(*) AS n FROM flight_legs_enriched ${where}
    GROUP BY 1 ORDER BY n DESC, 1 LIMIT ${Math.max(1, Math.floor(topN))}`, params);
  return {
    distinctFlights: Number(totals?.flights ?? 0), distinctTails: Number(totals?.tails ?? 0), legsWithoutTail: Number(totals?.without ?? 0),
    tails, topRoutes, missions: Number(totals?.missions ?? 0), sources: await sourcesOf(store, where, params),
  };
}

export interface BaselineRow {
  month: string;
  /** Flights that month; null when no source covers the month (no leg of any kind from any source). */
  n: number | null;
  /** Mean of the six calendar months before; null when any of them is not covered by the data. */
  previous_six_months_mean: number | null;
  /** The same calendar month a year earlier; null when that month is not covered. */
  same_month_last_year: number | null;
}

/**
 * Monthly flights against the previous six months' mean and the same month a year earlier, as
 * monitors publish them. A month is **covered** when a source that reported any of the matching
 * flights reported any leg that month (a log of one airport does not cover a tracker export's months):
 * in a covered month no matching flight means 0; a month none of those sources covers is unknown, not
 * 0, and so is any comparison that needs it. Rows run from the first to the last month
 * of the matching flights.
 */
export async function monthlyBaseline(store: Store, filter: FlightFilter): Promise<BaselineRow[]> {
  const params: Param[] = [];
  const where = whereSql(filter, params);
  const covered = new Set((await store.all<{ month: string }>(`SELECT DISTINCT l.month FROM flight_legs_enriched l JOIN flight_evidence e USING (leg_id)
    WHERE e.source_id IN (SELECT DISTINCT e2.source_id FROM flight_evidence e2 WHERE e2.leg_id IN (SELECT leg_id FROM flight_legs_enriched ${where}))`, params)).map((r) => r.month));
  const counts = new Map((await store.all<{ month: string; n: number }>(`SELECT month, count(*) AS n FROM flight_legs_enriched ${where} GROUP BY 1`, params))
    .map((r) => [r.month, Number(r.n)]));
  if (counts.size === 0) return [];
  const sorted = [...counts.keys()].sort();
  const value = (m: string) => (covered.has(m) ? counts.get(m) ?? 0 : null);
  const months: string[] = [];
  for (let m = sorted[0]; m <= sorted[sorted.length - 1]; m = addMonths(m, 1)) months.push(m);
  return months.map((month) => {
    const prev = Array.from({ length: 6 }, (_, i) => value(addMonths(month, -(i + 1))));
    return {
      month, n: value(month),
      previous_six_months_mean: prev.every((v) => v !== null) ? Math.round((prev.reduce((s, v) => s! + v!, 0)! / 6) * 10) / 10 : null,
      same_month_last_year: value(addMonths(month, -12)),
    };
  });
}

export function addMonths(month: string, delta: number): string {
  const [y, m] = month.split('-').map(Number);
  const total = y * 12 + (m - 1) + delta;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
}

export interface PassengerRow extends Row {
  direction: string;
  method: string;
  legs: number;
  people: number;
}

/**
 * People recorded boarding (`on`) and leaving (`off`) legs, summed per counting method and never
 * across methods: one best count per leg and direction (manifest > counted > reported > estimated >
 * unspecified). Totals that a publication can use are those counted or from a manifest; the others
 * are shown for what they are.
 */
export async function passengerTotals(store: Store, by: { name: string; column: string }[], filter: FlightFilter, options: { everyCount?: boolean } = {}): Promise<PassengerRow[]> {
  const params: Param[] = [];
  const where = whereSql(filter, params);
  const dims = by.map((d) => `${sqlIdent(d.column)} AS ${sqlIdent(d.name)}`);
  const select = (direction: 'on' | 'off') => options.everyCount
    // Every count of every source (observers' and the city's side by side), still never summed across methods.
    ? `SELECT ${[...dims.map((d) => `l.${d}`), `'${direction}' AS direction`, 'c.method AS method', 'c.count AS people'].join(', ')}
       FROM flight_passenger_counts c JOIN (SELECT * FROM flight_legs_enriched ${where}) l USING (leg_id) WHERE c.direction = '${direction}'`
    : `SELECT ${[...dims, `'${direction}' AS direction`, `pax_${direction}_method AS method`, `pax_${direction} AS people`].join(', ')}
    FROM flight_legs_enriched ${where ? `${where} AND` : 'WHERE'} pax_${direction} IS NOT NULL`;
  const names = by.map((d) => sqlIdent(d.name));
  return store.all<PassengerRow>(`SELECT ${[...names, 'direction', 'method'].join(', ')}, count(*) AS legs, sum(people) AS people
    FROM (${select('on')} UNION ALL ${select('off')}) GROUP BY ALL ORDER BY ${[...names, "direction", "method"].map((n) => `${n} NULLS LAST`).join(", ")}`, params);
}

/** Legs as GeoJSON LineStrings between their airports, plus the airports as Points (for maps). */
export async function flightsGeoJson(store: Store, filter: FlightFilter, limit = 50_000): Promise<{ type: 'FeatureCollection'; features: unknown[]; skipped: number }> {
  const params: Param[] = [];
  const where = whereSql(filter, params);
  const legs = await store.all<Row>(`SELECT leg_id, CAST(departure_date AS VARCHAR) AS departure_date, flight_number, callsign, registration, operator,
      departure_airport, arrival_airport, departure_country, arrival_country, category, ice_link, ice_link_confidence, mission_id, source
    FROM flight_legs_enriched ${where} ORDER BY leg_id LIMIT ${Math.max(1, Math.floor(limit))}`, params);
  const index = airportIndex();
  const features: unknown[] = [];
  const airports = new Map<string, { n: number }>();
  let skipped = 0;
  for (const leg of legs) {
    const dep = index.byIcao(leg.departure_airport as string | null);
    const arr = index.byIcao(leg.arrival_airport as string | null);
    if (!dep || !arr) { skipped++; continue; }
    for (const a of [dep, arr]) airports.set(a.icao, { n: (airports.get(a.icao)?.n ?? 0) + 1 });
    features.push({ type: 'Feature', id: `leg-${leg.leg_id}`, geometry: { type: 'LineString', coordinates: [[dep.lonDeg, dep.latDeg], [arr.lonDeg, arr.latDeg]] },
      properties: { kind: 'leg', ...leg } });
  }
  for (const [icao, { n }] of airports) {
    const a = index.byIcao(icao)!;
    features.push({ type: 'Feature', id: `airport-${icao}`, geometry: { type: 'Point', coordinates: [a.lonDeg, a.latDeg] },
      properties: { kind: 'airport', icao, iata: a.iata, name: a.name, country: a.countryCode, legs: n, ice_hub: a.iceHub?.source ?? null } });
  }
  return { type: 'FeatureCollection', features, skipped };
}

/** The legs matching a filter, one row each (the table behind `flights legs`). */
export async function listLegs(store: Store, filter: FlightFilter, limit = 1000): Promise<Row[]> {
  const params: Param[] = [];
  const where = whereSql(filter, params);
  return store.all(`SELECT CAST(leg_id AS VARCHAR) AS leg_id, CAST(departure_date AS VARCHAR) AS departure_date, strftime(departure_time_utc, '%H:%M') AS utc, flight_number, callsign, registration,
      departure_airport, arrival_airport, category, ice_link, ice_link_confidence, mission_id, source, pax_on, pax_on_method, pax_off, pax_off_method
    FROM flight_legs_enriched ${where} ORDER BY departure_date, departure_time_utc NULLS LAST, leg_id LIMIT ${Math.max(1, Math.floor(limit))}`, params);
}

export interface LegExplanation {
  leg: Row;
  evidence: Row[];
  passengers: Row[];
  mission: Row | null;
  missionLegs: Row[];
}

export async function explainLeg(store: Store, legId: number): Promise<LegExplanation | null> {
  const leg = await store.one(`SELECT * FROM flight_legs_enriched WHERE leg_id = $1`, [legId]);
  if (!leg) return null;
  const evidence = await store.all(`SELECT e.source_id, s.path, s.kind, e.source_row, e.link, e.note, e.reported FROM flight_evidence e
    JOIN sources s USING (source_id) WHERE e.leg_id = $1 ORDER BY e.source_id, e.source_row`, [legId]);
  const passengers = await store.all(`SELECT direction, airport, count, method, method_detail, source_id, source_row FROM flight_passenger_counts
    WHERE leg_id = $1 ORDER BY direction DESC, source_id, source_row`, [legId]);
  const mission = leg.mission_id ? (await store.one(`SELECT * FROM flight_missions WHERE mission_id = $1`, [leg.mission_id as string])) ?? null : null;
  const missionLegs = leg.mission_id ? await store.all(`SELECT leg_id, CAST(departure_date AS VARCHAR) AS departure_date, route, category FROM flight_legs_enriched
    WHERE mission_id = $1 ORDER BY departure_date, departure_time_utc NULLS LAST, leg_id`, [leg.mission_id as string]) : [];
  return { leg, evidence, passengers, mission, missionLegs };
}
