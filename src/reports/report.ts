/**
 * Validates a report request against the catalog, turns it into a plain description for the engine's
 * query compiler (src/engine/grouped-count.ts) and runs it: groups (with time bins and raw published
 * cells), filters (lists, ranges, OR), measures (counts, distinct counts, sums, means, medians, shares,
 * changes), order and top N. Every dimension and measure used comes back with its definition.
 */
import { UsageError } from '../domain/errors.ts';
import type { Store } from '../engine/db.ts';
import { isTimeBin, TIME_BINS, type ColumnRef, type Condition, type GroupedCount, type GroupedCountQuery, type MeasureSpec, type TimeBin } from '../engine/grouped-count.ts';
import { groupedCountWithRollups } from '../engine/stored-rollups.ts';
import { viewWithRawCells } from '../engine/raw-cells.ts';
import { reportTable } from './catalog.ts';
import type { Filter, FilterOp, ReportRequest, ReportResult, ReportTable } from './types.ts';

const OPS: FilterOp[] = ['>=', '<=', '!=', '=', '>', '<'];

/** Splits at `sep` outside double quotes. */
function splitOutsideQuotes(text: string, sep: string): string[] {
  const parts: string[] = [];
  let quoted = false, start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '"') quoted = !quoted;
    else if (!quoted && text[i] === sep) { parts.push(text.slice(start, i)); start = i + 1; }
  }
  parts.push(text.slice(start));
  return parts;
}

/**
 * `month=2019-01`, `fiscal_year>=FY2015`, `pathway=expedited_removal,reinstatement` (any of),
 * `departed_date=2019-01-01..2019-03-31` (a range, inclusive), `category=removal|observed=true` (either).
 */
export function parseFilter(text: string): Filter {
  const alternatives = splitOutsideQuotes(text, '|');
  if (alternatives.length > 1) {
    const [first, ...rest] = alternatives.map((a) => parseOne(a.trim()));
    return { ...first, or: rest };
  }
  return parseOne(text);
}

/**
 * Comma-separated values; a value in double quotes is taken exactly as written inside them (`""` is one
 * quote), so a raw cell with a trailing space can be named: `raw.Aircraft="B734 "`. Others are trimmed.
 */
function splitValues(text: string): string[] {
  return splitOutsideQuotes(text, ',').map((part) => {
    const quoted = /^\s*"((?:[^"]|"")*)"\s*$/.exec(part);
    return quoted ? quoted[1].replace(/""/g, '"') : part.trim();
  });
}

function parseOne(text: string): Filter {
  for (const op of OPS) {
    const at = text.indexOf(op);
    if (at > 0) {
      const dimension = text.slice(0, at).trim();
      // A comma separates values; a value holding a comma is written in double quotes, as in CSV:
      // citizenship_country="CHINA, PEOPLES REPUBLIC OF",MEXICO
      const values = splitValues(text.slice(at + op.length));
      // `fiscal_year=` splits into no value at all: the same "empty value" as `a,,b`.
      if (values.length === 0 || values.some((v) => v === '')) throw new UsageError(`filter "${text}" has an empty value`);
      if (values.length > 1 && op !== '=' && op !== '!=') throw new UsageError(`filter "${text}": only = and != take several values`);
      const range = values.length === 1 ? /^(.+?)\.\.(.+)$/.exec(values[0]) : null;
      if (range) {
        if (op !== '=' && op !== '!=') throw new UsageError(`filter "${text}": a range FROM..TO takes = (inside) or != (outside)`);
        return { dimension, op, values: [range[1], range[2]], range: true };
      }
      return { dimension, op, values };
    }
  }
  throw new UsageError(`filter "${text}" is not DIM=VALUE (operators: ${OPS.join(' ')})`);
}

export function parseBy(text: string | undefined): string[] {
  return text ? text.split(',').map((s) => s.trim()).filter(Boolean) : [];
}

const BIN_ALIASES: Record<string, TimeBin> = { week: 'week_ending_sun', 'W-SUN': 'week_ending_sun', 'W-MON': 'week_ending_mon', 'W': 'week_ending_sun', fy: 'fiscal_year', date: 'day' };

