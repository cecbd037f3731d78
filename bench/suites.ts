/** Every benchmark suite; each area registers its own here. */
import type { BenchSuite } from './types.ts';
import { recordsJourneysSuite, recordsParquetSuite, recordsXlsxSuite } from './records.bench.ts';
import { webSuite } from './web.bench.ts';
import { eroLesaCsvSuite, eroLesaXlsxSuite } from './ero-lesa.bench.ts';
import { xlsxReaderSuite } from './xlsx.bench.ts';
import { flightsSuite } from './flights.bench.ts';
import { apiSuite } from './api.bench.ts';
import { adsbSuite } from './adsb.bench.ts';
import { rulesClaimsSuite } from './rules-claims.bench.ts';

export const SUITES: BenchSuite[] = [
  eroLesaCsvSuite,
  eroLesaXlsxSuite,
  xlsxReaderSuite,
  webSuite,
  recordsXlsxSuite, recordsParquetSuite, recordsJourneysSuite,
  flightsSuite,
  apiSuite,
  adsbSuite,
  rulesClaimsSuite,
];
