/** Reports from a ClickHouse database: the same catalog and request rules, compiled by the ClickHouse engine. */
import type { ClickHouseEngine } from '../engine/clickhouse/engine.ts';
import { runGroupedCountClickHouse } from '../engine/clickhouse/grouped-count.ts';
import { compileReport, reportResult } from './report.ts';
import type { ReportRequest, ReportResult } from './types.ts';

export async function runReportClickHouse(engine: ClickHouseEngine, request: ReportRequest): Promise<ReportResult> {
  const compiled = compileReport(request);
  return reportResult(compiled, request, await runGroupedCountClickHouse(engine, compiled.query));
}