function timeBin(text: string): TimeBin {
  const bin = BIN_ALIASES[text] ?? text;
  if (!isTimeBin(bin)) throw new UsageError(`"${text}" is not a time bin; bins: ${Object.keys(TIME_BINS).join(', ')} (week = week_ending_sun)`);
  return bin;
}

interface Resolved {
  /** Output column name. */
  name: string;
  ref: ColumnRef;
  definition: string;
  dimension: string;
}

/** `departed_date:week_ending_sun`, `raw.Aircraft`, `pathway` → the column to read and what it means. */
function resolveDimension(table: ReportTable, spec: string, defaults: { bin?: TimeBin; timeZone?: string } = {}): Resolved {
  // `DIM:BIN`; a raw header may itself hold a colon, so for raw.<header> only a known bin after the last colon splits.
  const colon = spec.lastIndexOf(':');
  const suffix = colon > 0 ? spec.slice(colon + 1) : undefined;
  const splits = suffix !== undefined && (!spec.startsWith('raw.') || isTimeBin(BIN_ALIASES[suffix] ?? suffix));
  const bare = splits ? spec.slice(0, colon) : spec;
  const binText = splits ? suffix : undefined;
  if (bare.startsWith('raw.')) {
    if (!table.raw) throw new UsageError(`${table.name} keeps no raw published cells; raw.<column> is available in: tracker_rows`);
    const key = bare.slice(4);
    if (binText) throw new UsageError(`raw.${key}: raw cells are text as published and take no time bin`);
    return { name: bare, dimension: bare, ref: { column: table.raw.column, key }, definition: `the cell under the published header "${key}", exactly as in the file (spaces and case kept; blank when the file's header has no such column). ${table.raw.definition}` };
  }
  const dimension = table.dimensions[bare];
  if (!dimension) {
    const known = Object.keys(table.dimensions);
    throw new UsageError(`"${bare}" is not a dimension of ${table.name}; dimensions: ${known.join(', ')}${table.raw ? ', raw.<published column>' : ''}`);
  }
  const bin = binText !== undefined ? timeBin(binText) : dimension.time ? defaults.bin : undefined;
  if (bin && !dimension.time) throw new UsageError(`${bare} is not a date: a time bin needs one of ${Object.entries(table.dimensions).filter(([, d]) => d.time).map(([n]) => n).join(', ') || '(none in this report)'}`);
  const zone = dimension.time === 'timestamp' ? defaults.timeZone ?? 'UTC' : undefined;
  const ref: ColumnRef = { column: dimension.column ?? bare, ...(bin ? { bin } : {}), ...(bin && zone ? { timeZone: zone } : {}) };
  const definition = bin ? `${TIME_BINS[bin]}, of: ${dimension.definition}${zone ? ` (timestamps read in time zone ${zone})` : ''}` : dimension.definition;
  return { name: bin ? `${bare}_${bin}` : bare, dimension: bare, ref, definition };
}

/** Output names that are periods, so a change can be computed along them. */
function isPeriod(r: Resolved, table: ReportTable): boolean {
  return Boolean(r.ref.bin) || Boolean(table.dimensions[r.dimension]?.time) || /(^|_)(month|year|fiscal_year|calendar_year|week)$/.test(r.dimension);
}

function safeName(text: string): string {
  return text.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_|_$/g, '');
}

