/**
 * Views over the record tables (DDP arrests, encounters, detainers, detention stays; ARTS;
 * official aggregates) and the journeys view that links a person's arrest, detention and removal
 * within one release. Each view adds the columns the reports name as dimensions (date, month,
 * fiscal_year, criminality, pathway, judge_decided, third_country …), derived once here so the CLI,
 * the API and the claims checks count the same way. Called from views.ts.
 */
import type { Store } from '../engine/db.ts';
import { artsCriminalitySql, criminalitySql, fiscalYearSql, statusKeySql, thirdCountrySql } from './rules-sql.ts';
import { parsedSql } from '../engine/staging.ts';
import { dueProcessColumnsSql, rulePeriodSql } from '../legal/tables.ts';

export interface PathwayInput {
  /** Table alias in the FROM clause. */
  alias: string;
  /** Column with the published case category code, or null when the table has none. */
  code: string | null;
  /** A status/disposition column to fall back on, normalised through ref_status_codes. */
  status?: { column: string; field: 'arts_status' | 'processing_disposition' };
  /** Prefix for the joined reference aliases, unique within one query. */
  prefix?: string;
}

/**
 * Legal pathway of a row: from its published case category; else from its processing disposition
 * or ARTS status, through the project's status table (src/reference/status-codes.csv) and then the
 * case category table. `unclassified` = a value neither table has; `unknown` = nothing published
 * (or a value, like ARTS `REMOVAL`, that names no order type).
 */
export function pathwaySql(input: PathwayInput): { joins: string; columns: string } {
  const p = input.prefix ?? 'pw';
  const pub = input.code ? `${input.alias}.${input.code}` : 'NULL::VARCHAR';
  const status = input.status ? `${input.alias}.${input.status.column}` : 'NULL::VARCHAR';
  const joins: string[] = [];
  let derived = 'NULL::VARCHAR';
  let matched = 'false';
  let statusPathway = 'NULL::VARCHAR';
  let statusJudge = 'NULL::VARCHAR';
  if (input.status) {
    joins.push(`LEFT JOIN ref_status_codes ${p}_s ON ${p}_s.field = '${input.status.field}' AND ${p}_s.raw = ${statusKeySql(status)}`);
    if (input.status.field === 'arts_status') {
      // An ARTS status that is itself a case code ("16", "8F", "[16] …") needs no table row.
      const key = statusKeySql(status);
      joins.push(`LEFT JOIN ref_case_categories ${p}_d ON ${p}_d.code = CASE WHEN starts_with(${key}, '[') THEN nullif(regexp_extract(${key}, '^\\[\\s*([0-9A-Z]+)\\s*\\]', 1), '') ELSE ${key} END`);
      derived = `coalesce(${p}_d.code, ${p}_s.case_category)`;
      matched = `(${p}_d.code IS NOT NULL OR ${p}_s.raw IS NOT NULL)`;
    } else {
      derived = `${p}_s.case_category`;
      matched = `(${p}_s.raw IS NOT NULL)`;
    }
    statusPathway = `${p}_s.pathway`;
    statusJudge = `${p}_s.judge_decided`;
  }
  const code = `coalesce(${pub}, ${derived})`;
  joins.push(`LEFT JOIN ref_case_categories ${p}_c ON ${p}_c.code = ${code}`);
  const field = input.status?.field ?? 'none';
  return {
    joins: joins.join('\n    '),
    columns: `${code} AS pathway_case_category,
      CASE WHEN ${code} IS NOT NULL THEN coalesce(${p}_c.pathway, 'unclassified')
        WHEN ${statusPathway} IS NOT NULL THEN ${statusPathway}
        WHEN ${matched} OR ${status} IS NULL THEN 'unknown' ELSE 'unclassified' END AS pathway,
      CASE WHEN ${code} IS NOT NULL THEN coalesce(${p}_c.judge_decided, 'unknown')
        ELSE coalesce(${statusJudge}, 'unknown') END AS judge_decided,
      CASE WHEN ${pub} IS NOT NULL THEN 'case_category'
        WHEN ${matched} THEN '${field}'
        WHEN ${status} IS NOT NULL THEN 'unclassified_${field}' ELSE 'none' END AS pathway_basis`,
  };
}

