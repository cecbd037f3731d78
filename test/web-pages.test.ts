/**
 * The dashboard in a real browser (Debian's chromium), against the real server over a database filled
 * with the synthetic demo data through the real pipeline. Each page must load without console errors,
 * show numbers equal to what the API returns for the same question (the API's JSON is the independent
 * route here: the page must neither drop, double nor mislabel what the API counted), and a filter must
 * change both the URL and the numbers. Screenshots go to test-artifacts/.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { BrowserContext } from 'playwright-core';
import { sharedData } from './helpers/shared-data.ts';
import {
  chartDrawn, chartTotals, launchBrowser, NO_CHROMIUM, panelTotal, PHONE, screenshot, serveDemo, sumBy, waitForPanelTotal, watchedPage,
  type Served,
} from './helpers/web.ts';

type Report = { total: number; rows: Record<string, unknown>[]; synthetic: boolean };
type Catalog = { reports: { name: string; dimensions: Record<string, unknown>; geographic: boolean }[] };

describe('dashboard in chromium', { skip: NO_CHROMIUM }, () => {
  let served: Served;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let catalog: Catalog;

  before(async () => {
    served = await serveDemo();
    browser = await launchBrowser();
    catalog = await served.json('/reports.json');
  });
  after(async () => {
    await browser?.close();
    await served?.close();
  });

  const hasReport = (name: string) => catalog.reports.some((r) => r.name === name);

  test('Removals: pathway by fiscal year, judge, country; totals equal the API; a filter changes URL and numbers', async () => {
    const { page, errors } = await watchedPage(browser.context);
    await page.goto(`${served.url}/#/removals`);
    // Releases overlap, so the page shows the largest one unless the reader picks another (not their sum).
    const releases = (await served.json<Report>('/reports/removals.json?by=release')).rows.sort((a, b) => Number(b.n) - Number(a.n));
    const rel = releases.length > 1 ? `&release=${releases[0].release}` : '';

    const api = await served.json<Report>(`/reports/removals.json?by=fiscal_year,pathway${rel}`);
    assert.ok(api.total > 0, 'the demo data has removals');
    assert.equal(await panelTotal(page, 'removals-pathway'), api.total);
    // Each fiscal year's bar total in the chart's numbers equals the API's rows summed for that year.
    const perYear = sumBy(api.rows, 'fiscal_year');
    const shown = await chartTotals(page, 'removals-pathway');
    for (const [year, n] of perYear) assert.equal(shown.get(year), n, year);
    // A fiscal year between the first and the last with no record is drawn as 0, not left out.
    for (const [year, n] of shown) if (!perYear.has(year)) assert.equal(n, 0, `${year} has no records`);
    // The chart is drawn: one SVG path per bar segment at least (years × some pathways), not an empty frame.
    const bars = await chartDrawn(page, 'removals-pathway');
    assert.ok(bars >= perYear.size, `expected at least ${perYear.size} drawn bars, got ${bars}`);

    for (const panel of ['removals-judge', 'removals-country', 'removals-third-country']) assert.ok(await chartDrawn(page, panel) > 0, `${panel} is drawn`);
    const judge = await served.json<Report>(`/reports/removals.json?by=fiscal_year,judge_decided${rel}`);
    assert.equal(await panelTotal(page, 'removals-judge'), judge.total);
    const countries = await served.json<Report>(`/reports/removals.json?by=citizenship_country${rel}`);
    const top = [...countries.rows].sort((a, b) => Number(b.n) - Number(a.n))[0];
    const firstRow = page.locator('[data-panel="removals-country"] [data-testid="chart-numbers"] tbody tr').first();
    assert.equal(await firstRow.locator('td').first().textContent(), String(top.citizenship_country));
    assert.equal(Number(await firstRow.locator('td[data-total]').getAttribute('data-total')), Number(top.n));

    // Synthetic data is labelled on the page and on the panel.
    assert.equal(api.synthetic, true);
    await page.locator('[data-testid="synthetic-banner"]').waitFor();
    assert.ok(await page.locator('[data-panel="removals-pathway"] .badge.synthetic').isVisible());

    // The twin links are the API routes of the same numbers, in JSON and CSV.
    const twin = await page.locator('[data-panel="removals-pathway"] [data-testid="twin-json"]').getAttribute('href');
    assert.equal((await served.json<Report>(twin!)).total, api.total);
    const csv = await served.text((await page.locator('[data-panel="removals-pathway"] [data-testid="twin-csv"]').getAttribute('href'))!);
    const lines = csv.trim().split('\n');
    assert.equal(lines[0], 'fiscal_year,pathway,n');
    assert.equal(lines.slice(1).reduce((sum, line) => sum + Number(line.split(',').pop()), 0), api.total);
    await screenshot(page, 'removals-laptop');

    // A filter: FY2020 only. The URL carries it (shareable) and the totals follow the API's.
    const filtered = await served.json<Report>(`/reports/removals.json?by=fiscal_year,pathway&fiscal_year=FY2020${rel}`);
    assert.ok(filtered.total > 0 && filtered.total < api.total, 'FY2020 is a strict part of the demo data');
    await page.locator('[data-testid="filter-fiscal_year"]').selectOption('FY2020');
    await page.waitForURL(/fiscal_year=FY2020/);
    assert.equal(await waitForPanelTotal(page, 'removals-pathway', filtered.total), filtered.total);
    assert.deepEqual([...(await chartTotals(page, 'removals-pathway')).keys()], ['FY2020']);

    // The shared URL opens the same view in a new tab.
    const shared = await watchedPage(browser.context, PHONE);
    await shared.page.goto(page.url());
    assert.equal(await panelTotal(shared.page, 'removals-pathway'), filtered.total);
    await screenshot(shared.page, 'removals-phone-fy2020');
    await shared.page.close();

    // Month grain: one bar per month of FY2020 (12), same total.
    await page.locator('[data-testid="toggle-grain-month"]').click();
    await page.waitForURL(/grain=month/);
    await page.waitForFunction(() => document.querySelectorAll('[data-panel="removals-pathway"] [data-testid="chart-numbers"] tbody tr').length === 12);
    assert.equal(await panelTotal(page, 'removals-pathway'), filtered.total);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('Data: sources with reconciliation, quarantined rows of a source, SQL console', async () => {
    const { page, errors } = await watchedPage(browser.context);
    await page.goto(`${served.url}/#/data`);
    const sources = (await served.json<{ rows: Record<string, unknown>[] }>('/sources.json')).rows;
    assert.ok(sources.length > 0);
    assert.equal(await panelTotal(page, 'sources'), sources.length);
    const rows = page.locator('[data-testid="sources-table"] tbody tr');
    assert.equal(await rows.count(), sources.length);
    // Every file's rows are accounted for: read = stored + quarantined, shown as "yes".
    for (const s of sources) assert.equal(Number(s.rows_read), Number(s.rows_stored) + Number(s.rows_quarantined));
    assert.equal(await page.locator('[data-testid="sources-table"] .ok').count(), sources.length);

    // The demo's ERO-LESA CSV has 2 rows with impossible dates (src/synthetic/demo-files.ts): follow the link.
    const withIssues = sources.find((s) => Number(s.rows_quarantined) > 0)!;
    await page.locator('[data-testid="sources-table"] a', { hasText: String(withIssues.rows_quarantined) }).first().click();
    await page.waitForURL(new RegExp(`source_id=${withIssues.source_id}`));
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="issues-table"] tbody tr').length === n, Number(withIssues.rows_quarantined));
    const issues = (await served.json<{ rows: Record<string, unknown>[] }>(`/row_issues.json?source_id=${withIssues.source_id}`)).rows;
    assert.equal(issues.length, Number(withIssues.rows_quarantined));
    const firstIssue = await page.locator('[data-testid="issues-table"] tbody tr').first().textContent();
    assert.ok(firstIssue!.includes(String(issues[0].problem)), `the page shows the reason "${issues[0].problem}"`);

    // SQL console: the count of stored removals equals the sum of rows_stored over removal files.
    const stored = sources.filter((s) => s.target_table === 'removals').reduce((sum, s) => sum + Number(s.rows_stored), 0);
    await page.locator('[data-testid="sql-input"]').fill('SELECT count(*) AS n FROM removals');
    await page.locator('[data-testid="sql-run"]').click();
    await page.waitForURL(/sql=SELECT/);
    const cell = page.locator('[data-testid="sql-table"] tbody td').first();
    await cell.waitFor();
    assert.equal(Number((await cell.textContent())!.replace(/,/g, '')), stored);
    await screenshot(page, 'data-laptop');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('Flights: map of routes, monthly chart with baselines, legs with evidence (or the empty state)', async (t) => {
    const flights = hasReport('flights') ? await served.json<Report>('/reports/flights.json?by=month&ice_flight=true') : null;
    if (!flights || flights.total === 0) {
      const { page, errors } = await watchedPage(browser.context);
      await page.goto(`${served.url}/#/flights`);
      t.diagnostic('the demo data has no flights yet: checking the empty state (the real RadarBox export is checked below)');
      const empty = page.locator('[data-panel="flights-map"] [data-testid="empty"]');
      await empty.waitFor();
      assert.match((await empty.textContent())!, /No flights loaded: run deportwatch ingest <RadarBox export>/);
      await screenshot(page, 'flights-empty');
      assert.deepEqual(errors, []);
      await page.close();
      return;
    }
    await checkFlightsPage(served, browser.context, 'flights-demo');
  });

  test('Arrests: criminality by month and by day (or the empty state)', async (t) => {
    const { page, errors } = await watchedPage(browser.context);
    await page.goto(`${served.url}/#/arrests`);
    const arrests = hasReport('arrests') ? await served.json<Report>('/reports/arrests.json?by=month,criminality') : null;
    if (!arrests || arrests.total === 0) {
      t.diagnostic('the demo data has no arrests yet: checking the empty state');
      const empty = page.locator('[data-panel="arrests-monthly"] [data-testid="empty"]');
      await empty.waitFor();
      assert.match((await empty.textContent())!, /No arrest records loaded: run deportwatch ingest/);
      await screenshot(page, 'arrests-empty');
      assert.deepEqual(errors, []);
      return;
    }
    assert.equal(await panelTotal(page, 'arrests-monthly'), arrests.total);
    const months = [...sumBy(arrests.rows, 'month').keys()].sort();
    const last = months[months.length - 1];
    const daily = await served.json<Report>(`/reports/arrests.json?by=date,criminality&month=${last}`);
    assert.equal(await panelTotal(page, 'arrests-daily'), daily.total);
    // Per-day bar totals equal the API's rows summed per date.
    const perDay = sumBy(daily.rows, 'date');
    const shownDays = await chartTotals(page, 'arrests-daily');
    for (const [date, n] of perDay) assert.equal(shownDays.get(label(date)), n, date);
    assert.ok(await chartDrawn(page, 'arrests-monthly') > 0);
    assert.ok(await chartDrawn(page, 'arrests-daily') >= perDay.size, 'one bar segment per day at least');
    await screenshot(page, 'arrests-laptop');
    // A filter: convicted only. URL and both charts follow the API.
    const convicted = await served.json<Report>('/reports/arrests.json?by=month,criminality&criminality=convicted');
    assert.ok(convicted.total > 0 && convicted.total < arrests.total);
    await page.locator('[data-testid="filter-criminality"]').selectOption('convicted');
    await page.waitForURL(/criminality=convicted/);
    assert.equal(await waitForPanelTotal(page, 'arrests-monthly', convicted.total), convicted.total);
    // One day broken down, as a reporter sets it beside "538 arrested, 373 for criminal activity" (23 Jan 2025).
    const day = [...sumBy(daily.rows, 'date').keys()].includes('2025-01-23') ? '2025-01-23' : String(daily.rows[0].date);
    const oneDay = await served.json<Report>(`/reports/arrests.json?by=criminality&date=${day}`);
    await page.goto(`${served.url}/#/arrests?date=${day}`);
    assert.equal(await panelTotal(page, 'arrests-day'), oneDay.total);
    const dayRows = await page.locator('[data-testid="day-table"] tbody tr').allTextContents();
    for (const row of oneDay.rows) {
      const line = dayRows.find((r) => r.startsWith(String(row.criminality).replace(/_/g, ' ')));
      assert.ok(line?.includes(Number(row.n).toLocaleString('en-US')), `${row.criminality}: ${row.n} in "${line}"`);
    }
    // Both definitions of "with a criminal record": convicted; convicted or pending charges.
    const n = (c: string) => Number(oneDay.rows.find((r) => r.criminality === c)?.n ?? 0);
    const record = await page.locator('[data-testid="criminal-record"] td.num').allTextContents();
    assert.equal(record[0], n('convicted').toLocaleString('en-US'));
    assert.equal(record[2], (n('convicted') + n('pending_charges')).toLocaleString('en-US'));
    await screenshot(page, 'arrests-day');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('Claims: every ledger entry with its verdict and numbers; the kind filter changes URL and numbers', async () => {
    const { page, errors } = await watchedPage(browser.context);
    await page.goto(`${served.url}/#/claims`);
    const claims = (await served.json<{ rows: Record<string, unknown>[] }>('/claims.json')).rows;
    // The seed ledger (src/reference/claims.csv) ships with the project: the page is never empty.
    assert.ok(claims.length > 0);
    assert.equal(await panelTotal(page, 'claims'), claims.length);
    assert.equal(await page.locator('[data-testid="claim"]').count(), claims.length);
    assert.equal(await page.locator('[data-testid="verdict"]').count(), claims.length, 'each claim shows its verdict');
    // The 23 Jan 2025 statement of 538 arrests (CL-2025-01-23-arrests) is shown with its number and period.
    const arrests = claims.find((c) => c.id === 'CL-2025-01-23-arrests');
    if (arrests) {
      const item = page.locator('[data-testid="claim"]', { hasText: String(arrests.summary) }).first();
      const numbers = await item.locator('[data-testid="claim-numbers"]').textContent();
      assert.match(numbers!, /538 arrests/);
      assert.match(numbers!, /23 Jan 2025/);
      // It links to the arrests of that day.
      assert.equal(await item.locator('[data-testid="claim-records"]').getAttribute('href'), '#/arrests?month=2025-01&date=2025-01-23');
      // When the API checked it, each definition's count and its rows link are the API's, and a check
      // against the synthetic demo records says so beside the verdict.
      const checks = ((arrests.check as { definitions?: { value: number | null; rowsLink: string | null; synthetic: boolean }[] } | undefined)?.definitions) ?? [];
      if (checks.length > 0) {
        const cells = await item.locator('[data-testid="claim-checks"] tbody tr:not(.how) td.num').allTextContents();
        assert.deepEqual(cells, checks.map((c) => (c.value === null ? '–' : c.value.toLocaleString('en-US'))));
        const links = await item.locator('[data-testid="claim-rows"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
        assert.deepEqual(links, checks.filter((c) => c.rowsLink).map((c) => c.rowsLink));
        assert.equal(await item.locator('[data-testid="verdict-synthetic"]').count(), checks.some((c) => c.synthetic) ? 1 : 0);
      }
    }
    await screenshot(page, 'claims-laptop');
    const baselines = claims.filter((c) => c.kind === 'baseline').length;
    assert.ok(baselines > 0 && baselines < claims.length);
    await page.locator('[data-testid="toggle-kind-baseline"]').click();
    await page.waitForURL(/kind=baseline/);
    assert.equal(await waitForPanelTotal(page, 'claims', baselines), baselines);
    assert.equal((await served.json<{ rows: unknown[] }>(String(await page.locator('[data-panel="claims"] [data-testid="twin-json"]').getAttribute('href')))).rows.length, baselines);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('Rules: the timeline, and what applied on a chosen date, as the API says', async () => {
    const { page, errors } = await watchedPage(browser.context);
    await page.goto(`${served.url}/#/rules`);
    const timeline = (await served.json<{ rows: Record<string, unknown>[] }>('/rules.json')).rows;
    assert.ok(timeline.length > 0, 'the policy timeline ships with the project');
    assert.equal(await panelTotal(page, 'rules'), timeline.length);
    assert.equal(await page.locator('[data-testid="timeline"] > li').count(), timeline.length);
    // 15 March 2025: the day Proclamation 10903 (Alien Enemies Act) became public, in the timeline.
    const day = '2025-03-15';
    const onDay = await served.json<{ rows: Record<string, unknown>[]; rules: { expeditedRemoval: { landEntrants: { rowId: string } | null } } }>(`/rules.json?date=${day}`);
    const applied = onDay.rows.filter((r) => r.applies === 'yes' || r.applies === 'uncertain').length;
    assert.ok(applied > 0);
    await page.locator('[data-testid="filter-date"]').fill(day);
    await page.waitForURL(new RegExp(`date=${day}`));
    await page.locator('[data-testid="applied"]').waitFor();
    assert.equal(Number(await page.locator('[data-testid="applied"]').getAttribute('data-value')), applied);
    assert.equal(await page.locator('[data-testid="timeline"] > li.in-force').count(), applied);
    const designation = onDay.rules.expeditedRemoval.landEntrants?.rowId;
    if (designation) assert.match((await page.locator('[data-testid="er-scope"]').textContent())!, new RegExp(designation));
    await screenshot(page, 'rules-laptop');
    assert.deepEqual(errors, []);
    await page.close();
  });
});

describe('Flights page over the real RadarBox export and observers\' logs', { skip: NO_CHROMIUM }, () => {
  test('map, monthly chart and legs equal the API; filters change URL and numbers', async (t) => {
    const files = ['flights/radarbox/radarbox-swq-wal-2020-01-12_2020-04-27.csv', 'flights/observers/yakima-kykm-2019-2021.psv', 'flights/observers/minneapolis-msp-2025-2026.csv']
      .map((f) => sharedData(t, f));
    if (files.some((f) => f === null)) return;
    const served = await serveDemo(files as string[]);
    const browser = await launchBrowser();
    try {
      await checkFlightsPage(served, browser.context, 'flights-real');
    } finally {
      await browser.close();
      await served.close();
    }
  });
});

/** The Flights page against the API: counts ICE Air flights (ice_flight=true) by default. */
async function checkFlightsPage(served: Served, context: BrowserContext, name: string): Promise<void> {
  const { page, errors } = await watchedPage(context);
  await page.goto(`${served.url}/#/flights`);
  const flights = await served.json<Report>('/reports/flights.json?by=month&ice_flight=true');
  assert.ok(flights.total > 0);
  // Map: its stated total equals the API's route counts, and it is drawn (route pixels on the canvas).
  const routes = await served.json<{ features: { properties: { n: number }; geometry: unknown }[] }>('/reports/flights.geojson?by=departure_airport,arrival_airport&ice_flight=true');
  const routeTotal = routes.features.reduce((sum, f) => sum + Number(f.properties.n), 0);
  assert.equal(routeTotal, flights.total, 'every flight is on some route');
  assert.equal(await panelTotal(page, 'flights-map'), routeTotal);
  const map = page.locator('[data-testid="map"]');
  await page.locator('[data-testid="map"][data-rendered]').waitFor({ timeout: 20_000 });
  const drawn = routes.features.filter((f) => f.geometry).length;
  assert.equal(Number(await map.getAttribute('data-rendered')), drawn);
  const pixels = await mapPixels(page);
  assert.ok(pixels.land > 1000, `the offline world map draws land (${pixels.land} land pixels)`);
  assert.ok(pixels.route > 50, `routes are drawn (${pixels.route} route pixels)`);
  // Routes table: one line per route the API returned, drawn or not.
  assert.equal(await page.locator('[data-testid="route-numbers"] tbody tr').count(), routes.features.length);

  // Monthly chart: per-month totals equal the API's; months without flights are drawn as 0.
  assert.equal(await panelTotal(page, 'flights-monthly'), flights.total);
  assert.ok(await chartDrawn(page, 'flights-monthly') > 0);
  const perMonth = sumBy(flights.rows, 'month');
  const shown = await chartTotals(page, 'flights-monthly');
  for (const [month, n] of perMonth) assert.equal(shown.get(label(month)), n, month);
  assert.equal([...shown.values()].reduce((a, b) => a + b, 0), flights.total);

  // Legs: the first page of the API's rows, newest first, each with a link to its evidence.
  const legs = await served.json<{ rows: Record<string, unknown>[] }>('/flights.json?ice_flight=true&_sort=-departure_date&_size=50');
  await page.locator('[data-testid="legs-table"] tbody tr').first().waitFor();
  assert.equal(await page.locator('[data-testid="legs-table"] tbody tr').count(), legs.rows.length);
  await page.locator('[data-testid="legs-table"] .evidence a').first().waitFor();
  const firstLeg = await page.locator('[data-testid="legs-table"] tbody tr').first().textContent();
  // Airports by name with their code: "El Paso (KELP) → Guatemala City (MGGT)".
  assert.ok(firstLeg!.includes(`(${legs.rows[0].departure_airport}) → `) && firstLeg!.includes(`(${legs.rows[0].arrival_airport})`), `first leg shows its route: ${firstLeg}`);
  await screenshot(page, `${name}-laptop`);

  // Filter by the busiest month: URL and map total follow the API.
  const month = [...perMonth.entries()].sort((a, b) => b[1] - a[1])[0][0];
  const one = await served.json<Report>(`/reports/flights.json?by=month&ice_flight=true&month=${month}`);
  await page.locator('[data-testid="filter-month"]').selectOption(month);
  await page.waitForURL(new RegExp(`month=${month}`));
  assert.equal(await waitForPanelTotal(page, 'flights-map', one.total), one.total);
  assert.ok(one.total < flights.total);
  // Every leg loaded (not only ICE Air flights): more legs, as the API says.
  const all = await served.json<Report>(`/reports/flights.json?by=month&month=${month}`);
  await page.locator('[data-testid="toggle-legs-all"]').click();
  await page.waitForURL(/legs=all/);
  assert.equal(await waitForPanelTotal(page, 'flights-map', all.total), all.total);

  const phone = await watchedPage(context, PHONE);
  await phone.page.goto(page.url());
  await phone.page.locator('[data-testid="map"][data-rendered]').waitFor({ timeout: 20_000 });
  await screenshot(phone.page, `${name}-phone`);
  await phone.page.close();
  assert.deepEqual([...errors, ...phone.errors], []);
  await page.close();
}

