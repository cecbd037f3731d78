import type { ReportTable } from '../types.ts';
import { DATE_DIMENSIONS } from './records-common.ts';

export const artsMissionsReport: ReportTable = {
  name: 'arts_missions',
  view: 'arts_missions_enriched',
  unit: 'ICE Air (ARTS) missions (one row per mission as released)',
  defaultBy: ['month'],
  dimensions: {
    ...DATE_DIMENSIONS('Mission date'),
    vendor: { definition: 'charter vendor (msnVendor), as published' },
    tail_number: { definition: 'aircraft registration (MsnTailNumber), as published' },
    start_airport: { definition: 'first airport of the mission (MsnStart)' },
    end_airport: { definition: 'last airport of the mission (MsnEnd)' },
    airports: { definition: 'number of airports on the mission: start, up to eight stops, end' },
    release: { definition: 'arts: ICE Air ARTS manifests released to UWCHR under FOIA' },
    source: { definition: 'file the row was ingested from' },
  },
  measures: {
    passengers: { aggregate: 'sum', column: 'mission_passengers', definition: 'sum of MissionPassengers as published' },
    cost: { aggregate: 'sum', column: 'total_cost', definition: 'sum of MissionTotalCost as published (U.S. dollars)' },
  },
  fields: {
    passengers: { column: 'mission_passengers', definition: 'MissionPassengers as published' },
    cost: { column: 'total_cost', definition: 'MissionTotalCost as published (U.S. dollars)' },
  },
  caveats: () => ['ARTS mission costs and passenger counts are ICE\'s own figures as released; cancelled missions keep their row (see cancel_reason).'],
};
