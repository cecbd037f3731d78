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
            arg_min(departure_airport, leg_id) AS first_airport, string_agg(DISTINCT source_kinds, ',') AS source
          FROM flight_legs WHERE mission_id IS NOT NULL GROUP BY mission_id) x USING (mission_id)`);
}
