/**
 * API figures, on loopback, bounded in time and requests:
 *   - a cached aggregate route at 50 keep-alive connections: >= 5,000 requests/s with p99 < 50 ms;
 *   - a report route over 5,000,000 removal rows, uncached: p95 < 150 ms.
 * The server is the real CLI (`deportwatch serve`) in its own process, so the load generator does not
 * share its event loop. The load generator is a raw HTTP/1.1 keep-alive client (one request in flight
 * per connection), lighter than node:http so that it measures the server rather than itself; it still
 * shares the machine's 2 cores with the server, so the figures are noisy and on the low side.
 * The default run uses 1,000,000 rows for the uncached figure (said in the note); `--full` uses 5,000,000.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join, resolve } from 'node:path';
import { ingestFile } from '../src/ingest/ingest.ts';
import { Store } from '../src/engine/db.ts';
import { writeEroLesaCsv } from '../src/synthetic/ero-lesa.ts';
import type { BenchResult, BenchSuite } from './types.ts';
import { openProject } from '../src/app/project.ts';

const ROOT = resolve(import.meta.dirname, '..');
const DIR = join(ROOT, '.tmp', 'bench');
const fmt = (n: number) => n.toLocaleString('en-US');

async function database(rows: number): Promise<string> {
  mkdirSync(DIR, { recursive: true });
  const csv = join(DIR, `synthetic-api-removals-${rows}.csv`);
  const db = join(DIR, `api-${rows}.duckdb`);
  // The same generated file ingests to the same database: a database left by an earlier run is reused.
  if (existsSync(db) && !existsSync(`${db}.wal`)) return db;
  if (!existsSync(csv)) await writeEroLesaCsv(csv, { rows, seed: 2025, from: '2011-10-01', to: '2024-09-30' });
  rmSync(db, { force: true });
  rmSync(`${db}.wal`, { force: true });
  const store = await openProject(db);
  try {
    await ingestFile(store, csv);
  } finally {
    store.close();
  }
  return db;
}

function startServer(db: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/bin.ts'), '--db', db, 'serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  return new Promise((resolvePort, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk;
      const port = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(out)?.[1];
      if (port) resolvePort({ child, port: Number(port) });
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
}

/** One keep-alive connection that sends a request and reads one response (Content-Length bodies). */
class Connection {
  private buffer = Buffer.alloc(0);
  private waiting: ((status: number) => void) | null = null;
  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => { this.buffer = Buffer.concat([this.buffer, chunk]); this.parse(); });
  }

  static open(port: number): Promise<Connection> {
    return new Promise((resolveConnection, reject) => {
      const socket = connect(port, '127.0.0.1', () => resolveConnection(new Connection(socket)));
      socket.setNoDelay(true);
      socket.once('error', reject);
    });
  }

  request(path: string): Promise<number> {
    return new Promise((resolveStatus) => {
      this.waiting = resolveStatus;
      this.socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n`);
    });
  }

  private parse(): void {
    const end = this.buffer.indexOf('\r\n\r\n');
    if (end < 0) return;
    const head = this.buffer.subarray(0, end).toString('latin1');
    const length = Number(/content-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
    if (this.buffer.length < end + 4 + length) return;
    this.buffer = this.buffer.subarray(end + 4 + length);
    const status = Number(head.slice(9, 12));
    const done = this.waiting;
    this.waiting = null;
    done?.(status);
  }

  close(): void {
    this.socket.destroy();
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** `connections` loops, each one request in flight, until `seconds` pass or `maxRequests` are sent. */
async function load(port: number, path: string, connections: number, seconds: number, maxRequests: number) {
  const pool = await Promise.all(Array.from({ length: connections }, () => Connection.open(port)));
  const latencies: number[] = [];
  let sent = 0;
  let failed = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(pool.map(async (connection) => {
    while (performance.now() < deadline && sent < maxRequests) {
      sent++;
      const t0 = performance.now();
      const status = await connection.request(path);
      latencies.push(performance.now() - t0);
      if (status !== 200) failed++;
    }
  }));
  const elapsed = (performance.now() - started) / 1000;
  for (const c of pool) c.close();
  latencies.sort((a, b) => a - b);
  return { requests: latencies.length, failed, perSecond: latencies.length / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), elapsed };
}

/** Sequential requests, each to a URL not seen before (by default a different `_limit` larger than the number of groups), so none is cached. */
async function uncached(port: number, base: string, count: number, maxSeconds: number, vary = (i: number) => `&_limit=${100_000 + i}`) {
  const connection = await Connection.open(port);
  const latencies: number[] = [];
  const deadline = performance.now() + maxSeconds * 1000;
  for (let i = 0; i < count && performance.now() < deadline; i++) {
    const t0 = performance.now();
    const status = await connection.request(`${base}${vary(i)}`);
    latencies.push(performance.now() - t0);
    if (status !== 200) throw new Error(`${base}: HTTP ${status}`);
  }
  connection.close();
  latencies.sort((a, b) => a - b);
  return { requests: latencies.length, p50: percentile(latencies, 50), p95: percentile(latencies, 95) };
}

export const apiSuite: BenchSuite = {
  name: 'api',
  async run({ full }) {
    const rows = full ? 5_000_000 : 1_000_000;
    const built = performance.now();
    const db = await database(rows);
    const setup = (performance.now() - built) / 1000;
    const { child, port } = await startServer(db);
    try {
      // Reports run on the rollups once built (in the background, after start): wait for them.
      const waited = performance.now();
      let rollup: { rows: number; view_rows: number; seconds: number } | undefined;
      while (!rollup && performance.now() - waited < 300_000) {
        const health = await (await fetch(`http://127.0.0.1:${port}/health.json`)).json() as { rollups: { view: string; rows: number; view_rows: number; seconds: number }[] };
        rollup = health.rollups.find((r) => r.view === 'removals_enriched');
        if (!rollup) await new Promise((r) => setTimeout(r, 500));
      }
      if (!rollup) throw new Error('the removals rollup was not built within 5 minutes');
      const cachedPath = '/reports/removals.json?by=pathway,fiscal_year';
      const warm = await Connection.open(port);
      if ((await warm.request(cachedPath)) !== 200) throw new Error(`${cachedPath} failed`);
      warm.close();
      await load(port, cachedPath, 50, 1, 5_000); // warm-up: JIT, sockets
      const hot = await load(port, cachedPath, 50, 8, 100_000);

      const report = await uncached(port, '/reports/removals.json?by=pathway,fiscal_year', 40, 60);
      const filtered = await uncached(port, '/reports/removals.json?by=month,judge_decided&fiscal_year>=FY2018', 40, 60);
      // Not covered by the rollup (a day column): the view itself, for comparison.
      const byDay = await uncached(port, '/reports/removals.json?by=month&departed_date>=2019-01-01', 10, 60);
      const page = await uncached(port, '/removals.json?pathway=reinstatement&fiscal_year=FY2020', 20, 60, (i) => `&_size=${100 + i}`);
      const note = full ? `${fmt(rows)} rows` : `${fmt(rows)} rows (--full: 5,000,000); setup ${setup.toFixed(0)} s`;
      const results: BenchResult[] = [
        { name: 'cached report route, 50 keep-alive connections', value: Math.round(hot.perSecond), unit: 'req/s', target: '>= 5000 req/s', met: hot.perSecond >= 5000,
          note: `${fmt(hot.requests)} requests in ${hot.elapsed.toFixed(1)} s, ${hot.failed} failed` },
        { name: '  its p99 latency', value: hot.p99, unit: 'ms', target: '< 50 ms', met: hot.p99 < 50, note: `p50 ${hot.p50.toFixed(2)} ms` },
        { name: `uncached report, by pathway,fiscal_year, p95`, value: report.p95, unit: 'ms', target: '< 150 ms at 5,000,000 rows', met: full ? report.p95 < 150 : undefined,
          note: `${note}; p50 ${report.p50.toFixed(1)} ms over ${report.requests} requests` },
        { name: `uncached report, by month,judge_decided, FY2018 on, p95`, value: filtered.p95, unit: 'ms', target: '< 150 ms at 5,000,000 rows', met: full ? filtered.p95 < 150 : undefined,
          note: `p50 ${filtered.p50.toFixed(1)} ms` },
        { name: '  the rollup behind them', value: rollup.rows, unit: 'rows', note: `for ${fmt(rollup.view_rows)} view rows, built in ${rollup.seconds} s after start` },
        { name: '  a report the rollup does not cover (departed_date), p95', value: byDay.p95, unit: 'ms', note: `p50 ${byDay.p50.toFixed(1)} ms: the view itself` },
        { name: `  a 100-row page of /removals.json (keyset, filtered), p95`, value: page.p95, unit: 'ms', note: `p50 ${page.p50.toFixed(1)} ms` },
      ];
      return results;
    } finally {
      child.kill('SIGTERM');
    }
  },
};
