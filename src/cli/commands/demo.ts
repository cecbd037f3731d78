import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ingestFile } from '../../ingest/ingest.ts';
import { formatTable } from '../../reports/format.ts';
import { runReport } from '../../reports/report.ts';
import { Store } from '../../engine/db.ts';
import { UserError } from '../../domain/errors.ts';
import { DEMO_FILES } from '../../synthetic/demo-files.ts';
import { globalOptions, out } from '../context.ts';
import { Progress } from '../progress.ts';
import { describeSummary } from './ingest.ts';
import { claimChecksTable, COMPUTED_LEGEND } from './claims.ts';
import { checkClaims, recordClaimChecks } from '../../claims/check.ts';
import { parsePort, serveUntilStopped } from './serve.ts';
import { openProject } from '../../app/project.ts';

/** Rows = pathways, columns = fiscal years: the view reporters ask for first. */
export function crossTab(rows: Record<string, unknown>[], rowKey: string, columnKey: string): { columns: string[]; rows: Record<string, unknown>[] } {
  const columnValues = [...new Set(rows.map((r) => String(r[columnKey])))].sort();
  const table = new Map<string, Record<string, unknown>>();
  for (const r of rows) {
    const key = String(r[rowKey]);
    const line = table.get(key) ?? { [rowKey]: key, total: 0 };
    line[String(r[columnKey])] = r.n;
    line.total = Number(line.total) + Number(r.n);
    table.set(key, line);
  }
  const sorted = [...table.values()].sort((a, b) => Number(b.total) - Number(a.total));
  return { columns: [rowKey, ...columnValues, 'total'], rows: sorted };
}

/** Throws the engine's "in use by another process (PID …)" error when another process holds `dbPath`. */
async function refuseIfInUse(dbPath: string): Promise<void> {
  if (!existsSync(dbPath)) return;
  const store = await Store.open(dbPath).catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    if (/in use by another process/.test(message)) {
      throw new UserError(`deportwatch demo would rebuild ${dbPath}, which another process holds. ${message} Or run the demo elsewhere: deportwatch demo --dir OTHER-FOLDER.`, 3);
    }
    return null;
  });
  store?.close();
}

export function registerDemo(program: Command): void {
  program.command('demo')
    .description('generate SYNTHETIC demo data in the real release layouts, ingest it through the real pipeline, and print a report')
    .option('--dir <dir>', 'where to write the synthetic files and the demo database', 'demo-data')
    .option('--serve', 'then serve the demo database and the dashboard over HTTP (read-only) until Ctrl-C, printing the URL')
    .option('--port <port>', 'port for --serve (0 = any free port)', parsePort, 8787)
    .option('--host <host>', 'address for --serve', '127.0.0.1')
    .action(async (options: { dir: string; serve?: boolean; port: number; host: string }, command: Command) => {
      const globals = globalOptions(command);
      const progress = new Progress(globals.quiet);
      await mkdir(options.dir, { recursive: true });
      const dbPath = globals.db ?? join(options.dir, 'deportwatch-demo.duckdb');
      // The demo database is the demo's own: rebuilt from scratch so every run shows the same numbers.
      // But never under a process that holds it (a running `deportwatch serve` on demo-data/): removing
      // the file would leave that server answering from a deleted database without a word.
      await refuseIfInUse(dbPath);
      await rm(dbPath, { force: true });
      await rm(`${dbPath}.wal`, { force: true });
      progress.done(`deportwatch demo: SYNTHETIC data (generated, not real records) → ${options.dir}/, database ${dbPath}`);
      const store = await openProject(dbPath);
      try {
        for (const file of DEMO_FILES) {
          const path = join(options.dir, file.name);
          await file.write(path);
          progress.done(`generate ${path} (${file.description})`);
        }
        for (const file of DEMO_FILES) {
          const summary = await ingestFile(store, join(options.dir, file.name), {}, { progress: (p, n) => progress.update(`ingest ${p} … ${n} rows`) });
          progress.done(describeSummary(summary));
        }
        const report = await runReport(store, { table: 'removals', by: ['pathway', 'fiscal_year'], where: [] });
        const tab = crossTab(report.rows, 'pathway', 'fiscal_year');
        out(`\nSYNTHETIC DEMO — removals by legal pathway and fiscal year (${report.total.toLocaleString('en-US')} ${report.unit})\n`);
        out(formatTable(tab.columns, tab.rows));
        out(`\npathway: ${report.definitions.pathway}\nfiscal_year: ${report.definitions.fiscal_year}`);
        // The seeded official claims, checked against the synthetic records just loaded (docs/claims.md).
        const checks = await checkClaims(store);
        await recordClaimChecks(store, checks);
        out(`\nSYNTHETIC DEMO — the seeded official claims checked against these synthetic records (so the verdicts say nothing about the real claims)\n`);
        out(claimChecksTable(checks));
        out(`${COMPUTED_LEGEND}\ndetails: deportwatch --db ${dbPath} claims check [ID]`);
        out(`\nNext: deportwatch --db ${dbPath} report removals --by judge_decided,fiscal_year   (see README.md)`);
      } finally {
        store.close();
      }
      // The main job: the same database, served with the dashboard (the server opens it read-only).
      if (options.serve) await serveUntilStopped({ dbPath, port: options.port, host: options.host, token: null }, out);
    });
}
