/**
 * "A dashboard people can publish from": the dashboard in chromium at desktop and phone sizes, in
 * English and Spanish, on the demo and on a database of the real shared files. Every download link
 * must return its file, no page may say "nothing loaded" for a table that has rows, months no source
 * covers are gaps (not zero), every headline names its scope, and links lead to one claim or entry.
 * Screenshots go to test-artifacts/publish-*.png.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { sharedDataPath } from './helpers/shared-data.ts';
import { existsSync } from 'node:fs';
import { checkDownloads, launchBrowser, NO_CHROMIUM, panelTotal, PHONE, screenshot, serveDemo, settled, watchedPage, type Served } from './helpers/web.ts';

const DESKTOP = { width: 1440, height: 900 };
const PAGES = ['flights', 'removals', 'arrests', 'claims', 'rules', 'brief', 'tables', 'data'];

/** The real shared files the readers of this branch ingest (others are refused with a message, not loaded). */
const REAL_FILES = [
  'records/ddp-arrests-criminality-by-state-month.csv',
  'records/ero-lesa-seattle-aor-removals-expedited-fy2012-2019.csv',
  'records/ero-lesa-seattle-aor-removals-other-fy2012-2019.csv',
  'records/ice-removals-by-citizenship-fy2017-2018.csv',
  'flights/radarbox/radarbox-swq-wal-2020-01-12_2020-04-27.csv',
  'flights/observers/minneapolis-msp-2025-2026.csv',
  'flights/observers/yakima-kykm-2019-2021.psv',
  'flights/arts/arts-leg-passengers-2010-10_2018-12.csv',
];
const realMissing = REAL_FILES.find((f) => !existsSync(sharedDataPath(f)));
const NO_REAL = NO_CHROMIUM || (realMissing ? `needs ../shared/data/${realMissing}, which is absent here` : false);

async function visitAll(served: Served, context: BrowserContext, name: string, lang: 'en' | 'es', viewport: { width: number; height: number }): Promise<void> {
  const { page, errors } = await watchedPage(context, viewport);
  for (const id of PAGES) {
    await page.goto(`${served.url}/#/${id}${lang === 'es' ? '?lang=es' : ''}`);
    await settled(page);
    assert.equal(await page.evaluate(() => document.documentElement.lang), lang, `${id}: <html lang>`);
    await checkDownloads(page, served, `${name} ${id} ${lang}`);
    await screenshot(page, `publish-${name}-${id}-${lang}-${viewport.width}`);
  }
  assert.deepEqual(errors, [], `${name} ${lang} ${viewport.width}px`);
  await page.close();
}

