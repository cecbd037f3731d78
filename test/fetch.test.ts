/**
 * `deportwatch fetch`: the real fixtures served from a loopback HTTP server (127.0.0.1 only) that
 * speaks ETag / Last-Modified / 304, Range / 206 and RFC 9530 Content-Digest, and can cut a download
 * short or corrupt it. Checks: a first download ingested with its URL and retrieval time; a conditional
 * re-fetch that downloads nothing; an interrupted download resumed from where it stopped; a corrupted
 * download refused. The expected SHA-256 is node:crypto's over the fixture file itself.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { UserError } from '../src/domain/errors.ts';
import { fetchAndIngest } from '../src/ingest/fetch.ts';
import { sharedData } from './helpers/shared-data.ts';
import { tempStore } from './helpers/store.ts';

interface Served { path: string; body: Buffer; etag: string; lastModified: string }
interface Log { status: number; range?: string; ifNoneMatch?: string; bytesSent: number }

/** A loopback server of one file: `mode.cutAt` ends the next response after so many bytes; `mode.corrupt` flips a byte of the next one. */
async function serve(t: TestContext, file: Served): Promise<{ url: string; base: string; log: Log[]; mode: { cutAt?: number; corrupt?: boolean } }> {
  const log: Log[] = [];
  const mode: { cutAt?: number; corrupt?: boolean } = {};
  const digest = `sha-256=:${createHash('sha256').update(file.body).digest('base64')}:`;
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const entry: Log = { status: 0, range: req.headers.range, ifNoneMatch: req.headers['if-none-match'], bytesSent: 0 };
    log.push(entry);
    if (req.url !== file.path) { res.statusCode = entry.status = 404; res.end(); return; }
    const common = { etag: file.etag, 'last-modified': file.lastModified, 'accept-ranges': 'bytes', 'repr-digest': digest };
    if (req.headers['if-none-match'] === file.etag) { res.writeHead(entry.status = 304, common); res.end(); return; }
    let body = file.body;
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    if (range && req.headers['if-range'] === file.etag) {
      const from = Number(range[1]);
      body = file.body.subarray(from);
      res.writeHead(entry.status = 206, { ...common, 'content-length': body.length, 'content-range': `bytes ${from}-${file.body.length - 1}/${file.body.length}` });
    } else {
      res.writeHead(entry.status = 200, { ...common, 'content-length': body.length, 'content-digest': digest });
    }
    if (mode.corrupt) { body = Buffer.from(body); body[Math.floor(body.length / 2)] ^= 0xff; mode.corrupt = false; }
    if (mode.cutAt !== undefined) {
      const cut = mode.cutAt;
      mode.cutAt = undefined;
      res.write(body.subarray(0, cut), () => { entry.bytesSent = cut; setTimeout(() => res.socket?.end(), 50); });
      return;
    }
    entry.bytesSent = body.length;
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}${file.path}`, base: `http://127.0.0.1:${port}`, log, mode };
}

function served(path: string, urlPath: string): Served {
  const body = readFileSync(path);
  return { path: urlPath, body, etag: `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`, lastModified: new Date(statSync(path).mtimeMs).toUTCString() };
}

const sha256 = (buffer: Buffer) => createHash('sha256').update(buffer).digest('hex');

test('fetch: first download ingested with URL and time; a conditional re-fetch downloads nothing', async (t) => {
  const xlsx = sharedData(t, 'official-stats/FY26_detentionStats_02122026.xlsx');
  if (!xlsx) return;
  const file = served(xlsx, '/doclib/detention/FY26_detentionStats_02122026.xlsx');
  const server = await serve(t, file);
  const { store, dir } = await tempStore(t);
  const path = join(dir, 'downloads', 'FY26_detentionStats_02122026.xlsx');
  const job = { name: 'ice-detention-stats', url: server.url, path, ingest: true, minIntervalMs: 0 };
  const first = await fetchAndIngest(store, job);
  assert.equal(first.fetch.status, 'downloaded');
  assert.equal(first.fetch.sha256, sha256(file.body));
  assert.equal(first.fetch.bytes, file.body.length);
  assert.equal(first.ingest?.kind, 'ice-detention-stats');
  assert.equal(first.ingest?.status, 'stored');
  const row = await store.one<{ url: string; at: string; etag: string }>('SELECT url, retrieved_at::VARCHAR AS at, etag FROM source_fetches WHERE source_id = $1', [first.ingest!.sourceId]);
  assert.equal(row?.url, server.url);
  assert.equal(row?.etag, file.etag);
  assert.ok(Math.abs(Date.parse(`${row!.at.replace(' ', 'T')}Z`) - Date.parse(first.fetch.retrievedAt)) < 1000);

  const again = await fetchAndIngest(store, job);
  assert.equal(again.fetch.status, 'not-modified');
  assert.equal(again.ingest, null);
  assert.deepEqual(server.log.map((l) => [l.status, l.ifNoneMatch ?? null, l.bytesSent]), [[200, null, file.body.length], [304, file.etag, 0]]);
});

