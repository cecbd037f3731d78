/** The view of UWCHR's ARTS per-leg passenger counts for reports: date dimensions and R-T as published. */
import type { Store } from '../engine/db.ts';

export async function createArtsLegViews(store: Store): Promise<void> {
  await store.run(`CREATE OR REPLACE VIEW arts_leg_counts_enriched AS
    SELECT t.*, strftime(t.mission_date, '%Y-%m-%d') AS date, strftime(t.mission_date, '%Y-%m') AS month,
      'FY' || (year(t.mission_date) + CASE WHEN month(t.mission_date) >= 10 THEN 1 ELSE 0 END) AS fiscal_year,
      CAST(year(t.mission_date) AS VARCHAR) AS calendar_year,
      coalesce(t.removal_or_transfer, '(not in this table)') AS r_t,
      s.file_name AS source, s.kind AS kind
    FROM arts_leg_counts t JOIN sources s ON s.source_id = t.source_id`);
}
