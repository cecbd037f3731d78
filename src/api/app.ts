/**
 * The HTTP app, built from a served database (src/engine/served.ts) without listening on a port, so tests
 * send requests with `app.inject()`. The only place (with src/api/) that imports fastify. Every route
 * comes from the route table (route.ts); here each one gets, once: the token check for writes, the
 * cache for aggregate routes, CORS for reads when asked for (`--cors`), the timeouts, and the one error
 * shape.
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { resolve } from 'node:path';
import type { RollupOptions } from '../engine/rollups.ts';
import type { ServedDatabase } from '../engine/served.ts';
import type { ProcessLimits } from '../engine/sql-process.ts';
import { authorize } from './auth.ts';
import { ResponseCache, type CachedResponse } from './cache.ts';
import type { ApiContext } from './context.ts';
import { errorBody, HttpError, toHttpError } from './errors.ts';
import { openApi } from './openapi.ts';
import { CONTENT_TYPES, type ApiReply, type ApiRequest, type RouteSpec } from './route.ts';
import { briefRoutes } from './routes/brief.ts';
import { claimsRoutes } from './routes/claims.ts';
import { airportRoutes, coverageRoutes } from './routes/coverage.ts';
import { cleanIncompleteUploads, ingestRoutes } from './routes/ingest.ts';
import { metaRoutes } from './routes/meta.ts';
import { liveRoutes } from './routes/live.ts';
import { reportRoutes } from './routes/reports.ts';
import { rowRoutes } from './routes/rows.ts';
import { rulesRoutes } from './routes/rules.ts';
import { sqlRoutes } from './routes/sql.ts';
import { webRoutes } from './routes/web.ts';
import { loadCatalog, rollupSpecs } from './tables.ts';

export interface AppOptions {
  db: ServedDatabase;
  /** The write token; null or absent = read-only server. */
  token?: string | null;
  sqlLimits?: Partial<ProcessLimits>;
  maxUploadBytes?: number;
  /** Folder of the built dashboard; default dist/web/ of this checkout when it exists; null = none. */
  webDir?: string | null;
  /** Cache aggregate routes (default true). */
  cache?: boolean;
  /** Log each request (default false: the server prints one line per start and errors only). */
  logger?: boolean;
  /** Pre-aggregate report views in the background (default true; src/engine/rollups.ts). */
  rollups?: boolean | RollupOptions;
  /**
   * Let web pages on other origins read the API (`Access-Control-Allow-Origin: *` on reads). Off by
   * default, as in Datasette: with it, any page a user visits could read the whole database through
   * /sql.json, and a group's observer logs need not be public.
   */
  cors?: boolean;
  /**
   * A streamed export whose client has read nothing for this long is closed (default 30 s), freeing
   * its database connection instead of holding it for as long as the client stays.
   */
  slowReaderMs?: number;
  /** A read that has not answered after this long gets a 503 (default 120 s). */
  requestTimeoutMs?: number;
  /** Where a watcher writes its status and events (default `<db>.live`; docs/watch.md). */
  liveDir?: string | null;
}

export const DEFAULT_WEB_DIR = resolve(import.meta.dirname, '../../dist/web');

export interface App {
  app: FastifyInstance;
  routes: RouteSpec[];
  context: ApiContext;
}

