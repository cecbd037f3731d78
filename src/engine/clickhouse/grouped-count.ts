/**
 * The report query compiler for ClickHouse: the same GroupedCountQuery as DuckDB's (../grouped-count.ts),
 * the same answer (rows, total, sources, releases, measure totals), in SQL that 18.16 and current servers
 * both accept. Where the dialects differ:
 * - no ORDER BY position or GROUP BY ALL: the view's columns are picked under private aliases in a
 *   subquery (so a dimension's name never shadows a column a filter reads) and grouped by those;
 * - filters compare DuckDB's text form of a value: booleans (UInt8 commented `boolean`) read
 *   'true'/'false', dates are stored as ISO text already (./copy.ts);
 * - median is exact (the middle of the sorted values, the mean of the two middle ones for an even
 *   count), as DuckDB's; ClickHouse's `median` samples;
 * - a mean of no values is NULL, as in DuckDB (ClickHouse's avg gives nan).
 */
import { UsageError } from '../../domain/errors.ts';
import type { ColumnRef, Condition, GroupedCount, GroupedCountQuery, MeasureSpec } from '../grouped-count.ts';
import type { Row } from '../interface.ts';
import { chLiteral, type ClickHouseEngine } from './engine.ts';
import { quoteCh } from './copy.ts';

interface ColumnInfo { type: string; comment: string }

async function columnsOf(engine: ClickHouseEngine, table: string): Promise<Map<string, ColumnInfo>> {
  const rows = await engine.all<{ name: string; type: string; comment: string }>(
    'SELECT name, type, comment FROM system.columns WHERE database = currentDatabase() AND table = $1', [table]);
  return new Map(rows.map((r) => [r.name, { type: r.type, comment: r.comment }]));
}

const isBoolean = (c: ColumnInfo | undefined) => c?.comment === 'boolean';

function textOf(column: string, info: ColumnInfo | undefined): string {
  const q = quoteCh(column);
  if (isBoolean(info)) return `if(isNull(${q}), NULL, if(${q} = 1, 'true', 'false'))`;
  return `toString(${q})`;
}

export function whereSqlClickHouse(where: GroupedCountQuery['where'], columns: Map<string, ColumnInfo>): string {
  return where.length === 0 ? '' : `WHERE ${where.map((c) => conditionSql(c, columns)).join(' AND ')}`;
}

/** One condition: a comparison (a list, a range) or "any of" several, as DuckDB's compiler reads it. */
function conditionSql(condition: Condition, columns: Map<string, ColumnInfo>): string {
  if ('any' in condition) return `(${condition.any.map((c) => conditionSql(c, columns)).join(' OR ')})`;
  const { column, op, values, range } = condition;
  refuseUnsupported(condition, 'a filter');
  const text = textOf(column, columns.get(column));
  const literals = values.map((v) => chLiteral(v));
  if (range) return `${op === '!=' ? 'NOT ' : ''}(${text} BETWEEN ${literals[0]} AND ${literals[1]})`;
  if (values.length > 1) return `${text} ${op === '!=' ? 'NOT IN' : 'IN'} (${literals.join(', ')})`;
  return `${text} ${op} ${literals[0]}`;
}

/**
 * What this compiler does not do yet — time bins, raw published cells, shares, changes, top N, a unit
 * other than rows — is refused with a plain message rather than answered differently from DuckDB.
 */
function refuseUnsupported(ref: ColumnRef, where: string): void {
  if (ref.bin) throw new UsageError(`time bins (${ref.bin}) are not yet compiled for ClickHouse (${where} on ${ref.column}); run the report on DuckDB`);
  if (ref.key !== undefined) throw new UsageError(`raw published cells (raw.${ref.key}) are not yet compiled for ClickHouse; run the report on DuckDB`);
}

function refuseUnsupportedQuery(query: GroupedCountQuery): void {
  for (const d of query.by) refuseUnsupported(d, 'a group');
  for (const m of query.measures ?? []) {
    if (m.kind === 'share' || m.kind === 'change') throw new UsageError(`the ${m.kind} measure is not yet compiled for ClickHouse; run the report on DuckDB`);
    if (m.input) refuseUnsupported(m.input, `the measure ${m.name}`);
  }
  if (query.sort?.length || query.top !== undefined || query.others) throw new UsageError('--sort and --top are not yet compiled for ClickHouse; run the report on DuckDB');
  if (query.countDistinct) throw new UsageError('a --count other than rows is not yet compiled for ClickHouse; run the report on DuckDB');
}

