/**
 * Accessibility of every page, checked by axe-core (WCAG 2 A and AA rules, contrast ≥ 4.5:1 among them)
 * in chromium, in English and Spanish, at desktop and phone sizes; and the keyboard path: the first Tab
 * reaches the skip link, which moves focus to the page's content.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { launchBrowser, NO_CHROMIUM, PHONE, serveDemo, watchedPage, type Served } from './helpers/web.ts';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const PAGES = ['flights', 'removals', 'arrests', 'claims', 'rules', 'brief', 'tables?table=flights', 'data'];

async function violations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: { id: string; impact: string; nodes: { target: string[]; failureSummary: string }[] }[] }> } }).axe;
    // The map canvas and echarts' SVG are images with a text alternative (aria-label) and a table of their numbers.
    return axe.run({ exclude: [['.maplibregl-canvas-container']] }, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
  });
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')} — ${n.failureSummary.split('\n').slice(0, 2).join(' ')}`).join(' | ')}`);
}

describe('accessibility (axe-core) and keyboard paths', { skip: NO_CHROMIUM }, () => {
  let served: Served;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  before(async () => { served = await serveDemo(); browser = await launchBrowser(); });
  after(async () => { await browser?.close(); await served?.close(); });

  for (const lang of ['en', 'es'] as const) {
    for (const viewport of [{ width: 1440, height: 900 }, PHONE]) {
      test(`no WCAG A/AA violation on any page, ${lang}, ${viewport.width}px`, async () => {
        const { page, errors } = await watchedPage(browser.context, viewport);
        const found: string[] = [];
        for (const id of PAGES) {
          const sep = id.includes('?') ? '&' : '?';
          await page.goto(`${served.url}/#/${id}${lang === 'es' ? `${sep}lang=es` : ''}`);
          await page.waitForFunction(() => document.querySelectorAll('[aria-busy="true"]').length === 0, null, { timeout: 20_000 }).catch(() => undefined);
          await page.waitForTimeout(500);
          for (const v of await violations(page)) found.push(`${id}: ${v}`);
        }
        assert.deepEqual(found, []);
        assert.deepEqual(errors, []);
        await page.close();
      });
    }
  }

  test('keyboard: the first Tab reaches the skip link, Enter moves focus to the content', async () => {
    const { page } = await watchedPage(browser.context);
    await page.goto(`${served.url}/#/flights`);
    await page.locator('main .panel').first().waitFor();
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.className), 'skip');
    assert.ok(await page.locator('a.skip').isVisible(), 'the focused skip link is visible');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
    await page.close();
  });
});
