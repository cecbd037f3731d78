/** /health.json, the dashboard's files, and the error conversion. */
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { toHttpError } from '../src/api/errors.ts';
import { UsageError, UserError } from '../src/domain/errors.ts';
import { getJson, makeTestData, openApp, type TestData } from './helpers/api.ts';

let data: TestData;
before(async () => { data = await makeTestData(); });
after(async () => { await data?.cleanup(); });

describe('meta routes', () => {
  test('/health.json: read-only mode, files and rows ingested, what is served', async () => {
    const api = await openApp(data.dbPath);
    try {
      const { status, body } = await getJson(api.app, '/health.json');
      assert.equal(status, 200);
      assert.equal(body.mode, 'read-only');
      // Two files: 3,000 generated rows (2 quarantined) and 6 hand-written rows.
      assert.deepEqual(body.sources, { files: 2, rows_stored: 2998 + 6, rows_quarantined: 2, synthetic_files: 2 });
      assert.ok(body.reports.includes('removals'));
      assert.ok(body.tables.includes('row_issues'));
      assert.equal(body.dashboard, false);
      assert.match(body.data_version, /^2\.2\.0\./, 'max source id 2, 2 sources, no writes yet');
    } finally {
      await api.close();
    }
  });

  test('without a dashboard build, / says how to build one and links the API', async () => {
    const api = await openApp(data.dbPath, { webDir: null });
    try {
      const response = await api.app.inject({ url: '/' });
      assert.equal(response.statusCode, 200);
      assert.match(response.headers['content-type'] as string, /^text\/html/);
      assert.match(response.body, /npm run build:web/);
      assert.match(response.body, /href="\/health.json"/);
    } finally {
      await api.close();
    }
  });

  test('a built dashboard is served: index at /, hashed assets cached for good, gzip when asked, API routes win', async () => {
    const web = join(data.dir, 'web');
    await mkdir(join(web, 'assets'), { recursive: true });
    const script = `console.log(${JSON.stringify('deportwatch '.repeat(300))});\n`;
    await writeFile(join(web, 'index.html'), '<!doctype html><title>deportwatch dashboard</title><script type="module" src="./assets/app-abc123.js"></script>');
    await writeFile(join(web, 'assets', 'app-abc123.js'), script);
    await writeFile(join(web, 'health.json'), '{"not":"the api"}');
    const api = await openApp(data.dbPath, { webDir: web });
    try {
      const index = await api.app.inject({ url: '/' });
      assert.match(index.body, /deportwatch dashboard/);
      assert.equal(index.headers['cache-control'], 'no-cache');
      const asset = await api.app.inject({ url: '/assets/app-abc123.js', headers: { 'accept-encoding': 'gzip, br' } });
      assert.equal(asset.headers['content-type'], 'text/javascript; charset=utf-8');
      assert.equal(asset.headers['content-encoding'], 'gzip');
      assert.equal(asset.headers['cache-control'], 'public, max-age=31536000, immutable');
      assert.equal(gunzipSync(asset.rawPayload).toString('utf8'), script);
      const plain = await api.app.inject({ url: '/assets/app-abc123.js' });
      assert.equal(plain.body, script);
      const health = await getJson(api.app, '/health.json');
      assert.equal(health.body.ok, true, 'the API route, not the file of the same name');
      assert.equal(health.body.dashboard, true);
      const openapi = await getJson(api.app, '/openapi.json');
      assert.ok(!('/assets/app-abc123.js' in openapi.body.paths), 'dashboard files are not API routes');
    } finally {
      await api.close();
    }
  });
});

describe('error conversion', () => {
  test('usage errors are 400, user errors 422, a busy database 503, bugs 500 without internals', () => {
    assert.equal(toHttpError(new UsageError('bad dimension')).status, 400);
    assert.equal(toHttpError(new UserError('not a known format', 1, ['Supported formats:'])).status, 422);
    assert.deepEqual(toHttpError(new UserError('not a known format', 1, ['Supported formats:'])).errors, ['Supported formats:']);
    assert.equal(toHttpError(new UserError('in use by another process', 3)).status, 503);
    const bug = toHttpError(new TypeError("Cannot read properties of undefined (reading 'secret')"));
    assert.equal(bug.status, 500);
    assert.doesNotMatch(bug.message, /secret|undefined/);
    assert.equal(toHttpError(Object.assign(new Error('Request body is too large'), { statusCode: 413 })).status, 413);
  });
});
