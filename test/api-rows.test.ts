/**
 * Row routes: /<table>.json pages (keyset), .csv and .ndjson streams, sources and row_issues; numbers
 * checked against awk, grep and sha256sum run on the generated files.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { ingestFile } from '../src/ingest/ingest.ts';
import { Store } from '../src/engine/db.ts';
import { writeEroLesaCsv } from '../src/synthetic/ero-lesa.ts';
import { awkFiscalYears, getJson, makeTestData, openApp, type TestApp, type TestData } from './helpers/api.ts';
import { openProject } from '../src/app/project.ts';

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

describe('row routes', () => {
  test('walking every page of /removals.json?fiscal_year=FY2015 visits each row once, in source order', async () => {
    const expected = awkFiscalYears(data.csvPath).get('FY2015')!;
    const seen = new Set<number>();
    let url: string | null = '/removals.json?fiscal_year=FY2015&_size=250';
    let pages = 0;
    let last = 0;
    while (url) {
      const { status, body } = await getJson(api.app, url);
      assert.equal(status, 200, url);
      for (const row of body.rows) {
        assert.equal(row.fiscal_year, 'FY2015');
        assert.ok(row.source_row > last, 'rows come in source order (one file: source_row ascending)');
        last = row.source_row;
        seen.add(row.source_row);
      }
      pages++;
      url = body.next_url;
    }
    assert.equal(seen.size, expected, 'as many distinct rows as awk counts in FY2015');
    assert.equal(pages, Math.ceil(expected / 250));
  });

  test('a page carries columns, types, the filters, and a next token only when rows follow', async () => {
    const { body } = await getJson(api.app, '/removals.json?_size=3&month=2016-01');
    assert.ok(body.columns.includes('departed_date') && body.columns.includes('pathway'), 'base and derived columns');
    assert.equal(body.types[body.columns.indexOf('departed_date')], 'DATE');
    assert.deepEqual(body.filters, [{ dimension: 'month', op: '=', values: ['2016-01'] }]);
    assert.equal(body.rows.length, 3);
    assert.equal(typeof body.next, 'string');
    const all = await getJson(api.app, '/removals.json?_size=5000&month=2016-01');
    assert.equal(all.body.next, null);
    assert.equal(all.body.next_url, null);
  });

  test('rows of two files with NULL sheets page across the file boundary without loss', async () => {
    // Key (source_id, source_sheet NULL, source_row): the hand-written file is source 2.
    const total = 3000 - 2 + 6;
    let url: string | null = '/removals.json?_size=1000&_shape=arrays';
    let count = 0;
    const sources = new Set<number>();
    while (url) {
      const { body } = await getJson(api.app, url);
      const at = body.columns.indexOf('source_id');
      for (const row of body.rows) { count++; sources.add(row[at]); }
      url = body.next_url;
    }
    assert.equal(count, total);
    assert.deepEqual([...sources].sort(), [1, 2]);
  });

  test('CSV streams every matching row; NDJSON one JSON object per line', async () => {
    const expected = awkFiscalYears(data.csvPath).get('FY2014')!;
    const csv = await api.app.inject({ url: '/removals.csv?fiscal_year=FY2014' });
    assert.equal(csv.statusCode, 200);
    assert.match(csv.headers['content-disposition'] as string, /attachment; filename="removals.csv"/);
    const lines = csv.body.trim().split('\n');
    assert.ok(lines[0].startsWith('source_id,source_sheet,source_row,'));
    assert.equal(lines.length - 1, expected);
    const ndjson = await api.app.inject({ url: '/removals.ndjson?fiscal_year=FY2014' });
    assert.match(ndjson.headers['content-type'] as string, /^application\/x-ndjson/);
    const objects = ndjson.body.trim().split('\n').map((line) => JSON.parse(line));
    assert.equal(objects.length, expected);
    assert.ok(objects.every((o) => o.fiscal_year === 'FY2014'));
    const capped = await api.app.inject({ url: '/removals.ndjson?fiscal_year=FY2014&_size=7' });
    assert.equal(capped.body.trim().split('\n').length, 7);
  });

  test('the rows CSV neutralises formula cells too', async () => {
    const csv = await api.app.inject({ url: '/removals.csv?month=2016-01&source=synthetic-ero-lesa-formulas.csv' });
    const lines = csv.body.trim().split('\n');
    assert.equal(lines.length - 1, 6, 'the six hand-written rows');
    assert.ok(lines.some((l) => l.includes(",'=CMD|CALC,") || l.includes(",'=cmd|calc,")), 'the conviction cell "=cmd|calc" is prefixed');
    assert.ok(lines.some((l) => l.includes(",'@SUM(A1),")));
    assert.ok(!lines.some((l) => /,[=+@]/.test(l.replace(/"[^"]*"/g, ''))), 'no unquoted cell starts with = + @');
  });

  test('/sources.json lists each file with its SHA-256 and reconciled counts', async () => {
    const { body } = await getJson(api.app, '/sources.json');
    assert.equal(body.rows.length, 2);
    const generated = body.rows.find((r: { file_name: string }) => r.file_name === 'synthetic-ero-lesa-fy2014-2016.csv');
    assert.equal(generated.sha256, execFileSync('sha256sum', [data.csvPath], { encoding: 'utf8' }).split(' ')[0]);
    // 3,000 data lines, 2 with an impossible date.
    assert.deepEqual([generated.rows_read, generated.rows_stored, generated.rows_quarantined], [3000, 2998, 2]);
    assert.equal(generated.synthetic, true);
    const one = await getJson(api.app, '/sources.json?kind=ero-lesa-removals&source_id=2');
    assert.equal(one.body.rows.length, 1);
  });

  test('/row_issues.json shows each quarantined row at the line grep finds it', async () => {
    const grep = execFileSync('grep', ['-n', '^13/45/2019', data.csvPath], { encoding: 'utf8' }).trim().split('\n').map((l) => Number(l.split(':')[0]));
    const { body } = await getJson(api.app, '/row_issues.json?source_id=1');
    assert.deepEqual(body.rows.map((r: { row: number }) => r.row), grep);
    assert.ok(body.rows.every((r: { column: string; value: string }) => r.column === 'Departed Date' && r.value === '13/45/2019'));
    const csv = await api.app.inject({ url: '/row_issues.csv' });
    assert.equal(csv.body.trim().split('\n').length, 1 + grep.length);
  });

  test('bad paging parameters are 400s; unknown tables 404s', async () => {
    const cases: [string, number, RegExp][] = [
      ['/removals.json?_after=garbage', 400, /_after is not a key this route gave out/],
      ['/removals.json?_size=0', 400, /_size must be between 1 and 5000/],
      ['/removals.json?_size=99999', 400, /_size must be between 1 and 5000/],
      ['/removals.json?by=fiscal_year', 400, /"by" is not a dimension of removals/],
      ['/removals.csv?_shape=arrays', 400, /unknown option "_shape"/],
      ['/removals.json?departed_date=2016-02-30', 400, /is not a date/],
      ['/sources.json?nope=1', 400, /"nope" is not a dimension of sources/],
      ['/nope.csv', 404, /no table named "nope"; tables: removals, .*sources, .*row_issues/],
      ['/removals.geojson', 404, /has no \.geojson form/],
      ['/no/such/route', 404, /no route GET \/no\/such\/route/],
    ];
    for (const [url, status, message] of cases) {
      const response = await getJson(api.app, url);
      assert.equal(response.status, status, url);
      assert.equal(response.body.ok, false);
      assert.equal(response.body.status, status);
      assert.match(response.body.error, message, url);
    }
  });
});

describe('streams', () => {
  test('a client that hangs up mid-export frees its connection: a write can proceed', async () => {
    const fresh = await makeTestData({ ingest: false });
    const big = `${fresh.dir}/synthetic-big.csv`;
    await writeEroLesaCsv(big, { rows: 200_000, seed: 5 });
    const store = await openProject(fresh.dbPath);
    await ingestFile(store, big);
    store.close();
    const api = await openApp(fresh.dbPath, { token: 'stream-test-token-0123456789' });
    try {
      await api.app.listen({ port: 0, host: '127.0.0.1' });
      const port = (api.app.server.address() as { port: number }).port;
      const firstBytes = await new Promise<number>((resolve, reject) => {
        const req = httpRequest({ port, host: '127.0.0.1', path: '/removals.csv' }, (res) => {
          res.once('data', (chunk: Buffer) => { resolve(chunk.length); req.destroy(); });
        });
        req.on('error', () => undefined);
        req.on('close', () => undefined);
        req.once('timeout', () => reject(new Error('no data')));
        req.end();
      });
      assert.ok(firstBytes > 0);
      // The write waits for every read in flight; it finishes only if the abandoned export let go.
      const wrote = await Promise.race([
        api.db.write(async () => 'written'),
        new Promise((resolve) => setTimeout(() => resolve('still blocked'), 10_000)),
      ]);
      assert.equal(wrote, 'written');
    } finally {
      await api.close();
      await fresh.cleanup();
    }
  });
});
