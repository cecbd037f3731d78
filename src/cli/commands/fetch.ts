import type { Command } from 'commander';
import { join } from 'node:path';
import { UserError } from '../../domain/errors.ts';
import { builtinRegistry } from '../../flights/rules.ts';
import { fetchAndIngest } from '../../ingest/fetch.ts';
import { formatTable } from '../../reports/format.ts';
import { fetchCatalog, fillTemplate, type FetchEntry } from '../../reference/fetch-catalog.ts';
import { globalOptions, out, withStore } from '../context.ts';
import { describeSummary } from './ingest.ts';
import { formatCount, Progress } from '../progress.ts';

interface FetchCliOptions { url?: string; base?: string; dir: string; date?: string; hex?: string; ingest: boolean; interval: number }

/** The catalog URL with its origin replaced (--base or DEPORTWATCH_FETCH_BASE: a mirror, or a test server). */
function rebase(url: string, base: string | undefined): string {
  if (!base) return url;
  const u = new URL(url);
  const b = new URL(base);
  return new URL(`${b.pathname.replace(/\/$/, '')}${u.pathname}${u.search}`, b.origin).toString();
}

function yesterday(): string {
  return new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
}

function jobsOf(entry: FetchEntry, options: FetchCliOptions): { url: string; file: string }[] {
  const date = options.date ?? yesterday();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new UserError(`--date ${date}: write YYYY-MM-DD`, 2);
  const hexes = entry.perAirframe
    ? (options.hex ? options.hex.split(',').map((h) => h.trim().toLowerCase()) : [...new Set(builtinRegistry().flatMap((r) => (r.icao24 ? [r.icao24.toLowerCase()] : [])))])
    : [undefined];
  return hexes.map((hex) => {
    const url = rebase(fillTemplate(options.url ?? entry.url, { date, hex }), options.base ?? process.env.DEPORTWATCH_FETCH_BASE);
    return { url, file: fillTemplate(entry.file, { date, hex, url }) };
  });
}

export function registerFetch(program: Command): void {
  program.command('fetch')
    .description('download the latest public release NAME from the catalog of publisher URLs (src/reference/fetch-catalog.json), then ingest it; conditional (ETag / Last-Modified), resumable, checksummed, polite. `fetch --list` shows the catalog.')
    .argument('[name]', 'catalog entry (ice-detention-stats, ddp-facilities-daily-population, cbp-encounters, adsblol-trace, opensky-states)')
    .option('--list', 'list the catalog and exit')
    .option('--url <url>', 'use this URL instead of the catalog\'s (placeholders {date} {hex} … allowed)')
    .option('--base <origin>', 'replace the URL\'s scheme, host and port (a mirror; default $DEPORTWATCH_FETCH_BASE)')
    .option('--dir <dir>', 'folder the downloads are kept in', 'downloads')
    .option('--date <YYYY-MM-DD>', 'the day, for dated entries (adsb.lol history, OpenSky snapshot file name); default yesterday (UTC)')
    .option('--hex <hex,…>', 'airframes (Mode S hex) for per-airframe entries; default the watchlist of src/reference/aircraft-registry.csv')
    .option('--no-ingest', 'download only')
    .option('--interval <ms>', 'at least this long between two requests to one host', (v) => Number.parseInt(v, 10), 1000)
    .action(async (name: string | undefined, options: FetchCliOptions & { list?: boolean }, command: Command) => {
      const catalog = fetchCatalog();
      if (options.list || !name) {
        out(formatTable(['name', 'publisher', 'kind', 'checked', 'url'], catalog.map((e) => ({ name: e.name, publisher: e.publisher, kind: e.kind, checked: e.checked, url: e.url }))));
        return;
      }
      const entry = catalog.find((e) => e.name === name);
      if (!entry) throw new UserError(`no catalog entry "${name}"; entries: ${catalog.map((e) => e.name).join(', ')}`, 2);
      const progress = new Progress(globalOptions(command).quiet);
      await withStore(command, async (store) => {
        for (const job of jobsOf(entry, options)) {
          const path = join(options.dir, job.file);
          const started = Date.now();
          const { fetch, ingest } = await fetchAndIngest(store, {
            name: entry.name, url: job.url, path, sha256: entry.sha256, snapshot: entry.snapshot, ingest: options.ingest, minIntervalMs: options.interval,
            progress: (received, total) => progress.update(`fetch ${entry.name} … ${formatCount(received)}${total ? ` of ${formatCount(total)}` : ''} bytes`),
          });
          const seconds = ((Date.now() - started) / 1000).toFixed(1);
          if (fetch.status === 'not-modified') {
            progress.done(`fetch ${entry.name} ${job.url} → not modified since ${fetch.lastModified ?? fetch.etag ?? 'the last download'}: nothing downloaded (${path})`);
            continue;
          }
          const resumed = fetch.resumedFrom ? `, resumed after ${formatCount(fetch.resumedFrom)} bytes` : '';
          progress.done(`fetch ${entry.name} ${job.url} → ${path}: ${formatCount(fetch.bytes)} bytes${resumed}, sha256 ${fetch.sha256?.slice(0, 12)}, ${seconds} s`);
          if (ingest) {
            progress.done(describeSummary(ingest));
            for (const note of ingest.notes) progress.done(`  note: ${note}`);
          }
        }
      });
    });
}
