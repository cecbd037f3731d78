/**
 * Layouts of ICE Air ARTS (Alien Repatriation Tracking System) tables as released to the University
 * of Washington Center for Human Rights (installments 2011–2020): column names as in UWCHR's ice-air
 * repository and ../shared/SCHEMAS.md "ICE Air ARTS". Passengers: one row per person per mission;
 * missions: one row per mission with up to ten airports (start, eight stops, end).
 */
import type { FieldSpec, Layout } from '../common/layout.ts';
import { DDP_DATE_FORMATS } from '../common/date-formats.ts';

const DATE = { kind: 'date', formats: DDP_DATE_FORMATS, expected: 'a date such as 2019-03-14 or 3/14/2019' } as const;
const NUMBER = { kind: 'number' } as const;
const UPPER = { kind: 'upper' } as const;
const text = (header: string, target: string, aliases?: string[]): FieldSpec => ({ header, target, aliases });
const notStored = (header: string): FieldSpec => ({ header, target: null });

export const ARTS_PASSENGERS: Layout = {
  table: 'arts_passengers', name: 'ARTS passengers', notStoredReason: 'internal ARTS ids of airports, states and AORs, which repeat the stored codes and names',
  signature: ['alienmasterid', 'puloc', 'droploc'],
  fields: [
    { header: 'MissionDate', target: 'mission_date', parse: DATE, required: true },
    text('MissionID', 'mission_id'), text('MissionNumber', 'mission_number'),
    text('AlienMasterID', 'person_id'),
    text('Status', 'status_raw'), text('Sex', 'sex'), text('Convictions', 'convictions'), text('GangMember', 'gang_member'),
    text('ClassLvl', 'class_level'), { header: 'Age', target: 'age', parse: NUMBER },
    { header: 'PULOC', target: 'pickup_airport', parse: UPPER }, { header: 'DropLoc', target: 'dropoff_airport', parse: UPPER },
    text('StrikeFromList', 'strike_from_list'), text('ReasonStruck', 'reason_struck'), text('R-T', 'removal_or_transfer', ['RT']),
    text('Code', 'code'), { header: 'CountryOfCitizenship', target: 'citizenship_country', parse: UPPER },
    text('Juvenile', 'juvenile'), text('MissionWeek', 'mission_week'), text('MissionQuarter', 'mission_quarter'),
    text('MissionYear', 'mission_year'), text('MissionMonth', 'mission_month'), text('Criminality', 'criminality_raw'),
    text('FamilyUnitFlag', 'family_unit_flag'), text('UnaccompaniedFlag', 'unaccompanied_flag'),
    text('air_AirportName', 'pickup_airport_name'), text('air_City', 'pickup_city'), text('st_StateAbbr', 'pickup_state'),
    { header: 'air_Country', target: 'pickup_country', parse: UPPER }, text('AOR_AOR', 'pickup_aor'),
    text('air2_AirportName', 'dropoff_airport_name'), text('air2_City', 'dropoff_city'), text('st2_StateAbbr', 'dropoff_state'),
    { header: 'air2_Country', target: 'dropoff_country', parse: UPPER }, text('AOR2_AOR', 'dropoff_aor'),
    ...['air_AirportID', 'st_StateID', 'AOR_AORID', 'AOR_AORName', 'air2_AirportID', 'st2_StateID', 'AOR2_AORID', 'AOR2_AORName'].map(notStored),
  ],
};

const STOPS = ['One', 'Two', 'Three', 'Four', 'Five', 'Six', 'Seven', 'Eight'];

export const ARTS_MISSIONS: Layout = {
  table: 'arts_missions', name: 'ARTS missions',
  signature: ['missionid', 'msnstart', 'msnend'],
  fields: [
    { header: 'MissionDate', target: 'mission_date', parse: DATE, required: true },
    text('MissionID', 'mission_id'), text('MissionNumber', 'mission_number'),
    { header: 'MsnStart', target: 'start_airport', parse: UPPER },
    ...STOPS.map((s, i): FieldSpec => ({ header: `MsnStp${s}`, target: `stop_${i + 1}`, parse: UPPER })),
    { header: 'MsnEnd', target: 'end_airport', parse: UPPER },
    { header: 'MsnTailNumber', target: 'tail_number', parse: UPPER }, text('msnVendor', 'vendor'), text('msnCharterDesignation', 'charter_designation'),
    { header: 'msnFlightHoursPlanned', target: 'flight_hours_planned', parse: NUMBER }, { header: 'msnFlightHoursActual', target: 'flight_hours_actual', parse: NUMBER },
    { header: 'MissionTotalCost', target: 'total_cost', parse: NUMBER }, { header: 'MissionPassengers', target: 'mission_passengers', parse: NUMBER },
    { header: 'LegPassengers', target: 'leg_passengers', parse: NUMBER }, { header: 'MissionUtilization', target: 'mission_utilization', parse: NUMBER },
    { header: 'LegUtilization', target: 'leg_utilization', parse: NUMBER },
    text('msnCancelReason', 'cancel_reason'), text('msnDelayReason', 'delay_reason'), text('msnInvoiceNumber', 'invoice_number'),
    { header: 'msnProposedFines', target: 'proposed_fines', parse: NUMBER }, { header: 'msnEnforcedFines', target: 'enforced_fines', parse: NUMBER },
  ],
};