/** How the page writes a month (`Jan 2025`) or a day (`23 Jan 2025`), as a reader would. */
function label(period: string): string {
  const names = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const month = `${names[Number(period.slice(5, 7)) - 1]} ${period.slice(0, 4)}`;
  return period.length === 10 ? `${Number(period.slice(8, 10))} ${month}` : month;
}

/** Counts pixels of the map canvas by colour: land is drawn white, routes red (#c0392b), sea light blue. */
async function mapPixels(page: import('playwright-core').Page): Promise<{ land: number; route: number }> {
  return page.evaluate(() => {
    const canvas = document.querySelector('[data-testid="map"] canvas') as HTMLCanvasElement;
    const copy = document.createElement('canvas');
    copy.width = canvas.width; copy.height = canvas.height;
    const ctx = copy.getContext('2d')!;
    ctx.drawImage(canvas, 0, 0);
    const data = ctx.getImageData(0, 0, copy.width, copy.height).data;
    let land = 0; let route = 0;
    for (let i = 0; i < data.length; i += 4) {
      const [r, g, b] = [data[i], data[i + 1], data[i + 2]];
      if (r > 250 && g > 250 && b > 250) land++;
      else if (r > 150 && g < 120 && b < 120) route++;
    }
    return { land, route };
  });
}
