/**
 * `/reports/<table>.json|.csv` (and `.geojson` where a dimension has coordinates): the CLI's
 * `deportwatch report <table> --by a,b --where dim=value`, through the same runReport, so the API and
 * the CLI count the same way. The JSON carries what a reader needs to trust a number: definitions,
 * caveats, the source files and whether any counted row is synthetic. `/reports.json` is the catalog.
 */
import { parseBy, parseFilter, requestColumns, runReport } from '../../reports/report.ts';
import type { ReportRequest } from '../../reports/types.ts';
import type { ApiContext } from '../context.ts';
import { HttpError } from '../errors.ts';
import { csv, feature, geojson, json, shapeRows } from '../output.ts';
import { checkFilters, checkOptions, intOption, parseQuery, shapeOption } from '../query.ts';
import type { ApiRequest, QueryParam, RouteSpec } from '../route.ts';
import type { Catalog } from '../tables.ts';

type ReportEntry = Catalog['reports'][number];

/** Named options of a report route besides the `_` ones (the CLI's --by, --measure, --bin, --tz, --sort, --top, --others). */
const REPORT_OPTIONS = ['by', 'measure', 'count', 'bin', 'tz', 'sort', 'top', 'others'];

/** A measure as the measure option names one: `share`, `sum:age`, `change_pct:FY2013` … (docs/reports.md). */
const MEASURE_SPEC = /^(count|distinct|sum|mean|median|min|max|share|change|change_pct)(:.*)?$/;

async function run(ctx: ApiContext, entry: ReportEntry, request: ApiRequest, known: string[]) {
  const { options, filters } = parseQuery(request.rawQuery, REPORT_OPTIONS);
  // Tables of published figures have a dimension called `measure` (what a figure counts): there,
  // `measure=arrests`, which names no measure, is a filter on it, as on the row routes.
  if (options.measure !== undefined && entry.table.dimensions.measure && !parseBy(options.measure).every((m) => MEASURE_SPEC.test(m))) {
    filters.push(parseFilter(`measure=${options.measure}`));
    delete options.measure;
  }
  checkOptions(options, known);
  // Plain filters have their values checked against the column (a month must read YYYY-MM); binned,
  // raw and OR filters are checked by the report itself.
  checkFilters(filters.filter((f) => !f.or && !f.range && !f.dimension.includes(':') && !f.dimension.startsWith('raw.')), entry.filters, entry.table.name);
  const limit = options._limit === undefined ? undefined : intOption(options, '_limit', 0, 1, 1_000_000);
  const top = options.top === undefined ? undefined : intOption(options, 'top', 0, 0, 1_000_000);
  if (options.others !== undefined && options.others !== 'true' && options.others !== 'false') throw new HttpError(400, `others must be true or false (got "${options.others}")`);
  const report: ReportRequest = {
    table: entry.table.name, by: parseBy(options.by), where: filters, limit,
    measures: parseBy(options.measure), count: options.count, bin: options.bin, timeZone: options.tz, sort: parseBy(options.sort), top, others: options.others === 'true',
  };
  // Runs on the table's rollup when one is ready and has every column the request reads (src/engine/rollups.ts).
  const result = await ctx.db.readReport(entry.table.view, requestColumns(report), (store, weight) => runReport(store, report, { weight }));
  return { options, result, columns: result.columns ?? [...result.by, 'n'] };
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
          dimensions: Object.fromEntries(Object.entries(table.dimensions).map(([name, d]) => [name, { definition: d.definition, geographic: Boolean(d.geo), ...(d.time ? { time: d.time } : {}) }])),
          // What measure=, count= and raw.<column> can name (docs/reports.md).
          fields: Object.fromEntries(Object.entries(table.fields ?? {}).map(([name, f]) => [name, f.definition])),
          counts: Object.fromEntries([...(table.defaultCount ? [[table.defaultCount, table.unit]] : []), ...Object.entries(table.counts ?? {}).map(([name, c]) => [name, c.unit])]),
          raw: table.raw ? table.raw.definition : null,
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
    const shaping: QueryParam[] = [
      { name: 'measure', description: 'comma-separated measures beside n: count, distinct:DIM, sum|mean|median|min|max:FIELD, share, share:DIM[+DIM], change, change_pct, change:PERIOD, change_pct:PERIOD (docs/reports.md)' },
      { name: 'count', description: 'what n counts when the table offers several units (flights: legs, flight_number_days, aircraft_days; tracker_rows: rows, flight_number_days)' },
      { name: 'bin', description: 'time bin for the date dimensions of by given without one (DIM:BIN): day, week_ending_sun, week_ending_mon, iso_week, month, quarter, year, fiscal_year' },
      { name: 'tz', description: 'IANA time zone timestamps are binned in (default UTC)' },
      { name: 'sort', description: 'comma-separated output columns to sort by; -COL for descending' },
      { name: 'top', type: 'integer', description: 'keep the first N groups after sorting (largest n first unless sort says otherwise)' },
      { name: 'others', description: 'with top: true adds one row "(all others)" for the rest', enum: ['true', 'false'] },
    ];
    const base = `/reports/${table.name}`;
    routes.push({
      method: 'GET', path: `${base}.json`, template: '/reports/{table}.json', tag: 'reports', format: 'json', cached: true, filters,
      summary: `count ${table.unit} by dimensions, with definitions, caveats and source files`,
      params: [by, ...shaping, limit, { name: '_shape', description: 'rows as objects (default) or arrays in the order of `columns`', enum: ['objects', 'arrays'] }],
      async handler(request) {
        const { options, result, columns } = await run(ctx, entry, request, [...REPORT_OPTIONS, '_limit', '_shape']);
        const shape = shapeOption(options);
        return json({ ok: true, ...result, columns, rows: shapeRows(columns, result.rows, shape) });
      },
    });
    routes.push({
      method: 'GET', path: `${base}.csv`, template: '/reports/{table}.csv', tag: 'reports', format: 'csv', cached: true, filters,
      summary: `the same counts as CSV: one column per dimension, then n (definitions and sources are in the JSON twin; X-Truncated says whether _limit cut groups)`,
      params: [by, ...shaping, limit],
      async handler(request) {
        const { result, columns } = await run(ctx, entry, request, [...REPORT_OPTIONS, '_limit']);
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
          const { result } = await run(ctx, entry, request, ['by', 'measure', 'top', 'others', 'sort', '_limit']);
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
