/**
 * Writes need the token: a server without one is read-only (403, and its file is opened read-only);
 * with one, a missing or wrong token is a 401, and the right one ingests an upload through the real
 * pipeline, after which cached reports show the new numbers.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { authorize, checkTokenStrength, tokenMatches } from '../src/api/auth.ts';
import { safeFileName } from '../src/api/routes/ingest.ts';
import { writeEroLesaCsv } from '../src/synthetic/ero-lesa.ts';
import { awkFiscalYears, getJson, makeTestData, openApp, type TestApp, type TestData } from './helpers/api.ts';

const TOKEN = 'write-token-for-tests-0123456789';

describe('token checks', () => {
  test('tokens compare equal only when identical, whatever their lengths', () => {
    assert.equal(tokenMatches(TOKEN, TOKEN), true);
    assert.equal(tokenMatches(TOKEN, `${TOKEN}x`), false);
    assert.equal(tokenMatches(TOKEN, TOKEN.slice(0, -1)), false);
    assert.equal(tokenMatches(TOKEN, ''), false);
  });

  test('a short token is refused at start-up', () => {
    assert.throws(() => checkTokenStrength('secret'), /too short \(6 characters\); use at least 16/);
    assert.doesNotThrow(() => checkTokenStrength(TOKEN));
  });

  test('the Authorization header must be "Bearer <token>"', () => {
    assert.throws(() => authorize(null, `Bearer ${TOKEN}`), (e: { status: number }) => e.status === 403);
    assert.throws(() => authorize(TOKEN, undefined), (e: { status: number }) => e.status === 401);
    assert.throws(() => authorize(TOKEN, TOKEN), (e: { status: number }) => e.status === 401, 'the scheme is required');
    assert.throws(() => authorize(TOKEN, 'Bearer wrong-token-0123456789'), /does not match/);
    assert.doesNotThrow(() => authorize(TOKEN, `Bearer ${TOKEN}`));
    assert.doesNotThrow(() => authorize(TOKEN, `bearer ${TOKEN}`));
  });

  test('uploaded file names keep no folders and no odd characters', () => {
    assert.equal(safeFileName('../../etc/passwd'), 'passwd');
    assert.equal(safeFileName('C:\\x\\synthetic removals (1).csv'), 'synthetic_removals_1_.csv');
    assert.equal(safeFileName('.hidden.csv'), 'hidden.csv');
    assert.throws(() => safeFileName('../..'), /not a usable file name/);
  });
});

describe('writes over HTTP', () => {
  let data: TestData;
  before(async () => { data = await makeTestData({ ingest: false }); });
  after(async () => { await data?.cleanup(); });

  test('a server without a token refuses writes with 403, saying how to allow them', async () => {
    const api = await openApp(data.dbPath);
    try {
      const response = await api.app.inject({ method: 'POST', url: '/ingest?name=synthetic-x.csv', payload: await readFile(data.csvPath), headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${TOKEN}` } });
      assert.equal(response.statusCode, 403);
      assert.match(response.json().error, /read-only: writes need a token .*--token-file FILE or \$DEPORTWATCH_TOKEN/);
      assert.equal(api.db.writable, false, 'and the file itself is open read-only');
    } finally {
      await api.close();
    }
  });

  test('with a token: 401 without it or with a wrong one; the right one ingests; reports follow', async () => {
    const api = await openApp(data.dbPath, { token: TOKEN });
    try {
      const payload = await readFile(data.csvPath);
      const headers = { 'content-type': 'application/octet-stream' };
      const url = '/ingest?name=synthetic-ero-lesa-fy2014-2016.csv';
      const none = await api.app.inject({ method: 'POST', url, payload, headers });
      assert.equal(none.statusCode, 401);
      assert.equal(none.headers['www-authenticate'], 'Bearer');
      const wrong = await api.app.inject({ method: 'POST', url, payload, headers: { ...headers, authorization: 'Bearer not-the-token-0123456789' } });
      assert.equal(wrong.statusCode, 401);
      assert.match(wrong.json().error, /does not match/);

      const before = await getJson(api.app, '/reports/removals.json?by=fiscal_year');
      assert.equal(before.body.total, 0, 'nothing ingested yet');

      const stored = await api.app.inject({ method: 'POST', url, payload, headers: { ...headers, authorization: `Bearer ${TOKEN}` } });
      assert.equal(stored.statusCode, 201, stored.body);
      const summary = stored.json().summary;
      // 3,000 data lines, 2 with an impossible date.
      assert.deepEqual([summary.status, summary.rowsRead, summary.rowsStored, summary.rowsQuarantined], ['stored', 3000, 2998, 2]);

      const afterIngest = await getJson(api.app, '/reports/removals.json?by=fiscal_year');
      assert.notEqual(afterIngest.headers.etag, before.headers.etag, 'a new data version');
      assert.equal(afterIngest.body.total, 2998, 'the cached empty answer was not served again');
      assert.equal(afterIngest.body.rows.find((r: { fiscal_year: string }) => r.fiscal_year === 'FY2015').n, awkFiscalYears(data.csvPath).get('FY2015'));
      assert.equal(afterIngest.body.synthetic, true, 'the name says synthetic, so the rows are marked synthetic');

      // The upload is kept where sources.path says, so every row still leads to its file; /sources.json
      // lists it without the server's path.
      const listed = (await getJson(api.app, '/sources.json')).body.rows[0];
      assert.equal(listed.file_name, 'synthetic-ero-lesa-fy2014-2016.csv');
      assert.equal(listed.path, undefined);
      assert.equal(summary.path, 'synthetic-ero-lesa-fy2014-2016.csv', 'the answer names the file as uploaded');
      const source = (await getJson(api.app, `/sql.json?sql=${encodeURIComponent('SELECT path FROM sources')}`)).body.rows[0];
      assert.ok(source.path.startsWith(`${data.dbPath}.uploads/`), source.path);

      // After the write the server is back on its sandboxed read-only instance: the upload cannot be read by SQL.
      const sneak = await getJson(api.app, `/sql.json?sql=${encodeURIComponent(`SELECT * FROM read_csv('${source.path}')`)}`);
      assert.equal(sneak.status, 400);
      assert.match(sneak.body.error, /file system operations are disabled/);
      assert.equal((await getJson(api.app, `/sql.json?sql=${encodeURIComponent("SELECT nextval('source_ids') AS n")}`)).status, 400);

      const again = await api.app.inject({ method: 'POST', url: '/ingest?name=copy-of-the-same.csv', payload, headers: { ...headers, authorization: `Bearer ${TOKEN}` } });
      assert.equal(again.statusCode, 200);
      assert.equal(again.json().summary.status, 'already-ingested');
      assert.equal(readdirSync(`${data.dbPath}.uploads`).length, 1, 'the duplicate upload was not kept');
    } finally {
      await api.close();
    }
  });

  test('a write waits for the reads in flight, and reads that arrive meanwhile wait for the write', async () => {
    const api = await openApp(data.dbPath, { token: TOKEN });
    try {
      const events: string[] = [];
      const seen = () => [...events];
      const lease = await api.db.lease();
      const writing = api.db.write(async (store) => {
        events.push('write');
        return store.scalar<number>('SELECT count(*) FROM sources');
      });
      await new Promise((r) => setTimeout(r, 50));
      const reading = api.db.read(async () => { events.push('read after write'); });
      await new Promise((r) => setTimeout(r, 50));
      assert.deepEqual(seen(), [], 'nothing runs while a read holds its connection');
      events.push('release');
      lease.release();
      await Promise.all([writing, reading]);
      assert.deepEqual(events, ['release', 'write', 'read after write']);
    } finally {
      await api.close();
    }
  });

  test('an upload that is not a known format is a 422 naming the file; nothing is kept', async () => {
    const api = await openApp(data.dbPath, { token: TOKEN });
    try {
      const before = readdirSync(`${data.dbPath}.uploads`).length;
      const response = await api.app.inject({ method: 'POST', url: '/ingest?name=notes.txt', payload: 'just some words\nnot a release\n', headers: { 'content-type': 'text/plain', authorization: `Bearer ${TOKEN}` } });
      assert.equal(response.statusCode, 422);
      assert.match(response.json().error, /notes\.txt: not a format deportwatch reads/);
      assert.ok(response.json().errors.some((line: string) => /Supported formats/.test(line)));
      assert.equal(readdirSync(`${data.dbPath}.uploads`).length, before);
      const missing = await api.app.inject({ method: 'POST', url: '/ingest', payload: 'x', headers: { 'content-type': 'text/plain', authorization: `Bearer ${TOKEN}` } });
      assert.equal(missing.statusCode, 400);
      assert.match(missing.json().error, /the name parameter is missing/);
    } finally {
      await api.close();
    }
  });

  test('an upload over the size limit is a 413 and is not kept', async () => {
    const api = await openApp(data.dbPath, { token: TOKEN, maxUploadBytes: 10_000 });
    try {
      const before = readdirSync(`${data.dbPath}.uploads`).length;
      const big = `${data.dir}/synthetic-big.csv`;
      await writeEroLesaCsv(big, { rows: 500, seed: 3 });
      const response = await api.app.inject({ method: 'POST', url: '/ingest?name=synthetic-big.csv', payload: await readFile(big), headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${TOKEN}` } });
      assert.equal(response.statusCode, 413);
      assert.match(response.json().error, /larger than the server's limit of 10,000 bytes/);
      assert.equal(readdirSync(`${data.dbPath}.uploads`).length, before);
    } finally {
      await api.close();
    }
  });
});
