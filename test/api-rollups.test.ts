/**
 * Report rollups (src/engine/rollups.ts) must give exactly the answers of the views they stand for:
 * every report over a grid of groupings and filters is run both ways and compared whole (rows, totals,
 * sources, caveats). The absolute numbers are checked against awk in api-reports.test.ts.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { reportColumns } from '../src/api/tables.ts';
import { reportTable } from '../src/reports/catalog.ts';
import { runReport } from '../src/reports/report.ts';
import type { Filter, ReportRequest } from '../src/reports/types.ts';
import { writeEroLesaCsv } from '../src/synthetic/ero-lesa.ts';
import { awkFiscalYears, getJson, makeTestData, openApp, type TestApp, type TestData } from './helpers/api.ts';

let data: TestData;
before(async () => { data = await makeTestData(); });
after(async () => { await data?.cleanup(); });

async function bothWays(api: TestApp, request: ReportRequest) {
  const table = reportTable(request.table);
  let weight: string | undefined;
  const rolled = await api.db.readReport(table.view, reportColumns(table, request.by, request.where), (store, w) => { weight = w; return runReport(store, request, { weight: w }); });
  const direct = await api.db.read((store) => runReport(store, request));
  return { rolled, direct, used: weight !== undefined };
}

describe('report rollups', () => {
  let api: TestApp;
  before(async () => {
    api = await openApp(data.dbPath, { rollups: { minRows: 0 } });
    await api.db.rollupsReady();
  });
  after(async () => { await api?.close(); });

  test('the removals rollup exists, is smaller than the view, and leaves out the day column', () => {
    const removals = api.db.rollupInfo.find((r) => r.view === 'removals_enriched');
    assert.ok(removals, `rollups built: ${api.db.rollupInfo.map((r) => r.view).join(', ')}`);
    assert.equal(removals.viewRows, 3000 - 2 + 6);
    assert.ok(removals.rows < removals.viewRows * 0.25, `${removals.rows} rows`);
    assert.ok(!removals.columns.includes('departed_date'), 'about a thousand distinct days: too many to roll up');
    assert.ok(removals.columns.includes('fiscal_year') && removals.columns.includes('source_id') && removals.columns.includes('release'));
  });

  test('every grouping and filter gives the same report with and without the rollup', async () => {
    const filters: Filter[][] = [
      [],
      [{ dimension: 'fiscal_year', op: '=', values: ['FY2015'] }],
      [{ dimension: 'fiscal_year', op: '>=', values: ['FY2015'] }, { dimension: 'pathway', op: '!=', values: ['unknown'] }],
      [{ dimension: 'month', op: '<', values: ['2015-06'] }],
      [{ dimension: 'gender', op: '=', values: ['Male', 'Female'] }, { dimension: 'has_conviction', op: '=', values: ['true'] }],
      [{ dimension: 'citizenship_country', op: '!=', values: ['MEXICO', 'GUATEMALA'] }],
      [{ dimension: 'source', op: '=', values: ['synthetic-ero-lesa-formulas.csv'] }],
    ];
    const rolled = api.db.rollupInfo.find((r) => r.view === 'removals_enriched')!;
    const dims = Object.entries(reportTable('removals').dimensions).filter(([name, d]) => rolled.columns.includes(d.column ?? name)).map(([name]) => name);
    const groupings = [[], ...dims.map((d) => [d]), ...dims.filter((d) => d !== 'fiscal_year').map((d) => ['fiscal_year', d])];
    const table = reportTable('removals');
    let compared = 0;
    let onRollup = 0;
    for (const by of groupings) {
      for (const where of filters) {
        const request = { table: 'removals', by, where };
        const covered = [...(by.length ? by : table.defaultBy), ...where.map((f) => f.dimension)].every((d) => rolled.columns.includes(table.dimensions[d].column ?? d));
        const { rolled: a, direct: b, used } = await bothWays(api, request);
        assert.equal(used, covered, `${JSON.stringify(request)}: on the rollup exactly when it has every column`);
        assert.deepEqual(a, b, JSON.stringify(request));
        compared++;
        if (used) onRollup++;
      }
    }
    assert.ok(onRollup > 50, `${onRollup} of ${compared} reports ran on the rollup`);
  });

  test('a request on a column the rollup lacks reads the view', async () => {
    const { rolled, direct, used } = await bothWays(api, { table: 'removals', by: ['departed_date'], where: [{ dimension: 'month', op: '=', values: ['2016-01'] }] });
    assert.equal(used, false);
    assert.deepEqual(rolled, direct);
  });

  test('the route gives the rollup\'s answer, equal to awk\'s count', async () => {
    const { body } = await getJson(api.app, '/reports/removals.json?by=fiscal_year&gender=Male,Female');
    const expected = awkFiscalYears(data.csvPath);
    assert.equal(body.rows.find((r: { fiscal_year: string }) => r.fiscal_year === 'FY2014').n, expected.get('FY2014'));
  });
});

describe('rollups after a write', () => {
  test('an upload rebuilds them: reports count the new rows', async () => {
    const fresh = await makeTestData();
    const token = 'rollup-token-0123456789abcdef';
    const api = await openApp(fresh.dbPath, { token, rollups: { minRows: 0 } });
    try {
      await api.db.rollupsReady();
      const before = (await getJson(api.app, '/reports/removals.json?by=fiscal_year')).body.total;
      const extra = `${fresh.dir}/synthetic-extra.csv`;
      await writeEroLesaCsv(extra, { rows: 500, seed: 99, from: '2020-01-01', to: '2020-12-31' });
      const response = await api.app.inject({ method: 'POST', url: '/ingest?name=synthetic-extra.csv', payload: await readFile(extra), headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${token}` } });
      assert.equal(response.statusCode, 201);
      // Whether the rebuilt rollup is ready yet or not, the answer counts the new rows.
      assert.equal((await getJson(api.app, '/reports/removals.json?by=fiscal_year')).body.total, before + 500);
      await api.db.rollupsReady();
      assert.ok(api.db.rollupInfo.some((r) => r.view === 'removals_enriched' && r.viewRows === before + 500), 'rebuilt over the new rows');
      const { rolled, direct, used } = await bothWays(api, { table: 'removals', by: ['fiscal_year', 'pathway'], where: [] });
      assert.equal(used, true);
      assert.deepEqual(rolled, direct);
    } finally {
      await api.close();
      await fresh.cleanup();
    }
  });
});
