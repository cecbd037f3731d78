/** Every reportable table. A new table registers here the same way the built-ins do. */
import { UsageError } from '../domain/errors.ts';
import { removalsReport } from './tables/removals.ts';
import { removalsJudgeShareReport } from './tables/removals-judge-share.ts';
import { RECORD_REPORTS } from './tables/records.ts';
import { flightMissionsReport, flightsReport, passengerCountsReport, trackerRowsReport } from './tables/flights.ts';
import { sightingsReport } from './tables/sightings.ts';
import { OFFICIAL_REPORTS } from './tables/official.ts';
import { jailDetainersReport } from './tables/jail-detainers.ts';
import { artsLegsReport } from './tables/arts-legs.ts';
import type { ReportTable } from './types.ts';

export const REPORT_TABLES: readonly ReportTable[] = [
  removalsReport,
  removalsJudgeShareReport,
  ...RECORD_REPORTS,
  flightsReport,
  flightMissionsReport,
  trackerRowsReport,
  passengerCountsReport,
  sightingsReport,
  ...OFFICIAL_REPORTS,
  jailDetainersReport,
  artsLegsReport,
];

export function reportTable(name: string): ReportTable {
  const table = REPORT_TABLES.find((t) => t.name === name);
  if (!table) throw new UsageError(`no report named "${name}"; reports: ${REPORT_TABLES.map((t) => t.name).join(', ')}`);
  return table;
}
