/**
 * `/sql.json|.csv?sql=SELECT …`: one read-only SELECT through the sandbox (src/engine/sandbox.ts and
 * src/engine/served.ts): no file or network access, configuration locked, one statement, SELECT only,
 * stopped at a time limit and cut at a row limit. Not cached: a query may read random() or now().
 */
import type { ApiContext } from '../context.ts';
import { HttpError } from '../errors.ts';
import { csv, json, shapeRows } from '../output.ts';
import { checkOptions, intOption, parseQuery, shapeOption } from '../query.ts';
import type { ApiRequest, RouteSpec } from '../route.ts';

async function run(ctx: ApiContext, request: ApiRequest, known: string[]) {
  const { options, filters } = parseQuery(request.rawQuery, ['sql']);
  checkOptions(options, known);
  if (filters.length) throw new HttpError(400, `unknown parameter "${filters[0].dimension}"; this route takes sql=… and ${known.filter((k) => k !== 'sql').join(', ')}`);
  const sql = options.sql?.trim();
  if (!sql) throw new HttpError(400, 'the sql parameter is missing: /sql.json?sql=SELECT … (one read-only SELECT)');
  const maxRows = intOption(options, '_size', ctx.sqlLimits.maxRows, 1, ctx.sqlLimits.maxRows);
  const result = await ctx.db.userSql(sql, { ...ctx.sqlLimits, maxRows });
  return { options, result, maxRows };
}

export function sqlRoutes(ctx: ApiContext): RouteSpec[] {
  const limits = `at most ${ctx.sqlLimits.maxRows.toLocaleString('en-US')} rows, ${ctx.sqlLimits.timeoutMs / 1000} s`;
  const sqlParam = { name: 'sql', required: true, description: 'one SELECT statement (read-only; no file, network, ATTACH, INSTALL, SET or PRAGMA)' };
  const size = { name: '_size', type: 'integer' as const, description: `row limit for this query (default and maximum ${ctx.sqlLimits.maxRows})` };
  return [
    {
      method: 'GET', path: '/sql.json', template: '/sql.json', tag: 'sql', format: 'json',
      summary: `run one read-only SQL SELECT (${limits}); \`truncated\` says when the row limit cut the result`,
      params: [sqlParam, size, { name: '_shape', description: 'rows as objects (default) or arrays', enum: ['objects', 'arrays'] }],
      async handler(request) {
        const { options, result, maxRows } = await run(ctx, request, ['sql', '_size', '_shape']);
        return json({
          ok: true, columns: result.columns, types: result.types, count: result.rows.length, truncated: result.truncated,
          limits: { rows: maxRows, seconds: ctx.sqlLimits.timeoutMs / 1000 },
          rows: shapeRows(result.columns, result.rows, shapeOption(options)),
        });
      },
    },
    {
      method: 'GET', path: '/sql.csv', template: '/sql.csv', tag: 'sql', format: 'csv',
      summary: `the same query as CSV (${limits}); the header X-Truncated says whether the row limit cut it`,
      params: [sqlParam, size],
      async handler(request) {
        const { result } = await run(ctx, request, ['sql', '_size']);
        const reply = csv(result.columns, result.rows, 'query.csv');
        reply.headers = { ...reply.headers, 'x-truncated': String(result.truncated) };
        return reply;
      },
    },
  ];
}