export async function buildApp(options: AppOptions): Promise<App> {
  const token = options.token ?? null;
  if (token !== null && !options.db.writable) throw new Error('a token was given but the database is open read-only: open it writable to accept writes');
  const webDir = options.webDir === undefined ? (existsSync(resolve(DEFAULT_WEB_DIR, 'index.html')) ? DEFAULT_WEB_DIR : null) : options.webDir;
  const context: ApiContext = {
    db: options.db,
    catalog: await loadCatalog(options.db),
    sqlLimits: { maxRows: 10_000, timeoutMs: 10_000, ...options.sqlLimits },
    writable: token !== null,
    maxUploadBytes: options.maxUploadBytes ?? 1024 ** 3,
    webDir,
    liveDir: options.liveDir === undefined ? (options.db.path === ':memory:' ? null : `${options.db.path}.live`) : options.liveDir,
  };
  if (options.rollups !== false) {
    options.db.enableRollups(rollupSpecs(), {
      ...(typeof options.rollups === 'object' ? options.rollups : {}),
      onError: (error) => process.stderr.write(`deportwatch serve: report rollups not built (${(error as Error).message}); reports read the views\n`),
    });
  }
  // A writable server clears what a stop mid-upload left behind.
  if (token !== null) await cleanIncompleteUploads(options.db);
  const apiRoutes = [
    ...metaRoutes(context), ...liveRoutes(context), ...coverageRoutes(context), ...briefRoutes(context), ...airportRoutes(), ...reportRoutes(context), ...rowRoutes(context), ...sqlRoutes(context), ...rulesRoutes(context), ...claimsRoutes(context), ...ingestRoutes(context)
  ];
  const taken = new Set(apiRoutes.map((r) => r.path));
  const openapiRoute: RouteSpec = {
    method: 'GET', path: '/openapi.json', template: '/openapi.json', tag: 'meta', format: 'json', params: [],
    summary: 'this API described as OpenAPI 3.1 (generated from the same route table the server runs)',
    async handler() {
      return { format: 'json', body: openApiText };
    },
  };
  taken.add(openapiRoute.path);
  const routes = [...apiRoutes, openapiRoute, ...webRoutes(context, taken)];
  const openApiText = JSON.stringify(openApi(routes));

  const slowReaderMs = options.slowReaderMs ?? 30_000;
  const requestTimeoutMs = options.requestTimeoutMs ?? 120_000;
  // A connection on which nothing at all moves (no request, no answer) is closed after the request time limit and a margin.
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: context.maxUploadBytes, forceCloseConnections: true, connectionTimeout: requestTimeoutMs + 10_000 });
  // Uploads arrive as raw bytes and are streamed to disk by the ingest route, whatever their type;
  // JSON bodies (claims) keep fastify's JSON parser.
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));

  const cache = options.cache === false ? null : new ResponseCache();
  app.setErrorHandler((error, request, reply) => {
    const http = toHttpError(error);
    if (http.status >= 500) request.log.error(error);
    if (http.status >= 500 && !options.logger) process.stderr.write(`deportwatch serve: ${request.method} ${request.url}: ${(error as Error).stack ?? error}\n`);
    void reply.status(http.status).headers({ 'content-type': CONTENT_TYPES.json, ...http.headers }).send(JSON.stringify(errorBody(http)));
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0];
    // A route that exists under another method: 405 with the methods it takes.
    const methods = [...new Set(routes.filter((r) => r.path === path).map((r) => r.method))];
    const http = methods.length > 0
      ? new HttpError(405, `${path} does not take ${request.method}; it takes ${methods.join(', ')}`, [], { allow: [...methods, ...(methods.includes('GET') ? ['HEAD'] : [])].join(', ') })
      : notFound(request.method, path, context);
    void reply.status(http.status).headers({ 'content-type': CONTENT_TYPES.json, ...http.headers }).send(JSON.stringify(errorBody(http)));
  });

  for (const route of routes) {
    app.route({
      method: route.method,
      url: route.path,
      bodyLimit: route.maxBodyBytes ?? 1024 * 1024,
      handler: async (request: FastifyRequest, reply: FastifyReply) => {
        if (route.write) {
          authorize(token, request.headers.authorization);
          // A write (an upload being ingested) may be silent for minutes; it is not an idle client.
          const socket = request.raw.socket as { setTimeout?: (ms: number) => void } | undefined;
          if (typeof socket?.setTimeout === 'function') socket.setTimeout(0);
        }
        const cacheable = cache !== null && route.cached === true;
        const version = context.db.dataVersion;
        if (cacheable) {
          const hit = cache.get(version, request.url);
          if (hit) return sendCached(request, reply, hit);
        }
        const controller = new AbortController();
        request.raw.once('close', () => { if (!reply.sent) controller.abort(); });
        reply.raw.once('close', () => controller.abort());
        const apiRequest: ApiRequest = {
          url: request.url,
          rawQuery: request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '',
          headers: request.headers,
          body: request.body,
          signal: controller.signal,
        };
        const result = route.write ? await route.handler(apiRequest) : await withTimeout(route.handler(apiRequest), requestTimeoutMs, controller);
        const headers = replyHeaders(route, result, options.cors === true);
        if (cacheable && (result.status ?? 200) === 200 && typeof result.body === 'string') {
          const entry = cache.set(version, request.url, { headers: { ...headers, etag: `W/"${version}"` }, body: Buffer.from(result.body) });
          return sendCached(request, reply, entry);
        }
        if (result.body instanceof Readable) guardSlowReader(reply.raw, slowReaderMs);
        return reply.status(result.status ?? 200).headers(headers).send(result.body);
      },
    });
  }
  return { app, routes, context };
}

