import type { Command } from 'commander';
import { formatTable } from '../../reports/format.ts';
import { SOURCES } from '../../sources/registry.ts';
import { UsageError } from '../../domain/errors.ts';
import { sourceColumnsOf } from '../../engine/source-columns.ts';
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
  sources.command('show')
    .description('one ingested file: its hash and row counts, its header as published and the stored columns each header cell went to')
    .argument('<id>', 'source id (deportwatch sources list)')
    .option('--format <format>', 'table or json', 'table')
    .action(async (id: string, options: { format: string }, command: Command) => {
      if (!/^\d+$/.test(id)) throw new UsageError(`source id must be a whole number (got "${id}")`);
      const { source, columns } = await withStore(command, async (store) => ({
        source: await store.one(`SELECT source_id AS id, kind, path, sha256, rows_read, rows_stored, rows_quarantined, synthetic FROM sources WHERE source_id = $1`, [Number(id)]),
        columns: await sourceColumnsOf(store, Number(id)),
      }));
      if (!source) throw new UsageError(`no source ${id}: see deportwatch sources list`);
      if (options.format === 'json') {
        out(JSON.stringify({ source, columns }, null, 2));
        return;
      }
      const lines = Object.entries(source).map(([k, v]) => `${k}: ${v}`);
      if (columns.length === 0) lines.push('', 'header: not recorded for this file (ingested before deportwatch kept headers, or a format without one)');
      else {
        // The published text in JSON quotes, so leading and trailing spaces show.
        lines.push('', 'header as published (raw name: the key of raw.<name> in reports):', formatTable(['position', 'published', 'raw_name', 'stored_as', ...(columns.some((c) => c.sheet) ? ['sheet'] : [])],
          columns.map((c) => ({ ...c, published: JSON.stringify(c.published), stored_as: c.stored_as ?? '(kept only as raw text)' }))));
      }
      out(lines.join('\n'));
    });
  sources.command('formats')
    .description('the input formats deportwatch detects')
    .action(() => out(formatTable(['kind', 'tables', 'title'], SOURCES.map((s) => ({ kind: s.kind, tables: s.tables.join(', '), title: s.title })))));
}
