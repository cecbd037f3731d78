/**
 * DDL of the official-statistics tables, as SQL text for the engine to run (DuckDB; standard types only,
 * maps and lists as JSON text so the same statements suit another engine). Every row keeps its source:
 * `source_file` with `source_sheet` + `source_range` (workbooks) or `source_row` (CSV lines, sheet rows).
 * The `…Row` functions give a reader's records as rows keyed by these columns, in this order.
 */
import type { CbpEncounterRow } from './cbp-encounters.ts';
import type { DetentionFacility } from './facilities.ts';
import type { FacilityMatch } from './facility-match.ts';
import type { OfficialFigure, OfficialTable } from './types.ts';

export type SqlRow = Record<string, string | number | boolean | null>;

/** One published figure per row: the long table of detention-workbook.ts. */
export const OFFICIAL_FIGURES_DDL = `CREATE TABLE IF NOT EXISTS official_figures (
  publisher VARCHAR NOT NULL,            -- 'ICE'
  workbook VARCHAR NOT NULL,             -- file name as published
  release_date DATE,                     -- vintage: from the file name (MMDDYYYY) or the Header sheet; NULL when neither gives one
  release_date_source VARCHAR,           -- 'file-name' | 'header-sheet' | NULL
  fiscal_year INTEGER,
  table_title VARCHAR NOT NULL,
  table_range VARCHAR NOT NULL,          -- A1 range of the whole table
  measure VARCHAR NOT NULL,              -- e.g. currently_detained, initial_book_ins, final_book_outs
  dimensions_json VARCHAR NOT NULL,      -- JSON object: dimension name -> label as published
  value DOUBLE NOT NULL,
  unit VARCHAR NOT NULL,                 -- people | people_adp | days | fraction | usd | count
  caveat VARCHAR,                        -- set on a 0 that stands for a month not yet reported
  source_file VARCHAR NOT NULL,
  source_sheet VARCHAR NOT NULL,
  source_range VARCHAR NOT NULL          -- the figure's own cell, e.g. D10
)`;

/** One row per table found, recognised or not: nothing found is left unlisted. */
export const OFFICIAL_TABLES_DDL = `CREATE TABLE IF NOT EXISTS official_tables (
  publisher VARCHAR NOT NULL,
  workbook VARCHAR NOT NULL,
  release_date DATE,
  source_file VARCHAR NOT NULL,
  source_sheet VARCHAR NOT NULL,
  source_range VARCHAR NOT NULL,         -- A1 range from the title row to the last data or note row
  title VARCHAR NOT NULL,
  recognised BOOLEAN NOT NULL,
  reason VARCHAR,                        -- why not recognised; NULL when recognised
  measure VARCHAR,
  figures INTEGER NOT NULL,
  caveats_json VARCHAR NOT NULL,         -- JSON array of {source, label, text}: notes under the table and Footnotes entries
  definitions_json VARCHAR NOT NULL      -- JSON array of {source, label, text}: Footnotes terms used in the table
)`;

export const DETENTION_FACILITIES_DDL = `CREATE TABLE IF NOT EXISTS detention_facilities (
  workbook VARCHAR NOT NULL,
  release_date DATE,
  fiscal_year INTEGER,
  name VARCHAR NOT NULL,
  address VARCHAR,
  city VARCHAR,
  state VARCHAR,
  zip VARCHAR,                           -- as published (leading zeros lost where ICE stored a number)
  aor VARCHAR,
  type_detailed VARCHAR,
  gender VARCHAR,                        -- the "Male/Female" column
  alos_days DOUBLE,
  adp_level_a DOUBLE, adp_level_b DOUBLE, adp_level_c DOUBLE, adp_level_d DOUBLE,
  adp_male_crim DOUBLE, adp_male_non_crim DOUBLE, adp_female_crim DOUBLE, adp_female_non_crim DOUBLE,
  adp_threat_level_1 DOUBLE, adp_threat_level_2 DOUBLE, adp_threat_level_3 DOUBLE, adp_no_threat_level DOUBLE,
  adp_mandatory DOUBLE,
  guaranteed_minimum DOUBLE,
  inspections_json VARCHAR NOT NULL,     -- JSON object: inspection column as published -> value
  published_json VARCHAR NOT NULL,       -- JSON object: every column as published -> value
  facility_code VARCHAR,                 -- from the facility locations file, when the match rule finds one
  latitude DOUBLE,
  longitude DOUBLE,
  match_rule VARCHAR NOT NULL,           -- 'name+city+state' | 'name' | 'ambiguous' | 'none'
  source_file VARCHAR NOT NULL,
  source_sheet VARCHAR NOT NULL,
  source_row INTEGER NOT NULL
)`;