function replyHeaders(route: RouteSpec, result: ApiReply, cors: boolean): Record<string, string> {
  const type = result.contentType ?? (result.format === 'asset' ? 'application/octet-stream' : CONTENT_TYPES[result.format]);
  // Only when the server was started with --cors may pages on other origins (Observable notebooks, other dashboards) read it.
  return { 'content-type': type, ...(cors && route.method === 'GET' ? { 'access-control-allow-origin': '*' } : {}), ...result.headers };
}

/**
 * Closes a streamed response whose client has read nothing for `ms`: its bytes stop leaving once the
 * socket's buffers are full, and the export would hold its database connection (and DuckDB's open
 * streaming result) for as long as the client stays. Closing it ends the stream and frees both.
 */
function guardSlowReader(response: ServerResponse, ms: number): void {
  const socket = response.socket;
  if (!socket || typeof socket.destroy !== 'function') return; // app.inject() has no real socket
  let last = -1;
  let since = Date.now();
  const timer = setInterval(() => {
    const written = socket.bytesWritten;
    if (written !== last) { last = written; since = Date.now(); return; }
    if (Date.now() - since >= ms) { clearInterval(timer); socket.destroy(); }
  }, Math.max(50, Math.min(1000, ms / 4)));
  timer.unref();
  response.once('close', () => clearInterval(timer));
}

/** The handler's answer, or a 503 when it takes longer than `ms` (the request's signal is aborted). */
async function withTimeout(work: Promise<ApiReply>, ms: number, controller: AbortController): Promise<ApiReply> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new HttpError(503, `the request took longer than the server's limit of ${ms / 1000} s and was stopped; narrow it (filters, _size) or try again later`));
    }, ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
    work.catch(() => undefined);
  }
}

function sendCached(request: FastifyRequest, reply: FastifyReply, entry: CachedResponse) {
  if (request.headers['if-none-match'] === entry.headers.etag) return reply.status(304).headers(entry.headers).send();
  return reply.status(200).headers(entry.headers).send(entry.body);
}

/** A 404 that helps: an unknown report or table is named, with the ones that exist. */
function notFound(method: string, path: string, context: ApiContext): HttpError {
  const report = /^\/reports\/([^/]+)\.(\w+)$/.exec(path);
  if (report) {
    const names = context.catalog.reports.map((r) => r.table.name);
    if (!names.includes(report[1])) return new HttpError(404, `no report named "${report[1]}"; reports: ${names.join(', ')}`);
    return new HttpError(404, `/reports/${report[1]} has no .${report[2]} form; formats: json, csv${context.catalog.reports.find((r) => r.table.name === report[1])?.geographic ? ', geojson' : ''}`);
  }
  const table = /^\/([^/]+)\.(json|csv|ndjson|geojson)$/.exec(path);
  if (table) {
    const names = context.catalog.rows.map((t) => t.name);
    if (!names.includes(table[1])) return new HttpError(404, `no table named "${table[1]}"; tables: ${names.join(', ')} (reports are under /reports/)`);
    return new HttpError(404, `/${table[1]} has no .${table[2]} form (GeoJSON is offered only for tables with coordinates)`);
  }
  return new HttpError(404, `no route ${method} ${path}; every route is listed at /openapi.json and in docs/api.md`);
}