function dateColumns(date: string): string {
  return `${date} AS date, strftime(${date}, '%Y-%m') AS month, ${fiscalYearSql(date)} AS fiscal_year,
      CAST(year(${date}) AS VARCHAR) AS calendar_year`;
}

/** A record table's enriched view: every column, the date dimensions, criminality, pathway, third country, source file. */
async function recordView(store: Store, view: string, table: string, date: string, criminality: string | null, extra: string,
  pathway: Omit<PathwayInput, 'alias'>): Promise<void> {
  const pw = pathwaySql({ alias: 't', ...pathway });
  await store.run(`CREATE OR REPLACE VIEW ${view} AS
    SELECT t.*, ${dateColumns(`t.${date}`)},
      ${criminality ? `${criminalitySql(`t.${criminality}`)} AS criminality,` : ''}
      ${pw.columns},
      ${extra}
      s.file_name AS source
    FROM ${table} t
    ${pw.joins}
    JOIN sources s ON s.source_id = t.source_id`);
}

const THIRD_COUNTRY = `${thirdCountrySql('t.departure_country', 't.citizenship_country')} AS third_country,
      CASE WHEN t.departed_date IS NULL THEN 'no' ELSE 'yes' END AS departed,`;

export async function createRecordsViews(store: Store): Promise<void> {
  await recordView(store, 'arrests_enriched', 'arrests', 'apprehension_date', 'apprehension_criminality',
    `t.apprehension_state AS state, ${rulePeriodSql('t.apprehension_date')} AS rule_period, ${THIRD_COUNTRY}`, { code: 'case_category_code' });
  await recordView(store, 'encounters_enriched', 'encounters', 'event_date', 'encounter_criminality', THIRD_COUNTRY,
    { code: 'case_category_code', status: { column: 'processing_disposition', field: 'processing_disposition' } });
  await recordView(store, 'detainers_enriched', 'detainers', 'detainer_prepare_date', 'detainer_criminality',
    `t.facility_state AS state, t.facility_aor AS aor, ${THIRD_COUNTRY}`,
    { code: 'case_category_code', status: { column: 'processing_disposition', field: 'processing_disposition' } });
  await recordView(store, 'detention_stays_enriched', 'detention_stays', 'book_in_date', 'book_in_criminality',
    `CASE WHEN t.book_out_date IS NULL THEN NULL ELSE date_diff('day', t.book_in_date, t.book_out_date) END AS days_detained,
      ${THIRD_COUNTRY}`, { code: 'case_category_code' });

  await recordView(store, 'arts_passengers_enriched', 'arts_passengers', 'mission_date', null,
    `${artsCriminalitySql('t.criminality_raw')} AS criminality,
      CASE WHEN t.removal_or_transfer IS NULL THEN 'unknown' WHEN upper(trim(t.removal_or_transfer)) = 'R' THEN 'removal'
        WHEN upper(trim(t.removal_or_transfer)) = 'T' THEN 'transfer' ELSE 'unclassified' END AS removal_or_transfer_kind,
      CASE WHEN upper(trim(t.juvenile)) IN ('Y', 'YES', 'TRUE', '1') THEN 'yes' WHEN upper(trim(t.juvenile)) IN ('N', 'NO', 'FALSE', '0') THEN 'no' ELSE 'unknown' END AS is_juvenile,
      CASE WHEN t.dropoff_country IS NULL OR t.citizenship_country IS NULL THEN 'unknown'
        WHEN upper(trim(t.dropoff_country)) = upper(trim(t.citizenship_country)) THEN 'no' ELSE 'yes' END AS third_country,`,
    { code: null, status: { column: 'status_raw', field: 'arts_status' } });
  await store.run(`CREATE OR REPLACE VIEW arts_missions_enriched AS
    SELECT t.*, ${dateColumns('t.mission_date')},
      (CASE WHEN t.start_airport IS NULL THEN 0 ELSE 1 END + CASE WHEN t.stop_1 IS NULL THEN 0 ELSE 1 END + CASE WHEN t.stop_2 IS NULL THEN 0 ELSE 1 END
       + CASE WHEN t.stop_3 IS NULL THEN 0 ELSE 1 END + CASE WHEN t.stop_4 IS NULL THEN 0 ELSE 1 END + CASE WHEN t.stop_5 IS NULL THEN 0 ELSE 1 END
       + CASE WHEN t.stop_6 IS NULL THEN 0 ELSE 1 END + CASE WHEN t.stop_7 IS NULL THEN 0 ELSE 1 END + CASE WHEN t.stop_8 IS NULL THEN 0 ELSE 1 END
       + CASE WHEN t.end_airport IS NULL THEN 0 ELSE 1 END) AS airports,
      s.file_name AS source
    FROM arts_missions t JOIN sources s ON s.source_id = t.source_id`);

  await store.run(`CREATE OR REPLACE VIEW aggregates_enriched AS
    SELECT t.*, ${criminalitySql('t.criminality_raw')} AS criminality, s.file_name AS source, s.kind AS kind
    FROM aggregates t JOIN sources s ON s.source_id = t.source_id`);

  await createJourneysView(store);
}

