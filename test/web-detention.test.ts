/**
 * The Detention page in chromium, at desktop and phone sizes, in English and Spanish: on a database of
 * the real FY2026 workbooks (releases of 2026-02-02 and 2026-02-12) and the Deportation Data Project's
 * daily population per facility, and on the demo database (no official statistics: the empty state).
 * Screenshots go to test-artifacts/detention-*.png.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { sharedDataPath } from './helpers/shared-data.ts';
import { checkDownloads, launchBrowser, NO_CHROMIUM, PHONE, screenshot, serveDemo, settled, watchedPage, type Served } from './helpers/web.ts';

const DESKTOP = { width: 1440, height: 900 };
const REAL_FILES = [
  'official-stats/FY26_detentionStats02022026.xlsx',
  'official-stats/FY26_detentionStats_02122026.xlsx',
  'records/ddp-facilities-daily-population-2022-10_2026-03.parquet',
];
const realMissing = REAL_FILES.find((f) => !existsSync(sharedDataPath(f)));
/** UWCHR's headcount, when present, is ingested too: the page must draw it apart from the DDP dataset. */
const UWCHR = 'records/uwchr-detention-headcount-fy12-fy24ytd.psv.gz';
const withUwchr = existsSync(sharedDataPath(UWCHR));
const NO_REAL = NO_CHROMIUM || (realMissing ? `needs ../shared/data/${realMissing}, which is absent here` : false);


