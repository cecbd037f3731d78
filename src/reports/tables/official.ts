/**
 * Reports of the official statistics as published (views in src/official/views.ts). A figure is one
 * published cell; `value` sums the cells of a group and `n` counts them. ICE's tables are
 * cross-tabulations that print their own Total rows and columns, and one measure is often published in
 * several tables (book-ins by agency and month, and by facility type and criminality), so a sum is
 * meaningful only within one table and with the Total labels filtered in or out on purpose.
 */
import type { Dimension, ReportTable } from '../types.ts';

const VINTAGE_CAVEAT = 'ICE republishes the current fiscal year\'s workbook every few weeks and its figures change until the year is locked at its end ("Data fluctuate until “locked” at the conclusion of the fiscal year", Header sheet): each figure is cited with its release (workbook and release date from the file name).';
const TOTALS_CAVEAT = 'ICE\'s tables print their own Total rows and columns, and a measure may appear in several tables: sum within one table (--where table=…) and choose the Total labels on purpose, or the sum counts people more than once.';
const ZERO_CAVEAT = 'ICE prints 0 for the months after a release\'s data date; such figures are marked not_yet_reported=yes (a 0 that means not yet reported, not none).';
const FOOTNOTES_CAVEAT = 'The notes under each table and the Footnotes sheet\'s entries that qualify it are kept with the table (official_tables.caveats_json, definitions_json; GET /official_tables.json).';

const releasesCaveat = (releases: string[]): string[] => [
  ...(releases.length ? [`Releases used: ${releases.join('; ')}.`] : []),
  ...(releases.length > 1 ? ['This answer draws on more than one release: compare the releases (--by release), never add them; a total over releases counts the same people again.'] : []),
];

const label = (what: string): Dimension => ({ definition: `${what}, as ICE prints it (trimmed); NULL where the figure's table has no such label` });

const FIGURE_DIMENSIONS: Record<string, Dimension> = {
  measure: { definition: 'what the figure counts, from its table title (docs/official.md, "Measures and dimensions")' },
  unit: { definition: 'people, people_adp (average daily population), days, fraction (0.84 = 84%), usd or count (events that are not people)' },
  table: { column: 'table_title', definition: 'the title of the table the figure is printed in, as published' },
  sheet: { column: 'source_sheet', definition: 'the workbook sheet the figure is on' },
  fiscal_year: { definition: 'the fiscal year the figure belongs to (its row or column, the table title, the sheet name, else the file name)' },
  workbook_fiscal_year: { definition: 'the fiscal year of the workbook (FYnn at the start of its file name)' },
  release: { definition: 'the workbook file name and its release date (MMDDYYYY in the file name; "no release date" where it has none)' },
  release_date: { column: 'release_date_text', definition: 'the release (vintage) date, YYYY-MM-DD, or none' },
  latest: { definition: 'yes for the latest release of the workbook\'s fiscal year among those ingested (by release date), no for earlier ones' },
  not_yet_reported: { definition: 'yes for a 0 printed in a month after the release\'s data date (ICE prints 0 there), no otherwise' },
  processing_disposition: label('processing disposition (Expedited Removal (I-860), Notice to Appear (I-862) …)'),
  facility_type: label('facility type as ICE labels it: FSC, Adult, Total (the Footnotes sheet does not spell out FSC)'),
  criminality: label('criminality: Convicted Criminal, Pending Criminal Charges, Other Immigration Violator, Total'),
  arresting_agency: label('arresting agency: ICE, CBP, Total'),
  month: label('month of the fiscal year (Oct … Sep, Total)'),
  release_reason: label('release (book-out) reason (Bonded Out, Order of Recognizance, Paroled, Removed …)'),
  facility: label('detention facility name'),
  facility_code: label('ICE detention facility code'),
  citizenship_country: label('country of citizenship'),
  population: label('population of a Semiannual table (Parents of USC, TPS countries …)'),
  category: label('row category'),
  aor: label('ICE area of responsibility'),
  placement_reason: label('segregation placement reason'),
  source: { definition: 'the workbook file the figure was ingested from' },
};

const FIGURE_MEASURES = { value: { aggregate: 'sum' as const, column: 'value', definition: 'sum of the published figures in the group (n is the number of figures summed); see the caveats on Total rows' } };
const FIGURE_KEY = ['source_id', 'source_sheet', 'source_range'];