/**
 * One journey per person and arrest date within a release: the arrest, the first detention book-in
 * on or after it, and the first removal on or after it — each only if it comes before the person's
 * next arrest (a later arrest starts a new journey). The final order date is the removal's, else the
 * arrest row's. Persons link only within one release (the anonymized identifier is per release).
 *
 * The links behind the journeys view are a table: rebuilt after each DDP arrests, detention-stays or
 * removals file (refreshJourneyLinks, called by that source) and on open when missing. A view that
 * joined millions of rows at every report would take seconds; the table keeps a journeys report
 * to a scan. Pathways and durations stay in the view, so a corrected code table applies at once.
 */
const JOURNEY_LINKS_SQL = `
    WITH arrests_by_day AS (
      SELECT release, person_id, apprehension_date AS arrest_date,
        min(source_id) AS source_id, min(source_row) AS arrest_source_row,
        any_value(apprehension_criminality) AS apprehension_criminality,
        any_value(case_category_code) AS arrest_case_category,
        max(final_order_date) AS arrest_final_order_date,
        any_value(citizenship_country) AS citizenship_country
      FROM arrests WHERE person_id IS NOT NULL GROUP BY ALL
    ), arrests_next AS (
      SELECT *, lead(arrest_date) OVER (PARTITION BY release, person_id ORDER BY arrest_date) AS next_arrest_date FROM arrests_by_day
    ), stay_links AS (
      -- The first book-in on or after the arrest and before the next arrest. Hash joins on
      -- (release, person_id) then a group: linear, and faster here than an ASOF join (measured).
      SELECT a.release, a.person_id, a.arrest_date, min(st.book_in_date) AS book_in_date, arg_min(st.source_id, st.book_in_date) AS stay_source_id
      FROM arrests_next a JOIN detention_stays st ON st.release = a.release AND st.person_id = a.person_id
        AND st.book_in_date >= a.arrest_date AND (a.next_arrest_date IS NULL OR st.book_in_date < a.next_arrest_date)
      GROUP BY ALL
    ), removal_links AS (
      SELECT a.release, a.person_id, a.arrest_date, arg_min({
          departed_date: rm.departed_date, final_order_date: rm.final_order_date, case_category_code: rm.case_category_code,
          processing_disposition: rm.processing_disposition, departure_country: rm.departure_country, source_id: rm.source_id}, rm.departed_date) AS r
      FROM arrests_next a JOIN ddp_removals rm ON rm.release = a.release AND rm.person_id = a.person_id
        AND rm.departed_date >= a.arrest_date AND (a.next_arrest_date IS NULL OR rm.departed_date < a.next_arrest_date)
      GROUP BY ALL
    ), bounded AS (
      SELECT a.release, a.person_id, a.source_id, a.arrest_source_row, a.arrest_date, a.next_arrest_date, a.apprehension_criminality, a.citizenship_country,
        sl.book_in_date, sl.stay_source_id, rl.r.source_id AS removal_source_id,
        rl.r.departed_date AS departed_date, rl.r.final_order_date AS removal_final_order_date, rl.r.case_category_code AS removal_case_category,
        rl.r.processing_disposition AS removal_disposition, rl.r.departure_country AS departure_country,
        a.arrest_case_category, a.arrest_final_order_date
      FROM arrests_next a
      LEFT JOIN stay_links sl ON sl.release = a.release AND sl.person_id = a.person_id AND sl.arrest_date = a.arrest_date
      LEFT JOIN removal_links rl ON rl.release = a.release AND rl.person_id = a.person_id AND rl.arrest_date = a.arrest_date
    )
    SELECT * FROM bounded`;

