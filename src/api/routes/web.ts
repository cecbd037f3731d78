/**
 * The dashboard (src/web, built by `npm run build:web` into dist/web/) is served by the same server, so
 * its API calls are same-origin. The dashboard routes by URL hash (`/#/flights?month=2025-06`), so only
 * its files need routes: each file of dist/web/ gets one, read once at start-up (a few MB), gzipped on
 * first request when the client accepts it. Without a build, `/` says how to make one and where the API is.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { ApiContext } from '../context.ts';
import type { ApiReply, RouteSpec } from '../route.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.jpg': 'image/jpeg', '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.woff': 'font/woff', '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8', '.wasm': 'application/wasm', '.webmanifest': 'application/manifest+json', '.pbf': 'application/x-protobuf',
};

const COMPRESSIBLE = /^(text\/|application\/(json|javascript|manifest)|image\/svg)/;

function files(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...files(path));
    else if (entry.isFile()) found.push(path);
  }
  return found;
}

function acceptsGzip(header: string | string[] | undefined): boolean {
  return /\bgzip\b/.test(Array.isArray(header) ? header.join(',') : header ?? '');
}

export function webRoutes(ctx: ApiContext, taken: Set<string>): RouteSpec[] {
  if (!ctx.webDir) {
    return [{
      method: 'GET', path: '/', template: '/', tag: 'meta', format: 'html', params: [],
      summary: 'the dashboard (a note on how to build it when dist/web/ is absent)',
      async handler() {
        return { format: 'html', body: placeholderPage() };
      },
    }];
  }
  const routes: RouteSpec[] = [];
  for (const path of files(ctx.webDir)) {
    const url = `/${relative(ctx.webDir, path).split('\\').join('/')}`;
    if (taken.has(url)) continue; // an API route of the same name wins
    const contentType = TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
    const content = readFileSync(path);
    let gzipped: Buffer | null = null;
    // Vite names built assets by content hash: they never change under the same URL.
    const cacheControl = url.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
    const serve = async (headers: Record<string, string | string[] | undefined>): Promise<ApiReply> => {
      if (COMPRESSIBLE.test(contentType) && content.length > 1024 && acceptsGzip(headers['accept-encoding'])) {
        gzipped ??= gzipSync(content);
        return { format: 'asset', contentType, body: gzipped, headers: { 'content-encoding': 'gzip', vary: 'accept-encoding', 'cache-control': cacheControl } };
      }
      return { format: 'asset', contentType, body: content, headers: { vary: 'accept-encoding', 'cache-control': cacheControl } };
    };
    routes.push({ method: 'GET', path: url, template: url, tag: 'web', format: 'asset', params: [], hidden: true, summary: `dashboard file ${url} (${statSync(path).size} bytes)`, handler: (r) => serve(r.headers) });
    if (url === '/index.html') {
      routes.push({ method: 'GET', path: '/', template: '/', tag: 'meta', format: 'html', params: [], summary: 'the dashboard', handler: (r) => serve(r.headers) });
    }
  }
  return routes;
}

function placeholderPage(): string {
  return `<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>deportwatch</title>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5">
<h1>deportwatch</h1>
<p>The dashboard is not built in this copy: run <code>npm run build:web</code> (it writes <code>dist/web/</code>) and restart <code>deportwatch serve</code>.</p>
<p>The API works without it: <a href="/health.json">/health.json</a>, <a href="/reports.json">/reports.json</a> (the catalog),
<a href="/sources.json">/sources.json</a>, <a href="/openapi.json">/openapi.json</a>; every route is described in docs/api.md.</p>
</body></html>`;
}
