/**
 * The dashboard reads only the public API, the same routes a researcher uses (docs/api.md), so every
 * chart can show the URL of its data twin. Nothing here computes a count the API did not return.
 */
import { useEffect, useState } from 'react';

export interface ReportSource { source_id: number; path: string; sha256: string; kind: string; synthetic: boolean }

export interface Report {
  table: string;
  by: string[];
  rows: (Record<string, unknown> & { n: number })[];
  total: number;
  unit?: string;
  definitions: Record<string, string>;
  sources: ReportSource[];
  caveats: string[];
  synthetic: boolean;
  truncated?: boolean;
}

/** The API's one error shape. */
export interface ApiErrorBody { ok: false; status: number; error: string; errors?: unknown[] }

export class ApiError extends Error {
  constructor(readonly status: number, message: string, readonly url: string) { super(message); }
}

export type Params = Record<string, string | undefined>;

/** `/reports/removals.json?by=fiscal_year,pathway&release=ero-lesa`; empty values are left out. */
export function apiUrl(path: string, params: Params = {}): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined && value !== '') query.set(name, value);
  const text = query.toString().replace(/%2C/g, ',');
  return `${path}${text ? `?${text}` : ''}`;
}

/**
 * The CSV twin of a JSON route: same path and filters, `.csv` instead of `.json`. The JSON page options
 * are left out: CSV routes stream every matching row and take no `_shape` (a 400), and a `_size` or
 * `_after` would cut the file at one page.
 */
export function csvUrl(jsonUrl: string): string {
  const [path, query = ''] = jsonUrl.split('?', 2);
  const kept = query.split('&').filter((p) => p && !/^_(shape|size|after)=/.test(p));
  return `${path.replace(/\.json$/, '.csv')}${kept.length ? `?${kept.join('&')}` : ''}`;
}

/**
 * A filter value as the API reads it: a comma separates values, so one value that holds a comma (or a
 * quote) is written in double quotes, as in CSV (`"CHINA, PEOPLES REPUBLIC OF"`).
 */
export function filterValue(value: string | undefined): string | undefined {
  return value !== undefined && /[",]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function filterParams(filters: Params): Params {
  return Object.fromEntries(Object.entries(filters).map(([name, value]) => [name, filterValue(value)]));
}

export function reportUrl(table: string, by: string[], filters: Params): string {
  return apiUrl(`/reports/${table}.json`, { by: by.join(','), ...filterParams(filters) });
}

export async function fetchJson<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, { headers: { accept: 'application/json' }, ...init });
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    throw new ApiError(response.status, `${url} did not return JSON (HTTP ${response.status})`, url);
  }
  if (!response.ok) {
    const error = body as Partial<ApiErrorBody> | null;
    throw new ApiError(response.status, error?.error ?? `HTTP ${response.status}`, url);
  }
  return body as T;
}

export type Loaded<T> =
  | { state: 'loading'; url: string }
  | { state: 'ok'; url: string; data: T }
  | { state: 'error'; url: string; status: number; message: string };

/**
 * Answers are kept for a short while, so that panels asking for the same route (a filter's values and
 * a chart of the same dimension, the catalog on every page) share one request, while a reload after an
 * ingest still shows new data.
 */
const CACHE_MS = 30_000;
const cache = new Map<string, { at: number; promise: Promise<unknown> }>();

export function cachedJson<T>(url: string): Promise<T> {
  const hit = cache.get(url);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.promise as Promise<T>;
  const promise = fetchJson<T>(url);
  cache.set(url, { at: Date.now(), promise });
  promise.catch(() => cache.delete(url));
  return promise;
}

/** Fetches `url` whenever it changes; a stale answer never replaces a newer one. `null` fetches nothing. */
export function useApi<T>(url: string | null): Loaded<T> {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading', url: url ?? '' });
  useEffect(() => {
    if (!url) return;
    let current = true;
    setLoaded({ state: 'loading', url });
    cachedJson<T>(url).then(
      (data) => { if (current) setLoaded({ state: 'ok', url, data }); },
      (error: unknown) => {
        if (!current) return;
        const status = error instanceof ApiError ? error.status : 0;
        setLoaded({ state: 'error', url, status, message: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => { current = false; };
  }, [url]);
  return loaded.url === url ? loaded : { state: 'loading', url: url ?? '' };
}

/** A report, or nothing when `enabled` is false (the catalog says the table or a dimension is missing). */
export function useReport(table: string, by: string[], filters: Params, enabled = true): Loaded<Report> & { csv: string } {
  const url = reportUrl(table, by, filters);
  return { ...useApi<Report>(enabled ? url : null), csv: csvUrl(url) };
}
