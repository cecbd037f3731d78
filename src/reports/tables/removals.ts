import type { ReportTable } from '../types.ts';
import { DDP_RELEASE_CAVEAT, REMOVALS_INCOMPLETE_CAVEAT } from './records-common.ts';
import { DUE_PROCESS_NOTE_DIMENSION, RULE_PERIOD_DIMENSION } from './legal-common.ts';

export const removalsReport: ReportTable = {
  name: 'removals',
  view: 'removals_enriched',
  unit: 'removal records (one row per removal as released; a person removed twice counts twice)',
  defaultBy: ['fiscal_year'],
  dimensions: {
    fiscal_year: { definition: 'U.S. federal fiscal year of the departed date: October–September, named for the year it ends (FY2013 = 2012-10-01 … 2013-09-30)' },
    calendar_year: { definition: 'calendar year of the departed date' },
    month: { definition: 'calendar month of the departed date, YYYY-MM' },
    date: { time: 'date', definition: 'the departed date (same as departed_date), for reports that use one date name across tables' },
    departed_date: { time: 'date', definition: 'date the person departed the United States, as published (m/d/yyyy parsed exactly, no time zone)' },
    case_category: { definition: 'ICE case category code as published, e.g. 8C, 16 ("unknown" when the cell is blank or redacted)' },
    pathway: { definition: 'legal pathway of the case category from deportwatch\'s code table (src/reference/case-categories.csv); "unclassified" for a code the table does not have, "unknown" when no code was published' },
    judge_decided: { definition: 'whether a judge decided the case, from the same code table: yes, no, pending, unknown' },
    citizenship_country: { definition: 'country of citizenship as published (e.g. MEXICO)' },
    departure_country: { definition: 'country the person was removed to, as published (Deportation Data Project releases only)' },
    gender: { definition: 'gender as published' },
    has_conviction: { definition: 'ERO-LESA releases: true when "Most Serious Conviction" names an offence, false when it is blank; NULL for releases without that field' },
    conviction_category: { definition: 'category of the most serious conviction (src/domain/convictions.ts): illegal entry/re-entry and other immigration offences are kept apart from other crimes' },
    aor: { definition: 'ICE Area of Responsibility, as published (DDP latest release: "Docket AOR")' },
    criminality: { column: 'criminality_category', definition: 'DDP latest release: ICE "Case Criminality" in three categories (convicted = "1 Convicted Criminal", pending_charges = "2 Pending Criminal Charges", other_immigration_violator = "3 Other Immigration Violator"); unknown for releases without the field' },
    third_country: { definition: 'third-country removal: yes when the departure country differs from the country of citizenship (compared as published), no when the same, unknown when either is blank (ERO-LESA releases publish no departure country)' },
    pathway_basis: { definition: 'what the pathway was read from: case_category, or processing_disposition (through src/reference/status-codes.csv) when no case category is published' },
    processing_disposition: { definition: 'processing disposition as published (DDP and nationwide ERO-LESA releases)' },
    state: { definition: 'state of the arrest that led to the removal (DDP latest release "Apprehension State")' },
    port_of_departure: { definition: 'port the person left from, as published (DDP releases)' },
    rule_period: RULE_PERIOD_DIMENSION('departed date'),
    due_process_note: DUE_PROCESS_NOTE_DIMENSION,
    release: { definition: 'which FOIA release the row comes from: ero-lesa, ddp-2012-2023, ddp-latest' },
    source: { definition: 'file the row was ingested from' },
  },
  raw: {
    column: 'raw', recover: true,
    definition: 'Not stored: read back from the ingested file by the row\'s line number when asked for (CSV files whose header deportwatch recorded, unchanged since ingest: same SHA-256); text between the delimiters after CSV unquoting, untrimmed ("(b)(6),(b)(7)(c )" as published). Rows of other files (workbooks, DDP releases) have a blank raw value, and the report names them in its caveats.',
  },
  fields: {
    age_at_removal: { column: 'age_at_removal', definition: 'age in whole years on the departed date, from the published date of birth (full years: a person born 2000-05-02 and removed 2019-05-01 is 18); blank when the date of birth is blank or redacted' },
  },
  caveats: ({ releases }) => [
    ...(releases.includes('ero-lesa') ? ['ERO-LESA releases cover one area of responsibility and period each; "Most Serious Conviction" blank means no conviction recorded by ICE, not a verified clean record.'] : []),
    ...(releases.some((r) => r.startsWith('ddp-')) ? [DDP_RELEASE_CAVEAT] : []),
    // The publisher's warning travels with every figure drawn from the latest removals table.
    ...(releases.includes('ddp-latest') ? [REMOVALS_INCOMPLETE_CAVEAT] : []),
  ],
};
