/**
 * `/brief.json?month=YYYY-MM` and `/brief.html?month=YYYY-MM&lang=en|es`: the monthly brief
 * (src/app/brief.ts), the same figures as `deportwatch brief`, each with the route of its rows.
 */
import { buildBrief } from '../../app/brief.ts';
import { renderBriefHtml } from '../../app/brief-html.ts';
import { airportIndex } from '../../reference/airports.ts';
import type { ApiContext } from '../context.ts';
import { HttpError } from '../errors.ts';
import { json } from '../output.ts';
import { checkOptions, parseQuery } from '../query.ts';
import type { ApiRequest, RouteSpec } from '../route.ts';

const MONTH = { name: 'month', description: 'the month, YYYY-MM (required)' };

async function brief(ctx: ApiContext, request: ApiRequest, known: string[]) {
  const { options } = parseQuery(request.rawQuery, known);
  checkOptions(options, known);
  if (!options.month || !/^\d{4}-(0[1-9]|1[0-2])$/.test(options.month)) throw new HttpError(400, 'month=YYYY-MM is required, e.g. /brief.json?month=2025-05');
  const lang = options.lang ?? 'en';
  if (lang !== 'en' && lang !== 'es') throw new HttpError(400, `lang must be en or es (got "${lang}")`);
  return { lang: lang as 'en' | 'es', body: await ctx.db.read((store) => buildBrief(store, options.month)) };
}

export function briefRoutes(ctx: ApiContext): RouteSpec[] {
  return [
    {
      method: 'GET', path: '/brief.json', template: '/brief.json', tag: 'reports', format: 'json', cached: true, params: [MONTH],
      summary: 'the monthly brief: flights by category and destination against the previous months and a year earlier, top airports and carriers, removals, arrests, detention, claims and rules of the month, each figure with the route of its rows',
      async handler(request) {
        const { body } = await brief(ctx, request, ['month']);
        return json({ ok: true, ...body });
      },
    },
    {
      method: 'GET', path: '/brief.html', template: '/brief.html', tag: 'reports', format: 'html', cached: true,
      params: [MONTH, { name: 'lang', description: 'en (default) or es', enum: ['en', 'es'] }],
      summary: 'the monthly brief as a printable HTML page, in English or Spanish',
      async handler(request) {
        const { body, lang } = await brief(ctx, request, ['month', 'lang']);
        const index = airportIndex();
        return { status: 200, format: 'html', body: renderBriefHtml(body, lang, '', (code) => index.byIcao(code)?.name ?? null) };
      },
    },
  ];
}
