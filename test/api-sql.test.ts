/**
 * /sql.json|.csv: one read-only SELECT. Every forbidden thing is tried, with and without a token: in
 * both, requests run on an instance opened READ_ONLY with the sandbox configuration; with a token,
 * writes swap in a writable instance for their duration (src/engine/served.ts), and the test in
 * api-write.test.ts checks the sandbox is back after one.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { awkFiscalYears, getJson, makeTestData, openApp, type TestApp, type TestData } from './helpers/api.ts';

const TOKEN = 'test-token-0123456789abcdef';

let data: TestData;

before(async () => { data = await makeTestData(); });
after(async () => { await data?.cleanup(); });

const sql = (text: string, extra = '') => `/sql.json?sql=${encodeURIComponent(text)}${extra}`;

for (const mode of ['read-only', 'writable'] as const) {
  describe(`SQL sandbox, ${mode} server`, () => {
    let api: TestApp;
    before(async () => {
      api = await openApp(data.dbPath, { token: mode === 'writable' ? TOKEN : null, sqlLimits: { maxRows: 1000, timeoutMs: 1500 } });
    });
    after(async () => { await api?.close(); });

    test('a SELECT answers with the same count as awk', async () => {
      const { status, body } = await getJson(api.app, sql("SELECT count(*) AS n FROM removals_enriched WHERE fiscal_year = 'FY2015'"));
      assert.equal(status, 200);
      assert.deepEqual(body.rows, [{ n: awkFiscalYears(data.csvPath).get('FY2015') }]);
      assert.deepEqual(body.columns, ['n']);
      assert.equal(body.truncated, false);
      const csv = await api.app.inject({ url: `/sql.csv?sql=${encodeURIComponent('SELECT 1 AS a, \'=2+3\' AS b')}` });
      assert.equal(csv.body, "a,b\n1,'=2+3\n", 'CSV from SQL is neutralised as well');
      assert.equal(csv.headers['x-truncated'], 'false');
    });

    const forbidden: [string, string, RegExp][] = [
      ['reading a file', "SELECT * FROM read_csv('/etc/passwd')", /file system operations are disabled|Permission/],
      ['reading a file as text', "SELECT * FROM read_text('/etc/hostname')", /file system operations are disabled|Permission/],
      ['listing files', "SELECT * FROM glob('/etc/*')", /file system operations are disabled|Permission/],
      ['COPY … TO a file', "COPY removals TO '/tmp/deportwatch-api-test-copy.csv'", /only SELECT|file system operations are disabled|Permission/],
      ['ATTACH another database', "ATTACH '/tmp/deportwatch-api-test-attach.duckdb' AS other", /only SELECT|file system operations are disabled|Permission/],
      ['INSTALL an extension', 'INSTALL httpfs', /only SELECT|disabled|Permission/],
      ['LOAD an extension', 'LOAD httpfs', /only SELECT|disabled|Permission/],
      ['SET a setting', 'SET enable_external_access = true', /only SELECT|locked/],
      ['SET threads', 'SET threads = 1', /only SELECT|locked/],
      ['PRAGMA', 'PRAGMA enable_profiling', /only SELECT/],
      ['two statements', 'SELECT 1; SELECT 2', /exactly one SQL statement \(got 2\)/],
      ['a SELECT followed by a write', 'SELECT 1; DROP TABLE removals', /exactly one SQL statement/],
      ['DROP', 'DROP TABLE removals', /only SELECT/],
      ['INSERT', "INSERT INTO row_issues (source_id, file, problem) VALUES (1, 'x', 'y')", /only SELECT/],
      ['CREATE', 'CREATE TABLE t AS SELECT 1', /only SELECT/],
      ['a SELECT that advances a sequence', "SELECT nextval('source_ids')", /read-only|Cannot/i],
      ['query() running COPY', "SELECT * FROM query('COPY removals TO ''/tmp/deportwatch-api-test-q.csv''')", /single SELECT|only SELECT/],
      ['a transaction', 'BEGIN TRANSACTION', /only SELECT/],
      ['SQL that does not parse', 'SELEC 1', /does not parse|syntax/i],
    ];
    for (const [what, text, message] of forbidden) {
      test(`refused: ${what}`, async () => {
        const { status, body } = await getJson(api.app, sql(text));
        assert.equal(status, 400, `${text} → ${JSON.stringify(body)}`);
        assert.equal(body.ok, false);
        assert.match(body.error, message);
      });
    }

    test('nothing forbidden left a trace: no file written, tables intact, sequence unchanged', async () => {
      for (const name of ['deportwatch-api-test-copy.csv', 'deportwatch-api-test-attach.duckdb', 'deportwatch-api-test-q.csv']) {
        assert.equal(existsSync(join('/tmp', name)), false, name);
      }
      const { body } = await getJson(api.app, sql('SELECT (SELECT count(*) FROM removals) AS removals, (SELECT count(*) FROM row_issues) AS issues, (SELECT max(source_id) FROM sources) AS max_id'));
      assert.deepEqual(body.rows, [{ removals: 3000 - 2 + 6, issues: 2, max_id: 2 }]);
    });

    test('a long query is stopped at the time limit (1.5 s here) with a 422', async () => {
      const started = performance.now();
      const { status, body } = await getJson(api.app, sql('SELECT count(*) FROM range(100000000) a, range(100000) b WHERE a.range + b.range = -1'));
      const seconds = (performance.now() - started) / 1000;
      assert.equal(status, 422);
      assert.match(body.error, /stopped after the time limit of 1.5 s/);
      assert.ok(seconds < 6, `stopped in ${seconds.toFixed(1)} s`);
      // The connection is usable afterwards.
      assert.equal((await getJson(api.app, sql('SELECT 42 AS x'))).body.rows[0].x, 42);
    });

    test('a huge result is cut at the row limit and says so', async () => {
      const { status, body } = await getJson(api.app, sql('SELECT range AS i FROM range(50000000)'));
      assert.equal(status, 200);
      assert.equal(body.rows.length, 1000);
      assert.equal(body.truncated, true);
      const smaller = await getJson(api.app, sql('SELECT range AS i FROM range(50000000)', '&_size=10'));
      assert.equal(smaller.status, 200, JSON.stringify(smaller.body));
      assert.equal(smaller.body.rows.length, 10);
      const over = await getJson(api.app, sql('SELECT 1', '&_size=5000'));
      assert.equal(over.status, 400);
      assert.match(over.body.error, /_size must be between 1 and 1000/);
    });

    test('a missing sql parameter or a stray one is a 400', async () => {
      assert.match((await getJson(api.app, '/sql.json')).body.error, /the sql parameter is missing/);
      assert.match((await getJson(api.app, `${sql('SELECT 1')}&fiscal_year=FY2015`)).body.error, /unknown parameter "fiscal_year"/);
    });
  });
}