function figureReport(name: string, view: string, unit: string, defaultBy: string[], only: string[] | null, extra: string[]): ReportTable {
  const dimensions = only ? Object.fromEntries(Object.entries(FIGURE_DIMENSIONS).filter(([k]) => only.includes(k))) : FIGURE_DIMENSIONS;
  return {
    name, view, unit, defaultBy, dimensions, measures: FIGURE_MEASURES, rowKey: FIGURE_KEY,
    caveats: ({ releases }) => [VINTAGE_CAVEAT, ...extra, TOTALS_CAVEAT, ZERO_CAVEAT, FOOTNOTES_CAVEAT, ...releasesCaveat(releases)],
  };
}

const COMMON = ['table', 'sheet', 'fiscal_year', 'workbook_fiscal_year', 'release', 'release_date', 'not_yet_reported', 'source', 'unit'];

/** Every figure of every release ingested: the latest (latest=yes) or how a figure changed between releases (--by release). */
export const officialFiguresReport = figureReport('official-figures', 'official_figures_enriched', 'published figures (cells of ICE\'s detention statistics workbooks)',
  ['measure'], null, []);

export const detainedNowReport = figureReport('detention-current', 'official_detained_now',
  'published figures of people currently detained (ICE detention statistics, latest release of each fiscal year)',
  ['table', 'processing_disposition', 'facility_type'], [...COMMON, 'processing_disposition', 'facility_type', 'criminality', 'arresting_agency', 'facility', 'facility_code'],
  ['People in ICE detention on one day: the snapshot date ICE gives in the Footnotes ("ICE National Docket data are a snapshot as of …"), a count on that day, not over the year.']);

export const bookInsReport = figureReport('detention-book-ins', 'official_book_ins',
  'published figures of initial book-ins into ICE detention (latest release of each fiscal year)',
  ['table', 'month'], [...COMMON, 'month', 'arresting_agency', 'facility_type', 'criminality'],
  ['Initial book-ins as ICE counts them; ICE\'s own definition is on the Footnotes sheet, kept with the table (official_tables.definitions_json).']);

export const bookOutsReport = figureReport('detention-book-outs', 'official_book_outs',
  'published figures of final book-outs / final releases from ICE detention (latest release of each fiscal year)',
  ['table', 'release_reason'], [...COMMON, 'measure', 'release_reason', 'month', 'facility_type', 'criminality'],
  ['ICE counted final releases until FY2023 and final book-outs since FY2024 ("In FY2024 ICE began tracking Final Bookouts in lieu of Final Releases", Footnotes): the two measures are kept apart (measure=final_releases / final_book_outs).']);

export const detentionFacilitiesReport: ReportTable = {
  name: 'detention-facilities-listed',
  view: 'detention_facilities_enriched',
  unit: 'facilities listed on the Facilities sheet of an ICE detention statistics workbook',
  defaultBy: ['state'],
  dimensions: {
    state: { definition: 'state as ICE prints it' },
    aor: { definition: 'ICE area of responsibility as printed' },
    type_detailed: { definition: 'facility type as ICE details it (IGSA, SPC, CDF, USMS IGA, DIGSA …)' },
    gender: { definition: 'the "Male/Female" column as printed' },
    name: { definition: 'facility name as printed' },
    city: { definition: 'city as printed' },
    facility_code: { definition: 'ICE facility code where the workbook prints one beside the name (stateless-detainees table), else NULL' },
    workbook_fiscal_year: { definition: 'the fiscal year of the workbook (FYnn at the start of its file name)' },
    release: { definition: 'the workbook file name and its release date' },
    latest: { definition: 'yes for the latest release of the workbook\'s fiscal year among those ingested' },
    source: { definition: 'the workbook file the row was ingested from' },
  },
  measures: {
    adp: { aggregate: 'sum', column: 'adp_by_level', definition: 'sum of the facilities\' average daily population, levels A–D (fiscal year to the data pull)' },
    alos_days: { aggregate: 'mean', column: 'alos_days', definition: 'mean of the facilities\' average length of stay (days), unweighted' },
  },
  rowKey: ['source_id', 'source_row'],
  caveats: ({ releases }) => [
    'ICE lists only facilities with a population of 1 or more at the data pull ("This list is limited to facilities that have a population count of greater than or equal to 1"); a facility absent from a release may still be in use.',
    'Pick one release (--where latest=yes, or release=…): each release lists the facilities again.',
    ...releasesCaveat(releases),
  ],
};

