/**
 * Soak test of the HTTP server (bounded: about 20 seconds of load): clients that read their exports
 * slowly or not at all, concurrent heavy SQL (unbounded recursion, constant folding, large results)
 * and ordinary reads at once. Every answer is a 200 or a clear refusal (never a 500, never a hang),
 * /health.json keeps answering, the server's own memory stays bounded, and it stops cleanly.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { makeTestData, openApp } from './helpers/api.ts';
import { writeEroLesaCsv } from '../src/synthetic/ero-lesa.ts';
import { ingestFile } from '../src/ingest/ingest.ts';
import { openProject } from '../src/app/project.ts';

const SOAK_MS = 20_000;

test('soak: slow readers and heavy queries do not take the server down', { timeout: 180_000 }, async (t) => {
  const data = await makeTestData({ ingest: false });
  t.after(() => data.cleanup());
  const csv = join(data.dir, 'synthetic-soak.csv');
  await writeEroLesaCsv(csv, { rows: 30_000, seed: 11, from: '2013-10-01', to: '2016-09-30' });
  const store = await openProject(data.dbPath);
  await ingestFile(store, csv);
  store.close();
  const api = await openApp(data.dbPath, { slowReaderMs: 2000, sqlLimits: { timeoutMs: 2000, memoryBytes: 700 * 1024 ** 2, resultBytes: 8 * 1024 ** 2 }, rollups: false });
  await api.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(api.app.server.address() as { port: number }).port}`;
  const rss = process.memoryUsage().rss;
  const end = Date.now() + SOAK_MS;
  const statuses = new Map<number, number>();
  const problems: string[] = [];
  const note = (status: number) => statuses.set(status, (statuses.get(status) ?? 0) + 1);

  // Clients that never read, and clients that read a kilobyte now and then.
  const sockets: Socket[] = [];
  const slowClients = (async () => {
    while (Date.now() < end && !process.env.SOAK_NO_SLOW) {
      for (let i = 0; i < 8; i++) {
        const socket = connect(Number(new URL(base).port), '127.0.0.1');
        socket.on('error', () => undefined);
        socket.write(`GET /removals.csv HTTP/1.1\r\nHost: x\r\n\r\n`);
        if (i < 6) socket.pause();
        else socket.on('data', () => { socket.pause(); setTimeout(() => socket.resume(), 500); });
        sockets.push(socket);
      }
      await new Promise((r) => setTimeout(r, 8000));
    }
  })();
  const heavy = ["WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT max(n) AS n FROM r",
    "SELECT length(md5(repeat('x', 1000000000))) AS n", "SELECT repeat('x', 1000000) AS s FROM range(50)",
    'SELECT citizenship_country, count(*) AS n FROM removals GROUP BY 1 ORDER BY 2 DESC'];
  const heavyClients = (process.env.SOAK_NO_HEAVY ? [] : [0, 1, 2]).map(async (k) => {
    for (let i = k; Date.now() < end; i++) {
      const r = await fetch(`${base}/sql.json?sql=${encodeURIComponent(heavy[i % heavy.length])}`);
      note(r.status);
      const body = await r.json() as { ok: boolean; error?: string };
      if (r.status >= 500 || (!body.ok && !/limit/.test(body.error ?? ''))) problems.push(`sql ${r.status}: ${JSON.stringify(body).slice(0, 200)}`);
    }
  });
  const readers = (async () => {
    while (Date.now() < end) {
      for (const url of ['/health.json', '/reports/removals.json?by=fiscal_year', '/removals.json?_size=50']) {
        const started = Date.now();
        const r = await fetch(`${base}${url}`, { signal: AbortSignal.timeout(30_000) }).catch((e) => { throw new Error(`${url} after ${Date.now() - started} ms: ${e.message}`); });
        if (process.env.SOAK_DEBUG) console.error(url, Date.now() - started);
        note(r.status);
        if (r.status !== 200) problems.push(`${url} ${r.status}: ${(await r.text()).slice(0, 200)}`);
        else await r.arrayBuffer();
      }
    }
  })();
  await Promise.all([slowClients, ...heavyClients, readers]);
  for (const s of sockets) s.destroy();
  t.diagnostic(`soak: ${[...statuses].map(([s, n]) => `${n} × ${s}`).join(', ')}; server memory grew ${Math.round((process.memoryUsage().rss - rss) / 2 ** 20)} MB`);
  assert.deepEqual(problems, []);
  assert.ok((statuses.get(200) ?? 0) >= 5, 'reads kept being answered');
  // DuckDB's buffers and the exports' pages grow the server somewhat; the heavy queries (a 1 GB string
  // each) run outside it.
  assert.ok(process.memoryUsage().rss - rss < 1536 * 1024 ** 2, 'heavy queries ran outside the server process');
  await api.close();
});
