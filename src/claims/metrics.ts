/**
 * The metrics an official claim can be about, each with what it counts and how it could be checked:
 * which report table holds the records (src/reports/tables/*), and which definitions of "criminal
 * record" apply. The checks (claim → query → verdict) are in ./check.ts and follow this contract. A
 * claim about a metric not listed here is rejected when the ledger is read.
 */

/**
 * Two definitions of "with a criminal record", because officials use both and they give different counts.
 * In ICE's arrest records (Deportation Data Project layout) `Apprehension Criminality` is
 * "1 Convicted Criminal", "2 Pending Criminal Charges" or "3 Other Immigration Violator".
 */
export const CRIMINALITY_DEFINITIONS = {
  convicted: 'a criminal conviction recorded by ICE ("1 Convicted Criminal"; in ERO-LESA releases, a Most Serious Conviction)',
  convicted_or_pending: 'a conviction or pending criminal charges ("1 Convicted Criminal" or "2 Pending Criminal Charges"), the definition of ICE\'s annual reports (FY2024: 81,312 of 113,431 arrests)',
} as const;
export type CriminalityDefinition = keyof typeof CRIMINALITY_DEFINITIONS;

export const METRIC_UNITS = ['arrests', 'removals', 'removals_and_returns', 'deportations', 'flights', 'people'] as const;
export type MetricUnit = (typeof METRIC_UNITS)[number];

export interface MetricCheck {
  /** Report table whose records can test the claim (`report <table>`); null when none can. */
  table: 'removals' | 'arrests' | 'flights' | 'detention-current' | null;
  /** available: the table exists now; planned: its source is not ingested yet; partial: the table holds only part of what is counted; not_checkable: no records can settle it. */
  status: 'available' | 'planned' | 'partial' | 'not_checkable';
  how: string;
}

export interface MetricSpec {
  id: string;
  description: string;
  unit: MetricUnit;
  check: MetricCheck;
  /** Definitions of criminal record under which a check runs (each is reported); empty when not about criminality. */
  criminality: readonly CriminalityDefinition[];
  caveats: readonly string[];
}

const both: readonly CriminalityDefinition[] = ['convicted', 'convicted_or_pending'];

export const METRICS = {
  arrests_total: {
    id: 'arrests_total',
    description: 'Immigration arrests (ICE ERO administrative arrests unless the claim\'s scope names another agency); one per arrest event, so a person arrested twice counts twice',
    unit: 'arrests',
    check: { table: 'arrests', status: 'available', how: 'count arrest records (Deportation Data Project release) by Apprehension Date within the claim period; or sum an official aggregate of arrests over the period' },
    criminality: [],
    caveats: ['Officials rarely say whether CBP arrests are included.'],
  },
  arrests_with_criminal_record: {
    id: 'arrests_with_criminal_record',
    description: 'Arrests of people with a criminal record, under each definition in CRIMINALITY_DEFINITIONS',
    unit: 'arrests',
    check: { table: 'arrests', status: 'available', how: 'count arrest records in the period by Apprehension Criminality, once per definition' },
    criminality: both,
    caveats: ['"Criminal record" in a statement usually does not say whether pending charges count; both definitions are checked and reported.'],
  },
  arrests_without_criminal_record: {
    id: 'arrests_without_criminal_record',
    description: 'Arrests of people with no criminal record other than immigration violations: the complement of arrests_with_criminal_record under the same definition',
    unit: 'arrests',
    check: { table: 'arrests', status: 'available', how: 'count arrest records in the period outside the criminal category, once per definition' },
    criminality: both,
    caveats: ['Under `convicted`, people with pending charges fall here; under `convicted_or_pending` only "3 Other Immigration Violator" does.'],
  },
  removals_total: {
    id: 'removals_total',
    description: 'ICE removals: departures of people under an order of removal (ICE\'s counting unit: one per removal event)',
    unit: 'removals',
    check: { table: 'removals', status: 'available', how: 'count removal records by departed date within the claim period (fiscal years per 31 U.S.C. 1102); for a fiscal year, also ICE\'s own total in the detention statistics workbook of that year (latest release loaded)' },
    criminality: [],
    caveats: ['An ERO-LESA release covers one area of responsibility; the Deportation Data Project\'s latest removals table is incomplete, below ICE\'s own annual figures.'],
  },
  removals_with_criminal_record: {
    id: 'removals_with_criminal_record',
    description: 'ICE removals of people with a criminal record (ICE: "convicted criminals"), under each definition in CRIMINALITY_DEFINITIONS',
    unit: 'removals',
    check: { table: 'removals', status: 'available', how: 'count removal records in the period by has_conviction (convicted) or by criminality where a release publishes it' },
    criminality: both,
    caveats: ['ERO-LESA releases show only convictions, so `convicted_or_pending` needs a release with a criminality column.'],
  },
  removals_and_returns_total: {
    id: 'removals_and_returns_total',
    description: 'Removals plus returns or "repatriations", as officials sometimes combine them',
    unit: 'removals_and_returns',
    check: { table: 'removals', status: 'partial', how: 'the removal part only: returns are not in ICE removal records' },
    criminality: [],
    caveats: ['Returns and voluntary departures are not removals; the combined figure cannot be fully checked from removal records.'],
  },
  removal_flights: {
    id: 'removal_flights',
    description: 'Flights carrying people removed to another country (not domestic transfers between U.S. airports)',
    unit: 'flights',
    check: { table: 'flights', status: 'partial', how: 'count flight legs classified as removal flights, by destination country and date; tracked legs are a lower bound (military aircraft and blocked tail numbers escape tracking), and the flight data do not say whether an aircraft is military' },
    criminality: [],
    caveats: ['Military aircraft and tail-number blocking since March 2025 make flight tracking incomplete.'],
  },
  removal_flight_passengers: {
    id: 'removal_flight_passengers',
    description: 'People on removal flights, as counted or estimated by observers, manifests or officials',
    unit: 'people',
    check: { table: 'flights', status: 'planned', how: 'sum passenger counts of the matching removal flights, keeping how each count was made' },
    criminality: [],
    caveats: ['Observer counts are often estimates (vans, adjacent flights); manifests are released years later.'],
  },
  detention_population: {
    id: 'detention_population',
    description: 'People held in ICE detention on one day (a count on that day, not over a period)',
    unit: 'people',
    check: { table: 'detention-current', status: 'available', how: 'ICE\'s "currently detained" total in the detention statistics release whose snapshot date (Footnotes: "a snapshot as of …") is the claim\'s day; and the Deportation Data Project\'s daily population summed over facilities on that day' },
    criminality: [],
    caveats: ['ICE\'s detention data exclude ORR transfers and facilities and U.S. Marshals Service prisoners (Footnotes); other counts of "detained" may include them.'],
  },
  deportations_total: {
    id: 'deportations_total',
    description: 'An undefined "deportations" figure, e.g. DHS combining ICE and CBP removals with estimated voluntary departures',
    unit: 'deportations',
    check: { table: null, status: 'not_checkable', how: 'no record set defines it; its ICE removal part can be compared with removals_total for the same period' },
    criminality: [],
    caveats: ['Methodology not published; not comparable with fiscal-year ICE removal counts.'],
  },
} as const satisfies Record<string, MetricSpec>;

export type MetricId = keyof typeof METRICS;

export function isMetricId(id: string): id is MetricId {
  return Object.prototype.hasOwnProperty.call(METRICS, id);
}