export const cbpEncountersReport: ReportTable = {
  name: 'cbp-encounters',
  view: 'cbp_encounters_enriched',
  unit: 'rows of CBP\'s southwest land border encounters table',
  defaultBy: ['fiscal_year'],
  dimensions: {
    fiscal_year: { column: 'fiscal_year_label', definition: 'federal fiscal year (October–September) as CBP labels it' },
    fiscal_year_to_date: { definition: 'yes when CBP marks the year "(FYTD)": still open, its months will be revised' },
    month: { definition: 'month as CBP abbreviates it (OCT … SEP)' },
    month_number: { definition: 'calendar month number, 1–12' },
    component: { definition: 'CBP component: Office of Field Operations (ports of entry) or U.S. Border Patrol (between ports)' },
    demographic: { definition: 'CBP demographic as published: Single Adults, Accompanied Minors, FMUA (individuals in a family unit), UAC (unaccompanied children)' },
    citizenship: { definition: 'citizenship grouping as published' },
    title_of_authority: { definition: 'Title 8 (immigration law) or Title 42 (public-health expulsions, March 2020 – May 2023)' },
    encounter_type: { definition: 'Apprehensions, Inadmissibles or Expulsions' },
    source: { definition: 'the CSV file the row was ingested from' },
  },
  measures: { encounters: { aggregate: 'sum', column: 'encounter_count', definition: 'sum of CBP\'s encounter counts in the group (encounters are events: one person may be encountered more than once)' } },
  caveats: () => ['CBP counts encounters, not people: a person encountered twice counts twice.', 'A year marked FYTD is incomplete and revised monthly.'],
};

export const facilityPopulationReport: ReportTable = {
  name: 'facility-population',
  view: 'facility_population_enriched',
  unit: 'facility-days (one facility on one day, in one dataset)',
  defaultBy: ['dataset', 'fiscal_year'],
  dimensions: {
    dataset: { definition: 'ddp-facility-population: the Deportation Data Project\'s daily population per facility (people detained at the facility on the day); uwchr-headcount: UWCHR\'s daily headcount per facility, derived from ICE detention records. Two derivations of overlapping periods: compare them, never add them' },
    day: { definition: 'the day, YYYY-MM-DD' },
    month: { definition: 'the month of the day, YYYY-MM' },
    fiscal_year: { definition: 'federal fiscal year of the day (October–September; FY2024 = 2023-10-01 … 2024-09-30)' },
    facility_code: { definition: 'ICE detention facility code as published' },
    facility_name: { definition: 'facility name as the Deportation Data Project publishes it (UWCHR\'s headcount has codes only: NULL)' },
    state: { definition: 'state of the facility, where a stored source names it for the code (the ICE workbooks\' facility list through the codes they print, else DDP detainer records); NULL where none does' },
    aor: { definition: 'ICE area of responsibility of the facility, from the same sources as state; NULL where none names it' },
    attribute_source: { definition: 'where state and AOR come from for the code: ice-detention-stats facility list, ddp detainers, or none' },
    source: { definition: 'the file the row was ingested from' },
  },
  measures: {
    population: { aggregate: 'sum', column: 'n_detained', definition: 'sum of the daily population over the group: on one day, the people detained; over several days, person-days (divide by the number of days for an average daily population)' },
    population_at_midnight: { aggregate: 'sum', column: 'n_detained_at_midnight', definition: 'the same for people detained at midnight (Deportation Data Project dataset only; NULL rows in UWCHR\'s headcount are not summed)' },
  },
  rowKey: ['source_id', 'source_row'],
  caveats: ({ releases }) => [
    'Derived by researchers from ICE detention records, not published by ICE: the daily counts follow each dataset\'s own rules (see docs/official.md).',
    ...(releases.length > 1 ? ['Both datasets are in this answer: filter by dataset, as they overlap and must not be added.'] : []),
    'State and AOR are known only for the facility codes a stored source names; the rest are NULL (the share is in docs/official.md).',
  ],
};

export const OFFICIAL_REPORTS: ReportTable[] = [facilityPopulationReport, officialFiguresReport, detainedNowReport, bookInsReport, bookOutsReport, detentionFacilitiesReport, cbpEncountersReport];
