/**
 * `deportwatch brief` on the synthetic demo: a demo month in English and Spanish, as HTML and as PDF
 * printed by headless Chromium. Its figures must equal `deportwatch report` for the same question; the
 * PDF's text is extracted (pdftotext) and its pages rendered to PNG (pdftoppm, kept in test-artifacts/
 * for people to look at) and checked for ink.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ARTIFACTS, demoFiles, ingestedDatabase, ROOT } from './helpers/web.ts';

const MONTH = '2025-05';
const NO_PDF = !existsSync('/usr/bin/chromium') ? 'needs /usr/bin/chromium (apt-get install chromium)'
  : !existsSync('/usr/bin/pdftotext') ? 'needs pdftotext and pdftoppm (apt-get install poppler-utils)' : false;

function cli(db: string, ...args: string[]): { stdout: string; stderr: string; status: number | null } {
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/bin.ts'), '--db', db, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 180_000 });
  return { stdout: run.stdout, stderr: run.stderr, status: run.status };
}

describe('deportwatch brief on a demo month', () => {
  let dir: string;
  let db: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'deportwatch-brief-'));
    db = await ingestedDatabase(dir, await demoFiles(dir));
  });
  after(async () => { await rm(dir, { recursive: true, force: true }); });

  test('its figures equal `report` for the same month', () => {
    const brief = JSON.parse(cli(db, 'brief', '--month', MONTH, '--format', 'json').stdout);
    const report = (args: string[]) => JSON.parse(cli(db, 'report', ...args, '--format', 'json').stdout);
    const flights = report(['flights', '--by', 'category', '--where', `month=${MONTH}`, '--where', 'ice_flight=true']);
    assert.equal(brief.flights.total.value, flights.total);
    for (const row of flights.rows) assert.equal(brief.flights.by_category.find((c: { name: string }) => c.name === row.category)?.n, row.n, row.category);
    const countries = report(['flights', '--by', 'arrival_country', '--where', `month=${MONTH}`, '--where', 'category=removal']);
    assert.equal(brief.flights.removal_countries.reduce((s: number, c: { n: number }) => s + c.n, 0), countries.total);
    const removals = report(['removals', '--by', 'pathway', '--where', `month=${MONTH}`]);
    if (brief.removals?.total.value !== null && brief.removals) assert.equal(brief.removals.total.value, removals.total);
    assert.equal(brief.synthetic, true, 'demo figures are labelled synthetic');
    // Every figure names the route of its rows.
    assert.match(brief.flights.total.rows, /^\/flights\.json\?month=2025-05&ice_flight=true$/);
  });

  test('report --lang es writes its headers in Spanish, numbers in es-US', () => {
    const run = cli(db, 'report', 'removals', '--by', 'fiscal_year', '--where', 'fiscal_year=FY2020', '--lang', 'es');
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^filtro: fiscal_year=FY2020$/m);
    assert.match(run.stdout, /^SINTÉTICO: /m);
    assert.match(run.stdout, /^fuentes:$/m);
    assert.equal(cli(db, 'report', 'removals', '--lang', 'fr').status, 2, 'an unknown language is a usage error');
  });

  for (const lang of ['en', 'es'] as const) {
    test(`HTML in ${lang}: lang set, synthetic label, figures linked to their rows`, () => {
      const out = join(dir, `brief-${lang}.html`);
      const run = cli(db, 'brief', '--month', MONTH, '--lang', lang, '--format', 'html', '--out', out);
      assert.equal(run.status, 0, run.stderr);
      const html = readFileSync(out, 'utf8');
      assert.match(html, new RegExp(`<html lang="${lang}">`));
      assert.match(html, lang === 'en' ? /Monthly brief: May 2025/ : /Informe mensual: mayo de 2025/);
      assert.match(html, /data-synthetic="true"/);
      assert.match(html, /href="http:\/\/127\.0\.0\.1:8787\/flights\.json\?month=2025-05&amp;ice_flight=true"/);
    });

    test(`PDF in ${lang}: printed by headless Chromium, its text and pages checked`, { skip: NO_PDF }, () => {
      const out = join(dir, `brief-${lang}.pdf`);
      const run = cli(db, 'brief', '--month', MONTH, '--lang', lang, '--format', 'pdf', '--out', out);
      assert.equal(run.status, 0, run.stderr);
      assert.ok(statSync(out).size > 5000);
      const text = spawnSync('pdftotext', ['-layout', out, '-'], { encoding: 'utf8' }).stdout;
      const brief = JSON.parse(cli(db, 'brief', '--month', MONTH, '--format', 'json').stdout);
      const total = new Intl.NumberFormat(lang === 'en' ? 'en-US' : 'es-US').format(brief.flights.total.value);
      assert.match(text, lang === 'en' ? new RegExp(`${total} ICE Air flights in May 2025`) : new RegExp(`${total} vuelos de ICE Air en mayo de 2025`));
      assert.match(text, lang === 'en' ? /SYNTHETIC DEMO DATA/ : /DATOS SINTÉTICOS/);
      mkdirSync(ARTIFACTS, { recursive: true });
      const prefix = join(ARTIFACTS, `brief-${lang}`);
      assert.equal(spawnSync('pdftoppm', ['-png', '-r', '50', out, prefix]).status, 0);
      const pages = readdirSync(ARTIFACTS).filter((f) => f.startsWith(`brief-${lang}-`) && f.endsWith('.png'));
      assert.ok(pages.length >= 1, 'at least one page rendered');
      // A rendered page with text is far larger than a blank one of the same size.
      assert.ok(statSync(join(ARTIFACTS, pages.sort()[0])).size > 10_000, 'the first page has ink');
    });
  }
});
