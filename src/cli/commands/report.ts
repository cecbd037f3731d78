import type { Command } from 'commander';
import { UsageError } from '../../domain/errors.ts';
import { REPORT_TABLES } from '../../reports/catalog.ts';
import { formatTable, toCsv } from '../../reports/format.ts';
import { parseBy, parseFilter, runReport } from '../../reports/report.ts';
import type { ReportResult } from '../../reports/types.ts';
import { out, withStore } from '../context.ts';

export type OutputFormat = 'table' | 'json' | 'csv';

export function parseFormat(value: string, allowed: string[] = ['table', 'json', 'csv']): OutputFormat {
  if (!allowed.includes(value)) throw new UsageError(`--format must be one of ${allowed.join(', ')} (got "${value}")`);
  return value as OutputFormat;
}

/** The text form of a report: the counts, then what they count and where they come from. */
export function reportAsText(result: ReportResult): string {
  const columns = result.columns ?? [...result.by, 'n', ...(result.measures ?? [])];
  const lines = [formatTable(columns, result.rows), '', `total: ${result.total.toLocaleString('en-US')} ${result.unit}`];
  for (const [name, value] of Object.entries(result.measureTotals ?? {})) lines.push(`total ${name}: ${value.toLocaleString('en-US')}`);
  if (result.where.length) lines.push(`filter: ${result.where.map(filterText).join(' and ')}`);
  if (result.synthetic) lines.push('SYNTHETIC: some counted rows come from generated demo data, not from a real release.');
  lines.push('definitions:', ...Object.entries(result.definitions).map(([k, v]) => `  ${k}: ${v}`));
  if (result.caveats.length) lines.push('caveats:', ...result.caveats.map((c) => `  - ${c}`));
  lines.push('sources:', ...result.sources.map((s) => `  #${s.source_id} ${s.path} (sha256 ${s.sha256.slice(0, 12)}…)`));
  if (result.truncated) lines.push('(groups cut by --limit; the total counts every row)');
  return lines.join('\n');
}

function filterText(f: ReportResult['where'][number]): string {
  const one = (x: { dimension: string; op: string; values: string[]; range?: boolean }) => `${x.dimension}${x.op}${x.range ? x.values.join('..') : x.values.join(',')}`;
  return f.or?.length ? `(${[f, ...f.or].map(one).join(' or ')})` : one(f);
}

export function reportAsJson(result: ReportResult): string {
  return JSON.stringify(result, null, 2);
}

export function registerReport(program: Command): void {
  const tables = REPORT_TABLES.map((t) => t.name).join('|');
  program.command('report')
    .description(`count rows of a table by dimensions, with definitions, caveats and source files (tables: ${tables})`)
    .argument('<table>', `what to count: ${tables}`)
    .option('--by <dims>', 'comma-separated dimensions to group by (see docs/reports.md)')
    .option('--where <filter>', 'DIM=VALUE (or !=, >=, <=, >, <; VALUE may be a comma list with = and !=); repeatable',
      (value: string, previous: string[] = []) => [...previous, value])
    .option('--measure <measures>', 'comma-separated measures beside n: count, distinct:DIM, sum|mean|median|min|max:FIELD, share, share:DIM[+DIM], change, change_pct, change:PERIOD, change_pct:PERIOD (see docs/reports.md)')
    .option('--count <unit>', 'what n counts when a table offers several units: flights: legs (default), flight_number_days, aircraft_days; tracker_rows: rows (default), flight_number_days')
    .option('--bin <bin>', 'time bin for the date dimensions of --by given without one (DIM:BIN): day, week_ending_sun, week_ending_mon, iso_week, month, quarter, year, fiscal_year')
    .option('--tz <zone>', 'IANA time zone that timestamps are binned in (default UTC)')
    .option('--sort <columns>', 'comma-separated output columns to sort by; -COL or COL:desc for descending')
    .option('--top <n>', 'keep the first n groups after sorting (largest n first unless --sort says otherwise)', (v) => Number.parseInt(v, 10))
    .option('--others', 'with --top: one more row "(all others)" for the rest')
    .option('--format <format>', 'table, json or csv', 'table')
    .option('--limit <n>', 'show at most n groups', (v) => Number.parseInt(v, 10))
    .action(async (table: string, options: { by?: string; where?: string[]; format: string; limit?: number; measure?: string; count?: string; bin?: string; tz?: string; sort?: string; top?: number; others?: boolean }, command: Command) => {
      const format = parseFormat(options.format);
      if (options.top !== undefined && !(options.top >= 0)) throw new UsageError('--top takes a whole number');
      const request = {
        table, by: parseBy(options.by), where: (options.where ?? []).map(parseFilter), limit: options.limit,
        measures: parseBy(options.measure), count: options.count, bin: options.bin, timeZone: options.tz, sort: parseBy(options.sort), top: options.top, others: options.others,
      };
      const result = await withStore(command, (store) => runReport(store, request));
      if (format === 'json') out(reportAsJson(result));
      else if (format === 'csv') out(toCsv(result.columns ?? [...result.by, 'n', ...(result.measures ?? [])], result.rows));
      else out(reportAsText(result));
    });
}