/** `distinct:registration`, `mean:age_at_removal`, `share`, `share:fiscal_year`, `change`, `change_pct:2019-01`. */
function resolveMeasure(table: ReportTable, spec: string, by: Resolved[], defaults: { bin?: TimeBin; timeZone?: string }, unit: string): { measure: MeasureSpec; definition: string } {
  const at = spec.indexOf(':');
  const kind = at < 0 ? spec : spec.slice(0, at);
  const arg = at < 0 ? undefined : spec.slice(at + 1);
  const field = (name: string | undefined) => {
    if (!name) throw new UsageError(`measure ${kind} needs a field: ${kind}:FIELD (fields of ${table.name}: ${Object.keys(table.fields ?? {}).join(', ') || 'none'})`);
    const f = table.fields?.[name];
    if (!f) throw new UsageError(`"${name}" is not a numeric field of ${table.name}; fields: ${Object.keys(table.fields ?? {}).join(', ') || 'none'}`);
    return f;
  };
  switch (kind) {
    case 'count':
      return { measure: { name: 'count', kind: 'count' }, definition: `the same as n: number of ${unit}` };
    case 'distinct': {
      if (!arg) throw new UsageError('distinct needs a dimension: distinct:DIM (e.g. distinct:registration)');
      const d = resolveDimension(table, arg, defaults);
      return { measure: { name: `distinct_${safeName(d.name)}`, kind: 'count_distinct', input: d.ref }, definition: `number of different values of ${d.name} among the group's rows (blank not counted): ${d.definition}` };
    }
    case 'sum': case 'mean': case 'median': case 'min': case 'max': {
      const f = field(arg);
      const what = { sum: 'sum', mean: 'mean (average)', median: 'median', min: 'smallest value', max: 'largest value' }[kind];
      const rounding = kind === 'mean' || kind === 'median' ? ', rounded to 0.1' : '';
      return { measure: { name: `${kind}_${arg}`, kind: kind === 'mean' ? 'mean' : kind, input: { column: f.column } }, definition: `${what} of ${arg} over the group's rows that have one (blank values left out${rounding}): ${f.definition}` };
    }
    case 'share': {
      const within = arg ? arg.split('+').map((w) => w.trim()) : [];
      const names = within.map((w) => {
        const found = by.find((b) => b.name === w || b.dimension === w);
        if (!found) throw new UsageError(`share:${arg}: ${w} must be one of the groups (--by ${by.map((b) => b.name).join(',')})`);
        return found.name;
      });
      return {
        measure: { name: names.length ? `share_pct_within_${names.map(safeName).join('_')}` : 'share_pct', kind: 'share', within: names },
        definition: names.length
          ? `n as a percentage of all n with the same ${names.join(' and ')} (the rows counted with the report's filters), rounded to 0.01`
          : 'n as a percentage of the report\'s total (every row counted with the report\'s filters, all groups), rounded to 0.01',
      };
    }
    case 'change': case 'change_pct': {
      const period = [...by].reverse().find((b) => isPeriod(b, table));
      if (!period) throw new UsageError(`${kind} needs a period among the groups: --by a date dimension with a time bin, month, fiscal_year …`);
      const percent = kind === 'change_pct';
      const name = arg ? `${kind}_vs_${safeName(arg)}` : kind;
      const others = by.filter((b) => b !== period).map((b) => b.name);
      const against = arg ? `the group with ${period.name} = ${arg}` : `the previous ${period.name} present in the result (a period with no counted rows is absent, not zero, so the previous one present is used)`;
      return {
        measure: { name, kind: 'change', over: period.name, percent, ...(arg ? { baseline: arg } : {}) },
        definition: `${percent ? 'change of n in percent (rounded to 0.1)' : 'difference of n'} against ${against}${others.length ? `, with the same ${others.join(', ')}` : ''}; blank when there is nothing to compare with`,
      };
    }
    default:
      throw new UsageError(`"${spec}" is not a measure; measures: count, distinct:DIM, sum:FIELD, mean:FIELD, median:FIELD, min:FIELD, max:FIELD, share, share:DIM[+DIM], change, change_pct, change:PERIOD, change_pct:PERIOD`);
  }
}

function toCondition(table: ReportTable, filter: Filter, defaults: { timeZone?: string }): { condition: Condition; definitions: Resolved[] } {
  const resolved = resolveDimension(table, filter.dimension, defaults);
  const comparison: Condition = { ...resolved.ref, op: filter.op, values: filter.values, ...(filter.range ? { range: true } : {}) };
  if (!filter.or?.length) return { condition: comparison, definitions: [resolved] };
  const rest = filter.or.map((f) => toCondition(table, f, defaults));
  return { condition: { any: [comparison, ...rest.map((r) => r.condition)] }, definitions: [resolved, ...rest.flatMap((r) => r.definitions)] };
}

