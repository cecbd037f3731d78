/**
 * `/<table>.json|.csv|.ndjson` (and `.geojson` where the table has coordinates): the rows behind every
 * count, filtered like `deportwatch report --where`. JSON comes a page at a time with a keyset token
 * (`next`, passed back as `_after`); CSV and NDJSON stream every matching row (or `_size` of them) from
 * one query, for spreadsheets and big exports.
 */
import { pageRows, type RowsQuery } from '../../engine/rows.ts';
import type { ApiContext } from '../context.ts';
import { csvStream, feature, geojson, json, ndjsonStream, shapeRows, type RowBatch } from '../output.ts';
import { checkFilters, checkOptions, decodeKey, encodeKey, intOption, parseQuery, shapeOption } from '../query.ts';
import type { ApiRequest, QueryParam, RouteSpec } from '../route.ts';
import type { RowTable } from '../tables.ts';
import { HttpError } from '../errors.ts';

export const PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 5000;

const AFTER: QueryParam = { name: '_after', description: 'keyset token: the `next` value of the previous page (JSON) or where to start (CSV, NDJSON)' };
const SORT: QueryParam = { name: '_sort', description: 'order rows by this column (then by the row key); `-column` for largest first' };
const SHAPE: QueryParam = { name: '_shape', description: 'rows as objects (default) or as arrays in the order of `columns`', enum: ['objects', 'arrays'] };

function buildQuery(ctx: ApiContext, table: RowTable, request: ApiRequest, known: string[]) {
  const { options, filters } = parseQuery(request.rawQuery);
  checkOptions(options, known);
  const where = checkFilters(filters, table.filters, table.name);
  // `_sort=col` / `_sort=-col`: the column leads the keyset, so pages stay exact under any order.
  let key = table.key;
  let descending = false;
  if (options._sort) {
    const name = options._sort.replace(/^-/, '');
    const column = table.columns.find((c) => c.name === name);
    if (!column) throw new HttpError(400, `_sort: "${name}" is not a column of ${table.name}; columns: ${table.columns.map((c) => c.name).join(', ')}`);
    descending = options._sort.startsWith('-');
    key = [{ name: column.name, type: column.type }, ...table.key.filter((k) => k.name !== column.name)];
  }
  const after = options._after ? decodeKey(options._after, key.length) : undefined;
  const query: RowsQuery = { from: table.relation, key, where, after, descending };
  return { options, filters, query };
}

/** Rows per read of a streamed export. */
export const EXPORT_PAGE = 5_000;
/** Rows per write of a streamed export. */
const EXPORT_BATCH = 1_000;

/**
 * Every matching row, read a page at a time by key (one short read per page, the connection given
 * back in between), so a client that reads slowly or not at all holds no database connection and no
 * open DuckDB result while it waits: held streaming results kept DuckDB's threads busy and slowed
 * every other request (six stalled exports made a `SELECT 42` take 6 s). A write between two pages
 * shows in the later ones.
 */
async function* streamed(ctx: ApiContext, query: RowsQuery, signal: AbortSignal): AsyncGenerator<RowBatch> {
  const release = await ctx.db.exportSlot();
  try {
    let remaining = query.size ?? Number.POSITIVE_INFINITY;
    let after = query.after;
    let first = true;
    while (remaining > 0 && !signal.aborted) {
      const page = await ctx.db.read((store) => pageRows(store, { ...query, after, size: Math.min(EXPORT_PAGE, remaining) }));
      if (first) { yield { columns: page.columns }; first = false; }
      // Handed on in small batches, so the socket's backpressure holds back the rest of the page.
      for (let i = 0; i < page.rows.length; i += EXPORT_BATCH) yield { rows: page.rows.slice(i, i + EXPORT_BATCH) };
      remaining -= page.rows.length;
      if (!page.next) return;
      after = page.next;
    }
  } finally {
    release();
  }
}

