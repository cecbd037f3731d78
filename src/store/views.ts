/**
 * Views that reports read: each base table joined with the reference tables and with the derived
 * columns every report needs (fiscal year, pathway …). Derived here once so the CLI, the API and
 * the claims checks count the same way.
 */
import type { Store } from './db.ts';
import { parsedSql } from './staging.ts';
import { createRecordsViews, criminalitySql, pathwaySql, thirdCountrySql } from './records-views.ts';
import { createFlightsViews } from './flights-views.ts';
import { createAdsbViews } from './adsb-views.ts';
import { createLegalViews, dueProcessColumnsSql, rulePeriodSql } from './legal-tables.ts';

/** U.S. federal fiscal year (Oct–Sep, named for the year it ends), as SQL; mirrors domain/dates.ts. */
export function fiscalYearSql(dateColumn: string): string {
  return `('FY' || CAST(year(${dateColumn}) + CASE WHEN month(${dateColumn}) >= 10 THEN 1 ELSE 0 END AS VARCHAR))`;
}

export async function createViews(store: Store): Promise<void> {
  // Removals are stored per release layout (migrations 006 and 008); `removals` reads as the one table it
  // was. BY NAME: the ERO-LESA tables' columns are subsets of the DDP table's; the others read as NULL.
  const eroLesa = (table: string) => `SELECT *, 'ero-lesa' AS release, ${parsedSql('case_category_raw', { kind: 'after_bracket' })} AS case_category_description FROM ${table}`;
  await store.run(`CREATE OR REPLACE VIEW removals AS
    SELECT * FROM ddp_removals UNION ALL BY NAME ${eroLesa('ero_lesa_removals')} UNION ALL BY NAME ${eroLesa('ero_lesa_removals_narrow')}`);
  // DDP removals may lack a case category but carry a processing disposition (issue 3): the pathway
  // falls back on it through ref_status_codes (src/store/records-views.ts).
  const removalsPathway = pathwaySql({ alias: 'r', code: 'case_category_code', status: { column: 'processing_disposition', field: 'processing_disposition' } });
  // Rule period of the departed date and due-process note (src/store/legal-tables.ts, docs/rules.md);
  // the note needs the pathway, so the view wraps the enriched select.
  await store.run(`CREATE OR REPLACE VIEW removals_enriched AS
    SELECT e.*, ${dueProcessColumnsSql('e')} FROM (
    SELECT r.*,
      ${fiscalYearSql('r.departed_date')} AS fiscal_year,
      CAST(year(r.departed_date) AS VARCHAR) AS calendar_year,
      strftime(r.departed_date, '%Y-%m') AS month,
      coalesce(r.case_category_code, 'unknown') AS case_category,
      ${removalsPathway.columns},
      r.departed_date AS date,
      r.apprehension_state AS state,
      ${criminalitySql('r.criminality')} AS criminality_category,
      ${thirdCountrySql('r.departure_country', 'r.citizenship_country')} AS third_country,
      CASE WHEN r.release = 'ero-lesa' THEN (r.most_serious_conviction IS NOT NULL) END AS has_conviction,
      CASE WHEN r.release = 'ero-lesa' THEN coalesce(cc.conviction_category, 'none') END AS conviction_category,
      ${rulePeriodSql('r.departed_date')} AS rule_period,
      s.file_name AS source
    FROM removals r
    ${removalsPathway.joins}
    LEFT JOIN conviction_categories cc ON cc.conviction_text = r.most_serious_conviction
    JOIN sources s ON s.source_id = r.source_id) e`);
  await createRecordsViews(store);
  await createFlightsViews(store);
  await createAdsbViews(store);
  await createLegalViews(store);
}
