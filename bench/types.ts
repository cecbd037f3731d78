import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

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
