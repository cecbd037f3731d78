/** The one grouped-count query behind every report, plus the provenance of what it counted. */
import type { FilterOp } from '../domain/filters.ts';
import type { Param, Row, Store } from './db.ts';
import { sqlIdent } from './sql.ts';

export interface GroupedCountQuery {
  view: string;
  by: { name: string; column: string }[];
  where: { column: string; op: FilterOp; values: string[] }[];
  limit?: number;
  /** Per-group values beside the count (see reports/types.ts Measure). */
  measures?: { name: string; aggregate: 'sum' | 'count' | 'median' | 'mean' | 'min' | 'max'; column: string }[];
  /** Columns naming the source files a row draws on (default: source_id). */
  sourceColumns?: string[];
  /**
   * Column holding how many rows each row of `view` stands for, when `view` is a pre-aggregated copy of
   * the view (the API's rollups, src/engine/rollups.ts): n = sum(weight) instead of count(*).
   */
  weight?: string;
}

export interface GroupedCount {
  rows: Row[];
  total: number;
  truncated: boolean;
  sources: { source_id: number; path: string; sha256: string; kind: string; synthetic: boolean }[];
  releases: string[];
  /** Sums over all groups of the additive measures (sum, count). */
  measureTotals?: Record<string, number>;
}

const AGGREGATES = { sum: 'sum', count: 'count', median: 'median', mean: 'avg', min: 'min', max: 'max' } as const;

function measureSql(m: NonNullable<GroupedCountQuery['measures']>[number]): string {
  const value = `${AGGREGATES[m.aggregate]}(${sqlIdent(m.column)})`;
  const typed = m.aggregate === 'sum' || m.aggregate === 'count' ? `CAST(${value} AS BIGINT)` : m.aggregate === 'mean' || m.aggregate === 'median' ? `round(${value}, 1)` : value;
  return `${typed} AS ${sqlIdent(m.name)}`;
}

/** Filters compare the text form of a column, so `true`, `2025-01-23` and `FY2013` all mean what they read. */
export function whereSql(where: GroupedCountQuery['where'], params: Param[]): string {
  if (where.length === 0) return '';
  const clauses = where.map(({ column, op, values }) => {
    const text = `CAST(${sqlIdent(column)} AS VARCHAR)`;
    const placeholders = values.map((v) => { params.push(v); return `$${params.length}`; });
    if (values.length > 1) return `${text} ${op === '!=' ? 'NOT IN' : 'IN'} (${placeholders.join(', ')})`;
    return `${text} ${op} ${placeholders[0]}`;
  });
  return `WHERE ${clauses.join(' AND ')}`;
}

export async function runGroupedCount(store: Store, query: GroupedCountQuery): Promise<GroupedCount> {
  const params: Param[] = [];
  const where = whereSql(query.where, params);
  const view = sqlIdent(query.view);
  const dims = query.by.map((d) => `${sqlIdent(d.column)} AS ${sqlIdent(d.name)}`);
  const groupBy = query.by.length ? `GROUP BY ALL ORDER BY ${query.by.map((_, i) => `${i + 1} NULLS LAST`).join(', ')}` : '';
  const measures = query.measures ?? [];
  const count = query.weight ? `CAST(sum(${sqlIdent(query.weight)}) AS BIGINT) AS n` : 'count(*) AS n';
  const rows = await store.all(`SELECT ${[...dims, count, ...measures.map(measureSql)].join(', ')} FROM ${view} ${where} ${groupBy}`, params);
  const total = rows.reduce((sum, r) => sum + Number(r.n), 0);
  const truncated = query.limit !== undefined && rows.length > query.limit;
  const hasRelease = (await store.all(`SELECT 1 FROM information_schema.columns WHERE table_name = $1 AND column_name = 'release'`, [query.view])).length > 0;
  const sourceColumns = query.sourceColumns ?? ['source_id'];
  const sourceId = sourceColumns.length === 1 ? sqlIdent(sourceColumns[0]) : `unnest([${sourceColumns.map(sqlIdent).join(', ')}])`;
  const provenance = (await store.all<{ source_id: number | null; releases: string[] }>(
    `SELECT source_id, list(DISTINCT release) FILTER (WHERE release IS NOT NULL) AS releases FROM (
       SELECT ${sourceId} AS source_id, ${hasRelease ? 'release' : 'NULL::VARCHAR AS release'} FROM ${view} ${where}) GROUP BY source_id`, params))
    .filter((p) => p.source_id !== null);
  const ids = provenance.map((p) => p.source_id);
  const sources = ids.length === 0 ? [] : await store.all<GroupedCount['sources'][number] & Row>(
    `SELECT source_id, path, sha256, kind, synthetic FROM sources WHERE source_id IN (${ids.join(', ')}) ORDER BY source_id`);
  const releases = [...new Set(provenance.flatMap((p) => p.releases ?? []))].sort();
  const additive = measures.filter((m) => m.aggregate === 'sum' || m.aggregate === 'count');
  const measureTotals = additive.length ? Object.fromEntries(additive.map((m) => [m.name, rows.reduce((sum, r) => sum + Number(r[m.name] ?? 0), 0)])) : undefined;
  return { rows: truncated ? rows.slice(0, query.limit) : rows, total, truncated, sources, releases, ...(measureTotals ? { measureTotals } : {}) };
}
