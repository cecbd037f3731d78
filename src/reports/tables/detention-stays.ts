import type { ReportTable } from '../types.ts';
import { CRIMINALITY_DIMENSION, DATE_DIMENSIONS, ddpCaveats, PATHWAY_DIMENSIONS, PERSON_DIMENSIONS } from './records-common.ts';

export const detentionStaysReport: ReportTable = {
  name: 'detention_stays',
  view: 'detention_stays_enriched',
  unit: 'detention placements (one row per facility book-in as released; a stay with transfers has several rows)',
  defaultBy: ['month'],
  dimensions: {
    ...DATE_DIMENSIONS('Stay book-in date'),
    criminality: CRIMINALITY_DIMENSION('Book In Criminality'),
    facility_code: { definition: 'ICE detention facility code, as published' },
    facility_name: { definition: 'detention facility, as published' },
    release_reason: { definition: 'why the stay ended ("Stay Release Reason": Removed, Released, Transferred …), as published' },
    detention_release_reason: { definition: 'why this placement ended ("Detention Release Reason"), as published' },
    ...PATHWAY_DIMENSIONS,
    ...PERSON_DIMENSIONS,
  },
  measures: {
    median_days_detained: { aggregate: 'median', column: 'days_detained', definition: 'median days from stay book-in to stay book-out, over rows with both dates (open stays left out)' },
  },
  fields: {
    days_detained: { column: 'days_detained', definition: 'days from stay book-in to stay book-out (open stays blank)' },
  },
  caveats: ({ releases }) => ddpCaveats(releases),
};