export function rowRoutes(ctx: ApiContext): RouteSpec[] {
  const routes: RouteSpec[] = [];
  for (const table of ctx.catalog.rows) {
    const filters = Object.fromEntries(Object.entries(table.filters).map(([name, f]) => [name, f.definition]));
    const base = `/${table.name}`;
    routes.push({
      method: 'GET', path: `${base}.json`, template: '/{table}.json', tag: 'rows', format: 'json', cached: true, filters,
      summary: `${table.name}: ${table.description} (JSON, a page at a time)`,
      params: [{ name: '_size', type: 'integer', description: `rows per page (default ${PAGE_SIZE}, at most ${MAX_PAGE_SIZE})` }, AFTER, SORT, SHAPE],
      async handler(request) {
        const { options, filters: given, query } = buildQuery(ctx, table, request, ['_size', '_after', '_shape', '_sort']);
        const shape = shapeOption(options);
        query.size = intOption(options, '_size', PAGE_SIZE, 1, MAX_PAGE_SIZE);
        const page = await ctx.db.read((store) => pageRows(store, query));
        const next = page.next ? encodeKey(page.next) : null;
        return json({
          ok: true, table: table.name, columns: page.columns, types: page.types,
          filters: given.map(({ dimension, op, values }) => ({ dimension, op, values })),
          size: query.size, count: page.rows.length,
          rows: shapeRows(page.columns, page.rows, shape),
          next, next_url: next ? withOption(request.url, '_after', next) : null,
        });
      },
    });
    routes.push({
      method: 'GET', path: `${base}.csv`, template: '/{table}.csv', tag: 'rows', format: 'csv', filters,
      summary: `${table.name}: every matching row as CSV (streamed; cells starting with = + - @ neutralised)`,
      params: [{ name: '_size', type: 'integer', description: 'stop after this many rows (default: all)' }, AFTER, SORT],
      async handler(request) {
        const { options, query } = buildQuery(ctx, table, request, ['_size', '_after', '_sort']);
        if (options._size) query.size = intOption(options, '_size', 0, 1, Number.MAX_SAFE_INTEGER);
        return csvStream(streamed(ctx, query, request.signal), `${table.name}.csv`);
      },
    });
    routes.push({
      method: 'GET', path: `${base}.ndjson`, template: '/{table}.ndjson', tag: 'rows', format: 'ndjson', filters,
      summary: `${table.name}: every matching row as newline-delimited JSON (streamed, for large exports)`,
      params: [{ name: '_size', type: 'integer', description: 'stop after this many rows (default: all)' }, AFTER],
      async handler(request) {
        const { options, query } = buildQuery(ctx, table, request, ['_size', '_after']);
        if (options._size) query.size = intOption(options, '_size', 0, 1, Number.MAX_SAFE_INTEGER);
        return ndjsonStream(streamed(ctx, query, request.signal));
      },
    });
    if (table.geo.length) {
      routes.push({
        method: 'GET', path: `${base}.geojson`, template: '/{table}.geojson', tag: 'rows', format: 'geojson', cached: true, filters,
        summary: `${table.name}: a page of rows as GeoJSON features (points, or lines origin → destination; null geometry where a place is unknown)`,
        params: [{ name: '_size', type: 'integer', description: `rows per page (default ${PAGE_SIZE}, at most ${MAX_PAGE_SIZE})` }, AFTER],
        async handler(request) {
          const { options, query } = buildQuery(ctx, table, request, ['_size', '_after']);
          query.size = intOption(options, '_size', PAGE_SIZE, 1, MAX_PAGE_SIZE);
          const page = await ctx.db.read((store) => pageRows(store, query));
          const features = page.rows.map((row) => feature(table.geo.map((g) => (row[g.column] == null ? undefined : g.locate(String(row[g.column])))), row));
          const next = page.next ? encodeKey(page.next) : null;
          return geojson(features, { next, next_url: next ? withOption(request.url, '_after', next) : null });
        },
      });
    }
  }
  return routes;
}

/** The same URL with one option set (replacing an earlier value). */
export function withOption(url: string, name: string, value: string): string {
  const [path, query = ''] = url.split('?', 2);
  const parts = query.split('&').filter((p) => p !== '' && !p.startsWith(`${name}=`));
  parts.push(`${name}=${encodeURIComponent(value)}`);
  return `${path}?${parts.join('&')}`;
}
