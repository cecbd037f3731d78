/**
 * Layouts of the Deportation Data Project's tables of ICE data (FOIA releases; ../shared/SCHEMAS.md
 * "Deportation Data Project", cross-checked against the project's published data dictionary):
 * column names in the publisher's order, where each goes, how it is parsed.
 *
 * Not stored on purpose (DDP_NOT_STORED): birth dates (birth year is kept), A-file numbers, EID
 * case/subject/detainer/detention ids, religion, marital status and ethnicity: they are redacted in
 * most rows anyway, no report needs them, and together they could help re-identify a person.
 */
import type { ParseRule } from '../../engine/staging.ts';
import { DDP_DATE_FORMATS } from '../common/date-formats.ts';
import type { FieldSpec, Layout } from '../common/layout.ts';

const DATE: ParseRule = { kind: 'date', formats: DDP_DATE_FORMATS, expected: 'a date such as 2025-01-23 or 1/23/2025, with or without a time of day' };
/** Birth year arrives as 1989 from workbooks and 1989.0 from the publisher's Parquet. */
const YEAR: ParseRule = { kind: 'number' };
const NUMBER: ParseRule = { kind: 'number' };
const UPPER: ParseRule = { kind: 'upper' };

const DDP_NOT_STORED_REASON = 'identifiers and sensitive personal fields are not kept, see docs/records.md';

const text = (header: string, target: string, aliases?: FieldSpec['aliases']): FieldSpec => ({ header, target, aliases });
const date = (header: string, target: string, aliases?: FieldSpec['aliases'], required = false): FieldSpec => ({ header, target, aliases, parse: DATE, required });
const notStored = (header: string, aliases?: string[]): FieldSpec => ({ header, target: null, aliases });

/**
 * The person identifier. The 2012–2023 removals table spells its header "Anonymized Identifer"
 * (sic): that exact spelling is accepted as the identifier in every DDP layout and named in a note;
 * any other near-miss is reported as an unknown column with a "did you mean".
 */
const PERSON: FieldSpec = {
  header: 'Anonymized Identifier', target: 'person_id',
  aliases: [{ name: 'Anonymized Identifer', note: "the publisher's own spelling in the 2012–2023 removals table" }, 'Unique Identifier', 'Unique ID', 'Anonymized ID'],
};
const CASE_CATEGORY: FieldSpec = { header: 'Case Category', target: 'case_category', caseCategory: true };
const COMMON_PERSON: FieldSpec[] = [
  notStored('Birth Date', ['Date of Birth']),
  { header: 'Birth Year', target: 'birth_year', parse: YEAR },
  { header: 'Citizenship Country', target: 'citizenship_country', parse: UPPER, aliases: ['Country of Citizenship'] },
  text('Gender', 'gender'),
  notStored('Alien File Number', ['A Number', 'Alien Number']),
  notStored('Case ID', ['EID Case ID']),
  notStored('Subject ID', ['EID Subject ID']),
  PERSON,
];
const CASE_FIELDS: FieldSpec[] = [
  text('Case Status', 'case_status'),
  CASE_CATEGORY,
  text('Final Order Yes No', 'final_order_yes_no', ['Case Final Order Yes No']),
  date('Final Order Date', 'final_order_date'),
  date('Departed Date', 'departed_date'),
  { header: 'Departure Country', target: 'departure_country', parse: UPPER },
];

export const ARRESTS: Layout = {
  table: 'arrests', name: 'Deportation Data Project arrests', notStoredReason: DDP_NOT_STORED_REASON,
  signature: ['apprehension date', 'apprehension criminality'],
  fields: [
    date('Apprehension Date', 'apprehension_date', undefined, true),
    text('Apprehension Type', 'apprehension_type'),
    { header: 'State', target: 'apprehension_state', parse: UPPER, aliases: ['Apprehension State'] },
    { header: 'County', target: 'apprehension_county', parse: UPPER, aliases: ['Apprehension County'] },
    text('TOA Current Duty AOR', 'aor', ['Apprehension AOR']),
    text('Apprehension Final Program', 'final_program', ['Final Program']),
    text('Final Program Group', 'final_program_group'),
    text('Arresting Agency', 'arresting_agency'),
    text('Apprehension Method', 'apprehension_method'),
    text('Apprehension Criminality', 'apprehension_criminality'),
    ...CASE_FIELDS,
    ...COMMON_PERSON,
    text('Apprehension Site Landmark', 'apprehension_landmark'),
    text('Operation', 'operation'),
    text('TOA Current Duty Site', 'duty_site'),
    text('Case Criminality', 'case_criminality'),
    text('Case Threat Level', 'case_threat_level'),
    notStored('Arrest Created By'),
  ],
};

