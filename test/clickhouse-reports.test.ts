/**
 * The report catalog on ClickHouse: the demo's synthetic files go through the real pipeline into DuckDB;
 * each report table's view and `sources` are published to a real two-shard ClickHouse cluster
 * (src/engine/clickhouse/copy.ts: view rows spread over both shards); then every report table is asked
 * the same questions on both engines — its default grouping, every dimension alone, and filters with =,
 * != and several values — and the answers (rows, total, sources, releases, measures, caveats) must be
 * identical.
 */
import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { openProject } from '../src/app/project.ts';
import { ClickHouseEngine } from '../src/engine/clickhouse/engine.ts';
import { copyFromDuckDB } from '../src/engine/clickhouse/copy.ts';
import type { Store } from '../src/engine/db.ts';
import { ingestFile } from '../src/ingest/ingest.ts';
import { REPORT_TABLES } from '../src/reports/catalog.ts';
import { runReportClickHouse } from '../src/reports/clickhouse.ts';
import { runReport } from '../src/reports/report.ts';
import type { ReportRequest, ReportResult } from '../src/reports/types.ts';
import { clusterFor, type Cluster } from './helpers/clickhouse.ts';
import { existsSync } from 'node:fs';
import { sharedDataPath } from './helpers/shared-data.ts';
import { scratchDirSync } from './helpers/store.ts';
import { demoFiles } from './helpers/web.ts';

const REAL_FILES = ['records/ice-removals-by-citizenship-fy2017-2018.csv', 'records/ddp-arrests-criminality-by-state-month.csv',
  'adsb/opensky-snapshots/ice-hubs-2026-05.json', 'official-stats/FY26_detentionStats_02122026.xlsx', 'official-stats/cbp-sw-border-encounters-fy22-fy25aug.csv',
  'records/yakima-county-jail-ice-detainers-2016-10_2017-12.csv', 'flights/arts/arts-leg-passengers-2010-10_2018-12.csv'];

let cluster: Cluster | null = null;
let skipReason: string | null = null;
let store: Store | null = null;
let engine: ClickHouseEngine | null = null;

before(async () => {
  cluster = await clusterFor({ skip: (why: string) => { skipReason = why; } } as never);
  if (!cluster) return;
  const dir = scratchDirSync('dw-ch-reports-');
  store = await openProject(':memory:');
  for (const file of await demoFiles(dir)) await ingestFile(store, file);
  // Tables the demo leaves empty: published aggregates and OpenSky sightings, from the real files when present.
  for (const file of REAL_FILES.map(sharedDataPath).filter((p) => existsSync(p))) await ingestFile(store, file);
  engine = await ClickHouseEngine.open(cluster.url('reports'));
  await copyFromDuckDB(store, engine, 'sources', 'sources', { sharded: false });
  for (const view of new Set(REPORT_TABLES.map((t) => t.view))) await copyFromDuckDB(store, engine, view);
});
after(async () => {
  await engine?.closeAsync();
  store?.close();
  await cluster?.stop();
});

/** Sums of decimals differ in the last bits with the order they are added in: compared to a millionth. */
function comparable(r: ReportResult): unknown {
  const round = (v: unknown): unknown => (typeof v === 'number' && !Number.isInteger(v) ? Math.round(v * 1e6) / 1e6 : v);
  const roundAll = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, round(v)]));
  return JSON.parse(JSON.stringify({ ...r, rows: r.rows.map(roundAll), ...(r.measureTotals ? { measureTotals: roundAll(r.measureTotals) } : {}) }));
}

for (const table of REPORT_TABLES) {
  test(`report ${table.name}: the same answers on DuckDB and on the two-shard ClickHouse cluster`, async (t) => {
    if (!cluster || !store || !engine) { t.skip(skipReason ?? 'no ClickHouse cluster'); return; }
    const requests: ReportRequest[] = [{ table: table.name, by: [], where: [] }];
    for (const d of Object.keys(table.dimensions)) requests.push({ table: table.name, by: [d], where: [] });
    const base = await runReport(store, requests[0]);
    if (base.total === 0) { t.skip(`${table.name}: no rows in the test database (the demo has none, and its real files are too large for this test or absent)`); return; }
    // Filters on the first dimension of the default grouping, with values the data has.
    const first = base.by[0];
    const values = [...new Set(base.rows.map((r) => r[first]).filter((v) => v !== null && v !== undefined).map(String))];
    if (values.length) {
      requests.push({ table: table.name, by: base.by, where: [{ dimension: first, op: '=', values: [values[0]] }] });
      requests.push({ table: table.name, by: base.by, where: [{ dimension: first, op: '!=', values: [values[0]] }] });
      if (values.length > 2) requests.push({ table: table.name, by: [first], where: [{ dimension: first, op: '=', values: values.slice(0, 2) }] });
      requests.push({ table: table.name, by: base.by, where: [{ dimension: first, op: '>=', values: [values[Math.floor(values.length / 2)]] }] });
    }
    const failures: string[] = [];
    for (const request of requests) {
      const label = `${table.name} by ${request.by.join(',') || '(default)'} where ${JSON.stringify(request.where)}`;
      const duck: ReportResult | Error = await runReport(store, request).catch((e: Error) => e);
      const ch: ReportResult | Error = await runReportClickHouse(engine, request).catch((e: Error) => e);
      if (duck instanceof Error) {
        // A request DuckDB cannot answer (a catalog dimension its view lacks) fails on ClickHouse too.
        assert.ok(ch instanceof Error, `${label}: DuckDB failed (${duck.message.split('\n')[0]}) but ClickHouse answered`);
        failures.push(`${label}: ${duck.message.split('\n')[0]}`);
        continue;
      }
      assert.ok(!(ch instanceof Error), `${label}: ${ch instanceof Error ? ch.message : ''}`);
      assert.deepEqual(comparable(ch), comparable(duck), label);
    }
    if (failures.length) t.diagnostic(`requests that fail on both engines: ${failures.join('; ')}`);
  });
}
