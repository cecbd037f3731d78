/**
 * `POST /ingest?name=<file name>`: upload one file (the raw bytes as the body) and ingest it through
 * the same pipeline as `deportwatch ingest` (format detected from the content, one transaction, the
 * same SHA-256 stored once). Needs the token. The file is kept in the server's upload folder, so
 * `sources.path` keeps pointing at the bytes every stored row came from; a duplicate or a failed file
 * is deleted again, since nothing of it was stored. Until its ingest has ended, the upload's folder
 * holds a marker file: a server stopped mid-upload leaves the marker, and the next writable start
 * deletes such folders unless a stored source points into them (cleanIncompleteUploads). Answers
 * name the file as uploaded, never the server's folders.
 */
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError, UserError } from '../../domain/errors.ts';
import type { ServedDatabase } from '../../engine/served.ts';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { ingestFile } from '../../ingest/ingest.ts';
import type { ApiContext } from '../context.ts';
import { HttpError } from '../errors.ts';
import { json } from '../output.ts';
import { checkOptions, parseQuery } from '../query.ts';
import type { RouteSpec } from '../route.ts';

/** Keeps a file name readable and harmless: no folders, no leading dot, only plain characters. */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '');
  if (!clean || !/[A-Za-z0-9]/.test(clean)) throw new HttpError(400, `name "${name}" is not a usable file name; send name=<the file's name, e.g. removals-fy2019.csv>`);
  return clean.slice(0, 200);
}

/** Marks an upload folder whose ingest has not ended. */
const INCOMPLETE = '.incomplete';

/**
 * Deletes upload folders a stopped server left behind (marker still present) unless a stored source
 * points into one (the ingest committed just before the stop: then only the marker goes).
 */
export async function cleanIncompleteUploads(db: ServedDatabase): Promise<string[]> {
  if (!db.uploadDir || !existsSync(db.uploadDir)) return [];
  const removed: string[] = [];
  for (const entry of await readdir(db.uploadDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const folder = join(db.uploadDir, entry.name);
    if (!existsSync(join(folder, INCOMPLETE))) continue;
    const stored = Number(await db.read((store) => store.scalar('SELECT count(*) FROM sources WHERE starts_with(path, $1)', [`${folder}/`])));
    if (stored > 0) await rm(join(folder, INCOMPLETE), { force: true });
    else { await rm(folder, { recursive: true, force: true }); removed.push(entry.name); }
  }
  return removed;
}

/** An error about the uploaded file, naming it as uploaded instead of by the server's path. */
function withUploadName(error: unknown, path: string, name: string): unknown {
  if (!(error instanceof UserError)) return error;
  const hide = (text: string) => text.split(path).join(name);
  if (error instanceof UsageError) return new UsageError(hide(error.message), error.details.map(hide));
  return new UserError(hide(error.message), error.exitCode, error.details.map(hide));
}

export function ingestRoutes(ctx: ApiContext): RouteSpec[] {
  return [{
    method: 'POST', path: '/ingest', template: '/ingest', tag: 'write', format: 'json', write: true,
    accepts: ['application/octet-stream', 'text/csv', 'text/plain', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/gzip'],
    summary: 'upload one file and ingest it (format detected from the content; needs the token)',
    params: [
      { name: 'name', required: true, description: 'the file\'s name, kept for provenance (a name containing "synthetic" marks its rows synthetic)' },
      { name: 'kind', description: 'skip detection and read the file as this source kind (see `deportwatch sources formats`)' },
    ],
    async handler(request) {
      const { options, filters } = parseQuery(request.rawQuery, ['name', 'kind']);
      checkOptions(options, ['name', 'kind']);
      if (filters.length) throw new HttpError(400, `unknown parameter "${filters[0].dimension}"; this route takes name=… and kind=…`);
      if (!options.name) throw new HttpError(400, 'the name parameter is missing: POST /ingest?name=<file name> with the file as the body');
      const body = request.body as Readable | undefined;
      if (!body || typeof (body as Readable).pipe !== 'function') throw new HttpError(400, 'send the file\'s bytes as the request body (Content-Type: application/octet-stream)');
      const folder = join(ctx.db.uploadDir!, `${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '')}-${Math.random().toString(36).slice(2, 8)}`);
      const path = join(folder, safeFileName(options.name));
      await mkdir(folder, { recursive: true });
      await writeFile(join(folder, INCOMPLETE), '');
      let bytes = 0;
      const limit = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          bytes += chunk.length;
          if (bytes > ctx.maxUploadBytes) done(new HttpError(413, `the upload is larger than the server's limit of ${ctx.maxUploadBytes.toLocaleString('en-US')} bytes`));
          else done(null, chunk);
        },
      });
      try {
        await pipeline(body, limit, createWriteStream(path));
        const summary = await ctx.db.write((store) => ingestFile(store, path, { kind: options.kind }));
        if (summary.status === 'already-ingested') await rm(folder, { recursive: true, force: true });
        else await rm(join(folder, INCOMPLETE), { force: true });
        return json({ ok: true, summary: { ...summary, path: safeFileName(options.name) }, data_version: ctx.db.dataVersion }, summary.status === 'stored' ? 201 : 200);
      } catch (error) {
        await rm(folder, { recursive: true, force: true });
        throw withUploadName(error, path, safeFileName(options.name));
      }
    },
  }];
}
