/**
 * Downloading a publisher's file before the regular ingest (`deportwatch fetch NAME`, docs/fetch.md):
 *
 * - **conditional requests**: the ETag and Last-Modified of the last download are kept beside the file
 *   (`<file>.fetch.json`) and sent as If-None-Match / If-Modified-Since; a 304 downloads nothing;
 * - **resume**: bytes arrive in `<file>.part`; an interrupted download is resumed with `Range:
 *   bytes=N-` and `If-Range` (the validator it began with), and restarted whole when the server sends
 *   the full file instead (200) or the validator changed;
 * - **checksums**: the file's SHA-256 is computed; a length other than the server's Content-Length /
 *   Content-Range, a digest other than the server's `Content-Digest` / `Repr-Digest` / `Digest`
 *   (sha-256), or other than the catalog's `sha256`, refuses the file: nothing is kept or ingested;
 * - **politeness**: one request at a time, at least `minIntervalMs` between two requests to one host,
 *   a User-Agent naming deportwatch, and 429/503 answered by waiting the Retry-After (at most twice,
 *   at most 60 s);
 * - a **progress** callback with the bytes so far and the total when known.
 *
 * The caller ingests the file and records the URL and the retrieval time (recordFetch).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { UserError } from '../domain/errors.ts';
import type { IngestSummary } from '../domain/provenance.ts';
import type { Store } from '../engine/db.ts';
import { ingestFile } from './ingest.ts';

export const USER_AGENT = 'deportwatch (open, reproducible monitor of deportation operations; see docs/fetch.md)';

export interface FetchOptions {
  url: string;
  /** Where the file goes. */
  path: string;
  /** A SHA-256 (hex) the file must have (the catalog's), if any. */
  sha256?: string;
  /** Fetch even when a validator says nothing changed (a snapshot). */
  unconditional?: boolean;
  minIntervalMs?: number;
  progress?(received: number, total: number | null): void;
  /** For tests: how long to wait on Retry-After (ms per second asked). */
  retryScale?: number;
}

export interface FetchResult {
  status: 'downloaded' | 'not-modified' | 'resumed';
  url: string;
  path: string;
  retrievedAt: string;
  httpStatus: number;
  etag: string | null;
  lastModified: string | null;
  sha256: string | null;
  bytes: number;
  /** Bytes taken from an earlier, interrupted download. */
  resumedFrom: number;
}

interface Sidecar { url: string; etag: string | null; lastModified: string | null; sha256: string | null; bytes: number; retrievedAt: string }

const lastRequest = new Map<string, number>();

async function politeWait(url: string, minIntervalMs: number): Promise<void> {
  const host = new URL(url).host;
  const wait = (lastRequest.get(host) ?? 0) + minIntervalMs - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  lastRequest.set(host, Date.now());
}

async function readJson<T>(path: string): Promise<T | null> {
  try { return JSON.parse(await readFile(path, 'utf8')) as T; } catch { return null; }
}

async function sizeOf(path: string): Promise<number | null> {
  return (await stat(path).catch(() => null))?.size ?? null;
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The sha-256 a server states for the whole file (RFC 9530 Content-Digest / Repr-Digest, or RFC 3230 Digest), as hex. */
export function statedSha256(headers: Headers, ranged: boolean): string | null {
  // Content-Digest of a 206 covers the part sent, not the file: only Repr-Digest and Digest then.
  for (const name of ranged ? ['repr-digest', 'digest'] : ['repr-digest', 'content-digest', 'digest']) {
    const value = headers.get(name);
    if (!value) continue;
    const m = /sha-?256=:?([A-Za-z0-9+/=]+):?/i.exec(value);
    if (m) return Buffer.from(m[1], 'base64').toString('hex');
  }
  return null;
}

async function request(url: string, headers: Record<string, string>, options: FetchOptions): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    await politeWait(url, options.minIntervalMs ?? 1000);
    let response: Response;
    try {
      response = await fetch(url, { headers: { 'user-agent': USER_AGENT, ...headers }, redirect: 'follow' });
    } catch (error) {
      throw new UserError(`${url}: the request failed (${(error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message}); nothing was downloaded`);
    }
    if ((response.status === 429 || response.status === 503) && attempt < 2) {
      const seconds = Math.min(60, Number(response.headers.get('retry-after')) || 5);
      await response.body?.cancel();
      await new Promise((r) => setTimeout(r, seconds * 1000 * (options.retryScale ?? 1)));
      continue;
    }
    return response;
  }
}

