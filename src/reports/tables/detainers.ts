import type { ReportTable } from '../types.ts';
import { CRIMINALITY_DIMENSION, DATE_DIMENSIONS, ddpCaveats, PATHWAY_DIMENSIONS, PERSON_DIMENSIONS } from './records-common.ts';

export const detainersReport: ReportTable = {
  name: 'detainers',
  view: 'detainers_enriched',
  unit: 'ICE detainers (one row per detainer request sent to a jail or prison)',
  defaultBy: ['month'],
  dimensions: {
    ...DATE_DIMENSIONS('Detainer prepare date'),
    criminality: CRIMINALITY_DIMENSION('Detainer Prepared Criminality'),
    state: { definition: 'state of the jail or prison receiving the detainer ("Facility State")' },
    aor: { definition: 'ICE Area of Responsibility of that facility ("Facility AOR")' },
    facility_name: { definition: 'jail or prison receiving the detainer, as published' },
    detainer_type: { definition: 'detainer form, as published' },
    detainer_lift_reason: { definition: 'why the detainer ended (e.g. booked into ICE detention, declined by the agency), as published' },
    apprehension_method: { definition: 'how the person was later arrested, as published' },
    ...PATHWAY_DIMENSIONS,
    ...PERSON_DIMENSIONS,
  },
  caveats: ({ releases }) => ddpCaveats(releases),
};
