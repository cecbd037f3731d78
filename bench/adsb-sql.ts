/**
 * The segmentation rules of src/trajectory/segment.ts written as DuckDB SQL with window functions, for
 * the benchmark that compares the two on the same positions (bench/adsb.bench.ts) and as a
 * cross-check of the kernel. Same thresholds (src/trajectory/rules.ts); the differences are those of
 * the medium: the plausibility checks compare each point with the previous one (`lag`), not with the
 * last accepted one, and the phase debounce keeps runs of at least `confirmPoints` points of one
 * phase (gaps-and-islands) instead of a running state machine.
 */
import { DEFAULT_RULES, type SegmentRules } from '../src/trajectory/rules.ts';
import type { Store } from '../src/engine/db.ts';
import { sqlIdent } from '../src/engine/sql.ts';

/**
 * Legs of the positions in `table` (columns aircraft, time_s, lat_deg, lon_deg, alt_ft, gs_kt, flags),
 * as `(aircraft, first_s, last_s, points, max_alt_ft)` rows. Returns the number of legs.
 */
export function segmentationSql(table: string, rules: SegmentRules = DEFAULT_RULES): string {
  const r = rules;
  const kmPerDeg = 111.195;
  const speedKmPerS = (r.maxSpeedKt * 1.852) / 3600;
  return `
WITH ordered AS (
  SELECT aircraft, time_s, lat_deg, lon_deg, alt_ft, gs_kt, flags,
    lag(time_s) OVER w AS p_t, lag(lat_deg) OVER w AS p_lat, lag(lon_deg) OVER w AS p_lon, lag(alt_ft) OVER w AS p_alt
  FROM ${sqlIdent(table)}
  WINDOW w AS (PARTITION BY aircraft ORDER BY time_s)
), checked AS (
  SELECT *, time_s - p_t AS dt,
    ${kmPerDeg} * sqrt(power(lat_deg - p_lat, 2) + power((lon_deg - p_lon) * cos(radians(lat_deg)), 2)) AS step_km
  FROM ordered
  -- duplicates: same time, same position
  WHERE p_t IS NULL OR NOT (time_s = p_t AND lat_deg = p_lat AND lon_deg = p_lon)
), plausible AS (
  SELECT *,
    CASE WHEN alt_ft IS NOT NULL AND (p_alt IS NULL OR abs(alt_ft - p_alt) <= ${r.altitudeToleranceFt} + ${r.maxClimbFtPerS} * coalesce(dt, 0)) THEN alt_ft END AS alt_ok
  FROM checked
  -- position jumps: further than maxSpeedKt allows since the previous point
  WHERE dt IS NULL OR step_km <= ${r.positionToleranceKm} + ${speedKmPerS} * dt
), evidence AS (
  SELECT *,
    CASE WHEN flags & 1 = 1 THEN (CASE WHEN gs_kt > ${r.groundClaimMaxKt} THEN 0 ELSE 1 END)
         WHEN gs_kt < ${r.slowKt} THEN 1
         WHEN alt_ok IS NOT NULL OR (alt_ft IS NULL AND gs_kt >= ${r.slowKt}) THEN 2
         ELSE 0 END AS ev,
    -- a new segment after a gap (private-jets thresholds, traffic's default), or at readsb's new-leg flag
    CASE WHEN p_t IS NULL THEN 1
         WHEN flags & 4 = 4 THEN 1
         WHEN dt > CASE WHEN coalesce(p_alt, alt_ft) IS NULL THEN ${r.defaultGapS}
                        WHEN least(coalesce(p_alt, 1e9), coalesce(alt_ft, 1e9)) < ${r.lowAltitudeFt} THEN ${r.lowGapS}
                        ELSE ${r.highGapS} END THEN 1
         WHEN dt >= ${r.stopGapS} AND step_km < ${(r.stopSpeedKt * 1.852) / 3600} * dt THEN 1
         ELSE 0 END AS brk
  FROM plausible
), segments AS (
  SELECT *, sum(brk) OVER (PARTITION BY aircraft ORDER BY time_s ROWS UNBOUNDED PRECEDING) AS seg
  FROM evidence
), evidence_points AS (
  SELECT * FROM segments WHERE ev <> 0
), runs AS (
  -- islands of equal phase evidence (points without evidence neither start nor break a run)
  SELECT *, sum(CASE WHEN ev <> prev_ev THEN 1 ELSE 0 END) OVER (PARTITION BY aircraft, seg ORDER BY time_s ROWS UNBOUNDED PRECEDING) AS run
  FROM (SELECT *, coalesce(lag(ev) OVER (PARTITION BY aircraft, seg ORDER BY time_s), -1) AS prev_ev FROM evidence_points)
), confirmed AS (
  -- a run confirms its phase when it has at least confirmPoints points (the debounce)
  SELECT aircraft, seg, run, min(ev) AS ev, min(time_s) AS first_s, max(time_s) AS last_s, count(*) AS n, max(alt_ok) AS max_alt
  FROM runs GROUP BY aircraft, seg, run HAVING count(*) >= ${r.confirmPoints}
), phases AS (
  -- consecutive confirmed runs of the same phase merge (a short opposite run between them was noise)
  SELECT *, sum(CASE WHEN ev <> prev THEN 1 ELSE 0 END) OVER (PARTITION BY aircraft, seg ORDER BY first_s ROWS UNBOUNDED PRECEDING) AS phase_no
  FROM (SELECT *, coalesce(lag(ev) OVER (PARTITION BY aircraft, seg ORDER BY first_s), -1) AS prev FROM confirmed)
), legs AS (
  SELECT aircraft, seg, phase_no, min(first_s) AS first_s, max(last_s) AS last_s, sum(n) AS points, max(max_alt) AS max_alt_ft
  FROM phases WHERE ev = 2 GROUP BY aircraft, seg, phase_no
)
SELECT aircraft, first_s, last_s, points, max_alt_ft FROM legs
WHERE points >= ${r.minLegPoints} AND last_s - first_s >= ${r.minLegSeconds}
ORDER BY aircraft, first_s`;
}

/** Runs the SQL segmentation and returns the number of legs it finds. */
export async function countLegsSql(store: Store, table: string, rules: SegmentRules = DEFAULT_RULES): Promise<number> {
  return Number(await store.scalar(`SELECT count(*) FROM (${segmentationSql(table, rules)})`));
}

/** A table shaped for the SQL segmentation. */
export async function createSegmentationTable(store: Store, table: string): Promise<void> {
  await store.run(`CREATE OR REPLACE TABLE ${sqlIdent(table)} (aircraft INTEGER, time_s DOUBLE, lat_deg DOUBLE, lon_deg DOUBLE, alt_ft FLOAT, gs_kt FLOAT, flags UTINYINT)`);
}
