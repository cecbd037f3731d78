import type { Migration } from '../../engine/migrations.ts';

/**
 * The current releases: Deportation Data Project tables of ICE arrests, encounters,
 * detainers and detention stays, the DDP columns of the unified removals table, ICE Air (ARTS)
 * passengers and missions, and official aggregate tables.
 *
 * Every row keeps `source_id`/`source_sheet`/`source_row`. `release` says which FOIA release a row
 * comes from; `person_id` is the release's anonymized identifier, which links one person's rows
 * *within one release only* (the publisher re-derives it per release), so every link joins on
 * (release, person_id). Criminality, case status and case category are stored as published; their
 * categories and the legal pathway are derived in views (src/records/views.ts) so that a
 * corrected reference table applies without a re-ingest.
 *
 * Not stored, on purpose (re-identification risk, and no report needs them): birth dates (birth
 * year is kept), A-file numbers, EID case/subject/detainer ids, religion, marital status, ethnicity.
 */
const PROVENANCE = `source_id INTEGER NOT NULL, source_sheet VARCHAR, source_row BIGINT NOT NULL, release VARCHAR NOT NULL`;
const CASE = `case_status VARCHAR, case_category_raw VARCHAR, case_category_code VARCHAR, case_category_description VARCHAR,
  final_order_yes_no VARCHAR, final_order_date DATE, departed_date DATE, departure_country VARCHAR`;
const PERSON = `birth_year INTEGER, citizenship_country VARCHAR, gender VARCHAR, person_id VARCHAR`;

/** Columns of the Deportation Data Project removals layouts that the first records issue did not have. */
const REMOVALS_DDP_COLUMNS = [
  'case_status VARCHAR', 'final_order_yes_no VARCHAR', 'apprehension_county VARCHAR',
  'birth_country VARCHAR', 'entry_status VARCHAR', 'entry_date DATE', 'msc_charge VARCHAR', 'msc_charge_code VARCHAR',
  'msc_charge_date DATE', 'msc_criminal_charge_status VARCHAR', 'msc_conviction_date DATE', 'case_threat_level VARCHAR',
  'felon VARCHAR', 'processing_disposition_code VARCHAR', 'final_program VARCHAR', 'latest_arrest_program VARCHAR',
  'current_program VARCHAR', 'final_charge_section VARCHAR', 'final_charge_code VARCHAR', 'charge_section_code VARCHAR',
  'charge_code VARCHAR', 'prior_deport_yes_no VARCHAR',
];

