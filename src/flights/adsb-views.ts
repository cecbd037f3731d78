/**
 * Views over the ADS-B tables (migration 4): positions in degrees, knots and hex with the callsign
 * filled forward, and sightings with their day and hour for the `sightings` report.
 */
import type { Store } from '../engine/db.ts';

export async function createAdsbViews(store: Store): Promise<void> {
  await store.run(`CREATE OR REPLACE VIEW positions_enriched AS
    SELECT p.source_id, s.file_name AS source, p.source_row, p.time,
      CASE WHEN p.icao24 & 16777216 <> 0 THEN '~' ELSE '' END || lower(printf('%06x', p.icao24 & 16777215)) AS icao24,
      p.lat_e6 / 1e6 AS lat_deg, p.lon_e6 / 1e6 AS lon_deg, p.alt_ft, p.gs_dkt / 10.0 AS gs_kt, p.track_ddeg / 10.0 AS track_deg, p.vrate_fpm,
      (p.flags & 1) <> 0 AS on_ground, (p.flags & 4) <> 0 AS new_leg_flag, p.flags, p.quality,
      (p.quality & 7) <> 0 AS rejected, p.leg_id, c.callsign
    FROM positions p
    JOIN sources s ON s.source_id = p.source_id
    ASOF LEFT JOIN position_callsigns c ON c.source_id = p.source_id AND c.icao24 = p.icao24 AND p.time >= c.time`);
  await store.run(`CREATE OR REPLACE VIEW sightings_enriched AS
    SELECT g.*, CAST(g.time AS DATE) AS date, strftime(g.time, '%Y-%m') AS month, coalesce(g.airport, 'none') AS airport_or_none,
      g.ice_link_confidence IN ('high', 'medium') AS ice_aircraft, s.file_name AS source
    FROM sightings g JOIN sources s ON s.source_id = g.source_id`);
}
