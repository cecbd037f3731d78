/** `/health.json`: whether the server is up, what it holds and in which mode. */
import type { ApiContext } from '../context.ts';
import { json } from '../output.ts';
import { watcherHealth } from './live.ts';
import type { RouteSpec } from '../route.ts';

const started = Date.now();

export function metaRoutes(ctx: ApiContext): RouteSpec[] {
  return [{
    method: 'GET', path: '/health.json', template: '/health.json', tag: 'meta', format: 'json', params: [],
    summary: 'server status: mode (read-only or writable), data version, number of sources and rows, report tables served, the live watcher\'s feeds',
    async handler() {
      const sources = await ctx.db.sourceTotals();
      return json({
        ok: true, status: 'ok',
        mode: ctx.writable ? 'writable' : 'read-only',
        data_version: ctx.db.dataVersion,
        uptime_s: Math.round((Date.now() - started) / 1000),
        sources,
        reports: ctx.catalog.reports.map((r) => r.table.name),
        tables: ctx.catalog.rows.map((t) => t.name),
        not_served: ctx.catalog.skipped,
        // Pre-aggregated report views in use (empty while being built; src/engine/rollups.ts).
        rollups: ctx.db.rollupInfo.map((r) => ({ view: r.view, rows: r.rows, view_rows: r.viewRows, seconds: Math.round(r.seconds * 10) / 10 })),
        dashboard: ctx.webDir !== null,
        // The live watcher on this database, if one writes its status (docs/watch.md): each feed's state.
        watch: watcherHealth(ctx.liveDir),
      });
    },
  }];
}
