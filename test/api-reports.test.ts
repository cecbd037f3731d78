/**
 * /reports.json and /reports/<table>.json|.csv on synthetic files ingested through the real pipeline;
 * every number is checked against awk's count of the generated CSV, not against the program itself.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { awkCount, awkFiscalYears, getJson, makeTestData, openApp, type TestApp, type TestData } from './helpers/api.ts';

let data: TestData;
let api: TestApp;

before(async () => {
  data = await makeTestData();
  api = await openApp(data.dbPath);
});
after(async () => {
  await api?.close();
  await data?.cleanup();
});

describe('report routes', () => {
  test('/reports.json lists every report table with its dimensions, definitions and routes', async () => {
    const { status, body } = await getJson(api.app, '/reports.json');
    assert.equal(status, 200);
    const removals = body.reports.find((r: { name: string }) => r.name === 'removals');
    assert.ok(removals, 'the removals report is in the catalog');
    assert.match(removals.dimensions.fiscal_year.definition, /October/, 'definitions travel with the dimensions');
    assert.deepEqual(removals.routes.slice(0, 2), ['/reports/removals.json', '/reports/removals.csv']);
    assert.ok(body.tables.some((t: { name: string }) => t.name === 'row_issues'), 'quarantined rows are browsable');
  });

  test('counts by fiscal year equal awk\'s count of the CSV (plus the hand-written rows of January 2016)', async () => {
    const expected = awkFiscalYears(data.csvPath);
    // The six hand-written rows are all dated January 2016: FY2016.
    expected.set('FY2016', (expected.get('FY2016') ?? 0) + 6);
    const { status, body } = await getJson(api.app, '/reports/removals.json?by=fiscal_year');
    assert.equal(status, 200);
    assert.deepEqual(new Map(body.rows.map((r: { fiscal_year: string; n: number }) => [r.fiscal_year, r.n])), expected);
    // 3,000 generated rows, 2 of them quarantined (13/45/2019), plus 6 hand-written rows.
    assert.equal(body.total, 3000 - 2 + 6);
    assert.equal(body.synthetic, true, 'every counted row comes from a synthetic file');
    assert.deepEqual(body.columns, ['fiscal_year', 'n']);
    assert.equal(body.sources.length, 2, 'both ingested files are named as sources');
  });

  test('filters are the CLI\'s: =, a comma list, !=, >=; the JSON says which filter applied', async () => {
    const fy = awkFiscalYears(data.csvPath);
    const fy2015 = await getJson(api.app, '/reports/removals.json?by=gender&fiscal_year=FY2015');
    assert.equal(fy2015.body.total, fy.get('FY2015'));
    assert.deepEqual(fy2015.body.where, [{ dimension: 'fiscal_year', op: '=', values: ['FY2015'] }]);
    const two = await getJson(api.app, '/reports/removals.json?by=fiscal_year&fiscal_year=FY2014,FY2015');
    assert.equal(two.body.total, fy.get('FY2014')! + fy.get('FY2015')!);
    const notFy2014 = await getJson(api.app, '/reports/removals.json?by=fiscal_year&fiscal_year!=FY2014');
    assert.equal(notFy2014.body.total, fy.get('FY2015')! + fy.get('FY2016')! + 6);
    // `>=` is written raw in the query string, as on the command line.
    const since = await getJson(api.app, '/reports/removals.json?by=fiscal_year&fiscal_year>=FY2015');
    assert.equal(since.body.total, fy.get('FY2015')! + fy.get('FY2016')! + 6);
    // The same filter URL-encoded means the same.
    const encoded = await getJson(api.app, `/reports/removals.json?by=fiscal_year&${encodeURIComponent('fiscal_year>=FY2015')}`);
    assert.equal(encoded.body.total, since.body.total);
    // Month filter: awk counts rows departed in March 2015 (month 3, year 2015).
    const march = awkCount(data.csvPath, 'NR > 7 && $1 ~ /^3\\/[0-9]+\\/2015$/ { n++ } END { print n + 0 }');
    assert.equal((await getJson(api.app, '/reports/removals.json?by=month&month=2015-03')).body.total, march);
  });

  test('_shape=arrays gives rows as arrays in the order of columns', async () => {
    const objects = await getJson(api.app, '/reports/removals.json?by=fiscal_year,gender');
    const arrays = await getJson(api.app, '/reports/removals.json?by=fiscal_year,gender&_shape=arrays');
    assert.deepEqual(arrays.body.columns, ['fiscal_year', 'gender', 'n']);
    assert.deepEqual(arrays.body.rows, objects.body.rows.map((r: Record<string, unknown>) => [r.fiscal_year, r.gender, r.n]));
  });

  test('CSV has the same counts, one column per dimension then n', async () => {
    const response = await api.app.inject({ url: '/reports/removals.csv?by=fiscal_year' });
    assert.equal(response.statusCode, 200);
    assert.match(response.headers['content-type'] as string, /^text\/csv/);
    const lines = response.body.trim().split('\n');
    assert.equal(lines[0], 'fiscal_year,n');
    const expected = awkFiscalYears(data.csvPath);
    assert.equal(lines[1], `FY2014,${expected.get('FY2014')}`);
  });

  test('CSV cells that a spreadsheet would run as formulas (= + - @) are neutralised', async () => {
    const response = await api.app.inject({ url: '/reports/removals.csv?by=citizenship_country&month=2016-01' });
    const body = response.body;
    // Each hand-written formula cell comes back prefixed with an apostrophe (the ingest upper-cases countries).
    assert.match(body, /^"'=HYPERLINK\(""HTTP:\/\/EXAMPLE\.INVALID"",""X""\)",1$/m);
    assert.match(body, /^"'\+SUM\(1,2\)",1$/m);
    assert.match(body, /^'-2\+3,1$/m);
    assert.match(body, /^'@SUM\(A1\),1$/m);
    assert.doesNotMatch(body, /^[=+@]/m, 'no line starts with a formula character');
  });

  test('bad parameters get a 400 in the one error shape, naming the problem', async () => {
    const cases: [string, RegExp][] = [
      ['/reports/removals.json?by=nope', /"nope" is not a dimension of removals; dimensions: fiscal_year/],
      ['/reports/removals.json?nope=1', /"nope" is not a dimension of removals/],
      ['/reports/removals.json?departed_date=2019-13-45', /departed_date: "2019-13-45" is not a date; write YYYY-MM-DD/],
      ['/reports/removals.json?departed_date>=2019-02-30', /is not a date/],
      ['/reports/removals.json?month=2019-1', /month: "2019-1" is not a month; write YYYY-MM/],
      ['/reports/removals.json?fiscal_year=2019', /fiscal_year: "2019" is not a fiscal year/],
      ['/reports/removals.json?_shape=table', /_shape must be objects or arrays/],
      ['/reports/removals.json?_sise=3', /unknown option "_sise"/],
      ['/reports/removals.json?_limit=x', /_limit must be a whole number/],
      ['/reports/removals.json?fiscal_year', /is not DIM=VALUE/],
      ['/reports/removals.json?fiscal_year=', /has an empty value/],
      ['/reports/removals.json?month%3E=2019-01,2019-02', /only = and != take several values/],
      ['/reports/removals.json?by=%E0%A4%A', /not valid URL encoding/],
    ];
    for (const [url, message] of cases) {
      const { status, body } = await getJson(api.app, url);
      assert.equal(status, 400, url);
      assert.deepEqual(Object.keys(body).sort(), ['error', 'errors', 'ok', 'status'], `${url}: the one error shape`);
      assert.equal(body.ok, false);
      assert.equal(body.status, 400);
      assert.match(body.error, message, url);
    }
  });

  test('an unknown report or format is a 404 that names what exists', async () => {
    const unknown = await getJson(api.app, '/reports/nope.json');
    assert.equal(unknown.status, 404);
    assert.match(unknown.body.error, /no report named "nope"; reports: .*removals/);
    // removals has no dimension with coordinates, so no map form.
    const geo = await getJson(api.app, '/reports/removals.geojson');
    assert.equal(geo.status, 404);
    assert.match(geo.body.error, /has no \.geojson form; formats: json, csv$/);
  });

  test('_limit caps the groups and says so; the total still counts every row', async () => {
    const { body } = await getJson(api.app, '/reports/removals.json?by=month&_limit=2');
    assert.equal(body.rows.length, 2);
    assert.equal(body.truncated, true);
    assert.equal(body.total, 3000 - 2 + 6);
  });

  test('aggregate responses are cached per data version: same body, ETag, 304 on If-None-Match', async () => {
    const url = '/reports/removals.json?by=pathway';
    const first = await api.app.inject({ url });
    const second = await api.app.inject({ url });
    assert.equal(first.body, second.body);
    const etag = first.headers.etag as string;
    assert.match(etag, /^W\/"\d+\.\d+\.\d+\.\w+"$/);
    const revalidated = await api.app.inject({ url, headers: { 'if-none-match': etag } });
    assert.equal(revalidated.statusCode, 304);
    assert.equal(revalidated.body, '');
  });

  test('measures, bins, top N and OR filters as query parameters: the CLI\'s report, checked against awk', async () => {
    const fy = awkFiscalYears(data.csvPath);
    fy.set('FY2016', (fy.get('FY2016') ?? 0) + 6); // the hand-written rows of January 2016
    const total = [...fy.values()].reduce((a, b) => a + b, 0);
    // The departed date binned by fiscal year is the fiscal_year dimension.
    const binned = await getJson(api.app, '/reports/removals.json?by=departed_date:fiscal_year');
    assert.equal(binned.status, 200);
    assert.deepEqual(new Map(binned.body.rows.map((r: Record<string, unknown>) => [r.departed_date_fiscal_year, r.n])), fy);
    assert.match(binned.body.definitions.departed_date_fiscal_year, /October–September/);
    const [topYear, topN] = [...fy.entries()].sort((a, b) => b[1] - a[1])[0];
    const top = await getJson(api.app, '/reports/removals.json?by=fiscal_year&measure=share&top=1&others=true');
    assert.equal(top.status, 200);
    assert.deepEqual(top.body.columns, ['fiscal_year', 'n', 'share_pct', 'groups']);
    assert.deepEqual([top.body.rows[0].fiscal_year, top.body.rows[0].n], [topYear, topN]);
    assert.equal(top.body.rows[0].share_pct, Math.round((10000 * topN) / total) / 100);
    assert.deepEqual([top.body.rows[1].fiscal_year, top.body.rows[1].n, top.body.rows[1].groups], ['(all others)', total - topN, fy.size - 1]);
    assert.match(top.body.definitions.share_pct, /percentage of the report's total/);
    const either = await getJson(api.app, `/reports/removals.json?by=fiscal_year&${encodeURIComponent('fiscal_year=FY2014|fiscal_year=FY2015')}`);
    assert.equal(either.body.total, fy.get('FY2014')! + fy.get('FY2015')!);
    const range = await getJson(api.app, '/reports/removals.json?by=fiscal_year&departed_date=2014-10-01..2015-09-30');
    assert.equal(range.body.total, fy.get('FY2015'));
    const csv = await api.app.inject({ url: '/reports/removals.csv?by=fiscal_year&measure=change' });
    assert.equal(csv.body.split('\n')[0], 'fiscal_year,n,change');
    const wrong = await getJson(api.app, '/reports/removals.json?measure=share:gender');
    assert.equal(wrong.status, 400);
    assert.match(wrong.body.error, /gender must be one of the groups/);
  });

  test('reads are not readable from other origins unless the server was started with --cors', async () => {
    const response = await api.app.inject({ url: '/reports/removals.json' });
    assert.equal(response.headers['access-control-allow-origin'], undefined);
  });

});
