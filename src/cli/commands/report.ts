import type { Command } from 'commander';
import { UsageError } from '../../domain/errors.ts';
import { REPORT_TABLES } from '../../reports/catalog.ts';
import { formatTable, toCsv } from '../../reports/format.ts';
import { parseBy, parseFilter, runReport } from '../../reports/report.ts';
import type { ReportResult } from '../../reports/types.ts';
import { out, withStore } from '../context.ts';
import { cliLang, formatCount, message, type CliLang } from '../messages.ts';

export type OutputFormat = 'table' | 'json' | 'csv';

export function parseFormat(value: string, allowed: string[] = ['table', 'json', 'csv']): OutputFormat {
  if (!allowed.includes(value)) throw new UsageError(`--format must be one of ${allowed.join(', ')} (got "${value}")`);
  return value as OutputFormat;
}

/** The text form of a report: the counts, then what they count and where they come from. */
export function reportAsText(result: ReportResult, lang: CliLang = 'en'): string {
  const m = (key: string, values?: Record<string, unknown>) => message(lang, key, values);
  const columns = result.columns ?? [...result.by, 'n', ...(result.measures ?? [])];
  const lines = [formatTable(columns, result.rows), '', m('total', { n: formatCount(lang, result.total), unit: result.unit })];
  for (const [name, value] of Object.entries(result.measureTotals ?? {})) lines.push(m('totalMeasure', { name, n: formatCount(lang, value) }));
  if (result.where.length) lines.push(m('filter', { text: result.where.map(filterText).join(m('and')) }));
  if (result.synthetic) lines.push(m('synthetic'));
  lines.push(m('definitions'), ...Object.entries(result.definitions).map(([k, v]) => `  ${k}: ${v}`));
  if (result.caveats.length) lines.push(m('caveats'), ...result.caveats.map((c) => `  - ${c}`));
  lines.push(m('sources'), ...result.sources.map((s) => `  #${s.source_id} ${s.path} (sha256 ${s.sha256.slice(0, 12)}…)`));
  if (result.truncated) lines.push(m('truncated'));
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
    .option('--lang <lang>', 'language of the text headers: en or es (definitions and caveats stay in English)', 'en')
    .action(async (table: string, options: { by?: string; where?: string[]; format: string; limit?: number; measure?: string; count?: string; bin?: string; tz?: string; sort?: string; top?: number; others?: boolean; lang: string }, command: Command) => {
      const format = parseFormat(options.format);
      const lang = cliLang(options.lang);
      if (options.top !== undefined && !(options.top >= 0)) throw new UsageError('--top takes a whole number');
      const request = {
        table, by: parseBy(options.by), where: (options.where ?? []).map(parseFilter), limit: options.limit,
        measures: parseBy(options.measure), count: options.count, bin: options.bin, timeZone: options.tz, sort: parseBy(options.sort), top: options.top, others: options.others,
      };
      const result = await withStore(command, (store) => runReport(store, request));
      if (format === 'json') out(reportAsJson(result));
      else if (format === 'csv') out(toCsv(result.columns ?? [...result.by, 'n', ...(result.measures ?? [])], result.rows));
      else out(reportAsText(result, lang));
    });
}
