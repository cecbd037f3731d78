import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { IngestSummary } from '../src/domain/provenance.ts';
import { ingestFile } from '../src/ingest/ingest.ts';
import { Store } from '../src/engine/db.ts';
import { openProject } from '../src/app/project.ts';

/** One measured figure, printed by `npm run bench` and recorded in docs/performance.md. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  /** The target the issue sets, e.g. ">= 1000000 rows/s", and whether it was met. */
  target?: string;
  met?: boolean;
  note?: string;
}

export interface BenchSuite {
  name: string;
  /** `full` asks for the full sizes; the default may run smaller sizes and say so in a note. */
  run(options: { full: boolean }): Promise<BenchResult[]>;
}

/** Peak resident memory of this process so far, in MB (Linux reports maxRSS in KiB). */
export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/** Where benchmarks keep their generated files and databases (gitignored). */
export const BENCH_DIR = resolve(import.meta.dirname, '..', '.tmp', 'bench');

/** The path of a new, empty benchmark database (any earlier one of that name removed). */
export function freshDb(name: string): string {
  mkdirSync(BENCH_DIR, { recursive: true });
  const path = join(BENCH_DIR, `${name}.duckdb`);
  rmSync(path, { force: true });
  rmSync(`${path}.wal`, { force: true });
  return path;
}

/** CPU seconds of this process (all threads, DuckDB's included) since `start`: less noisy than wall time on a shared machine. */
export function cpuSeconds(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

/** Ingests one file into a new database named `dbName`, timing it in wall and CPU seconds. */
export async function timedIngest(path: string, dbName: string): Promise<{ summary: IngestSummary; seconds: number; cpu: number; store: Store }> {
  const store = await openProject(freshDb(dbName));
  const cpu = process.cpuUsage();
  const started = performance.now();
  const summary = await ingestFile(store, path);
  return { summary, seconds: (performance.now() - started) / 1000, cpu: cpuSeconds(cpu), store };
}