export const ENCOUNTERS: Layout = {
  table: 'encounters', name: 'Deportation Data Project encounters', notStoredReason: DDP_NOT_STORED_REASON,
  signature: ['event date', 'encounter criminality'],
  fields: [
    date('Event Date', 'event_date', undefined, true),
    text('Responsible AOR', 'aor'),
    text('Responsible Site', 'responsible_site'),
    text('Lead Event Type', 'lead_event_type'),
    text('Lead Source', 'lead_source'),
    text('Event Type', 'event_type'),
    text('Final Program', 'final_program'),
    text('Final Program Group', 'final_program_group'),
    text('Encounter Criminality', 'encounter_criminality'),
    text('Processing Disposition', 'processing_disposition'),
    ...CASE_FIELDS,
    ...COMMON_PERSON,
    text('Event Landmark', 'event_landmark'),
  ],
};

export const DETAINERS: Layout = {
  table: 'detainers', name: 'Deportation Data Project detainers', notStoredReason: DDP_NOT_STORED_REASON,
  signature: ['detainer prepare date|prepare date', 'detainer prepared criminality'],
  fields: [
    date('Detainer Prepare Date', 'detainer_prepare_date', ['Prepare Date'], true),
    { header: 'Facility State', target: 'facility_state', parse: UPPER },
    text('Facility AOR', 'facility_aor'),
    text('Port of Departure', 'port_of_departure'),
    text('Detainer Prepared Criminality', 'detainer_criminality'),
    text('Detention Facility', 'facility_name'),
    text('Detention Facility Code', 'facility_code'),
    text('Facility City', 'facility_city'),
    text('Detainer Prep Threat Level', 'detainer_threat_level'),
    { header: 'Birth Country', target: 'birth_country', parse: UPPER },
    text('Processing Disposition', 'processing_disposition'),
    text('Final Program', 'final_program'),
    text('Apprehension Method', 'apprehension_method'),
    date('Apprehension Date', 'apprehension_date'),
    text('Detainer Lift Reason', 'detainer_lift_reason'),
    text('Detainer Type', 'detainer_type'),
    notStored('EID DTA ID'),
    ...CASE_FIELDS,
    ...COMMON_PERSON,
  ],
};

export const DETENTION_STAYS: Layout = {
  table: 'detention_stays', name: 'Deportation Data Project detention stays', notStoredReason: DDP_NOT_STORED_REASON,
  signature: ['stay book in date time|stay book in date', 'detention facility code'],
  fields: [
    date('Stay Book In Date Time', 'book_in_date', ['Stay Book In Date'], true),
    date('Book In Date Time', 'detention_book_in_date', ['Detention Book In Date', 'Detention Book In Date Time']),
    text('Detention Facility', 'facility_name'),
    text('Detention Facility Code', 'facility_code'),
    date('Detention Book Out Date Time', 'detention_book_out_date', ['Detention Book Out Date']),
    text('Detention Release Reason', 'detention_release_reason'),
    date('Stay Book Out Date Time', 'book_out_date', ['Stay Book Out Date']),
    text('Stay Release Reason', 'release_reason'),
    notStored('Religion'), notStored('Marital', ['Marital Status']), notStored('Ethnicity', ['Ethnic', 'Race']),
    text('Entry Status', 'entry_status'),
    text('Felon', 'felon'),
    date('Bond Posted Date', 'bond_posted_date'),
    { header: 'Bond Posted Amount', target: 'bond_posted_amount', parse: NUMBER },
    { header: 'Initial Bond Set Amount', target: 'initial_bond_set_amount', parse: NUMBER },
    text('Book In Criminality', 'book_in_criminality'),
    text('Final Charge', 'final_charge'),
    text('Final Program', 'final_program'),
    text('MSC Charge', 'msc_charge'),
    text('MSC Charge Code', 'msc_charge_code'),
    text('Case Threat Level', 'case_threat_level'),
    notStored('Detention ID'),
    ...CASE_FIELDS,
    ...COMMON_PERSON,
  ],
};

/** Removals, 2012–2023 release: 5 banner rows, "Departure Date", and the identifier spelled "Identifer". */
export const REMOVALS_2012_2023: Layout = {
  table: 'ddp_removals', name: 'Deportation Data Project removals (2012–2023 release)', notStoredReason: DDP_NOT_STORED_REASON,
  signature: ['departure date', 'port of departure'],
  fields: [
    date('Departure Date', 'departed_date', undefined, true),
    text('Port of Departure', 'port_of_departure'),
    { header: 'Departure Country', target: 'departure_country', parse: UPPER },
    text('Case Status', 'case_status'),
    CASE_CATEGORY,
    text('Final Order Yes No', 'final_order_yes_no'),
    date('Final Order Date', 'final_order_date'),
    { header: 'Birth Country', target: 'birth_country', parse: UPPER },
    text('Entry Status', 'entry_status'),
    date('Entry Date', 'entry_date'),
    text('MSC Charge', 'msc_charge'),
    date('MSC Charge Date', 'msc_charge_date'),
    text('MSC Charge Code', 'msc_charge_code'),
    date('MSC Conviction Date', 'msc_conviction_date'),
    text('MSC Criminal Charge Status', 'msc_criminal_charge_status'),
    text('Case Threat Level', 'case_threat_level'),
    text('Processing Disposition Code', 'processing_disposition_code'),
    text('Processing Disposition', 'processing_disposition'),
    text('Current Program', 'current_program'),
    date('Apprehension Date', 'apprehension_date'),
    text('Charge Section Code', 'charge_section_code'),
    text('Charge Code', 'charge_code'),
    ...COMMON_PERSON,
  ],
};