export const CBP_ENCOUNTERS_DDL = `CREATE TABLE IF NOT EXISTS cbp_encounters (
  fiscal_year INTEGER NOT NULL,
  fytd BOOLEAN NOT NULL,                 -- the year is marked "(FYTD)": still open, months incomplete
  month_grouping VARCHAR NOT NULL,       -- 'FYTD' | 'Remaining' as published
  month VARCHAR NOT NULL,                -- 'OCT' ... 'SEP' as published
  month_number INTEGER NOT NULL,
  component VARCHAR NOT NULL,
  demographic VARCHAR NOT NULL,
  citizenship VARCHAR NOT NULL,
  title_of_authority VARCHAR NOT NULL,
  encounter_type VARCHAR NOT NULL,
  encounter_count BIGINT NOT NULL,
  source_file VARCHAR NOT NULL,
  source_row INTEGER NOT NULL            -- physical line in the CSV (header = 1)
)`;

export const OFFICIAL_DDL = [OFFICIAL_FIGURES_DDL, OFFICIAL_TABLES_DDL, DETENTION_FACILITIES_DDL, CBP_ENCOUNTERS_DDL];

export function officialFigureRow(f: OfficialFigure): SqlRow {
  return {
    publisher: f.publisher, workbook: f.workbook, release_date: f.releaseDate, release_date_source: f.releaseDateSource, fiscal_year: f.fiscalYear,
    table_title: f.tableTitle, table_range: f.tableRange, measure: f.measure, dimensions_json: JSON.stringify(f.dimensions), value: f.value, unit: f.unit,
    caveat: f.caveat, source_file: f.workbook, source_sheet: f.sheet, source_range: f.cell,
  };
}

export function officialTableRow(t: OfficialTable, releaseDate: string | null): SqlRow {
  return {
    publisher: 'ICE', workbook: t.workbook, release_date: releaseDate, source_file: t.workbook, source_sheet: t.sheet, source_range: t.range, title: t.title,
    recognised: t.recognised, reason: t.reason, measure: t.measure, figures: t.figures, caveats_json: JSON.stringify(t.caveats), definitions_json: JSON.stringify(t.definitions),
  };
}

export function detentionFacilityRow(f: DetentionFacility, vintage: { releaseDate: string | null; fiscalYear: number | null }, match: FacilityMatch): SqlRow {
  return {
    workbook: f.workbook, release_date: vintage.releaseDate, fiscal_year: vintage.fiscalYear, name: f.name, address: f.address, city: f.city, state: f.state,
    zip: f.zip, aor: f.aor, type_detailed: f.typeDetailed, gender: f.gender, alos_days: f.alosDays,
    adp_level_a: f.adpLevelA, adp_level_b: f.adpLevelB, adp_level_c: f.adpLevelC, adp_level_d: f.adpLevelD,
    adp_male_crim: f.adpMaleCrim, adp_male_non_crim: f.adpMaleNonCrim, adp_female_crim: f.adpFemaleCrim, adp_female_non_crim: f.adpFemaleNonCrim,
    adp_threat_level_1: f.adpThreatLevel1, adp_threat_level_2: f.adpThreatLevel2, adp_threat_level_3: f.adpThreatLevel3, adp_no_threat_level: f.adpNoThreatLevel,
    adp_mandatory: f.adpMandatory, guaranteed_minimum: f.guaranteedMinimum, inspections_json: JSON.stringify(f.inspections), published_json: JSON.stringify(f.published),
    facility_code: match.code, latitude: match.latitude, longitude: match.longitude, match_rule: match.how, source_file: f.workbook, source_sheet: f.sheet, source_row: f.sourceRow,
  };
}

export function cbpEncounterRow(r: CbpEncounterRow): SqlRow {
  return {
    fiscal_year: r.fiscalYear, fytd: r.fytd, month_grouping: r.monthGrouping, month: r.month, month_number: r.monthNumber, component: r.component,
    demographic: r.demographic, citizenship: r.citizenship, title_of_authority: r.titleOfAuthority, encounter_type: r.encounterType,
    encounter_count: r.encounterCount, source_file: r.sourceFile, source_row: r.sourceRow,
  };
}