/** Downloads `url` to `path` (conditionally, resuming a partial download); refuses a file whose length or checksum is wrong. */
export async function fetchToFile(options: FetchOptions): Promise<FetchResult> {
  const { url, path } = options;
  const part = `${path}.part`;
  const partMeta = `${path}.part.json`;
  const sidecarPath = `${path}.fetch.json`;
  await mkdir(dirname(path), { recursive: true });
  const previous = await readJson<Sidecar>(sidecarPath);
  const haveFile = (await sizeOf(path)) !== null;
  const headers: Record<string, string> = {};
  if (!options.unconditional && previous && haveFile && previous.url === url) {
    if (previous.etag) headers['if-none-match'] = previous.etag;
    if (previous.lastModified) headers['if-modified-since'] = previous.lastModified;
  }
  // An interrupted download of the same URL resumes where it stopped.
  const partial = await readJson<{ url: string; etag: string | null; lastModified: string | null }>(partMeta);
  const partSize = partial && partial.url === url ? (await sizeOf(part)) ?? 0 : 0;
  const validator = partial?.etag ?? partial?.lastModified ?? null;
  if (partSize > 0 && validator) { headers.range = `bytes=${partSize}-`; headers['if-range'] = validator; }

  const response = await request(url, headers, options);
  const retrievedAt = new Date().toISOString();
  const etag = response.headers.get('etag');
  const lastModified = response.headers.get('last-modified');
  if (response.status === 304) {
    await response.body?.cancel();
    return { status: 'not-modified', url, path, retrievedAt, httpStatus: 304, etag: previous?.etag ?? etag, lastModified: previous?.lastModified ?? lastModified, sha256: previous?.sha256 ?? null, bytes: previous?.bytes ?? 0, resumedFrom: 0 };
  }
  if (response.status !== 200 && response.status !== 206) {
    await response.body?.cancel();
    throw new UserError(`${url}: the server answered ${response.status} ${response.statusText}; nothing was downloaded`);
  }
  const ranged = response.status === 206;
  let offset = 0;
  let total: number | null = null;
  if (ranged) {
    const m = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(response.headers.get('content-range') ?? '');
    if (!m || Number(m[1]) !== partSize) {
      await response.body?.cancel();
      await rm(part, { force: true }); await rm(partMeta, { force: true });
      throw new UserError(`${url}: the server resumed at a different byte (${response.headers.get('content-range') ?? 'no Content-Range'}) than the ${partSize} held; the partial download was discarded, fetch again`);
    }
    offset = partSize;
    total = m[3] === '*' ? null : Number(m[3]);
  } else {
    const length = response.headers.get('content-length');
    total = length !== null ? Number(length) : null;
  }
  await writeFile(partMeta, JSON.stringify({ url, etag, lastModified }));
  if (!response.body) throw new UserError(`${url}: the server sent no body`);
  let received = offset;
  // Each chunk is on disk before the next is read, so an interrupted download keeps what arrived.
  const out = await open(part, ranged ? 'a' : 'w');
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      await out.write(chunk);
      received += chunk.length;
      options.progress?.(received, total);
    }
  } catch (error) {
    // Kept for a resume: the .part file and the validator it began with.
    const cause = (error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message;
    throw new UserError(`${url}: the download stopped after ${received.toLocaleString('en-US')} bytes (${cause}); run the same fetch again to resume it`);
  } finally {
    await out.close();
  }
  const bytes = (await sizeOf(part)) ?? 0;
  const refuse = async (why: string): Promise<never> => {
    await rm(part, { force: true }); await rm(partMeta, { force: true });
    throw new UserError(`${url}: refused: ${why}; the download was discarded and nothing was ingested`);
  };
  if (total !== null && bytes !== total) await refuse(`${bytes.toLocaleString('en-US')} bytes received where the server announced ${total.toLocaleString('en-US')}`);
  const sha256 = await sha256Of(part);
  const stated = statedSha256(response.headers, ranged);
  if (stated && stated !== sha256) await refuse(`its SHA-256 is ${sha256}, the server states ${stated}`);
  if (options.sha256 && options.sha256.toLowerCase() !== sha256) await refuse(`its SHA-256 is ${sha256}, the catalog expects ${options.sha256}`);
  await rename(part, path);
  await rm(partMeta, { force: true });
  const sidecar: Sidecar = { url, etag, lastModified, sha256, bytes, retrievedAt };
  await writeFile(sidecarPath, `${JSON.stringify(sidecar, null, 2)}\n`);
  return { status: ranged ? 'resumed' : 'downloaded', url, path, retrievedAt, httpStatus: response.status, etag, lastModified, sha256, bytes, resumedFrom: offset };
}

/** Records where and when a stored source was downloaded (source_fetches, migration 24). */
export async function recordFetch(store: Store, sourceId: number, name: string, result: FetchResult): Promise<void> {
  await store.run(`INSERT INTO source_fetches (source_id, name, url, retrieved_at, http_status, etag, last_modified, sha256, bytes)
    VALUES ($1, $2, $3, $4::TIMESTAMP, $5, $6, $7, $8, $9)`,
  [sourceId, name, result.url, result.retrievedAt.replace('T', ' ').replace('Z', ''), result.httpStatus, result.etag, result.lastModified, result.sha256, result.bytes]);
}

export interface CatalogFetch {
  /** The catalog entry's name (recorded with the source). */
  name: string;
  url: string;
  path: string;
  sha256?: string;
  snapshot?: boolean;
  ingest: boolean;
  minIntervalMs?: number;
  progress?(received: number, total: number | null): void;
}

export interface CatalogFetchResult { fetch: FetchResult; ingest: IngestSummary | null }

/** Downloads one file of the catalog and, unless told not to, ingests it and records the URL and time with the source. */
export async function fetchAndIngest(store: Store, job: CatalogFetch): Promise<CatalogFetchResult> {
  const result = await fetchToFile({ url: job.url, path: job.path, sha256: job.sha256, unconditional: job.snapshot, minIntervalMs: job.minIntervalMs, progress: job.progress });
  if (result.status === 'not-modified' || !job.ingest) return { fetch: result, ingest: null };
  const summary = await ingestFile(store, job.path);
  const known = await store.one('SELECT 1 FROM source_fetches WHERE source_id = $1 AND sha256 = $2', [summary.sourceId, result.sha256]);
  if (!known) await recordFetch(store, summary.sourceId, job.name, result);
  return { fetch: result, ingest: summary };
}
