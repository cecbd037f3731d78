/**
 * Record ingest figures: a 3,000,000-row Deportation Data Project detention-stays workbook ingests in
 * < 30 s with peak memory < 500 MB; the same table as Parquet in < 5 s; the arrest → removal journey
 * view over 1,000,000 people in < 2 s. The default run uses smaller sizes and projects linearly
 * (said in the note); `--full` runs the issue's sizes. Files are generated once into .tmp/bench/ by
 * bench/records-generate.ts in a separate process. Each suite runs in its own process (bench/run.ts),
 * so its peak memory is its own. The machine is shared: figures are noisy.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ingestFile } from '../src/ingest/ingest.ts';
import { runReport } from '../src/reports/report.ts';
import { Store } from '../src/engine/db.ts';
import { cpuSeconds, freshDb, peakRssMb, timedIngest, type BenchResult, type BenchSuite } from './types.ts';
import { openProject } from '../src/app/project.ts';

const ROOT = resolve(import.meta.dirname, '..');
const DIR = join(ROOT, '.tmp', 'bench');

function generated(what: 'stays-xlsx' | 'stays-parquet' | 'release-parquet', count: number, path: string): string {
  mkdirSync(DIR, { recursive: true });
  const marker = what === 'release-parquet' ? join(path, 'synthetic-bench-removals.parquet') : path;
  if (what === 'release-parquet') mkdirSync(path, { recursive: true });
  if (!existsSync(marker)) {
    const result = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'records-generate.ts'), what, String(count), path], { stdio: ['ignore', process.stderr, 'inherit'] });
    if (result.status !== 0) throw new Error(`generating ${path} failed`);
  }
  return path;
}


const fmt = (n: number) => n.toLocaleString('en-US');


export const recordsXlsxSuite: BenchSuite = {
  name: 'records-xlsx',
  async run({ full }) {
    const rows = full ? 3_000_000 : 300_000;
    const path = generated('stays-xlsx', rows, join(DIR, `synthetic-ddp-stays-${rows}.xlsx`));
    const { summary, seconds, cpu: cpuUsed, store } = await timedIngest(path, 'records-xlsx');
    store.close();
    const scale = 3_000_000 / rows;
    const note = `${full ? `${fmt(summary.rowsStored)} stored, ${fmt(Math.round(rows / seconds))} rows/s` : `${fmt(rows)} rows in ${seconds.toFixed(1)} s, ×${scale} projected; --full for the real size`}; CPU ${cpuUsed.toFixed(0)} s`;
    return [
      { name: `DDP detention stays workbook ingest, ${fmt(rows)} rows`, value: seconds * scale, unit: 's', target: '< 30 s at 3,000,000 rows', met: seconds * scale < 30, note },
      { name: `  peak memory of that ingest`, value: Math.round(peakRssMb()), unit: 'MB', target: '< 500 MB', met: peakRssMb() < 500, note: full ? undefined : 'at the smaller size' },
    ];
  },
};

export const recordsParquetSuite: BenchSuite = {
  name: 'records-parquet',
  async run({ full }) {
    const rows = full ? 3_000_000 : 1_000_000;
    const path = generated('stays-parquet', rows, join(DIR, `synthetic-ddp-stays-${rows}.parquet`));
    const { summary, seconds, cpu: cpuUsed, store } = await timedIngest(path, 'records-parquet');
    store.close();
    const scale = 3_000_000 / rows;
    return [{ name: `DDP detention stays Parquet ingest, ${fmt(rows)} rows`, value: seconds * scale, unit: 's', target: '< 5 s at 3,000,000 rows', met: seconds * scale < 5,
      note: `${full ? `${fmt(summary.rowsStored)} stored` : `${seconds.toFixed(2)} s measured, ×${scale} projected; --full for the real size`}; CPU ${cpuUsed.toFixed(1)} s; peak ${Math.round(peakRssMb())} MB` }];
  },
};

export const recordsJourneysSuite: BenchSuite = {
  name: 'records-journeys',
  async run({ full }) {
    const people = full ? 1_000_000 : 200_000;
    const dir = generated('release-parquet', people, join(DIR, `synthetic-ddp-release-${people}`));
    const store = await openProject(freshDb('records-journeys'));
    for (const f of ['arrests', 'stays', 'removals']) await ingestFile(store, join(dir, `synthetic-bench-${f}.parquet`));
    const request = { table: 'journeys', by: ['pathway', 'month'], where: [] };
    const times: number[] = [];
    let groups = 0, journeys = 0;
    const cpu = process.cpuUsage();
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      const result = await runReport(store, request);
      times.push((performance.now() - t) / 1000);
      groups = result.rows.length; journeys = result.total;
    }
    const cpuPerRun = cpuSeconds(cpu) / 3;
    store.close();
    const best = Math.min(...times);
    const scale = 1_000_000 / people;
    return [{ name: `report journeys --by pathway,month (median days arrest → removal), ${fmt(journeys)} journeys`, value: best * scale, unit: 's', target: '< 2 s at 1,000,000 people', met: best * scale < 2,
      note: `${groups} groups; runs ${times.map((s) => s.toFixed(2)).join(', ')} s, CPU ${cpuPerRun.toFixed(2)} s a run${full ? '' : `; ×${scale} projected, --full for the real size`}` }];
  },
};
