/** The record reports of the Deportation Data Project, ARTS and aggregate tables, registered in ../catalog.ts with one line. */
import type { ReportTable } from '../types.ts';
import { aggregatesReport } from './aggregates.ts';
import { arrestsReport } from './arrests.ts';
import { artsMissionsReport } from './arts-missions.ts';
import { artsPassengersReport } from './arts-passengers.ts';
import { detainersReport } from './detainers.ts';
import { detentionStaysReport } from './detention-stays.ts';
import { encountersReport } from './encounters.ts';
import { journeysReport } from './journeys.ts';

export const RECORD_REPORTS: ReportTable[] = [
  arrestsReport, encountersReport, detainersReport, detentionStaysReport, journeysReport, artsPassengersReport, artsMissionsReport, aggregatesReport,
];