/** `-n`, `n:desc`, `share_pct:asc` → a sort key. */
function parseSort(text: string): { column: string; descending: boolean } {
  if (text.startsWith('-')) return { column: text.slice(1), descending: true };
  const m = /^(.+):(asc|desc)$/.exec(text);
  return m ? { column: m[1], descending: m[2] === 'desc' } : { column: text, descending: false };
}

/** A request checked against the catalog and compiled into the engine's plain description. */
export interface CompiledReport {
  table: ReportTable;
  by: Resolved[];
  conditions: { condition: Condition; definitions: Resolved[] }[];
  measures: { measure: MeasureSpec; definition: string }[];
  unit: string;
  countName: string | undefined;
  /** Published headers asked for as raw.<header> (cells a table may have to read back from its files). */
  rawKeys: string[];
  query: GroupedCountQuery;
}

/**
 * `weight`: the store holds a pre-aggregated copy of the table's view with this count column (the
 * server's rollups, src/engine/rollups.ts); without it, a writable store answers through the rollups it
 * keeps (src/engine/stored-rollups.ts).
 */
export async function runReport(store: Store, request: ReportRequest, options: { weight?: string } = {}): Promise<ReportResult> {
  const compiled = compileReport(request, options);
  const { table, rawKeys } = compiled;
  // Raw cells the table does not store are read back from its files (src/engine/raw-cells.ts).
  let view = table.view;
  const rawCaveats: string[] = [];
  if (rawKeys.length && table.raw?.recover && !options.weight) {
    const ids = (await store.all<{ id: number }>(`SELECT DISTINCT source_id AS id FROM ${table.view} WHERE source_id IS NOT NULL`)).map((r) => r.id);
    const recovered = await viewWithRawCells(store, table.view, ids, rawKeys);
    view = recovered.view;
    for (const m of recovered.missing) rawCaveats.push(`Raw cells could not be read back for source ${m.source_id} (${m.reason}): its rows have a blank raw value.`);
  }
  const result = await groupedCountWithRollups(store, { ...compiled.query, view });
  return reportResult(compiled, request, result, rawCaveats);
}

/** Checks a request against the catalog and describes it for an engine's query compiler (DuckDB's or ClickHouse's). */
export function compileReport(request: ReportRequest, options: { weight?: string } = {}): CompiledReport {
  const table = reportTable(request.table);
  const byText = request.by.length ? request.by : table.defaultBy;
  const defaults = { bin: request.bin ? timeBin(request.bin) : undefined, timeZone: request.timeZone };
  if (defaults.bin && !byText.some((b) => !b.includes(':') && table.dimensions[b]?.time)) {
    throw new UsageError(`--bin ${request.bin} needs a date dimension in --by: ${Object.entries(table.dimensions).filter(([, d]) => d.time).map(([n]) => n).join(', ') || '(none in this report)'}`);
  }
  const by = byText.map((b) => resolveDimension(table, b, defaults));
  const conditions = request.where.map((f) => toCondition(table, f, defaults));
  const countName = request.count ?? table.defaultCount;
  const choices = [...(table.defaultCount ? [table.defaultCount] : []), ...Object.keys(table.counts ?? {})];
  if (request.count !== undefined && !choices.includes(request.count)) {
    throw new UsageError(choices.length ? `"${request.count}" is not a unit of ${table.name}; --count ${choices.join(' | ')}` : `${table.name} counts only its rows (${table.unit}); it has no --count choices`);
  }
  const counted = countName ? table.counts?.[countName] : undefined;
  const unit = counted ? counted.unit : table.unit;
  const measureSpecs = request.measures?.length ? request.measures : null;
  const measures = measureSpecs
    ? measureSpecs.map((m) => resolveMeasure(table, m, by, defaults, unit))
    : Object.entries(table.measures ?? {}).map(([name, m]) => ({ measure: { name, kind: m.aggregate, input: { column: m.column } } as MeasureSpec, definition: m.definition }));
  const names = measures.map((m) => m.measure.name);
  if (new Set(names).size !== names.length) throw new UsageError(`a measure is asked for twice: ${names.join(', ')}`);
  if (request.others && request.top === undefined) throw new UsageError('--others needs --top N');
  const rawKeys = [...new Set([...byText, ...request.where.flatMap(function dims(f: Filter): string[] { return [f.dimension, ...(f.or ?? []).flatMap(dims)]; }), ...(request.measures ?? []).map((m) => m.replace(/^distinct:/, ''))]
    .filter((d) => d.startsWith('raw.')).map((d) => d.slice(4)))];
  const query: GroupedCountQuery = {
    view: table.view,
    by: by.map((b) => ({ name: b.name, ...b.ref })),
    where: conditions.map((c) => c.condition),
    limit: request.limit,
    measures: measures.map((m) => m.measure),
    sort: request.sort?.map(parseSort),
    top: request.top,
    others: request.others,
    sourceColumns: table.sourceColumns,
    weight: options.weight,
    ...(counted ? { countDistinct: { column: counted.column } } : {}),
  };
  return { table, by, conditions, measures, unit, countName, rawKeys, query };
}

