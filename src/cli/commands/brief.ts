/**
 * `deportwatch brief --month YYYY-MM --lang en|es --format html|pdf`: the monthly brief (src/app/brief.ts),
 * as HTML, or as PDF printed by headless Chromium (Debian's chromium, or $DEPORTWATCH_CHROMIUM), or as
 * JSON. Every figure links to its rows on the server given by --base-url.
 */
import type { Command } from 'commander';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildBrief } from '../../app/brief.ts';
import { renderBriefHtml, type BriefLang } from '../../app/brief-html.ts';
import { UsageError, UserError } from '../../domain/errors.ts';
import { airportIndex } from '../../reference/airports.ts';
import { out, withStore } from '../context.ts';

const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export function registerBrief(program: Command): void {
  program.command('brief')
    .description('the monthly brief: flights by category and destination against the previous months and a year earlier, top airports and carriers, removals, arrests, detention, claims and rules of the month — every number linked to its rows')
    .requiredOption('--month <YYYY-MM>', 'the month')
    .option('--lang <lang>', 'en or es', 'en')
    .option('--format <format>', 'html, pdf or json', 'html')
    .option('--out <file>', 'where to write it (default brief-YYYY-MM-LANG.html|pdf; json goes to standard output)')
    .option('--base-url <url>', 'server the figures link to (the same database served by `deportwatch serve`)', 'http://127.0.0.1:8787')
    .action(async (options: { month: string; lang: string; format: string; out?: string; baseUrl: string }, command: Command) => {
      if (!['en', 'es'].includes(options.lang)) throw new UsageError(`--lang must be en or es (got "${options.lang}")`);
      if (!['html', 'pdf', 'json'].includes(options.format)) throw new UsageError(`--format must be html, pdf or json (got "${options.format}")`);
      const brief = await withStore(command, (store) => buildBrief(store, options.month));
      if (options.format === 'json') {
        if (options.out) await writeFile(options.out, `${JSON.stringify(brief, null, 2)}\n`);
        else out(JSON.stringify(brief, null, 2));
        return;
      }
      const index = airportIndex();
      const html = renderBriefHtml(brief, options.lang as BriefLang, options.baseUrl.replace(/\/$/, ''), (code) => index.byIcao(code)?.name ?? null);
      const target = resolve(options.out ?? `brief-${options.month}-${options.lang}.${options.format}`);
      if (options.format === 'html') {
        await writeFile(target, html);
      } else {
        await printPdf(html, target);
      }
      out(`brief ${options.month} (${options.lang}) → ${target}${brief.synthetic ? '  [SYNTHETIC demo data]' : ''}`);
    });
}

/** Prints `html` to `target` with headless Chromium (`--print-to-pdf`), no header or footer. */
async function printPdf(html: string, target: string): Promise<void> {
  const chromium = [process.env.DEPORTWATCH_CHROMIUM, ...CHROMIUM_CANDIDATES].find((p): p is string => Boolean(p && existsSync(p)));
  if (!chromium) throw new UserError('--format pdf needs Chromium: apt-get install chromium (or set DEPORTWATCH_CHROMIUM to its path); --format html needs nothing');
  const dir = await mkdtemp(join(tmpdir(), 'deportwatch-brief-'));
  try {
    const page = join(dir, 'brief.html');
    await writeFile(page, html);
    const run = spawnSync(chromium, ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
      `--user-data-dir=${join(dir, 'profile')}`, '--no-pdf-header-footer', `--print-to-pdf=${target}`, pathToFileURL(page).href], { encoding: 'utf8', timeout: 120_000 });
    if (run.status !== 0 || !existsSync(target)) throw new UserError(`Chromium could not print the brief (exit ${run.status}): ${(run.stderr || '').trim().split('\n').slice(-3).join(' ')}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
