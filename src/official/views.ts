/**
 * Views of the official statistics for the reports (src/reports/tables/official.ts).
 *
 * `official_release_rank`: each workbook ingested, ranked within its publisher and fiscal year by
 * release date (a release with no date ranks below dated ones; ties by the later ingest). Rank 1 is
 * the latest release of that fiscal year.
 *
 * `official_figures_enriched`: every figure of every release, the row and column labels it has taken
 * out of `dimensions_json` into columns (NULL where the figure's table has no such dimension), with
 * `workbook_fiscal_year`, `release` (the workbook and its release date, which the reports cite) and
 * `latest` ('yes' for the latest release of its fiscal year). `official_latest_figures`: the latest only.
 * The views named by measure take one measure of the latest releases.
 */
import type { Store } from '../engine/db.ts';

/** Dimension names of src/official/dimensions.ts → the view's column. */
export const FIGURE_DIMENSION_COLUMNS: Record<string, string> = {
  processingDisposition: 'processing_disposition', facilityType: 'facility_type', criminality: 'criminality', arrestingAgency: 'arresting_agency',
  month: 'month', releaseReason: 'release_reason', facility: 'facility', facilityCode: 'facility_code', citizenshipCountry: 'citizenship_country',
  population: 'population', category: 'category', aor: 'aor', technology: 'technology', famuStatus: 'famu_status', metric: 'metric',
  releaseFiscalYear: 'release_fiscal_year', fiscalYear: 'labelled_fiscal_year', paroleStatus: 'parole_status', calendarYear: 'calendar_year',
  pointInMonth: 'point_in_month', lengthOfStay: 'length_of_stay', placementReason: 'placement_reason',
};

export async function createOfficialViews(store: Store): Promise<void> {
  await store.run(`CREATE OR REPLACE VIEW official_release_rank AS
    SELECT r.*, row_number() OVER (PARTITION BY r.publisher, r.fiscal_year ORDER BY r.release_date DESC NULLS LAST, r.source_id DESC) AS release_rank
    FROM official_releases r`);
  const dims = Object.entries(FIGURE_DIMENSION_COLUMNS).map(([key, column]) => `json_extract_string(f.dimensions_json, '$.${key}') AS ${column}`).join(',\n      ');
  await store.run(`CREATE OR REPLACE VIEW official_figures_enriched AS
    SELECT f.source_id, f.publisher, f.workbook, f.release_date, f.release_date_source, f.fiscal_year, f.table_title, f.table_range, f.measure,
      f.dimensions_json, f.value, f.unit, f.caveat, f.source_file, f.source_sheet, f.source_range,
      r.fiscal_year AS workbook_fiscal_year,
      f.workbook || ' (' || coalesce(strftime(f.release_date, '%Y-%m-%d'), 'no release date') || ')' AS release,
      coalesce(strftime(f.release_date, '%Y-%m-%d'), 'none') AS release_date_text,
      CASE WHEN r.release_rank = 1 THEN 'yes' ELSE 'no' END AS latest,
      CASE WHEN f.caveat IS NULL THEN 'no' ELSE 'yes' END AS not_yet_reported,
      ${dims},
      s.file_name AS source, s.kind AS kind
    FROM official_figures f JOIN official_release_rank r ON r.source_id = f.source_id JOIN sources s ON s.source_id = f.source_id`);
  await store.run(`CREATE OR REPLACE VIEW official_latest_figures AS SELECT * FROM official_figures_enriched WHERE latest = 'yes'`);
  await store.run(`CREATE OR REPLACE VIEW official_detained_now AS SELECT * FROM official_latest_figures WHERE measure = 'currently_detained'`);
  await store.run(`CREATE OR REPLACE VIEW official_book_ins AS SELECT * FROM official_latest_figures WHERE measure = 'initial_book_ins'`);
  await store.run(`CREATE OR REPLACE VIEW official_book_outs AS SELECT * FROM official_latest_figures WHERE measure IN ('final_book_outs', 'final_releases')`);
  await store.run(`CREATE OR REPLACE VIEW detention_facilities_enriched AS
    SELECT d.*, r.fiscal_year AS workbook_fiscal_year,
      d.workbook || ' (' || coalesce(strftime(d.release_date, '%Y-%m-%d'), 'no release date') || ')' AS release,
      CASE WHEN r.release_rank = 1 THEN 'yes' ELSE 'no' END AS latest,
      coalesce(d.adp_level_a, 0) + coalesce(d.adp_level_b, 0) + coalesce(d.adp_level_c, 0) + coalesce(d.adp_level_d, 0) AS adp_by_level,
      r.data_pull_date, s.file_name AS source, s.kind AS kind
    FROM detention_facilities d JOIN official_release_rank r ON r.source_id = d.source_id JOIN sources s ON s.source_id = d.source_id`);
  await store.run(`CREATE OR REPLACE VIEW cbp_encounters_enriched AS
    SELECT c.*, 'FY' || c.fiscal_year AS fiscal_year_label, CASE WHEN c.fytd THEN 'yes' ELSE 'no' END AS fiscal_year_to_date,
      s.file_name AS source, s.kind AS kind
    FROM cbp_encounters c JOIN sources s ON s.source_id = c.source_id`);

  // Facility code → state and AOR, where a stored source says so: the workbooks' facility list (the
  // codes ICE prints beside names in the stateless-detainees table; the latest release wins), then the
  // Deportation Data Project's detainer records (facility_state, facility_aor; the most frequent value).
  await store.run(`CREATE OR REPLACE VIEW facility_code_attributes AS
    WITH workbook AS (
      SELECT facility_code, arg_max(state, coalesce(release_date, DATE '1900-01-01')) AS state, arg_max(aor, coalesce(release_date, DATE '1900-01-01')) AS aor
      FROM detention_facilities WHERE facility_code IS NOT NULL GROUP BY facility_code),
    detainer AS (
      SELECT facility_code, mode(facility_state) AS state, mode(facility_aor) AS aor FROM detainers
      WHERE facility_code IS NOT NULL AND (facility_state IS NOT NULL OR facility_aor IS NOT NULL) GROUP BY facility_code)
    SELECT facility_code, state, aor, 'ice-detention-stats facility list' AS attribute_source FROM workbook
    UNION ALL
    SELECT facility_code, state, aor, 'ddp detainers' FROM detainer WHERE facility_code NOT IN (SELECT facility_code FROM workbook)`);
  await store.run(`CREATE OR REPLACE VIEW facility_population_enriched AS
    SELECT p.*, p.release AS dataset, strftime(p.date, '%Y-%m-%d') AS day, strftime(p.date, '%Y-%m') AS month,
      'FY' || (year(p.date) + CASE WHEN month(p.date) >= 10 THEN 1 ELSE 0 END) AS fiscal_year,
      a.state, a.aor, coalesce(a.attribute_source, 'none') AS attribute_source, s.file_name AS source, s.kind AS kind
    FROM facility_population_daily p LEFT JOIN facility_code_attributes a ON a.facility_code = p.facility_code JOIN sources s ON s.source_id = p.source_id`);
}
