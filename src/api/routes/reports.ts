/**
 * `/reports/<table>.json|.csv` (and `.geojson` where a dimension has coordinates): the CLI's
 * `deportwatch report <table> --by a,b --where dim=value`, through the same runReport, so the API and
 * the CLI count the same way. The JSON carries what a reader needs to trust a number: definitions,
 * caveats, the source files and whether any counted row is synthetic. `/reports.json` is the catalog.
 */
import { parseBy, runReport } from '../../reports/report.ts';
import type { ApiContext } from '../context.ts';
import { HttpError } from '../errors.ts';
import { csv, feature, geojson, json, shapeRows } from '../output.ts';
import { checkFilters, checkOptions, intOption, parseQuery, shapeOption } from '../query.ts';
import type { ApiRequest, QueryParam, RouteSpec } from '../route.ts';
import { reportColumns, type Catalog } from '../tables.ts';

type ReportEntry = Catalog['reports'][number];

async function run(ctx: ApiContext, entry: ReportEntry, request: ApiRequest, known: string[]) {
  const { options, filters } = parseQuery(request.rawQuery, ['by']);
  checkOptions(options, known);
  checkFilters(filters, entry.filters, entry.table.name);
  const limit = options._limit === undefined ? undefined : intOption(options, '_limit', 0, 1, 1_000_000);
  const by = parseBy(options.by);
  // Runs on the table's rollup when one is ready and has every column the request reads (src/engine/rollups.ts).
  const result = await ctx.db.readReport(entry.table.view, reportColumns(entry.table, by, filters),
    (store, weight) => runReport(store, { table: entry.table.name, by, where: filters, limit }, { weight }));
  return { options, result, columns: [...result.by, 'n'] };
}

export function reportRoutes(ctx: ApiContext): RouteSpec[] {
  const routes: RouteSpec[] = [{
    method: 'GET', path: '/reports.json', template: '/reports.json', tag: 'reports', format: 'json', cached: true, params: [],
    summary: 'the report catalog: each table with its unit, default grouping, dimensions and their definitions, and its routes',
    async handler() {
      return json({
        ok: true,
        reports: ctx.catalog.reports.map(({ table, geographic }) => ({
          name: table.name, unit: table.unit, default_by: table.defaultBy, geographic,
          dimensions: Object.fromEntries(Object.entries(table.dimensions).map(([name, d]) => [name, { definition: d.definition, geographic: Boolean(d.geo) }])),
          routes: [`/reports/${table.name}.json`, `/reports/${table.name}.csv`, ...(geographic ? [`/reports/${table.name}.geojson`] : [])],
        })),
        tables: ctx.catalog.rows.map((t) => ({
          name: t.name, description: t.description, key: t.key.map((k) => k.name), columns: t.columns,
          routes: [`/${t.name}.json`, `/${t.name}.csv`, `/${t.name}.ndjson`, ...(t.geo.length ? [`/${t.name}.geojson`] : [])],
        })),
      });
    },
  }];
  for (const entry of ctx.catalog.reports) {
    const { table } = entry;
    const dimensions = Object.keys(table.dimensions);
    const filters = Object.fromEntries(Object.entries(entry.filters).map(([name, f]) => [name, f.definition]));
    const by: QueryParam = { name: 'by', description: `comma-separated dimensions to group by (default ${table.defaultBy.join(',')}); one of: ${dimensions.join(', ')}` };
    const limit: QueryParam = { name: '_limit', type: 'integer', description: 'at most this many groups (the total still counts every row)' };
    const base = `/reports/${table.name}`;
    routes.push({
      method: 'GET', path: `${base}.json`, template: '/reports/{table}.json', tag: 'reports', format: 'json', cached: true, filters,
      summary: `count ${table.unit} by dimensions, with definitions, caveats and source files`,
      params: [by, limit, { name: '_shape', description: 'rows as objects (default) or arrays in the order of `columns`', enum: ['objects', 'arrays'] }],
      async handler(request) {
        const { options, result, columns } = await run(ctx, entry, request, ['by', '_limit', '_shape']);
        const shape = shapeOption(options);
        return json({ ok: true, ...result, columns, rows: shapeRows(columns, result.rows, shape) });
      },
    });
    routes.push({
      method: 'GET', path: `${base}.csv`, template: '/reports/{table}.csv', tag: 'reports', format: 'csv', cached: true, filters,
      summary: `the same counts as CSV: one column per dimension, then n (definitions and sources are in the JSON twin; X-Truncated says whether _limit cut groups)`,
      params: [by, limit],
      async handler(request) {
        const { result, columns } = await run(ctx, entry, request, ['by', '_limit']);
        const reply = csv(columns, result.rows, `${table.name}-report.csv`);
        reply.headers = { ...reply.headers, 'x-truncated': String(result.truncated) };
        return reply;
      },
    });
    if (entry.geographic) {
      routes.push({
        method: 'GET', path: `${base}.geojson`, template: '/reports/{table}.geojson', tag: 'reports', format: 'geojson', cached: true, filters,
        summary: 'the counts as GeoJSON: a point per place, or a line per origin → destination pair, with n in the properties',
        params: [by, limit],
        async handler(request) {
          const { result } = await run(ctx, entry, request, ['by', '_limit']);
          const geoBy = result.by.filter((name) => table.dimensions[name].geo);
          if (geoBy.length === 0) {
            const places = dimensions.filter((name) => table.dimensions[name].geo);
            throw new HttpError(400, `a map needs a place: group by one of ${places.join(', ')} (e.g. by=${places.slice(0, 2).join(',')})`);
          }
          const features = result.rows.map((row) => feature(geoBy.map((name) => (row[name] == null ? undefined : table.dimensions[name].geo!.locate(String(row[name])))), row));
          const { rows: _rows, ...meta } = result;
          return geojson(features, { metadata: meta });
        },
      });
    }
  }
  return routes;
}