export async function refreshJourneyLinks(store: Store, changed?: { table: string; release: string }): Promise<void> {
  // A journey starts at an arrest: stays or removals of a release without arrests change no link (the
  // rebuild after 3,000,000 stays with no arrests still took 0.46 s).
  if (changed && changed.table !== 'arrests'
    && !(await store.scalar<boolean>(`SELECT EXISTS (SELECT 1 FROM arrests WHERE release = $1)`, [changed.release]))) return;
  // At DuckDB's default memory limit: under 256 MB the rebuild for 1,000,000 people ran out of memory
  // (its window and arg_min aggregates do not all spill).
  await store.run(`CREATE OR REPLACE TABLE journey_links AS ${JOURNEY_LINKS_SQL}`);
}

async function createJourneysView(store: Store): Promise<void> {
  const exists = await store.scalar<number>(`SELECT count(*) FROM duckdb_tables() WHERE table_name = 'journey_links' AND NOT temporary`);
  if (!exists) await refreshJourneyLinks(store);
  const removalPathway = pathwaySql({ alias: 'j', code: 'journey_case_category', status: { column: 'removal_disposition', field: 'processing_disposition' }, prefix: 'jr' });
  await store.run(`CREATE OR REPLACE VIEW journeys AS
    WITH coded AS (
      -- The removal's case category when removed; otherwise the case category on the arrest row.
      SELECT *, coalesce(removal_case_category, arrest_case_category) AS journey_case_category FROM journey_links
    )
    SELECT j.release, j.person_id, j.source_id, j.stay_source_id, j.removal_source_id, j.arrest_source_row, j.arrest_date, j.book_in_date,
      coalesce(j.removal_final_order_date, j.arrest_final_order_date) AS final_order_date, j.departed_date,
      date_diff('day', j.arrest_date, j.book_in_date) AS days_arrest_to_book_in,
      date_diff('day', j.arrest_date, coalesce(j.removal_final_order_date, j.arrest_final_order_date)) AS days_arrest_to_final_order,
      date_diff('day', j.arrest_date, j.departed_date) AS days_arrest_to_removal,
      date_diff('day', j.book_in_date, j.departed_date) AS days_book_in_to_removal,
      CASE WHEN j.departed_date IS NULL THEN 'no' ELSE 'yes' END AS removed,
      CASE WHEN j.book_in_date IS NULL THEN 'no' ELSE 'yes' END AS detained,
      strftime(j.departed_date, '%Y-%m') AS month,
      strftime(j.arrest_date, '%Y-%m') AS arrest_month,
      ${fiscalYearSql('j.departed_date')} AS fiscal_year,
      ${criminalitySql('j.apprehension_criminality')} AS criminality,
      ${removalPathway.columns},
      j.citizenship_country, j.departure_country,
      ${thirdCountrySql('j.departure_country', 'j.citizenship_country')} AS third_country
    FROM coded j
    ${removalPathway.joins}`);
}

/** `removals` (one view over the per-release tables) and `removals_enriched`, the view removal reports read. */
export async function createRemovalsViews(store: Store): Promise<void> {
  // Removals are stored per release layout (migrations 006 and 008); `removals` reads as the one table it
  // was. BY NAME: the ERO-LESA tables' columns are subsets of the DDP table's; the others read as NULL.
  const eroLesa = (table: string) => `SELECT *, 'ero-lesa' AS release, ${parsedSql('case_category_raw', { kind: 'after_bracket' })} AS case_category_description FROM ${table}`;
  await store.run(`CREATE OR REPLACE VIEW removals AS
    SELECT * FROM ddp_removals UNION ALL BY NAME ${eroLesa('ero_lesa_removals')} UNION ALL BY NAME ${eroLesa('ero_lesa_removals_narrow')}`);
  // DDP removals may lack a case category but carry a processing disposition: the pathway
  // falls back on it through ref_status_codes (src/records/views.ts).
  const removalsPathway = pathwaySql({ alias: 'r', code: 'case_category_code', status: { column: 'processing_disposition', field: 'processing_disposition' } });
  // Rule period of the departed date and due-process note (src/legal/tables.ts, docs/rules.md);
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
      date_sub('year', r.birth_date, r.departed_date) AS age_at_removal,
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
}
