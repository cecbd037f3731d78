/**
 * `deportwatch serve` and `deportwatch demo --serve` as a user runs them: a child process, a real port,
 * the URL on stdout, Ctrl-C (SIGTERM here) to stop; and the database held by the server.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { makeTestData, type TestData } from './helpers/api.ts';

const BIN = join(import.meta.dirname, '../src/cli/bin.ts');

interface Started { child: ChildProcess; url: string; stdout: () => string; stderr: () => string }

/** Starts the CLI and resolves once it printed a URL (or rejects with what it printed). */
function start(args: string[], env: Record<string, string> = {}, timeoutMs = 120_000): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`no URL after ${timeoutMs} ms: ${out}${err}`)); }, timeoutMs);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk;
      const url = /deportwatch serve: (http:\/\/\S+)/.exec(out)?.[1];
      if (url) { clearTimeout(timer); resolve({ child, url, stdout: () => out, stderr: () => err }); }
    });
    child.stderr!.on('data', (chunk: Buffer) => { err += chunk; });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`exited with ${code} before printing a URL:\n${out}\n${err}`)); });
  });
}

function stop(started: Started): Promise<number | null> {
  return new Promise((resolve) => {
    started.child.removeAllListeners('exit');
    started.child.on('exit', (code) => resolve(code));
    started.child.kill('SIGTERM');
  });
}

let data: TestData;
before(async () => { data = await makeTestData(); });
after(async () => { await data?.cleanup(); });

describe('deportwatch serve', () => {
  test('prints its URL, answers on it, holds the database, stops cleanly on SIGTERM', async () => {
    const server = await start(['--db', data.dbPath, 'serve', '--port', '0']);
    try {
      assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
      assert.match(server.stdout(), /read-only \(no token configured\)/);
      const health = await (await fetch(`${server.url}health.json`)).json() as { ok: boolean; mode: string };
      assert.equal(health.ok, true);
      assert.equal(health.mode, 'read-only');
      // The server owns the file: the CLI in another process is told so (exit 3) and pointed at the API.
      const report = spawnSync(process.execPath, ['--import', 'tsx', BIN, '--db', data.dbPath, 'report', 'removals'], { encoding: 'utf8' });
      assert.equal(report.status, 3, report.stderr);
      assert.match(report.stderr, /in use by another process.*\/sql\.json/s);
    } finally {
      assert.equal(await stop(server), 0);
    }
    assert.match(server.stdout(), /deportwatch serve: stopping/);
    const after = spawnSync(process.execPath, ['--import', 'tsx', BIN, '--db', data.dbPath, 'report', 'removals', '--format', 'csv'], { encoding: 'utf8' });
    assert.equal(after.status, 0, 'the file is free again once the server stopped');
  });

  test('a token from --token-file or $DEPORTWATCH_TOKEN makes it writable; a short token is refused', async () => {
    const short = join(data.dir, 'short-token');
    await writeFile(short, 'abc\n');
    const refused = spawnSync(process.execPath, ['--import', 'tsx', BIN, '--db', data.dbPath, 'serve', '--port', '0', '--token-file', short], { encoding: 'utf8' });
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /token is too short \(3 characters\)/);
    const server = await start(['--db', data.dbPath, 'serve', '--port', '0'], { DEPORTWATCH_TOKEN: 'env-token-for-the-cli-test-0123' });
    try {
      assert.match(server.stdout(), /writable with a token/);
      const denied = await fetch(`${server.url}ingest?name=x.csv`, { method: 'POST', body: 'x' });
      assert.equal(denied.status, 401);
    } finally {
      await stop(server);
    }
  });
});

describe('deportwatch demo --serve', () => {
  test('prints the demo report as before, then the URL of the served demo database', async () => {
    const dir = join(data.dir, 'demo');
    const server = await start(['-q', 'demo', '--dir', dir, '--serve', '--port', '0'], {}, 300_000);
    try {
      const printed = server.stdout();
      const reportAt = printed.indexOf('SYNTHETIC DEMO — removals by legal pathway and fiscal year');
      assert.ok(reportAt >= 0 && reportAt < printed.indexOf('deportwatch serve: http'), 'the report comes first, then the URL');
      const total = Number(/fiscal year \(([\d,]+) /.exec(printed)![1].replace(/,/g, ''));
      const body = await (await fetch(`${server.url}reports/removals.json?by=fiscal_year`)).json() as { total: number; synthetic: boolean };
      assert.equal(body.total, total, 'the served database is the one the demo reported on');
      assert.equal(body.synthetic, true);
    } finally {
      assert.equal(await stop(server), 0);
    }
  });
});
