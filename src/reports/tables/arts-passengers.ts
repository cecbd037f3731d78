import type { ReportTable } from '../types.ts';
import { DATE_DIMENSIONS, PATHWAY_DIMENSIONS } from './records-common.ts';

export const artsPassengersReport: ReportTable = {
  name: 'arts_passengers',
  view: 'arts_passengers_enriched',
  unit: 'passenger rows of ICE Air (ARTS) manifests (one row per person per mission leg)',
  defaultBy: ['month'],
  dimensions: {
    ...DATE_DIMENSIONS('Mission date'),
    criminality: { definition: 'ARTS "Criminality": criminal / non_criminal as ICE recorded it on the manifest (a two-way flag, not the three DDP categories); unknown when blank' },
    removal_or_transfer: { column: 'removal_or_transfer_kind', definition: 'ARTS "R-T": removal (R, leaving the United States) or transfer (T, a domestic leg)' },
    juvenile: { column: 'is_juvenile', definition: 'ARTS "Juvenile" flag: yes, no, unknown' },
    pickup_airport: { definition: 'pick-up airport (PULOC), as published' },
    dropoff_airport: { definition: 'drop-off airport (DropLoc), as published' },
    dropoff_country: { definition: 'country of the drop-off airport, as published' },
    citizenship_country: { definition: 'country of citizenship as published' },
    third_country: { definition: 'yes when the drop-off country differs from the country of citizenship (compared as published), unknown when either is blank' },
    status: { column: 'status_raw', definition: 'ARTS "Status" as published (a case code like 16 or words like REINST)' },
    ...PATHWAY_DIMENSIONS,
    release: { definition: 'arts: ICE Air ARTS manifests released to UWCHR under FOIA' },
    source: { definition: 'file the row was ingested from' },
  },
  caveats: () => [
    'ARTS manifests list people scheduled on ICE Air mission legs: a person flown on a transfer leg and then a removal leg appears twice; rows with StrikeFromList set did not fly as listed. Later installments are more heavily redacted.',
  ],
};
