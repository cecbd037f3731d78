import type { ReportTable } from '../types.ts';
import { CRIMINALITY_DIMENSION, DATE_DIMENSIONS, ddpCaveats, PATHWAY_DIMENSIONS, PERSON_DIMENSIONS } from './records-common.ts';

export const encountersReport: ReportTable = {
  name: 'encounters',
  view: 'encounters_enriched',
  unit: 'ICE encounters (one row per encounter event as released)',
  defaultBy: ['month'],
  dimensions: {
    ...DATE_DIMENSIONS('Event date'),
    criminality: CRIMINALITY_DIMENSION('Encounter Criminality'),
    aor: { definition: 'responsible ICE Area of Responsibility, as published' },
    lead_event_type: { definition: 'lead event type, as published' },
    lead_source: { definition: 'lead source (e.g. Secure Communities), as published' },
    event_type: { definition: 'event type, as published' },
    processing_disposition: { definition: 'processing disposition as published (e.g. Notice to Appear (I-862), Expedited Removal (I-860))' },
    ...PATHWAY_DIMENSIONS,
    ...PERSON_DIMENSIONS,
  },
  caveats: ({ releases }) => ddpCaveats(releases),
};
