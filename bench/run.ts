/**
 * `npm run bench [-- --full] [-- --only name]`: runs every suite and prints one line per figure with
 * its target. Suites that measure peak memory run in a child process of their own, so one suite's
 * memory does not count against another's.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BenchResult, BenchSuite } from './types.ts';
import { SUITES } from './suites.ts';

const args = process.argv.slice(2);
const full = args.includes('--full');
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const child = args.includes('--child') ? args[args.indexOf('--child') + 1] : undefined;

function print(results: BenchResult[]): void {
  for (const r of results) {
    const verdict = r.met === undefined ? '' : r.met ? '  ok' : '  MISSED';
    const value = Number.isInteger(r.value) ? r.value.toLocaleString('en-US') : r.value.toLocaleString('en-US', { maximumFractionDigits: 2 });
    console.log(`${r.name.padEnd(58)} ${value.padStart(14)} ${r.unit.padEnd(10)} ${r.target ? `target ${r.target}` : ''}${verdict}${r.note ? `  (${r.note})` : ''}`);
  }
}

if (child) {
  const suite: BenchSuite = await SUITES.find((s) => s.name === child)!.load();
  if (suite.name !== child) throw new Error(`bench/suites.ts: "${child}" loads the suite named "${suite.name}"`);
  // The last line of the child's output is its results; anything a suite prints before is passed on.
  process.stdout.write(`\n${JSON.stringify(await suite.run({ full }))}\n`);
} else {
  console.log(`deportwatch benchmarks on ${process.platform}/${process.arch}, node ${process.version}, ${(await import('node:os')).cpus().length} cores${full ? ', full sizes' : ''}`);
  const self = fileURLToPath(import.meta.url);
  if (only && !SUITES.some((s) => s.name === only)) {
    console.log(`no suite "${only}"; suites: ${SUITES.map((s) => s.name).join(', ')}`);
    process.exitCode = 2;
  }
  for (const suite of SUITES.filter((s) => !only || s.name === only)) {
    console.log(`\n## ${suite.name}`);
    const result = spawnSync(process.execPath, ['--import', 'tsx', self, '--child', suite.name, ...(full ? ['--full'] : [])], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 });
    if (result.status !== 0) { console.log(`suite ${suite.name} failed (exit ${result.status})`); process.exitCode = 1; continue; }
    const lines = result.stdout.trim().split('\n');
    if (lines.length > 1) console.log(lines.slice(0, -1).join('\n').trim());
    print(JSON.parse(lines[lines.length - 1]) as BenchResult[]);
  }
}
