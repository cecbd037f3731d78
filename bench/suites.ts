/**
 * Every benchmark suite; each area registers its own here. Suites are loaded by name, one per child
 * process (bench/run.ts), so a suite's peak memory counts only the modules it imports itself, not
 * every other suite's (importing them all added ~75 MB to each child).
 */
import type { BenchSuite } from './types.ts';

export const SUITES: { name: string; load(): Promise<BenchSuite> }[] = [
  { name: 'ero-lesa-csv', load: async () => (await import('./ero-lesa.bench.ts')).eroLesaCsvSuite },
  { name: 'ero-lesa-xlsx', load: async () => (await import('./ero-lesa.bench.ts')).eroLesaXlsxSuite },
  { name: 'xlsx-reader', load: async () => (await import('./xlsx.bench.ts')).xlsxReaderSuite },
  { name: 'web', load: async () => (await import('./web.bench.ts')).webSuite },
  { name: 'records-xlsx', load: async () => (await import('./records.bench.ts')).recordsXlsxSuite },
  { name: 'records-parquet', load: async () => (await import('./records.bench.ts')).recordsParquetSuite },
  { name: 'records-journeys', load: async () => (await import('./records.bench.ts')).recordsJourneysSuite },
  { name: 'flights', load: async () => (await import('./flights.bench.ts')).flightsSuite },
  { name: 'api', load: async () => (await import('./api.bench.ts')).apiSuite },
  { name: 'adsb', load: async () => (await import('./adsb.bench.ts')).adsbSuite },
  { name: 'feeds', load: async () => (await import('./feeds.bench.ts')).feedsSuite },
  { name: 'watch', load: async () => (await import('./watch.bench.ts')).watchSuite },
  { name: 'rules-claims', load: async () => (await import('./rules-claims.bench.ts')).rulesClaimsSuite },
  { name: 'official', load: async () => (await import('./official.bench.ts')).officialSuite },
  { name: 'clickhouse', load: async () => (await import('./clickhouse.bench.ts')).clickhouseSuite },
];
