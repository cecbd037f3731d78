/** The one grouped-count query behind every report, plus the provenance of what it counted. */
import type { FilterOp } from '../reports/types.ts';
import type { Param, Row, Store } from './db.ts';
import { sqlIdent } from './sql.ts';

export interface GroupedCountQuery {
  view: string;
  by: { name: string; column: string }[];
  where: { column: string; op: FilterOp; values: string[] }[];
  limit?: number;
}

export interface GroupedCount {
  rows: Row[];
  total: number;
  truncated: boolean;
  sources: { source_id: number; path: string; sha256: string; kind: string; synthetic: boolean }[];
  releases: string[];
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
  const rows = await store.all(`SELECT ${[...dims, 'count(*) AS n'].join(', ')} FROM ${view} ${where} ${groupBy}`, params);
  const total = rows.reduce((sum, r) => sum + Number(r.n), 0);
  const truncated = query.limit !== undefined && rows.length > query.limit;
  const hasRelease = (await store.all(`SELECT 1 FROM information_schema.columns WHERE table_name = $1 AND column_name = 'release'`, [query.view])).length > 0;
  const provenance = await store.all<{ source_id: number; releases: string[] }>(
    `SELECT source_id, ${hasRelease ? 'list(DISTINCT release)' : '[]::VARCHAR[]'} AS releases FROM ${view} ${where} GROUP BY source_id`, params);
  const ids = provenance.map((p) => p.source_id);
  const sources = ids.length === 0 ? [] : await store.all<GroupedCount['sources'][number] & Row>(
    `SELECT source_id, path, sha256, kind, synthetic FROM sources WHERE source_id IN (${ids.join(', ')}) ORDER BY source_id`);
  const releases = [...new Set(provenance.flatMap((p) => p.releases ?? []))].sort();
  return { rows: truncated ? rows.slice(0, query.limit) : rows, total, truncated, sources, releases };
}
