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
  const columns = [...result.by, 'n', ...(result.measures ?? [])];
  const lines = [formatTable(columns, result.rows), '', m('total', { n: formatCount(lang, result.total), unit: result.unit })];
  for (const [name, value] of Object.entries(result.measureTotals ?? {})) lines.push(m('totalMeasure', { name, n: formatCount(lang, value) }));
  if (result.where.length) lines.push(m('filter', { text: result.where.map((f) => `${f.dimension}${f.op}${f.values.join(',')}`).join(m('and')) }));
  if (result.synthetic) lines.push(m('synthetic'));
  lines.push(m('definitions'), ...Object.entries(result.definitions).map(([k, v]) => `  ${k}: ${v}`));
  if (result.caveats.length) lines.push(m('caveats'), ...result.caveats.map((c) => `  - ${c}`));
  lines.push(m('sources'), ...result.sources.map((s) => `  #${s.source_id} ${s.path} (sha256 ${s.sha256.slice(0, 12)}…)`));
  if (result.truncated) lines.push(m('truncated'));
  return lines.join('\n');
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
    .option('--format <format>', 'table, json or csv', 'table')
    .option('--limit <n>', 'show at most n groups', (v) => Number.parseInt(v, 10))
    .option('--lang <lang>', 'language of the text headers: en or es (definitions and caveats stay in English)', 'en')
    .action(async (table: string, options: { by?: string; where?: string[]; format: string; limit?: number; lang: string }, command: Command) => {
      const format = parseFormat(options.format);
      const lang = cliLang(options.lang);
      const request = { table, by: parseBy(options.by), where: (options.where ?? []).map(parseFilter), limit: options.limit };
      const result = await withStore(command, (store) => runReport(store, request));
      if (format === 'json') out(reportAsJson(result));
      else if (format === 'csv') out(toCsv([...result.by, 'n', ...(result.measures ?? [])], result.rows));
      else out(reportAsText(result, lang));
    });
}
