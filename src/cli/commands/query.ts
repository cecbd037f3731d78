import type { Command } from 'commander';
import { formatTable, toCsv } from '../../reports/format.ts';
import { openSandbox } from '../../engine/sandbox.ts';
import { resolveDbPath } from '../../engine/db.ts';
import { globalOptions, out } from '../context.ts';
import { parseFormat } from './report.ts';

export function registerQuery(program: Command): void {
  program.command('query')
    .description('run one read-only SQL SELECT against the database (no file or network access, time and row limits)')
    .argument('<sql>', 'a single SELECT statement')
    .option('--format <format>', 'table, json or csv', 'table')
    .option('--max-rows <n>', 'stop after this many rows', (v) => Number.parseInt(v, 10), 10_000)
    .option('--timeout <seconds>', 'interrupt the query after this many seconds', (v) => Number.parseFloat(v), 30)
    .action(async (sql: string, options: { format: string; maxRows: number; timeout: number }, command: Command) => {
      const format = parseFormat(options.format);
      const sandbox = await openSandbox(resolveDbPath(globalOptions(command).db));
      try {
        const result = await sandbox.query(sql, { maxRows: options.maxRows, timeoutMs: options.timeout * 1000 });
        printQueryResult(result, format, options.maxRows);
      } finally {
        sandbox.close();
      }
    });
}

/** A user query's rows as the format asks, saying when --max-rows cut them (DuckDB's and ClickHouse's query commands). */
export function printQueryResult(result: { columns: string[]; rows: Record<string, unknown>[]; truncated: boolean }, format: string, maxRows: number): void {
  if (format === 'json') out(JSON.stringify(result, null, 2));
  else if (format === 'csv') out(toCsv(result.columns, result.rows));
  else out(`${formatTable(result.columns, result.rows)}\n(${result.rows.length} rows${result.truncated ? `, cut at --max-rows ${maxRows}` : ''})`);
}