describe('Detention page: the real FY2026 releases and daily population', { skip: NO_REAL }, () => {
  let served: Served;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  before(async () => { served = await serveDemo([...REAL_FILES, ...(withUwchr ? [UWCHR] : [])].map(sharedDataPath)); browser = await launchBrowser(); });
  after(async () => { await browser?.close(); await served?.close(); });

  test('the currently-detained figure is the one `report detention-current` gives; both releases are offered', async () => {
    const { page, errors } = await watchedPage(browser.context, DESKTOP);
    const current = await served.json<{ rows: { value: number }[] }>('/reports/detention-current.json?by=processing_disposition,facility_type&processing_disposition=Total&facility_type=Total');
    assert.equal(current.rows.length, 1);
    assert.equal(current.rows[0].value, 68289);
    await page.goto(`${served.url}/#/detention`);
    const total = page.locator('[data-testid="detained-total"]');
    await total.waitFor();
    assert.equal(Number(await total.getAttribute('data-value')), current.rows[0].value);
    assert.match((await page.locator('[data-testid="detained-headline"]').textContent())!, /68,289/);
    const options = await page.locator('[data-testid="release-select"] option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    assert.deepEqual(options, ['FY26_detentionStats_02122026.xlsx (2026-02-12)', 'FY26_detentionStats02022026.xlsx (2026-02-02)'], 'newest first');
    // Each release's own figure, never a sum over releases.
    const perRelease = await page.locator('[data-testid="vintage-value"]').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-value'))));
    const official = await served.json<{ rows: { release: string; value: number }[] }>('/reports/official-figures.json?by=release&processing_disposition=Total&facility_type=Total');
    assert.deepEqual(perRelease, options.map((r) => official.rows.find((o) => o.release === r)!.value));
    assert.equal(perRelease[0], 68289);
    await settled(page);
    // The criminality and arresting-agency cells (ICE's Totals left out) add up to ICE's Total.
    assert.equal(Number(await page.locator('[data-panel="detention-criminality"] [data-testid="total"]').getAttribute('data-value')), 68289);
    assert.equal(Number(await page.locator('[data-panel="detention-disposition"] [data-testid="total"]').getAttribute('data-value')), 68289);
    // The listed facilities: as many rows as the API lists for the release, and the count without a location said.
    const listed = await served.json<{ rows: unknown[] }>('/detention-facilities-listed.json?latest=yes&_size=1000');
    assert.equal(await page.locator('[data-testid="facilities-table"] tbody tr').count(), listed.rows.length);
    await page.locator('[data-testid="facilities-unplaced"]').waitFor();
    // Daily population: its own chart, months with no source are gaps.
    // Daily population: one chart per dataset, each with the API's own total; never one sum of both.
    const datasets = (await served.json<{ rows: { dataset: string; population: number }[] }>('/reports/facility-population.json?by=dataset')).rows;
    assert.equal(datasets.length, withUwchr ? 2 : 1);
    for (const d of datasets) {
      const shown = page.locator(`[data-panel="detention-population-${d.dataset}"] [data-testid="total"]`);
      await shown.waitFor();
      assert.equal(Number(await shown.getAttribute('data-value')), d.population, d.dataset);
    }
    if (withUwchr) await page.locator('[data-testid="datasets-note"]').waitFor();
    const links = await checkDownloads(page, served, 'detention en');
    assert.ok(links >= 10, `JSON and CSV links of every panel (${links})`);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('choosing the earlier release shows its own figure and panels', async () => {
    const { page, errors } = await watchedPage(browser.context, DESKTOP);
    const earlier = await served.json<{ rows: { release: string; value: number }[] }>('/reports/official-figures.json?by=release&processing_disposition=Total&facility_type=Total&release_date=2026-02-02');
    assert.equal(earlier.rows.length, 1);
    await page.goto(`${served.url}/#/detention`);
    await page.locator('[data-testid="release-select"]').selectOption(earlier.rows[0].release);
    await page.waitForURL(/release=/);
    await page.waitForFunction((n) => document.querySelector('[data-testid="detained-total"]')?.getAttribute('data-value') === String(n), earlier.rows[0].value);
    await settled(page);
    assert.equal(Number(await page.locator('[data-panel="detention-criminality"] [data-testid="total"]').getAttribute('data-value')), earlier.rows[0].value);
    await checkDownloads(page, served, 'detention earlier release');
    await screenshot(page, 'detention-earlier-release');
    assert.deepEqual(errors, []);
    await page.close();
  });

  for (const lang of ['en', 'es'] as const) {
    for (const viewport of [DESKTOP, PHONE]) {
      test(`${lang}, ${viewport.width}px: no failed request or console error; links return their files`, async () => {
        const { page, errors } = await watchedPage(browser.context, viewport);
        await page.goto(`${served.url}/#/detention${lang === 'es' ? '?lang=es' : ''}`);
        await page.locator('[data-testid="detained-total"]').waitFor();
        await settled(page);
        assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
        const headline = (await page.locator('[data-testid="detained-headline"]').textContent())!;
        assert.ok(headline.includes(new Intl.NumberFormat(lang === 'es' ? 'es-US' : 'en-US').format(68289)), headline);
        if (lang === 'es') {
          assert.match((await page.locator('h1').textContent())!, /Detención/);
          assert.match(headline, /Actualmente detenidas/);
        }
        await checkDownloads(page, served, `detention ${lang} ${viewport.width}`);
        await screenshot(page, `detention-real-${lang}-${viewport.width}`);
        assert.deepEqual(errors, []);
        await page.close();
      });
    }
  }
});

describe('Detention page: the demo database (no official statistics)', { skip: NO_CHROMIUM }, () => {
  let served: Served;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  before(async () => { served = await serveDemo(); browser = await launchBrowser(); });
  after(async () => { await browser?.close(); await served?.close(); });

  for (const lang of ['en', 'es'] as const) {
    test(`the empty state names what to ingest (${lang})`, async () => {
      const { page, errors } = await watchedPage(browser.context, lang === 'en' ? DESKTOP : PHONE);
      await page.goto(`${served.url}/#/detention${lang === 'es' ? '?lang=es' : ''}`);
      await settled(page);
      const text = (await page.locator('main').textContent())!;
      assert.match(text, lang === 'en' ? /No official detention statistics loaded/ : /No hay estadísticas oficiales de detención cargadas/);
      assert.match(text, /deportwatch ingest FY26_detentionStats/);
      assert.match(text, lang === 'en' ? /No daily population per facility loaded/ : /No hay población diaria por centro cargada/);
      assert.match(text, /ddp-facilities-daily-population/);
      assert.equal(await page.locator('[data-testid="detained-total"]').count(), 0);
      await screenshot(page, `detention-demo-${lang}`);
      assert.deepEqual(errors, []);
      await page.close();
    });
  }
});