describe('publishing from the dashboard: demo data', { skip: NO_CHROMIUM }, () => {
  let served: Served;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  before(async () => { served = await serveDemo(); browser = await launchBrowser(); });
  after(async () => { await browser?.close(); await served?.close(); });

  test('the Legs CSV link returns every matching leg (no _shape 400, no 50-row cut)', async () => {
    const { page, errors } = await watchedPage(browser.context, DESKTOP);
    await page.goto(`${served.url}/#/flights`);
    await page.locator('[data-testid="legs-table"] tbody tr').first().waitFor();
    const href = await page.locator('[data-panel="flights-legs"] [data-testid="twin-csv"]').getAttribute('href');
    assert.ok(href && !href.includes('_shape') && !href.includes('_size'), `CSV link without JSON page options: ${href}`);
    const csv = await served.text(href!);
    const all = await served.json<{ total: number }>('/reports/flights.json?by=month&ice_flight=true');
    assert.equal(csvRecords(csv) - 1, all.total, 'one CSV record per ICE Air leg');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('Legs: newest first, a next page, the rule of each category printed (visible on a phone)', async () => {
    const { page, errors } = await watchedPage(browser.context, PHONE);
    await page.goto(`${served.url}/#/flights`);
    const rows = page.locator('[data-testid="legs-table"] tbody tr');
    await rows.first().waitFor();
    const api = await served.json<{ rows: { departure_date: string; leg_id: number }[]; next: string }>('/flights.json?ice_flight=true&_sort=-departure_date&_size=50');
    const dates = api.rows.map((r) => r.departure_date);
    assert.deepEqual(dates, [...dates].sort().reverse(), 'the API sorts newest first');
    assert.ok(await page.locator('[data-testid="leg-why"]').first().isVisible(), 'the reason is on the page, not only in a tooltip');
    const box = await page.locator('[data-testid="legs-table"] tbody tr').first().boundingBox();
    assert.ok(box && box.x >= 0 && box.x + box.width <= PHONE.width + 1, `a leg fits the phone's width (${JSON.stringify(box)})`);
    const first = await rows.first().textContent();
    await page.locator('[data-testid="legs-next"]').click();
    await page.waitForURL(/legs_after=/);
    await page.waitForFunction((before) => document.querySelector('[data-testid="legs-table"] tbody tr')?.textContent !== before, first);
    assert.match((await page.locator('[data-testid="legs-summary"]').textContent())!, /51/);
    await screenshot(page, 'publish-legs-phone');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('Removals: overlapping releases are not summed by default; the headline names its scope', async () => {
    const { page, errors } = await watchedPage(browser.context, DESKTOP);
    const releases = await served.json<{ rows: { release: string; n: number }[] }>('/reports/removals.json?by=release');
    await page.goto(`${served.url}/#/removals`);
    const total = await panelTotal(page, 'removals-pathway');
    if (releases.rows.length > 1) {
      const largest = [...releases.rows].sort((a, b) => b.n - a.n)[0];
      assert.equal(total, largest.n, 'one release, not the sum of all');
      await page.locator('[data-testid="release-note"]').waitFor();
    }
    await page.locator('[data-panel="removals-pathway"] [data-testid="scope"]').waitFor();
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('Charts: legends wrap instead of paging on a phone; yes and no keep one colour across panels', async () => {
    const { page, errors } = await watchedPage(browser.context, PHONE);
    await page.goto(`${served.url}/#/removals`);
    await page.locator('[data-panel="removals-pathway"] [data-testid="chart"] svg').waitFor();
    await page.waitForTimeout(500);
    const pagers = await page.locator('[data-panel="removals-pathway"] [data-testid="chart"] svg text').allTextContents();
    assert.ok(!pagers.some((t) => /^\d+\/\d+$/.test(t.trim())), `no paged legend: ${pagers.filter((t) => /\//.test(t))}`);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('one month chosen: the map\'s total is on the monthly chart too, and the month is outlined', async () => {
    const { page, errors } = await watchedPage(browser.context, DESKTOP);
    const months = await served.json<{ rows: { month: string; n: number }[] }>('/reports/flights.json?by=month&ice_flight=true');
    const month = [...months.rows].sort((a, b) => b.n - a.n)[0].month;
    await page.goto(`${served.url}/#/flights?month=${month}`);
    const map = await panelTotal(page, 'flights-map');
    await page.locator('[data-panel="flights-monthly"] [data-testid="chosen-total"]').waitFor();
    assert.equal(Number(await page.locator('[data-panel="flights-monthly"] [data-testid="chosen-total"]').getAttribute('data-value')), map);
    assert.equal(await page.locator('[data-panel="flights-monthly"] tr.chosen').count(), 1);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('Data: the reason a row was set aside comes first; ingest notes are shown', async () => {
    const { page, errors } = await watchedPage(browser.context, PHONE);
    const sources = (await served.json<{ rows: { source_id: number; rows_quarantined: number }[] }>('/sources.json')).rows;
    const withIssues = sources.find((s) => s.rows_quarantined > 0)!;
    await page.goto(`${served.url}/#/data?source_id=${withIssues.source_id}`);
    const reason = page.locator('[data-testid="issue-problem"]').first();
    await reason.waitFor();
    assert.equal(await page.locator('[data-testid="issues-table"] thead th').first().textContent(), 'Why it was set aside');
    await page.waitForTimeout(300);
    assert.ok(await reason.isVisible() && await inViewport(page, '[data-testid="issue-problem"]'), 'the reason is on screen after following the link');
    assert.ok(await page.locator('[data-testid="source-notes"]').count() >= 0);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('Rules newest first; a link to one entry scrolls to it; a link to one claim shows it alone', async () => {
    const { page, errors } = await watchedPage(browser.context, DESKTOP);
    await page.goto(`${served.url}/#/rules`);
    const when = page.locator('[data-testid="timeline"] > li');
    await when.first().waitFor();
    const timeline = (await served.json<{ rows: { id: string; start_date: string }[] }>('/rules.json')).rows;
    const newest = [...timeline].sort((a, b) => b.start_date.localeCompare(a.start_date))[0];
    assert.equal(await when.first().getAttribute('id'), `entry-${newest.id}`, 'the newest entry comes first');
    const oldest = [...timeline].sort((a, b) => a.start_date.localeCompare(b.start_date))[0];
    await page.goto(`${served.url}/#/rules?entry=${encodeURIComponent(oldest.id)}`);
    await page.locator(`[id="entry-${oldest.id}"].chosen`).waitFor();
    await page.waitForTimeout(300);
    assert.ok(await inViewport(page, `[id="entry-${oldest.id}"]`), 'the linked entry is scrolled into view');
    const claims = (await served.json<{ rows: { id: string }[] }>('/claims.json')).rows;
    await page.goto(`${served.url}/#/claims?id=${encodeURIComponent(claims[0].id)}`);
    assert.equal(await panelTotal(page, 'claims'), 1);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('Spanish: lang in the URL, <html lang>, translated navigation, Spanish numbers; kept across pages', async () => {
    const { page, errors } = await watchedPage(browser.context, DESKTOP);
    await page.goto(`${served.url}/#/removals`);
    await page.locator('[data-testid="lang-es"]').click();
    await page.waitForURL(/lang=es/);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'es');
    await page.locator('nav a', { hasText: 'Vuelos' }).click();
    await page.waitForURL(/#\/flights\?lang=es/);
    await page.locator('h1', { hasText: 'Vuelos' }).waitFor().catch(() => undefined);
    const total = await panelTotal(page, 'flights-monthly');
    const shown = await page.locator('[data-panel="flights-monthly"] [data-testid="total"]').textContent();
    assert.equal(shown, new Intl.NumberFormat('es-US').format(total));
    assert.match((await page.locator('header.top nav').textContent())!, /Expulsiones/);
    await screenshot(page, 'publish-flights-es');
    assert.deepEqual(errors, []);
    await page.close();
  });

  for (const lang of ['en', 'es'] as const) {
    for (const viewport of [DESKTOP, PHONE]) {
      test(`every page, ${lang}, ${viewport.width}px: no failed request or console error; every download link returns its file`, async () => {
        await visitAll(served, browser.context, 'demo', lang, viewport);
      });
    }
  }

  test('demo refuses to rebuild a database another process holds', async () => {
    const { spawnSync } = await import('node:child_process');
    const { join } = await import('node:path');
    const dbPath = join(served.dir, 'web-test.duckdb');
    // The test's server holds web-test.duckdb (read-only): a demo on it must stop and say so.
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/bin.ts', '--db', dbPath, 'demo', '--dir', served.dir], { encoding: 'utf8', timeout: 120_000 });
    assert.equal(run.status, 3, run.stderr);
    assert.match(run.stderr, /in use by another process/);
  });
});

describe('publishing from the dashboard: the real shared files', { skip: NO_REAL }, () => {
  let served: Served;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  before(async () => { served = await serveDemo(REAL_FILES.map(sharedDataPath)); browser = await launchBrowser(); });
  after(async () => { await browser?.close(); await served?.close(); });

  test('Flights: months no source covers are gaps, partial months are marked, baselines skip both', async () => {
    const { page, errors } = await watchedPage(browser.context, DESKTOP);
    await page.goto(`${served.url}/#/flights`);
    const rows = page.locator('[data-panel="flights-monthly"] [data-testid="chart-numbers"] tbody tr');
    // The rows are drawn before /coverage.json answers; their coverage marks come with it.
    await page.locator('[data-panel="flights-monthly"] [data-testid="chart-numbers"] tbody tr[data-coverage="none"]').first().waitFor({ state: 'attached' });
    const coverage = new Map(await rows.evaluateAll((trs) => trs.map((tr) => [tr.querySelector('td')!.getAttribute('data-label')!, tr.getAttribute('data-coverage')!] as [string, string])));
    // No source covers Jul 2021 – Sep 2025 (the Yakima log ends 25 Jun 2021, the MSP log starts 1 Oct 2025).
    assert.equal(coverage.get('Jan 2023'), 'none');
    assert.equal(coverage.get('Sep 2025'), 'none');
    assert.equal(coverage.get('Mar 2020'), 'full');
    // The RadarBox export runs 12 Jan – 27 Apr 2020: January and April mix a whole month of the Yakima log with
    // part of the export, so they are partial; so are the Yakima log's last month (Jun 2021, to the 25th) and
    // the MSP log's last (Aug 2026, to the 7th).
    assert.equal(coverage.get('Jan 2020'), 'partial');
    assert.equal(coverage.get('Apr 2020'), 'partial');
    assert.equal(coverage.get('Jun 2021'), 'partial');
    assert.equal(coverage.get('Aug 2026'), 'partial');
    const uncovered = page.locator('[data-panel="flights-monthly"] tr[data-coverage="none"] td[data-total=""]');
    assert.ok(await uncovered.count() > 40, 'the gap months have no total, not 0');
    await page.locator('[data-panel="flights-monthly"] [data-testid="coverage-note"]').waitFor();
    // Baselines: Oct 2025 (first month after the gap) has no six-month mean, since its previous months are unknown.
    const oct = page.locator('[data-panel="flights-monthly"] tr', { has: page.locator('td[data-label="Oct 2025"]') });
    const cells = await oct.locator('td.num').allTextContents();
    assert.equal(cells[cells.length - 2], '–', `no mean over uncovered months: ${cells}`);
    // The headline says what it adds up: three files, one of them a single airport.
    const scope = await page.locator('[data-panel="flights-map"] [data-testid="scope"]').textContent();
    assert.match(scope!, /3 files/);
    assert.match(scope!, /KYKM/);
    assert.match(scope!, /Yakima/i, 'airports are named, not bare codes');
    await screenshot(page, 'publish-real-flights-1440');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('Arrests: the published DDP arrest counts are shown, not "No arrest records loaded"', async () => {
    const { page, errors } = await watchedPage(browser.context, DESKTOP);
    await page.goto(`${served.url}/#/arrests`);
    const published = await served.json<{ measureTotals: { value: number } }>('/reports/aggregates.json?by=month,criminality&measure=arrests');
    assert.equal(await panelTotal(page, 'arrests-published'), published.measureTotals.value);
    await settled(page);
    assert.doesNotMatch((await page.locator('main').textContent())!, /No arrest records loaded/);
    await screenshot(page, 'publish-real-arrests');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('Tables: every table with rows has a view, with facets, sorted rows, a next page and each row\'s source line', async () => {
    const { page, errors } = await watchedPage(browser.context, DESKTOP);
    const coverage = await served.json<{ tables: { table: string; rows: number }[] }>('/coverage.json');
    await page.goto(`${served.url}/#/tables`);
    await page.locator('[data-testid="table-list"]').waitFor();
    for (const table of coverage.tables.filter((t) => t.rows > 0)) {
      assert.equal(Number(await page.locator(`[data-table="${table.table}"]`).getAttribute('data-rows')), table.rows, table.table);
    }
    await page.goto(`${served.url}/#/tables?table=aggregates&facet=dataset`);
    await page.locator('[data-testid="facet-values"] li').first().waitFor();
    await page.locator('[data-testid="row-source"]').first().waitFor();
    await page.locator('[data-testid="rows-next"]').click();
    await page.waitForURL(/after=/);
    await screenshot(page, 'publish-real-tables');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('Removals: the headline says one area of responsibility, 2012–2019', async () => {
    const { page, errors } = await watchedPage(browser.context, DESKTOP);
    await page.goto(`${served.url}/#/removals`);
    const scope = await page.locator('[data-panel="removals-pathway"] [data-testid="scope"]').textContent();
    assert.match(scope!, /one area of responsibility/);
    assert.match(scope!, /2019/);
    assert.deepEqual(errors, []);
    await page.close();
  });

  for (const lang of ['en', 'es'] as const) {
    for (const viewport of [DESKTOP, PHONE]) {
      test(`every page, ${lang}, ${viewport.width}px: no failed request or console error; every download link returns its file`, async () => {
        await visitAll(served, browser.context, 'real', lang, viewport);
      });
    }
  }
});

/** Records of a CSV text: line breaks inside quoted cells do not end a record. */
function csvRecords(text: string): number {
  let records = 0; let quoted = false;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '"') quoted = !quoted;
    else if (text[i] === '\n' && !quoted) records++;
  }
  return records + (text.endsWith('\n') ? 0 : 1);
}

async function inViewport(page: Page, selector: string): Promise<boolean> {
  return page.evaluate((s) => {
    const r = document.querySelector(s)?.getBoundingClientRect();
    return Boolean(r && r.top < window.innerHeight && r.bottom > 0);
  }, selector);
}