test('fetch: an interrupted download resumes with Range; a corrupted one is refused', async (t) => {
  const csv = sharedData(t, 'official-stats/cbp-sw-border-encounters-fy22-fy25aug.csv');
  if (!csv) return;
  const file = served(csv, '/data/sw-land-border-encounters.csv');
  const server = await serve(t, file);
  const { store, dir } = await tempStore(t);
  const path = join(dir, 'downloads', 'sw-land-border-encounters.csv');
  const job = { name: 'cbp-encounters', url: server.url, path, ingest: true, minIntervalMs: 0 };

  // Corrupted: a flipped byte, while the server states the true digest → refused, nothing kept or stored.
  server.mode.corrupt = true;
  await assert.rejects(fetchAndIngest(store, job), (e: unknown) => e instanceof UserError && /refused: its SHA-256 is [0-9a-f]{64}, the server states/.test(e.message));
  assert.ok(!existsSync(path) && !existsSync(`${path}.part`));
  assert.equal(Number(await store.scalar('SELECT count(*) FROM sources')), 0);

  // Interrupted after 40,000 bytes: the .part file keeps them; the next fetch asks for the rest only.
  server.mode.cutAt = 40_000;
  await assert.rejects(fetchAndIngest(store, job), (e: unknown) => e instanceof UserError && /run the same fetch again to resume/.test(e.message));
  assert.equal(statSync(`${path}.part`).size, 40_000);
  const resumed = await fetchAndIngest(store, job);
  assert.equal(resumed.fetch.status, 'resumed');
  assert.equal(resumed.fetch.resumedFrom, 40_000);
  assert.equal(resumed.fetch.sha256, sha256(file.body));
  assert.deepEqual(readFileSync(path), file.body);
  const last = server.log[server.log.length - 1];
  assert.deepEqual([last.status, last.range, last.bytesSent], [206, 'bytes=40000-', file.body.length - 40_000]);
  assert.equal(resumed.ingest?.kind, 'cbp-encounters');
  assert.equal(resumed.ingest?.rowsStored, readFileSync(csv, 'utf8').trim().split('\n').length - 1);
});

test('deportwatch fetch NAME --base: the catalog URL served from a mirror, then ingested', async (t) => {
  const csv = sharedData(t, 'official-stats/cbp-sw-border-encounters-fy22-fy25aug.csv');
  if (!csv) return;
  const { dir } = await tempStore(t);
  const catalogPath = new URL(JSON.parse(readFileSync(join(import.meta.dirname, '../src/reference/fetch-catalog.json'), 'utf8')).entries
    .find((e: { name: string }) => e.name === 'cbp-encounters').url).pathname;
  const server = await serve(t, served(csv, catalogPath));
  const args = ['--import', 'tsx', join(import.meta.dirname, '../src/cli/bin.ts'), '--db', join(dir, 'cli.duckdb'), 'fetch', 'cbp-encounters', '--base', server.base, '--dir', join(dir, 'dl'), '--interval', '0'];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr += d; });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(code, 0, stderr);
  assert.match(stderr, new RegExp(`fetch cbp-encounters ${server.base}${catalogPath} → .*bytes, sha256 `));
  assert.match(stderr, /cbp-encounters: 1,936 rows stored of 1,936 read/);
});
