/**
 * Rules and claims figures: what the rule_period and due_process_note dimensions cost a removals report, and
 * how long checking every seed claim takes, on a removals table of 1M rows (5M with --full). Rows are
 * generated in SQL, not through ingest (ingest has its own benchmarks), with apprehension and entry
 * dates on every row so the due-process lookup does its full work; departed dates span 2012–2025 so
 * every rule period since 2004 is present. Times are medians of 5 runs after a first run; the machine
 * is shared, so they are noisy.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { checkClaims } from '../src/claims/check.ts';
import { runReport } from '../src/reports/report.ts';
import { Store } from '../src/engine/db.ts';
import type { BenchResult, BenchSuite } from './types.ts';
import { openProject } from '../src/app/project.ts';

const DIR = join(resolve(import.meta.dirname, '..'), '.tmp', 'bench');

async function median(work: () => Promise<unknown>, runs = 5): Promise<number> {
  await work();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await work();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

export const rulesClaimsSuite: BenchSuite = {
  name: 'rules-claims',
  async run({ full }) {
    const rows = full ? 5_000_000 : 1_000_000;
    mkdirSync(DIR, { recursive: true });
    const path = join(DIR, 'rules-claims.duckdb');
    rmSync(path, { force: true });
    rmSync(`${path}.wal`, { force: true });
    const store = await openProject(path);
    try {
      await store.run(`INSERT INTO sources (path, file_name, sha256, bytes, kind, target_table, synthetic, started_at)
        VALUES ('synthetic-bench', 'synthetic-bench', 'synthetic-bench', 0, 'ddp-removals-2012-2023', 'removals', true, now())`);
      // Codes cycle through expedited removal (8F), reinstatement (16), an IJ order (8C) and none; entry
      // status PWA on a third of the rows; 0–4,000 days between entry and apprehension.
      await store.run(`INSERT INTO ddp_removals (source_id, source_row, release, departed_date, apprehension_date, entry_date, entry_status, case_category_code, citizenship_country)
        SELECT 1, i, 'ddp-2012-2023', DATE '2012-01-01' + CAST(i % 5000 AS INTEGER), DATE '2011-12-01' + CAST(i % 5000 AS INTEGER),
          DATE '2011-12-01' + CAST(i % 5000 AS INTEGER) - CAST((i * 7) % 4000 AS INTEGER),
          CASE WHEN i % 3 = 0 THEN 'PWA Present Without Admission' END, CASE i % 4 WHEN 0 THEN '8F' WHEN 1 THEN '16' WHEN 2 THEN '8C' END, 'MEXICO'
        FROM range(${rows}) t(i)`);
      const report = (by: string[]) => () => runReport(store, { table: 'removals', by, where: [] });
      const base = await median(report(['fiscal_year']));
      const period = await median(report(['rule_period', 'judge_decided']));
      const note = await median(report(['due_process_note']));
      const share = await median(() => runReport(store, { table: 'removals_judge_share', by: ['month', 'rule_period'], where: [] }));
      const claims = await median(() => checkClaims(store), 3);
      const n = rows.toLocaleString('en-US');
      const results: BenchResult[] = [
        { name: `removals report by fiscal_year, ${n} rows (baseline)`, value: Math.round(base), unit: 'ms' },
        { name: `removals report by rule_period,judge_decided, ${n} rows`, value: Math.round(period), unit: 'ms', note: `${(period / base).toFixed(2)}× the baseline` },
        { name: `removals report by due_process_note, ${n} rows`, value: Math.round(note), unit: 'ms', note: `${(note / base).toFixed(2)}× the baseline` },
        { name: `removals_judge_share by month,rule_period, ${n} rows`, value: Math.round(share), unit: 'ms' },
        { name: `claims check of the ${(await checkClaims(store)).length} seed claims, ${n} removals`, value: Math.round(claims), unit: 'ms' },
      ];
      return results;
    } finally {
      store.close();
      rmSync(path, { force: true });
      rmSync(`${path}.wal`, { force: true });
    }
  },
};
