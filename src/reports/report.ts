/** Validates a report request against the catalog and runs it through the store. */
import { splitCsvLine } from '../domain/csv.ts';
import { UsageError } from '../domain/errors.ts';
import type { Store } from '../engine/db.ts';
import { groupedCountWithRollups } from '../engine/stored-rollups.ts';
import { reportTable } from './catalog.ts';
import type { GroupedCount, GroupedCountQuery } from '../engine/grouped-count.ts';
import type { Filter, FilterOp, ReportRequest, ReportResult, ReportTable } from './types.ts';

const OPS: FilterOp[] = ['>=', '<=', '!=', '=', '>', '<'];

/** `month=2019-01`, `fiscal_year>=FY2015`, `pathway=expedited_removal,reinstatement`. */
export function parseFilter(text: string): Filter {
  for (const op of OPS) {
    const at = text.indexOf(op);
    if (at > 0) {
      const dimension = text.slice(0, at).trim();
      // A comma separates values; a value holding a comma is written in double quotes, as in CSV:
      // citizenship_country="CHINA, PEOPLES REPUBLIC OF",MEXICO
      const values = splitCsvLine(text.slice(at + op.length)).map((v) => v.trim());
      // `fiscal_year=` splits into no value at all: the same "empty value" as `a,,b`.
      if (values.length === 0 || values.some((v) => v === '')) throw new UsageError(`filter "${text}" has an empty value`);
      if (values.length > 1 && op !== '=' && op !== '!=') throw new UsageError(`filter "${text}": only = and != take several values`);
      return { dimension, op, values };
    }
  }
  throw new UsageError(`filter "${text}" is not DIM=VALUE (operators: ${OPS.join(' ')})`);
}

export function parseBy(text: string | undefined): string[] {
  return text ? text.split(',').map((s) => s.trim()).filter(Boolean) : [];
}

/**
 * `weight`: the store holds a pre-aggregated copy of the table's view with this count column (the
 * server's rollups, src/engine/rollups.ts); without it, a writable store answers through the rollups it
 * keeps (src/engine/stored-rollups.ts).
 */
export async function runReport(store: Store, request: ReportRequest, options: { weight?: string } = {}): Promise<ReportResult> {
  const { table, by, query } = compileReport(request, options);
  return reportResult(table, by, request, await groupedCountWithRollups(store, query));
}

/** A request checked against the catalog, as the engine's grouped-count query (what every engine's compiler takes). */
export function compileReport(request: ReportRequest, options: { weight?: string } = {}): { table: ReportTable; by: string[]; query: GroupedCountQuery } {
  const table = reportTable(request.table);
  const by = request.by.length ? request.by : table.defaultBy;
  const known = Object.keys(table.dimensions);
  for (const name of [...by, ...request.where.map((f) => f.dimension)]) {
    if (!known.includes(name)) throw new UsageError(`"${name}" is not a dimension of ${table.name}; dimensions: ${known.join(', ')}`);
  }
  const column = (name: string) => table.dimensions[name].column ?? name;
  const query: GroupedCountQuery = {
    view: table.view,
    by: by.map((name) => ({ name, column: column(name) })),
    where: request.where.map((f) => ({ ...f, column: column(f.dimension) })),
    limit: request.limit,
    measures: Object.entries(table.measures ?? {}).map(([name, m]) => ({ name, aggregate: m.aggregate, column: m.column })),
    sourceColumns: table.sourceColumns,
    weight: options.weight,
  };
  return { table, by, query };
}

/** The report from the engine's grouped count: definitions, sources, caveats. */
export function reportResult(table: ReportTable, by: string[], request: ReportRequest, result: GroupedCount): ReportResult {
  const definitions: Record<string, string> = { n: `number of ${table.unit}` };
  for (const name of new Set([...by, ...request.where.map((f) => f.dimension)])) definitions[name] = table.dimensions[name].definition;
  for (const [name, m] of Object.entries(table.measures ?? {})) definitions[name] = m.definition;
  return {
    table: table.name, by, where: request.where.map(({ dimension, op, values }) => ({ dimension, op, values })),
    rows: result.rows, total: result.total, unit: table.unit, definitions, sources: result.sources,
    caveats: table.caveats?.({ releases: result.releases, kinds: result.sources.map((s) => s.kind) }) ?? [],
    synthetic: result.sources.some((s) => s.synthetic),
    truncated: result.truncated,
    ...(table.measures ? { measures: Object.keys(table.measures), measureTotals: result.measureTotals } : {}),
  };
}
