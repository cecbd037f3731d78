/**
 * `deportwatch clickhouse …`: the ClickHouse engine (docs/scale.md). The address comes from `--engine
 * clickhouse://user@host:8123/db[?cluster=NAME&shards=host:port,…]` or DEPORTWATCH_CLICKHOUSE.
 *   ingest <path>     readsb trace_full files (one, a folder, or a day's tar) → positions and legs
 *   publish           the report views and sources of the DuckDB database (--db) → ClickHouse
 *   report <table>    the report catalog, answered by ClickHouse
 *   query <sql>       one read-only SELECT as the server's readonly-profile user
 */
import type { Command } from 'commander';
import { UsageError } from '../../domain/errors.ts';
import { openClickHouseProject } from '../../app/clickhouse-project.ts';
import { CLICKHOUSE_ENV, ClickHouseEngine, isClickHouseAddress } from '../../engine/clickhouse/engine.ts';
import { copyFromDuckDB } from '../../engine/clickhouse/copy.ts';
import { ClickHouseSandbox } from '../../engine/clickhouse/sandbox.ts';
import { REPORT_TABLES } from '../../reports/catalog.ts';
import { runReportClickHouse } from '../../reports/clickhouse.ts';
import { formatTable, toCsv } from '../../reports/format.ts';
import { parseBy, parseFilter } from '../../reports/report.ts';
import { ingestReadsbClickHouse, ingestReadsbStreamClickHouse } from '../../sources/readsb/clickhouse.ts';
import { globalOptions, out, withStore } from '../context.ts';
import { parseFormat, reportAsJson, reportAsText } from './report.ts';
import { printQueryResult } from './query.ts';

function address(command: Command): string {
  const value = (command.optsWithGlobals() as { engine?: string }).engine ?? process.env[CLICKHOUSE_ENV];
  if (!value) throw new UsageError(`give the ClickHouse address: --engine clickhouse://user@host:8123/database or ${CLICKHOUSE_ENV}`);
  if (!isClickHouseAddress(value)) throw new UsageError(`--engine ${value}: expected clickhouse://user@host:8123/database`);
  return value;
}

export function registerClickHouse(program: Command): void {
  const group = program.command('clickhouse')
    .description('the ClickHouse engine for data that outgrows one machine: ingest ADS-B traces, publish report views, reports, read-only SQL')
    .option('--engine <address>', `clickhouse://user@host:8123/database[?cluster=NAME&shards=host:port,…] (default: $${CLICKHOUSE_ENV})`);

  group.command('ingest')
    .description('readsb trace_full files (one, a folder, or a day\'s tar archive read in place; - reads a tar archive from standard input) → positions and legs, all or nothing per file')
    .argument('<path>', 'a file, a folder, or - for a tar archive on standard input (e.g. piped from a download)')
    .action(async (path: string, _options: unknown, command: Command) => {
      const engine = await openClickHouseProject(address(command));
      try {
        const quiet = globalOptions(command).quiet;
        const progress = quiet ? undefined : (rows: number) => process.stderr.write(`\r${rows.toLocaleString('en-US')} positions read`);
        const s = path === '-' ? await ingestReadsbStreamClickHouse(engine, process.stdin, 'stdin', { progress }) : await ingestReadsbClickHouse(engine, path, { progress });
        if (!quiet) process.stderr.write('\n');
        out(s.alreadyIngested ? `${path}: already ingested as source ${s.sourceId}; nothing stored`
          : `${path}: source ${s.sourceId}, ${s.rowsStored.toLocaleString('en-US')} positions stored, ${s.rowsQuarantined} quarantined, ${s.legs.toLocaleString('en-US')} legs of ${s.aircraft.toLocaleString('en-US')} aircraft in ${s.seconds.toFixed(1)} s` +
            (s.cleanedUp.length ? ` (rows of ${s.cleanedUp.length} interrupted earlier attempt(s) removed first)` : ''));
      } finally {
        await engine.closeAsync();
      }
    });

  group.command('publish')
    .description('copy the report views and the sources table of the DuckDB database (--db) to a ClickHouse database of their own, replacing them there')
    .action(async (_options: unknown, command: Command) => {
      const engine = await ClickHouseEngine.open(address(command));
      try {
        // Reports cite `sources`; in a database that holds ADS-B ingests that table is their commit record.
        if (Number(await engine.scalar("SELECT count() FROM system.tables WHERE database = currentDatabase() AND name = 'ingest_log'")) > 0) {
          throw new UsageError(`${engine.address.database} holds ADS-B ingests (its sources table is theirs): publish the report views to a database of their own, e.g. …/${engine.address.database}_reports`);
        }
        await withStore(command, async (store) => {
          await copyFromDuckDB(store, engine, 'sources', 'sources', { sharded: false });
          for (const view of new Set(REPORT_TABLES.map((t) => t.view))) {
            const n = await copyFromDuckDB(store, engine, view);
            out(`${view}: ${n.toLocaleString('en-US')} rows`);
          }
        }, { readOnly: true });
      } finally {
        await engine.closeAsync();
      }
    });

  const tables = REPORT_TABLES.map((t) => t.name).join('|');
  group.command('report')
    .description('the report catalog answered by ClickHouse (tables published with `clickhouse publish`)')
    .argument('<table>', tables)
    .option('--by <dims>', 'comma-separated dimensions to group by')
    .option('--where <filter>', 'DIM=VALUE (or !=, >=, <=, >, <); repeatable', (value: string, previous: string[] = []) => [...previous, value])
    .option('--format <format>', 'table, json or csv', 'table')
    .option('--limit <n>', 'show at most n groups', (v) => Number.parseInt(v, 10))
    .action(async (table: string, options: { by?: string; where?: string[]; format: string; limit?: number }, command: Command) => {
      const format = parseFormat(options.format);
      const engine = await ClickHouseEngine.open(address(command));
      try {
        const result = await runReportClickHouse(engine, { table, by: parseBy(options.by), where: (options.where ?? []).map(parseFilter), limit: options.limit });
        if (format === 'json') out(reportAsJson(result));
        else if (format === 'csv') out(toCsv([...result.by, 'n', ...(result.measures ?? [])], result.rows));
        else out(reportAsText(result));
      } finally {
        await engine.closeAsync();
      }
    });

  group.command('query')
    .description('one read-only SELECT, run as the server\'s readonly-profile user (user "reader"; docs/scale.md)')
    .argument('<sql>')
    .option('--format <format>', 'table, json or csv', 'table')
    .option('--max-rows <n>', 'stop after this many rows', (v) => Number.parseInt(v, 10), 10_000)
    .option('--timeout <seconds>', 'give up after this many seconds', (v) => Number.parseFloat(v), 30)
    .option('--user <name>', 'the readonly-profile user', 'reader')
    .action(async (sql: string, options: { format: string; maxRows: number; timeout: number; user: string }, command: Command) => {
      const format = parseFormat(options.format);
      const sandbox = ClickHouseSandbox.open(address(command), options.user);
      try {
        const result = await sandbox.query(sql, { maxRows: options.maxRows, timeoutMs: options.timeout * 1000 });
        printQueryResult(result, format, options.maxRows);
      } finally {
        await sandbox.close();
      }
    });
}
