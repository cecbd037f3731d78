/**
 * Views the flight reports read (docs/flights.md, docs/reports.md): one row per leg
 * (`flight_legs_enriched`) and one per mission (`flight_missions_enriched`), with the derived columns
 * every report needs, so the CLI, the API and the claims checks count flights the same way.
 */
import { US_JURISDICTION } from './geography.ts';
import type { Store } from '../engine/db.ts';
import { sqlString } from '../engine/sql.ts';

const US_LIST = [...US_JURISDICTION].map(sqlString).join(', ');

/** Categories that are ICE Air flights (everything but `non_ice` and `unresolved`). */
export const ICE_CATEGORIES = ['removal', 'return', 'domestic_transfer', 'lateral', 'repositioning'];

export async function createFlightsViews(store: Store): Promise<void> {
  await store.run(`CREATE OR REPLACE VIEW flight_legs_enriched AS
    SELECT l.*,
      l.first_source_id AS source_id,
      strftime(l.departure_date, '%Y-%m') AS month,
      CAST(year(l.departure_date) AS VARCHAR) AS year,
      (l.departure_country IN (${US_LIST})) AS from_us,
      (l.arrival_country IN (${US_LIST})) AS to_us,
      coalesce(l.departure_airport, '?') || '-' || coalesce(l.arrival_airport, '?') AS route,
      l.source_kinds AS source,
      list_contains(string_split(l.source_kinds, ','), 'observer') AS observed,
      list_contains(string_split(l.source_kinds, ','), 'adsb') AS tracked,
      (l.category IN (${ICE_CATEGORIES.map(sqlString).join(', ')})) AS ice_flight,
      l.aircraft_key AS aircraft,
      -- Units other than the leg (report flights --count): one flight number per departure date, one aircraft per departure date.
      CASE WHEN l.flight_number IS NOT NULL THEN l.flight_number || ' ' || CAST(l.departure_date AS VARCHAR) END AS flight_number_day,
      l.aircraft_key || ' ' || CAST(l.departure_date AS VARCHAR) AS aircraft_day,
      s.synthetic AS synthetic
    FROM flight_legs l JOIN sources s ON s.source_id = l.first_source_id`);
  await store.run(`CREATE OR REPLACE VIEW flight_missions_enriched AS
    SELECT m.*,
      strftime(m.start_date, '%Y-%m') AS month,
      CAST(year(m.start_date) AS VARCHAR) AS year,
      x.source_id, x.operator, x.registration, x.first_airport, x.source,
      m.aircraft_key AS aircraft
    FROM flight_missions m
    JOIN (SELECT mission_id, min(first_source_id) AS source_id, any_value(operator) AS operator, any_value(registration) AS registration,
            arg_min(departure_airport, leg_id) AS first_airport, string_agg(DISTINCT source_kinds, ',' ORDER BY source_kinds) AS source
          FROM flight_legs WHERE mission_id IS NOT NULL GROUP BY mission_id) x USING (mission_id)`);
  // Rows of tracker exports and logs as published (migration 009), with the legs made from them.
  await store.run(`CREATE OR REPLACE VIEW tracker_rows_enriched AS
    SELECT t.*,
      strftime(t.export_date, '%Y-%m') AS export_month,
      CAST(year(t.export_date) AS VARCHAR) AS export_year,
      CASE WHEN t.departure_date_utc IS NULL THEN 'no_time' WHEN t.departure_date_utc = t.export_date THEN 'same' ELSE 'differs' END AS utc_vs_export_date,
      nullif(trim(coalesce(t.raw['Flight'], t.raw['Flight number'])), '') || ' ' || CAST(t.export_date AS VARCHAR) AS flight_number_date,
      coalesce(e.legs, 0) AS legs,
      e.categories,
      coalesce(e.ice_flight, false) AS ice_flight,
      s.file_name AS source
    FROM tracker_rows t
    JOIN sources s ON s.source_id = t.source_id
    LEFT JOIN (SELECT v.source_id, v.source_row, count(DISTINCT v.leg_id) AS legs,
                 string_agg(DISTINCT l.category, ',' ORDER BY l.category) AS categories,
                 bool_or(l.category IN (${ICE_CATEGORIES.map(sqlString).join(', ')})) AS ice_flight
               FROM flight_evidence v JOIN flight_legs l USING (leg_id) GROUP BY ALL) e
      ON e.source_id = t.source_id AND e.source_row = t.source_row`);
  // One row per passenger count as a source gave it (a leg may have an observers' count and the city's).
  await store.run(`CREATE OR REPLACE VIEW passenger_counts_enriched AS
    SELECT c.source_id, c.source_row, c.leg_id, c.direction, c.airport, c.count AS people, c.method, c.method_detail,
      l.departure_date, strftime(l.departure_date, '%Y-%m') AS month, l.flight_number, l.registration,
      l.departure_airport, l.arrival_airport, l.category,
      (SELECT count(DISTINCT o.method) FROM flight_passenger_counts o WHERE o.leg_id = c.leg_id AND o.direction = c.direction) > 1 AS counted_both_ways,
      s.kind AS source_kind, s.file_name AS source
    FROM flight_passenger_counts c
    JOIN flight_legs l ON l.leg_id = c.leg_id
    JOIN sources s ON s.source_id = c.source_id`);
}
