/**
 * The route table, docs/api.md and /openapi.json describe the same routes: a route the server registers
 * but docs/api.md does not mention fails here, as does one OpenAPI leaves out.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { REPORT_TABLES } from '../src/reports/catalog.ts';
import { getJson, makeTestData, openApp, type TestApp, type TestData } from './helpers/api.ts';

const DOC = readFileSync(new URL('../docs/api.md', import.meta.url), 'utf8');

let data: TestData;
let api: TestApp;
before(async () => {
  data = await makeTestData();
  // With a token, so the write routes are registered the way a writable server has them.
  api = await openApp(data.dbPath, { token: 'docs-test-token-0123456789' });
});
after(async () => {
  await api?.close();
  await data?.cleanup();
});

describe('documented routes', () => {
  test('every route the server registers is listed in docs/api.md', () => {
    const visible = api.routes.filter((r) => !r.hidden);
    assert.ok(visible.length > 20, 'the route table is not empty');
    const missing = [...new Set(visible.map((r) => `${r.method} ${r.template}`))].filter((route) => !DOC.includes(`\`${route}\``));
    assert.deepEqual(missing, [], `routes missing from docs/api.md: ${missing.join(', ')}`);
  });

  test('every report table of the catalog has its routes (a table registered elsewhere needs no API change)', () => {
    const paths = new Set(api.routes.map((r) => r.path));
    for (const table of REPORT_TABLES) {
      if (api.context.catalog.skipped.some((s) => s.name === table.name && /does not exist/.test(s.reason))) continue;
      assert.ok(paths.has(`/reports/${table.name}.json`), table.name);
      assert.ok(paths.has(`/reports/${table.name}.csv`), table.name);
      assert.equal(paths.has(`/reports/${table.name}.geojson`), Object.values(table.dimensions).some((d) => d.geo), `${table.name}: .geojson only where a dimension is a place`);
    }
  });

  test('/openapi.json is OpenAPI 3.1 with exactly the visible routes, their filters and the error schema', async () => {
    const { status, body } = await getJson(api.app, '/openapi.json');
    assert.equal(status, 200);
    assert.equal(body.openapi, '3.1.0');
    const described = new Set(Object.entries(body.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)));
    const served = new Set(api.routes.filter((r) => !r.hidden).map((r) => `${r.method} ${r.path}`));
    assert.deepEqual([...served].filter((r) => !described.has(r)), []);
    assert.deepEqual([...described].filter((r) => !served.has(r)), []);
    const report = body.paths['/reports/removals.json'].get;
    const names = report.parameters.map((p: { name: string }) => p.name);
    for (const dimension of Object.keys(REPORT_TABLES.find((t) => t.name === 'removals')!.dimensions)) assert.ok(names.includes(dimension), dimension);
    assert.ok(names.includes('by'));
    assert.deepEqual(body.components.schemas.Error.required, ['ok', 'status', 'error', 'errors']);
    assert.deepEqual(body.paths['/ingest'].post.security, [{ bearer: [] }]);
    const ids = Object.values(body.paths as Record<string, Record<string, { operationId: string }>>).flatMap((ops) => Object.values(ops).map((o) => o.operationId));
    assert.equal(new Set(ids).size, ids.length, 'operation ids are unique');
  });
});
