import type { ReportTable } from '../types.ts';
import { CRIMINALITY_DIMENSION, PATHWAY_DIMENSIONS, REMOVALS_INCOMPLETE_CAVEAT } from './records-common.ts';

export const journeysReport: ReportTable = {
  name: 'journeys',
  view: 'journeys',
  unit: 'journeys (one per person and arrest date within a release: the arrest, the first detention book-in and the first removal after it, before the next arrest)',
  defaultBy: ['pathway', 'month'],
  dimensions: {
    month: { definition: 'month of the removal (departed date), YYYY-MM; empty for journeys without a removal' },
    arrest_month: { definition: 'month of the arrest, YYYY-MM (recent months have had less time to end in removal)' },
    fiscal_year: { definition: 'fiscal year of the removal (departed date)' },
    removed: { definition: 'yes when a removal of the same person in the same release follows the arrest (before any later arrest)' },
    detained: { definition: 'yes when a detention book-in of the same person follows the arrest (before any later arrest)' },
    criminality: CRIMINALITY_DIMENSION('Apprehension Criminality of the arrest'),
    ...PATHWAY_DIMENSIONS,
    case_category: { column: 'pathway_case_category', definition: 'case category of the removal (else of the arrest row), or the one its processing disposition stands for' },
    citizenship_country: { definition: 'country of citizenship on the arrest row' },
    departure_country: { definition: 'country of removal' },
    third_country: { definition: 'yes when the country of removal differs from the citizenship on the arrest row' },
    release: { definition: 'the release whose anonymized identifier links the rows (persons are never linked across releases)' },
  },
  measures: {
    median_days_arrest_to_removal: { aggregate: 'median', column: 'days_arrest_to_removal', definition: 'median days from the arrest date to the departed date, over journeys that end in removal' },
    median_days_arrest_to_book_in: { aggregate: 'median', column: 'days_arrest_to_book_in', definition: 'median days from the arrest date to the first detention book-in' },
    median_days_arrest_to_final_order: { aggregate: 'median', column: 'days_arrest_to_final_order', definition: 'median days from the arrest to the final order date (negative when the order predates the arrest, as a reinstated prior order does)' },
  },
  rowKey: ['release', 'person_id', 'arrest_date'],
  sourceColumns: ['source_id', 'stay_source_id', 'removal_source_id'],
  fields: {
    days_arrest_to_removal: { column: 'days_arrest_to_removal', definition: 'days from the arrest date to the departed date (journeys that end in removal)' },
    days_arrest_to_book_in: { column: 'days_arrest_to_book_in', definition: 'days from the arrest date to the first detention book-in' },
    days_book_in_to_removal: { column: 'days_book_in_to_removal', definition: 'days from the first book-in to the departed date' },
    days_arrest_to_final_order: { column: 'days_arrest_to_final_order', definition: 'days from the arrest to the final order date (negative when the order predates the arrest)' },
  },
  caveats: ({ releases }) => [
    'Journeys link arrests, detention stays and removals through the anonymized identifier within one release; a person whose identifier is redacted in one table cannot be linked.',
    ...(releases.includes('ddp-latest') ? [REMOVALS_INCOMPLETE_CAVEAT] : []),
  ],
};