/** Removals, latest release (September 2023 on): 6 banner rows, "Departed Date", "Unique Identifier". */
export const REMOVALS_LATEST: Layout = {
  table: 'ddp_removals', name: 'Deportation Data Project removals (latest release)', notStoredReason: DDP_NOT_STORED_REASON,
  signature: ['departed date', 'port of departure'],
  fields: [
    date('Departed Date', 'departed_date', undefined, true),
    text('Port of Departure', 'port_of_departure'),
    { header: 'Departure Country', target: 'departure_country', parse: UPPER },
    text('Docket AOR', 'aor'),
    { header: 'Apprehension State', target: 'apprehension_state', parse: UPPER },
    { header: 'Apprehension County', target: 'apprehension_county', parse: UPPER },
    { header: 'Birth Country', target: 'birth_country', parse: UPPER },
    date('Entry Date', 'entry_date'),
    text('Entry Status', 'entry_status'),
    text('MSC NCIC Charge', 'msc_charge', ['MSC Charge']),
    text('MSC NCIC Charge Code', 'msc_charge_code', ['MSC Charge Code']),
    date('MSC NCIC Charge Date', 'msc_charge_date', ['MSC Charge Date']),
    text('MSC NCIC Charge Status', 'msc_criminal_charge_status', ['MSC Criminal Charge Status']),
    date('MSC Conviction Date', 'msc_conviction_date'),
    text('Case Threat Level', 'case_threat_level'),
    text('Case Criminality', 'criminality'),
    text('Felon', 'felon'),
    text('Processing Disposition', 'processing_disposition'),
    text('Case Status', 'case_status'),
    CASE_CATEGORY,
    text('Final Program', 'final_program'),
    text('Latest Arrest Program', 'latest_arrest_program'),
    text('Final Order Yes No', 'final_order_yes_no'),
    date('Final Order Date', 'final_order_date'),
    text('Final Charge Code', 'final_charge_code'),
    text('Final Charge Section', 'final_charge_section'),
    text('Prior Deport Yes No', 'prior_deport_yes_no'),
    date('Apprehension Date', 'apprehension_date'),
    ...COMMON_PERSON,
  ],
};

/**
 * The Deportation Data Project's own derived table: ICE detention population per facility per day
 * (`detention_facility_code, date, n_detained, n_detained_at_midnight, n_detained_male, …,
 * detention_facility`), published as Parquet. Stored in `facility_population_daily` with the dataset
 * named in `release` (src/official/migrations/021-facility-population.ts).
 */
const INTEGER: ParseRule = { kind: 'integer' };
const count = (header: string, target: string, required = false): FieldSpec => ({ header, target, parse: INTEGER, required });
export const FACILITY_POPULATION: Layout = {
  table: 'facility_population_daily',
  name: 'Deportation Data Project facility daily population',
  signature: ['detention facility code', 'date', 'n detained'],
  fields: [
    { header: 'detention_facility_code', target: 'facility_code', required: true },
    date('date', 'date', undefined, true),
    count('n_detained', 'n_detained', true),
    count('n_detained_at_midnight', 'n_detained_at_midnight'),
    count('n_detained_male', 'n_male'),
    count('n_detained_female', 'n_female'),
    count('n_detained_convicted_criminal', 'n_convicted_criminal'),
    count('n_detained_possibly_under_18', 'n_possibly_under_18'),
    text('detention_facility', 'facility_name'),
  ],
};

export interface DdpTable {
  kind: string;
  layout: Layout;
  /** `removals.release` and the release key of every table: persons link only within one release. */
  release: 'ddp-latest' | 'ddp-2012-2023' | 'ddp-facility-population';
}

export const DDP_TABLES: DdpTable[] = [
  { kind: 'ddp-arrests', layout: ARRESTS, release: 'ddp-latest' },
  { kind: 'ddp-encounters', layout: ENCOUNTERS, release: 'ddp-latest' },
  { kind: 'ddp-detainers', layout: DETAINERS, release: 'ddp-latest' },
  { kind: 'ddp-detention-stays', layout: DETENTION_STAYS, release: 'ddp-latest' },
  { kind: 'ddp-removals-latest', layout: REMOVALS_LATEST, release: 'ddp-latest' },
  { kind: 'ddp-removals-2012-2023', layout: REMOVALS_2012_2023, release: 'ddp-2012-2023' },
  { kind: 'ddp-facility-population', layout: FACILITY_POPULATION, release: 'ddp-facility-population' },
];