export const records: Migration = {
  id: 2,
  name: 'records: arrests, encounters, detainers, detention_stays, DDP removals columns, arts_passengers, arts_missions, aggregates',
  statements: [
    `CREATE TABLE arrests (${PROVENANCE},
      apprehension_date DATE NOT NULL, apprehension_type VARCHAR, apprehension_state VARCHAR, apprehension_county VARCHAR,
      aor VARCHAR, final_program VARCHAR, final_program_group VARCHAR, arresting_agency VARCHAR, apprehension_method VARCHAR,
      apprehension_criminality VARCHAR, ${CASE}, ${PERSON},
      apprehension_landmark VARCHAR, operation VARCHAR, duty_site VARCHAR, case_criminality VARCHAR, case_threat_level VARCHAR)`,
    `CREATE TABLE encounters (${PROVENANCE},
      event_date DATE NOT NULL, aor VARCHAR, responsible_site VARCHAR, lead_event_type VARCHAR, lead_source VARCHAR,
      event_type VARCHAR, final_program VARCHAR, final_program_group VARCHAR, encounter_criminality VARCHAR,
      processing_disposition VARCHAR, ${CASE}, ${PERSON}, event_landmark VARCHAR)`,
    `CREATE TABLE detainers (${PROVENANCE},
      detainer_prepare_date DATE NOT NULL, facility_state VARCHAR, facility_aor VARCHAR, facility_city VARCHAR,
      facility_code VARCHAR, facility_name VARCHAR, port_of_departure VARCHAR, detainer_criminality VARCHAR,
      detainer_threat_level VARCHAR, birth_country VARCHAR, processing_disposition VARCHAR, final_program VARCHAR,
      apprehension_method VARCHAR, apprehension_date DATE, detainer_lift_reason VARCHAR, detainer_type VARCHAR,
      ${CASE}, ${PERSON})`,
    `CREATE TABLE detention_stays (${PROVENANCE},
      book_in_date DATE NOT NULL, detention_book_in_date DATE, facility_code VARCHAR, facility_name VARCHAR,
      detention_book_out_date DATE, detention_release_reason VARCHAR, book_out_date DATE, release_reason VARCHAR,
      entry_status VARCHAR, felon VARCHAR, bond_posted_date DATE, bond_posted_amount DOUBLE, initial_bond_set_amount DOUBLE,
      book_in_criminality VARCHAR, final_charge VARCHAR, final_program VARCHAR, msc_charge VARCHAR, msc_charge_code VARCHAR,
      case_threat_level VARCHAR, ${CASE}, ${PERSON})`,
    ...REMOVALS_DDP_COLUMNS.map((c) => `ALTER TABLE removals ADD COLUMN ${c}`),
    // ARTS (ICE Air) manifests: one row per passenger on a mission leg, and one row per mission.
    `CREATE TABLE arts_passengers (${PROVENANCE},
      mission_date DATE NOT NULL, mission_id VARCHAR, mission_number VARCHAR, person_id VARCHAR, status_raw VARCHAR,
      sex VARCHAR, convictions VARCHAR, gang_member VARCHAR, class_level VARCHAR, age INTEGER,
      pickup_airport VARCHAR, dropoff_airport VARCHAR, strike_from_list VARCHAR, reason_struck VARCHAR,
      removal_or_transfer VARCHAR, code VARCHAR, citizenship_country VARCHAR, juvenile VARCHAR,
      mission_week VARCHAR, mission_quarter VARCHAR, mission_year VARCHAR, mission_month VARCHAR,
      criminality_raw VARCHAR, family_unit_flag VARCHAR, unaccompanied_flag VARCHAR,
      pickup_airport_name VARCHAR, pickup_city VARCHAR, pickup_state VARCHAR, pickup_country VARCHAR, pickup_aor VARCHAR,
      dropoff_airport_name VARCHAR, dropoff_city VARCHAR, dropoff_state VARCHAR, dropoff_country VARCHAR, dropoff_aor VARCHAR)`,
    `CREATE TABLE arts_missions (${PROVENANCE},
      mission_date DATE NOT NULL, mission_id VARCHAR, mission_number VARCHAR,
      start_airport VARCHAR, stop_1 VARCHAR, stop_2 VARCHAR, stop_3 VARCHAR, stop_4 VARCHAR, stop_5 VARCHAR,
      stop_6 VARCHAR, stop_7 VARCHAR, stop_8 VARCHAR, end_airport VARCHAR,
      tail_number VARCHAR, vendor VARCHAR, charter_designation VARCHAR, flight_hours_planned DOUBLE, flight_hours_actual DOUBLE,
      total_cost DOUBLE, mission_passengers BIGINT, leg_passengers BIGINT, mission_utilization DOUBLE, leg_utilization DOUBLE,
      cancel_reason VARCHAR, delay_reason VARCHAR, invoice_number VARCHAR, proposed_fines DOUBLE, enforced_fines DOUBLE)`,
    // Published totals (one value per row, long form), kept apart from records so they can be compared.
    `CREATE TABLE aggregates (source_id INTEGER NOT NULL, source_row BIGINT NOT NULL,
      dataset VARCHAR NOT NULL, measure VARCHAR NOT NULL, fiscal_year VARCHAR, month VARCHAR,
      citizenship_country VARCHAR, state VARCHAR, criminality_raw VARCHAR, value BIGINT NOT NULL)`,
  ],
};
