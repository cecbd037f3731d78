/**
 * What this server offers: `/reports.json` lists each report table with its dimensions (and which are
 * places), and the row tables. Pages read it first so that they ask only for tables and dimensions
 * that exist — a database without flights shows "No flights loaded", not a failed request.
 */
import { useApi } from './api.ts';

export interface CatalogReport {
  name: string;
  unit: string;
  default_by: string[];
  geographic: boolean;
  dimensions: Record<string, { definition: string; geographic: boolean }>;
  routes: string[];
}

export interface CatalogTable { name: string; description: string; columns: { name: string; type: string }[] | string[]; routes: string[] }

export interface CatalogBody { ok: true; reports: CatalogReport[]; tables: CatalogTable[] }

export interface Catalog {
  state: 'loading' | 'ok' | 'error';
  message?: string;
  report(name: string): CatalogReport | undefined;
  reports(): CatalogReport[];
  has(report: string, ...dimensions: string[]): boolean;
  table(name: string): CatalogTable | undefined;
}

export const CATALOG_URL = '/reports.json';

export function useCatalog(): Catalog {
  const loaded = useApi<CatalogBody>(CATALOG_URL);
  const body = loaded.state === 'ok' ? loaded.data : undefined;
  const report = (name: string) => body?.reports?.find((r) => r.name === name);
  return {
    state: loaded.state,
    message: loaded.state === 'error' ? loaded.message : undefined,
    report,
    reports: () => body?.reports ?? [],
    has: (name, ...dimensions) => {
      const r = report(name);
      return Boolean(r && dimensions.every((d) => d in r.dimensions));
    },
    table: (name) => body?.tables?.find((t) => t.name === name),
  };
}

/**
 * Whether the server has a route (from its OpenAPI description, generated from the routes it runs), for
 * the routes outside the report catalog (`/claims.json`, `/rules.json`): `undefined` while unknown.
 */
export function useHasRoute(path: string): boolean | undefined {
  const loaded = useApi<{ paths?: Record<string, unknown> }>('/openapi.json');
  if (loaded.state === 'loading') return undefined;
  // Without a description (an older server), ask the route itself and show its answer.
  if (loaded.state === 'error') return true;
  return Boolean(loaded.data.paths && path in loaded.data.paths);
}
