/**
 * What the dashboard's browser tests share: a database filled with the synthetic demo files through the
 * real pipeline, the real server (src/api/app.ts) on a loopback port serving the built dashboard, and
 * Debian's chromium driven by playwright-core. Tests skip visibly when /usr/bin/chromium is absent
 * (`apt-get install chromium`; .ci/run installs it).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startServer } from '../../src/api/server.ts';
import { ingestFile } from '../../src/ingest/ingest.ts';
import { Store } from '../../src/engine/db.ts';
import { DEMO_FILES } from '../../src/synthetic/demo-files.ts';
import { openProject } from '../../src/app/project.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const ROOT = resolve(import.meta.dirname, '../..');
export const WEB_DIR = join(ROOT, 'dist/web');
export const ARTIFACTS = join(ROOT, 'test-artifacts');

/** `false` when chromium is installed, else the reason to skip, shown in the test report. */
export const NO_CHROMIUM: string | false = existsSync(CHROMIUM) ? false
  : `needs ${CHROMIUM} (Debian package chromium: apt-get install -y chromium; .ci/run installs it)`;

/** The browser flags of the project's CI: headless, no GPU, no background network traffic. */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** `npm test` builds the dashboard first; a single test file run on a fresh checkout builds it here. */
export function ensureWebBuilt(): void {
  if (existsSync(join(WEB_DIR, 'index.html'))) return;
  const result = spawnSync('npm', ['run', 'build:web'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('npm run build:web failed: the dashboard could not be built');
}

/** Generates every demo file (src/synthetic/demo-files.ts) into `dir`; returns their paths. */
export async function demoFiles(dir: string): Promise<string[]> {
  const paths = DEMO_FILES.map((file) => join(dir, file.name));
  for (const [i, file] of DEMO_FILES.entries()) await file.write(paths[i]);
  return paths;
}

/** A new database in `dir` with `files` ingested through the real pipeline. */
export async function ingestedDatabase(dir: string, files: string[]): Promise<string> {
  const dbPath = join(dir, 'web-test.duckdb');
  const store = await openProject(dbPath);
  try {
    for (const file of files) await ingestFile(store, file);
  } finally {
    store.close();
  }
  return dbPath;
}

export interface Served {
  url: string;
  dir: string;
  /** GET a JSON route of the server, parsed. */
  json<T = any>(path: string): Promise<T>;
  text(path: string): Promise<string>;
  close(): Promise<void>;
}

/** The demo data (or, with `files`, those files read in place) ingested into a new database, served read-only by the real app on 127.0.0.1. */
export async function serveDemo(files?: string[]): Promise<Served> {
  ensureWebBuilt();
  const dir = await mkdtemp(join(tmpdir(), 'deportwatch-web-'));
  const dbPath = await ingestedDatabase(dir, files ?? await demoFiles(dir));
  // No token: the server opens the file read-only, as `deportwatch serve` does by default.
  const server = await startServer({ dbPath, port: 0, host: '127.0.0.1', webDir: WEB_DIR });
  const url = server.url.replace(/\/$/, '');
  const get = async (path: string) => {
    const response = await fetch(url + path);
    if (!response.ok) throw new Error(`GET ${path}: HTTP ${response.status} ${await response.text()}`);
    return response;
  };
  return {
    url, dir,
    json: async (path) => (await get(path)).json(),
    text: async (path) => (await get(path)).text(),
    close: async () => {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A fresh profile every time, so no cache or state carries over from another run. */
export async function launchBrowser(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = await mkdtemp(join(tmpdir(), 'deportwatch-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  return { context, close: async () => { await context.close(); await rm(profile, { recursive: true, force: true }); } };
}

export interface Watched { page: Page; errors: string[] }

/** A page whose console errors, uncaught exceptions and failed requests are collected for the test. */
export async function watchedPage(context: BrowserContext, viewport = { width: 1280, height: 900 }): Promise<Watched> {
  const page = await context.newPage();
  await page.setViewportSize(viewport);
  const errors: string[] = [];
  page.on('console', (message) => { if (message.type() === 'error') errors.push(`console: ${message.text()} (${message.location().url})`); });
  page.on('pageerror', (error) => errors.push(`exception: ${error.message}`));
  page.on('requestfailed', (request) => errors.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`));
  page.on('response', (response) => { if (response.status() >= 400) errors.push(`HTTP ${response.status()}: ${response.url()}`); });
  return { page, errors };
}

export const PHONE = { width: 390, height: 844 };

/** Full-page screenshots for people to look at, kept in test-artifacts/ (not committed). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** The number a panel states as its total (`data-value` of its `[data-testid=total]`). */
export async function panelTotal(page: Page, panel: string): Promise<number> {
  const total = page.locator(`[data-panel="${panel}"] [data-testid="total"]`).first();
  await total.waitFor({ timeout: 15_000 });
  return Number(await total.getAttribute('data-value'));
}

/** Waits until a panel shows a total equal to `expected` (after a filter, the old number shows until the new answer arrives). */
export async function waitForPanelTotal(page: Page, panel: string, expected: number): Promise<number> {
  await page.waitForFunction(([p, n]) => document.querySelector(`[data-panel="${p}"] [data-testid="total"]`)?.getAttribute('data-value') === String(n), [panel, expected] as const, { timeout: 15_000 })
    .catch(() => undefined);
  return panelTotal(page, panel);
}

/** Waits until a panel's chart is drawn (echarts loads on its own and draws SVG paths), and returns how many paths it drew. */
export async function chartDrawn(page: Page, panel: string): Promise<number> {
  const paths = page.locator(`[data-panel="${panel}"] [data-testid="chart"] svg path`);
  await paths.first().waitFor({ state: 'attached', timeout: 15_000 });
  return paths.count();
}

/** A chart's Numbers table as {label → total}. */
export async function chartTotals(page: Page, panel: string): Promise<Map<string, number>> {
  const rows = await page.locator(`[data-panel="${panel}"] [data-testid="chart-numbers"] tbody tr`).evaluateAll((trs) =>
    trs.map((tr) => [tr.querySelector('td')?.getAttribute('data-label') ?? tr.querySelector('td')?.textContent ?? '', Number(tr.querySelector('td[data-total]')?.getAttribute('data-total'))] as const));
  return new Map(rows);
}

/** Sums `n` of a report's rows per value of one dimension. */
export function sumBy(rows: Record<string, unknown>[], dimension: string): Map<string, number> {
  const sums = new Map<string, number>();
  for (const row of rows) sums.set(String(row[dimension]), (sums.get(String(row[dimension])) ?? 0) + Number(row.n));
  return sums;
}

/** Waits for the page's panels to settle: no "Loading…" left (or 15 s). */
export async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelectorAll('[aria-busy="true"]').length === 0 && document.querySelector('main .panel, main .empty'), null, { timeout: 20_000 }).catch(() => undefined);
  await page.waitForTimeout(500);
}

/** Every data link on the page (JSON twins, CSV downloads) answers 200 with a body. */
export async function checkDownloads(page: Page, served: Served, where: string): Promise<number> {
  const hrefs = await page.locator('a[data-testid="twin-json"], a[data-testid="twin-csv"], a[download]').evaluateAll((as) => [...new Set(as.map((a) => a.getAttribute('href')!))]);
  for (const href of hrefs) {
    const response = await fetch(served.url + (href.startsWith('/') ? href : `/${href}`));
    const body = await response.text();
    assert.equal(response.status, 200, `${where}: ${href} answered ${response.status}: ${body.slice(0, 200)}`);
    assert.ok(body.length > 0, `${where}: ${href} is empty`);
  }
  return hrefs.length;
}
