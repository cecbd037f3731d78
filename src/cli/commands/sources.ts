import type { Command } from 'commander';
import { formatTable } from '../../reports/format.ts';
import { SOURCES } from '../../sources/registry.ts';
import { out, withStore } from '../context.ts';

export function registerSources(program: Command): void {
  const sources = program.command('sources').description('what was ingested (with row reconciliation), and the formats deportwatch reads');
  sources.command('list', { isDefault: true })
    .description('ingested files with their hash and rows read / stored / quarantined')
    .action(async (_options: unknown, command: Command) => {
      const rows = await withStore(command, (store) => store.all(`SELECT source_id AS id, kind, file_name, left(sha256, 12) AS sha256,
        rows_read, rows_stored, rows_quarantined, synthetic FROM sources ORDER BY source_id`));
      out(rows.length ? formatTable(['id', 'kind', 'file_name', 'sha256', 'rows_read', 'rows_stored', 'rows_quarantined', 'synthetic'], rows)
        : 'no files ingested yet: run `deportwatch ingest FILE…` or `deportwatch demo`');
    });
  sources.command('issues')
    .description('quarantined rows and their reasons')
    .option('--source <id>', 'only this source id')
    .option('--limit <n>', 'at most n rows', (v) => Number.parseInt(v, 10), 50)
    .action(async (options: { source?: string; limit: number }, command: Command) => {
      const rows = await withStore(command, (store) => store.all(`SELECT source_id, file, sheet, "row", "column", value, problem FROM row_issues
        ${options.source ? 'WHERE source_id = $1' : ''} ORDER BY source_id, "row" LIMIT ${options.limit}`, options.source ? [Number(options.source)] : []));
      out(rows.length ? formatTable(['source_id', 'file', 'sheet', 'row', 'column', 'value', 'problem'], rows) : 'no quarantined rows');
    });
  sources.command('formats')
    .description('the input formats deportwatch detects')
    .action(() => out(formatTable(['kind', 'tables', 'title'], SOURCES.map((s) => ({ kind: s.kind, tables: s.tables.join(', '), title: s.title })))));
}
