/**
 * The dashboard's "Now" page in chromium, fed by a watcher on a replayed feed: the watched aircraft in
 * the air on the map, the events of the last 24 hours, in English and in Spanish.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openProject } from '../src/app/project.ts';
import { startServer } from '../src/api/server.ts';
import { ReplayServer } from '../src/feeds/replay.ts';
import { batchFileAsSbs } from '../src/watch/files.ts';
import { liveDirFor, Watcher } from '../src/watch/watcher.ts';
import { ensureWebBuilt, launchBrowser, NO_CHROMIUM, screenshot, watchedPage, WEB_DIR } from './helpers/web.ts';
import { sharedData } from './helpers/shared-data.ts';

test('Now: watchlist aircraft airborne on the map, the last 24 hours of events, English and Spanish', { skip: NO_CHROMIUM }, async (t) => {
  const path = sharedData(t, 'adsb/readsb/trace_full_ac671b.json');
  if (!path) return;
  ensureWebBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'dw-now-'));
  const db = join(dir, 'now.duckdb');
  try {
    // Watch the replayed trace until the aircraft has taken off again, then stop with it in the air.
    const store = await openProject(db);
    const replay = new ReplayServer({ kind: 'sbs', items: batchFileAsSbs(path).items }, { speed: 3000 });
    const port = await replay.listen();
    const watcher = new Watcher({ store, feeds: [`sbs://127.0.0.1:${port}`], liveDir: liveDirFor(db), watchHexes: ['ac671b'] });
    await watcher.start();
    const t0 = Date.now();
    while (!(watcher.status().airborne.length > 0 && watcher.recentEvents().some((e) => e.event.kind === 'departed'))) {
      if (Date.now() - t0 > 60_000) throw new Error('the aircraft never took off');
      await new Promise((r) => setTimeout(r, 50));
    }
    await watcher.stop();
    await replay.close();
    store.close();

    const server = await startServer({ dbPath: db, port: 0, host: '127.0.0.1', webDir: WEB_DIR });
    const browser = await launchBrowser();
    try {
      const { page, errors } = await watchedPage(browser.context);
      await page.goto(`${server.url.replace(/\/$/, '')}/#/now`);
      await page.locator('[data-testid=aircraft][data-icao24=ac671b]').waitFor();
      await page.locator('tr[data-kind=departed]').first().waitFor();
      const departed = await page.locator('tr[data-kind=departed]').first().innerText();
      assert.match(departed, /Departed/);
      assert.match(departed, /KMSP/);
      assert.match(await page.locator('tr[data-kind=arrived]').first().innerText(), /Arrived/);
      await page.getByRole('button', { name: 'Español' }).click();
      assert.match(await page.locator('tr[data-kind=departed]').first().innerText(), /Despegó/);
      assert.match(await page.locator('h1').innerText(), /Ahora/);
      await screenshot(page, 'now-es');
      // Switching the language re-renders the page, which closes its event stream and opens another.
      assert.deepEqual(errors.filter((e) => !/\/live\/events net::ERR_ABORTED$/.test(e)), []);
    } finally {
      await browser.close();
      await server.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
