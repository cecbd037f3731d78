/**
 * Views that reports read: each base table joined with the reference tables and with the derived
 * columns every report needs (fiscal year, pathway …). Derived here once so the CLI, the API and
 * the claims checks count the same way.
 */
import type { Store } from './db.ts';

/** U.S. federal fiscal year (Oct–Sep, named for the year it ends), as SQL; mirrors domain/dates.ts. */
export function fiscalYearSql(dateColumn: string): string {
  return `('FY' || CAST(year(${dateColumn}) + CASE WHEN month(${dateColumn}) >= 10 THEN 1 ELSE 0 END AS VARCHAR))`;
}

export async function createViews(store: Store): Promise<void> {
  await store.run(`CREATE OR REPLACE VIEW removals_enriched AS
    SELECT r.*,
      ${fiscalYearSql('r.departed_date')} AS fiscal_year,
      CAST(year(r.departed_date) AS VARCHAR) AS calendar_year,
      strftime(r.departed_date, '%Y-%m') AS month,
      coalesce(r.case_category_code, 'unknown') AS case_category,
      CASE WHEN r.case_category_code IS NULL THEN 'unknown' ELSE coalesce(c.pathway, 'unclassified') END AS pathway,
      CASE WHEN r.case_category_code IS NULL THEN 'unknown' ELSE coalesce(c.judge_decided, 'unknown') END AS judge_decided,
      CASE WHEN r.release = 'ero-lesa' THEN (r.most_serious_conviction IS NOT NULL) END AS has_conviction,
      CASE WHEN r.release = 'ero-lesa' THEN coalesce(cc.conviction_category, 'none') END AS conviction_category,
      s.file_name AS source
    FROM removals r
    LEFT JOIN ref_case_categories c ON c.code = r.case_category_code
    LEFT JOIN conviction_categories cc ON cc.conviction_text = r.most_serious_conviction
    JOIN sources s ON s.source_id = r.source_id`);
}
