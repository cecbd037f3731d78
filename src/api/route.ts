/**
 * The route table: every route is one RouteSpec, registered with fastify by app.ts, described by
 * openapi.ts and checked against docs/api.md by a test — one list, so the three cannot drift apart.
 * Route files build specs from the report catalog, so a table another area registers in
 * src/reports/catalog.ts gets its routes without an edit here.
 */
import type { Readable } from 'node:stream';

export type Format = 'json' | 'csv' | 'ndjson' | 'geojson' | 'html' | 'sse' | 'asset';

export const CONTENT_TYPES: Record<Exclude<Format, 'asset'>, string> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
  geojson: 'application/geo+json; charset=utf-8',
  html: 'text/html; charset=utf-8',
  sse: 'text/event-stream; charset=utf-8',
};

export interface QueryParam {
  name: string;
  description: string;
  type?: 'string' | 'integer';
  enum?: string[];
  required?: boolean;
}

export interface ApiRequest {
  /** Path and query as sent. */
  url: string;
  /** The query string without `?`, undecoded (filters are parsed from it, see query.ts). */
  rawQuery: string;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON, or the raw request stream for uploads. */
  body?: unknown;
  /** Called when the client goes away (long streams stop early). */
  signal: AbortSignal;
}

export interface ApiReply {
  status?: number;
  format: Format;
  /** Overrides the format's content type (assets). */
  contentType?: string;
  body: string | Buffer | Readable;
  headers?: Record<string, string>;
}

export interface RouteSpec {
  method: 'GET' | 'POST';
  path: string;
  /** The documented form, shared by a family of routes: `/reports/{table}.json`. */
  template: string;
  /** Family, for grouping in docs and OpenAPI: rows, reports, sql, meta, … */
  tag: string;
  summary: string;
  format: Format;
  params: QueryParam[];
  /** Dimensions accepted as `DIM=VALUE` filters (name → definition). */
  filters?: Record<string, string>;
  /** Responses depend only on the URL and the data version, so they may be cached. */
  cached?: boolean;
  /** Changes data: needs the token. */
  write?: boolean;
  /** Content types accepted in the body (POST). */
  accepts?: string[];
  /** Largest body fastify parses for this route (default 1 MB; uploads stream past the parser and enforce their own limit). */
  maxBodyBytes?: number;
  /** Left out of docs/OpenAPI (dashboard asset files). */
  hidden?: boolean;
  handler(request: ApiRequest): Promise<ApiReply>;
}
