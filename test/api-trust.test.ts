/**
 * The server stays up and says what happened: user SQL that fails, runs long or grows large answers
 * ok:false with the reason (the watchdog covers DuckDB's constant folding at prepare time); reads are
 * not readable from other origins unless --cors; public answers hold no server path or setting; idle
 * clients cannot take every connection; another process taking the file during a write swap gives
 * 503s, never a server stuck on a closed instance; an upload stopped half-way leaves nothing behind.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { getJson, makeTestData, openApp, type TestData } from './helpers/api.ts';
import { writeEroLesaCsv } from '../src/synthetic/ero-lesa.ts';
import { ingestFile } from '../src/ingest/ingest.ts';
import { openProject } from '../src/app/project.ts';

const TOKEN = 'write-token-for-tests-0123456789';
const sql = (text: string, extra = '') => `/sql.json?sql=${encodeURIComponent(text)}${extra}`;

let data: TestData;
before(async () => { data = await makeTestData(); });
after(() => data.cleanup());

describe('user SQL: failure is never reported as success', () => {
  test('a query failing part-way answers ok:false with the reason', async () => {
    const api = await openApp(data.dbPath);
    try {
      const r = await getJson(api.app, sql("SELECT x FROM (SELECT CASE WHEN i < 300000 THEN i ELSE error('boom at ' || i) END AS x FROM range(400000) t(i)) ORDER BY x DESC"));
      assert.equal(r.body.ok, false, r.text.slice(0, 200));
      assert.match(r.body.error, /boom at/);
    } finally { await api.close(); }
  });

  test('concurrent unbounded recursive queries each stop at the time limit with ok:false', async () => {
    const api = await openApp(data.dbPath, { sqlLimits: { timeoutMs: 1500 } });
    try {
      const answers = await Promise.all([1, 2, 3].map(() => getJson(api.app, sql('WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT max(n) AS n FROM r'))));
      for (const a of answers) {
        assert.equal(a.body.ok, false);
        assert.match(a.body.error, /time limit of 1\.5 s/);
      }
      assert.equal((await getJson(api.app, '/health.json')).status, 200);
    } finally { await api.close(); }
  });

  test('constant folding at prepare time is under the time and memory limits, and the server does not grow', async () => {
    const api = await openApp(data.dbPath, { sqlLimits: { timeoutMs: 3000, memoryBytes: 600 * 1024 ** 2 } });
    try {
      const rss = process.memoryUsage().rss;
      const r = await getJson(api.app, sql("SELECT length(md5(repeat('x', 1000000000)) || md5(repeat('y', 1000000000))) AS n"));
      assert.equal(r.body.ok, false);
      assert.match(r.body.error, /(time|memory) limit/);
      assert.ok(process.memoryUsage().rss - rss < 300 * 1024 ** 2, 'the query ran outside the server process');
      assert.equal((await getJson(api.app, sql('SELECT count(*) AS n FROM removals'))).body.rows[0].n, 3004);
    } finally { await api.close(); }
  });

  test('a result past the size limit is refused with a clear message, not a 500', async () => {
    const api = await openApp(data.dbPath, { sqlLimits: { resultBytes: 4 * 1024 ** 2 } });
    try {
      const r = await getJson(api.app, sql("SELECT repeat('x', 1000000) AS s FROM range(10)"));
      assert.equal(r.body.ok, false);
      assert.ok(r.status < 500, `status ${r.status}`);
      assert.match(r.body.error, /larger than the limit of 4 MB/);
    } finally { await api.close(); }
  });
});

describe('exposure', () => {
  test('reads carry no CORS header unless the server was started with --cors', async () => {
    const closed = await openApp(data.dbPath);
    const open = await openApp(data.dbPath, { cors: true });
    try {
      assert.equal((await getJson(closed.app, '/health.json')).headers['access-control-allow-origin'], undefined);
      assert.equal((await getJson(closed.app, sql('SELECT 1 AS n'))).headers['access-control-allow-origin'], undefined);
      assert.equal((await getJson(open.app, '/health.json')).headers['access-control-allow-origin'], '*');
    } finally { await closed.close(); await open.close(); }
  });

  test('no server path or setting in public answers', async () => {
    const api = await openApp(data.dbPath);
    try {
      const sources = await getJson(api.app, '/sources.json');
      assert.ok(sources.body.rows.length > 0);
      assert.ok(!sources.text.includes(data.dir), 'no absolute path in /sources.json');
      for (const text of ['SELECT * FROM duckdb_databases()', 'SELECT * FROM duckdb_settings()', "SELECT current_setting('home_directory')", 'SELECT * FROM "duckdb_databases"()', 'SELECT * FROM pragma_database_list']) {
        const r = await getJson(api.app, sql(text));
        assert.equal(r.status, 400, text);
        assert.ok(!r.text.includes(data.dir) && !r.text.includes(process.env.HOME ?? '/nonexistent'), text);
      }
    } finally { await api.close(); }
  });

  test('a route asked with the wrong method answers 405 with the methods it takes', async () => {
    const api = await openApp(data.dbPath);
    try {
      const r = await api.app.inject({ method: 'PUT', url: sql('SELECT 1') });
      assert.equal(r.statusCode, 405);
      assert.match(r.headers.allow as string, /GET/);
      assert.equal((await api.app.inject({ method: 'PUT', url: '/nothing-here.json' })).statusCode, 404);
    } finally { await api.close(); }
  });

  test('a failed upload names the file as uploaded, not the server path', async () => {
    const api = await openApp(data.dbPath, { token: TOKEN, uploadDir: join(data.dir, 'uploads-fail') });
    try {
      const r = await api.app.inject({ method: 'POST', url: '/ingest?name=notes.txt', payload: 'just some words\nnothing tabular\n', headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${TOKEN}` } });
      assert.ok(r.statusCode >= 400 && r.statusCode < 500, r.body);
      assert.match(r.json().error, /notes\.txt/);
      assert.ok(!r.body.includes(data.dir), r.body);
    } finally { await api.close(); }
  });

  test('an upload a stopped server left half-way is removed at the next writable start', async () => {
    const uploadDir = join(data.dir, 'uploads-stopped');
    const left = join(uploadDir, '20260101T000000-abcdef');
    await mkdir(left, { recursive: true });
    await writeFile(join(left, 'half.csv'), 'Departed Date,Case');
    await writeFile(join(left, '.incomplete'), '');
    const api = await openApp(data.dbPath, { token: TOKEN, uploadDir });
    try {
      assert.equal(existsSync(left), false);
    } finally { await api.close(); }
  });
});

describe('the server stays up', () => {
  test('clients that never read their exports do not take every connection', { timeout: 60_000 }, async (t) => {
    // Enough rows that an export fills the socket's buffers and waits for its reader.
    const dir = data.dir;
    const big = join(dir, 'synthetic-big.csv');
    await writeEroLesaCsv(big, { rows: 150_000, seed: 3, from: '2013-10-01', to: '2016-09-30' });
    const dbPath = join(dir, 'big.duckdb');
    const store = await openProject(dbPath);
    await ingestFile(store, big);
    store.close();
    const api = await openApp(dbPath, { slowReaderMs: 1500, rollups: false });
    t.after(() => api.close());
    await api.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (api.app.server.address() as { port: number }).port;
    const sockets = Array.from({ length: 8 }, () => {
      const socket = connect(port, '127.0.0.1');
      socket.on('error', () => undefined);
      socket.write('GET /removals.csv HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
      socket.pause();
      return socket;
    });
    t.after(() => { for (const s of sockets) s.destroy(); });
    await new Promise((r) => setTimeout(r, 300));
    const health = await fetch(`http://127.0.0.1:${port}/health.json`).catch((e) => { throw new Error(`health: ${e.cause?.message ?? e}`); });
    assert.equal(health.status, 200);
    const query = await fetch(`http://127.0.0.1:${port}${sql('SELECT count(*) AS n FROM removals')}`);
    assert.equal((await query.json()).ok, true);
  });

  test('another process taking the file during write swaps gives 503s, and reads resume when it lets go', { timeout: 120_000 }, async (t) => {
    const dbPath = join(data.dir, 'race.duckdb');
    (await openProject(dbPath)).close();
    const api = await openApp(dbPath, { token: TOKEN, uploadDir: join(data.dir, 'race-uploads') });
    t.after(() => api.close());
    // A process that opens the file writable in a loop for a few seconds.
    const rival = spawn(process.execPath, ['--input-type=module', '-e', `
      import { DuckDBInstance } from '@duckdb/node-api';
      const end = Date.now() + 4000;
      while (Date.now() < end) {
        try { const i = await DuckDBInstance.create(${JSON.stringify(dbPath)}); await new Promise((r) => setTimeout(r, 150)); i.closeSync(); } catch {}
        await new Promise((r) => setTimeout(r, 20));
      }`], { cwd: process.cwd(), stdio: 'ignore' });
    const rivalDone = new Promise((resolve) => rival.once('exit', resolve));
    const payload = await readFile(data.formulaPath);
    const statuses = new Map<number, string>();
    for (let i = 0; i < 12; i++) {
      const w = await api.app.inject({ method: 'POST', url: `/ingest?name=synthetic-race-${i}.csv`, payload: Buffer.concat([payload, Buffer.from(`1/${i + 1}/2016,x,Male,MEXICO,x,,[16] Reinstated Final Order\n`)]), headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${TOKEN}` } });
      statuses.set(w.statusCode, w.body);
      const r = await api.app.inject({ url: '/health.json' });
      assert.ok(r.statusCode === 200 || r.statusCode === 503, `a read during the race answers 200 or 503, not ${r.statusCode}: ${r.body}`);
      if (r.statusCode === 503) assert.match(r.json().error, /in use by another process/);
    }
    for (const [s, body] of statuses) assert.ok([200, 201, 503].includes(s), `write status ${s}: ${body}`);
    await rivalDone;
    await new Promise((r) => setTimeout(r, 1100));
    const health = await api.app.inject({ url: '/health.json' });
    assert.equal(health.statusCode, 200, health.body);
    assert.equal((await getJson(api.app, sql('SELECT count(*) AS n FROM sources'))).body.ok, true);
  });
});