/** As DuckDB's compiler: a sum of whole numbers is a whole number, a sum of decimals stays as it is. */
function measureSql(m: MeasureSpec, v: string, type: string | undefined): string {
  switch (m.kind) {
    case 'sum': return type && /Int/.test(type) ? `toInt64(sum(${v}))` : `sum(${v})`;
    case 'count': return `toInt64(count(${v}))`;
    case 'count_distinct': return `toInt64(uniqExact(${v}))`;
    case 'mean': return `if(count(${v}) = 0, NULL, round(avg(${v}), 1))`;
    case 'median': {
      const a = `arraySort(groupArray(${v}))`;
      return `if(length(${a}) = 0, NULL, round(if(length(${a}) % 2 = 1, toFloat64(${a}[intDiv(length(${a}) + 1, 2)]), (${a}[intDiv(length(${a}), 2)] + ${a}[intDiv(length(${a}), 2) + 1]) / 2), 1))`;
    }
    case 'min': return `min(${v})`;
    case 'max': return `max(${v})`;
    default: throw new UsageError(`the ${m.kind} measure is not yet compiled for ClickHouse`);
  }
}

/** The column a measure reads (a count of rows reads none). */
const inputOf = (m: MeasureSpec): string => m.input?.column ?? '_one';

export async function runGroupedCountClickHouse(engine: ClickHouseEngine, query: GroupedCountQuery): Promise<GroupedCount> {
  refuseUnsupportedQuery(query);
  const columns = await columnsOf(engine, query.view);
  if (columns.size === 0) throw new Error(`ClickHouse: no table ${query.view} in ${engine.address.database}`);
  const where = whereSqlClickHouse(query.where, columns);
  const view = quoteCh(query.view);
  const measures = query.measures ?? [];
  const inner = [
    ...query.by.map((d, i) => `${quoteCh(d.column)} AS _d${i}`),
    ...measures.map((m, i) => `${m.input ? quoteCh(inputOf(m)) : '1'} AS _m${i}`),
    ...(query.weight ? [`${quoteCh(query.weight)} AS _w`] : []),
  ];
  const outer = [
    ...query.by.map((d, i) => `_d${i} AS ${quoteCh(d.name)}`),
    query.weight ? 'toInt64(sum(_w)) AS n' : 'count() AS n',
    ...measures.map((m, i) => `${measureSql(m, `_m${i}`, columns.get(inputOf(m))?.type)} AS ${quoteCh(m.name)}`),
  ];
  const group = query.by.length ? `GROUP BY ${query.by.map((_, i) => `_d${i}`).join(', ')} ORDER BY ${query.by.map((_, i) => `_d${i} ASC NULLS LAST`).join(', ')}` : '';
  const sql = `SELECT ${outer.join(', ')} FROM (SELECT ${inner.length ? inner.join(', ') : '1 AS _one'} FROM ${view} ${where}) ${group}`;
  const booleans = new Set([
    ...query.by.filter((d) => isBoolean(columns.get(d.column))).map((d) => d.name),
    ...measures.filter((m) => (m.kind === 'min' || m.kind === 'max') && isBoolean(columns.get(inputOf(m)))).map((m) => m.name),
  ]);
  const rows = (await engine.all(sql)).map((r) => {
    const out: Row = {};
    for (const [k, v] of Object.entries(r)) out[k] = booleans.has(k) && v !== null ? v === 1 || v === '1' : k === 'n' ? Number(v) : v;
    return out;
  });
  const total = rows.reduce((sum, r) => sum + Number(r.n), 0);
  const truncated = query.limit !== undefined && rows.length > query.limit;
  const hasRelease = columns.has('release');
  const sourceColumns = query.sourceColumns ?? ['source_id'];
  const sourceId = sourceColumns.length === 1 ? quoteCh(sourceColumns[0]) : `arrayJoin([${sourceColumns.map(quoteCh).join(', ')}])`;
  const provenance = (await engine.all<{ source_id: number | null; releases: string[] }>(
    `SELECT _s AS source_id, ${hasRelease ? 'groupUniqArray(_r)' : 'emptyArrayString()'} AS releases FROM (
       SELECT ${sourceId} AS _s${hasRelease ? ', `release` AS _r' : ''} FROM ${view} ${where}) GROUP BY _s`))
    .filter((p) => p.source_id !== null);
  const ids = provenance.map((p) => Number(p.source_id));
  const sources = ids.length === 0 ? [] : (await engine.all<GroupedCount['sources'][number] & Row>(
    `SELECT source_id, path, sha256, kind, synthetic FROM sources WHERE source_id IN (${ids.join(', ')}) ORDER BY source_id`))
    .map((s) => ({ ...s, source_id: Number(s.source_id), synthetic: Number(s.synthetic) === 1 }));
  const releases = [...new Set(provenance.flatMap((p) => p.releases ?? []))].sort();
  const additive = measures.filter((m) => m.kind === 'sum' || m.kind === 'count');
  const measureTotals = additive.length ? Object.fromEntries(additive.map((m) => [m.name, rows.reduce((sum, r) => sum + Number(r[m.name] ?? 0), 0)])) : undefined;
  return { rows: truncated ? rows.slice(0, query.limit) : rows, total, truncated, sources, releases, ...(measureTotals ? { measureTotals } : {}) };
}