/** The report from an engine's grouped count: every dimension and measure with its definition, the sources, the caveats. */
export function reportResult(compiled: CompiledReport, request: ReportRequest, result: GroupedCount, extraCaveats: string[] = []): ReportResult {
  const { table, by, conditions, measures, unit, countName } = compiled;
  const definitions: Record<string, string> = { n: `number of ${unit}` };
  for (const r of [...by, ...conditions.flatMap((c) => c.definitions)]) definitions[r.name] ??= r.definition;
  for (const m of measures) definitions[m.measure.name] = m.definition;
  if (request.top !== undefined) {
    definitions.top = `the first ${request.top} groups in the order asked (${request.sort?.join(', ') || 'n, largest first'})${request.others ? `; the row "(all others)" adds up n and the sums of every other group (its share of the total is its n over the total; a share within groups, a distinct count, a mean or a median is left blank), and its "groups" column says how many groups it holds` : '; the total still counts every row'}`;
  }
  const measureNames = measures.map((m) => m.measure.name);
  const columns = [...by.map((b) => b.name), 'n', ...measureNames, ...(request.others && result.rows.some((r) => r.groups !== undefined) ? ['groups'] : [])];
  return {
    table: table.name, by: by.map((b) => b.name),
    where: request.where.map(({ dimension, op, values, range, or }) => ({ dimension, op, values, ...(range ? { range } : {}), ...(or ? { or } : {}) })),
    rows: result.rows, total: result.total, unit, definitions, sources: result.sources,
    caveats: [...(table.caveats?.({ releases: result.releases, kinds: result.sources.map((s) => s.kind) }) ?? []), ...extraCaveats],
    synthetic: result.sources.some((s) => s.synthetic),
    truncated: result.truncated,
    columns,
    ...(countName ? { count: countName } : {}),
    ...(request.sort?.length ? { sort: request.sort } : {}),
    ...(request.top !== undefined ? { top: request.top } : {}),
    ...(measureNames.length ? { measures: measureNames, ...(result.measureTotals ? { measureTotals: result.measureTotals } : {}) } : {}),
  };
}

/** Columns a request reads from the table's view (for choosing a rollup that has them all). */
export function requestColumns(request: ReportRequest): string[] {
  const table = reportTable(request.table);
  const byText = request.by.length ? request.by : table.defaultBy;
  const columnOf = (spec: string) => {
    const bare = spec.split(':')[0];
    return bare.startsWith('raw.') ? '__raw__' : table.dimensions[bare]?.column ?? bare;
  };
  const filters = (f: Filter[]): string[] => f.flatMap((x) => [columnOf(x.dimension), ...filters(x.or ?? [])]);
  const measured = (request.measures ?? []).flatMap((m) => {
    const [kind, arg] = m.split(':');
    if (kind === 'median') return ['__median__']; // never in a rollup: a median needs every row
    if (['sum', 'mean', 'min', 'max'].includes(kind) && arg) return [table.fields?.[arg]?.column ?? arg];
    if (kind === 'distinct' && arg) return [columnOf(arg)];
    return [];
  });
  const counted = request.count ? table.counts?.[request.count]?.column : undefined;
  return [...byText.map(columnOf), ...filters(request.where), ...measured, ...(counted ? [counted] : []), ...(table.sourceColumns ?? ['source_id'])];
}
