/**
 * /rules.json|.csv (the policy timeline and the rules in force on a date) and /claims.json|.csv plus
 * POST /claims. Counts are checked against Python's csv module on the project's own reference files;
 * the expedited-removal facts are the dated ones of ../shared/data/README.md.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { getJson, makeTestData, openApp, type TestApp, type TestData } from './helpers/api.ts';

const TOKEN = 'claims-token-for-tests-0123456789';

function pythonCount(path: string): number {
  return Number(execFileSync('python3', ['-c', 'import csv,sys; print(len(list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))))', path], { encoding: 'utf8' }).trim());
}

let data: TestData;
before(async () => { data = await makeTestData({ ingest: false }); });
after(async () => { await data?.cleanup(); });

describe('/rules', () => {
  let api: TestApp;
  before(async () => { api = await openApp(data.dbPath); });
  after(async () => { await api?.close(); });

  test('the timeline: one row per record of src/reference/policy-timeline.csv, with sources', async () => {
    const { status, body } = await getJson(api.app, '/rules.json');
    assert.equal(status, 200);
    assert.equal(body.rows.length, pythonCount('src/reference/policy-timeline.csv'));
    const natl = body.rows.find((r: { id: string }) => r.id === 'ER-2019-NATL');
    assert.equal(natl.start_date, '2019-07-23');
    assert.ok(natl.sources.length > 0 && natl.sources.every((s: string) => /^https?:\/\//.test(s)));
    assert.ok(!('applies' in natl), 'without a date, nothing is said about a day');
    assert.ok(body.periods.length > 0, 'the rule periods travel with the timeline');
  });

  test('with date=: expedited removal nationwide applied in August 2019 and February 2025, not after the stay of 2025-08-29', async () => {
    // Extended nationwide 2019-07-23 … 2022-03-21, and again from 2025-01-21; stayed by a court on 2025-08-29.
    const applies = async (date: string, id: string) => (await getJson(api.app, `/rules.json?date=${date}`)).body.rows.find((r: { id: string }) => r.id === id).applies;
    assert.equal(await applies('2019-08-01', 'ER-2019-NATL'), 'yes');
    assert.equal(await applies('2025-02-01', 'ER-2025-NATL'), 'yes');
    assert.equal(await applies('2025-09-01', 'ER-2025-NATL'), 'no');
    assert.equal(await applies('2025-09-01', 'ER-2025-MTR-STAY'), 'yes');
    assert.equal(await applies('2010-01-01', 'ER-2025-NATL'), 'no', 'not yet issued');
    const { body } = await getJson(api.app, '/rules.json?date=2025-09-01');
    assert.equal(body.rules.expeditedRemoval.courtStay, 'yes');
    assert.ok(body.rules.caveats.length > 0);
  });

  test('a malformed date is a 400; CSV joins lists', async () => {
    const bad = await getJson(api.app, '/rules.json?date=2025-02-30');
    assert.equal(bad.status, 400);
    assert.match(bad.body.error, /not a date: "2025-02-30" \(expected YYYY-MM-DD\)/);
    assert.match((await getJson(api.app, '/rules.json?kind=policy')).body.error, /unknown parameter "kind"/);
    const csv = await api.app.inject({ url: '/rules.csv?date=2025-09-01' });
    const header = csv.body.split('\n')[0];
    assert.equal(header, 'id,kind,title,start_date,end_date,status,effects,jurisdiction,sources,citation,source_tier,confidence,notes,line,applies');
  });
});

describe('/claims', () => {
  const claim = {
    id: 'TEST-2025-02-01-removals', kind: 'claim', date: '2025-02-01', speaker: 'Test speaker', summary: '100 removals (test claim)',
    metric: 'removals_total', period: '2025-01', value: 100, qualifier: 'exact', unit: 'removals',
    source_url: 'https://example.invalid/statement', confidence: 'low',
  };

  test('the ledger: one row per claim of src/reference/claims.csv, each with its check; 538 arrests claimed on 2025-01-23', async () => {
    const api = await openApp(data.dbPath);
    try {
      const { body } = await getJson(api.app, '/claims.json');
      assert.equal(body.count, pythonCount('src/reference/claims.csv'));
      const arrests = body.rows.find((r: { id: string }) => r.id === 'CL-2025-01-23-arrests');
      assert.equal(arrests.value, 538);
      assert.equal(arrests.origin, 'seed');
      // This database holds only (synthetic) removals: no arrests to count, so the claim cannot be checked, and the check says why.
      assert.equal(arrests.verdict, arrests.check.verdict);
      assert.notEqual(arrests.verdict, 'consistent');
      assert.ok(arrests.check.why.length > 0);
      const filtered = await getJson(api.app, '/claims.json?kind=baseline');
      assert.ok(filtered.body.rows.length > 0 && filtered.body.rows.every((r: { kind: string }) => r.kind === 'baseline'));
      assert.match((await getJson(api.app, '/claims.json?nope=1')).body.error, /"nope" is not a claims filter/);
      const csv = await api.app.inject({ url: '/claims.csv' });
      assert.ok(csv.body.startsWith('id,kind,date,speaker,quote,summary,metric,scope,period,value,qualifier,unit,sources,citation,source_tier,timeline_id,confidence,notes,origin,verdict,why\n'));
    } finally {
      await api.close();
    }
  });

  test('POST /claims: 403 on a read-only server; with the token, validated, stored in the ledger, listed, no duplicate ids', async () => {
    const readOnly = await openApp(data.dbPath);
    try {
      const refused = await readOnly.app.inject({ method: 'POST', url: '/claims', payload: claim, headers: { authorization: `Bearer ${TOKEN}` } });
      assert.equal(refused.statusCode, 403);
    } finally {
      await readOnly.close();
    }
    const api = await openApp(data.dbPath, { token: TOKEN });
    try {
      const unauthorised = await api.app.inject({ method: 'POST', url: '/claims', payload: claim });
      assert.equal(unauthorised.statusCode, 401);
      const invalid = await api.app.inject({ method: 'POST', url: '/claims', payload: { ...claim, date: '2025-02-30', value: 'many' }, headers: { authorization: `Bearer ${TOKEN}` } });
      assert.equal(invalid.statusCode, 400);
      assert.match(invalid.json().error, /problems? in the claims sent/);
      assert.ok(invalid.json().errors.some((e: string) => /date/.test(e)), invalid.body);
      const before = (await getJson(api.app, '/claims.json')).body.count;
      const added = await api.app.inject({ method: 'POST', url: '/claims', payload: claim, headers: { authorization: `Bearer ${TOKEN}` } });
      assert.equal(added.statusCode, 201, added.body);
      assert.equal(added.json().added[0].id, claim.id);
      // Stored in the database's ledger, as `deportwatch claims add` stores it.
      const stored = await getJson(api.app, `/sql.json?sql=${encodeURIComponent(`SELECT origin, value FROM claims WHERE id = '${claim.id}'`)}`);
      assert.deepEqual(stored.body.rows, [{ origin: 'added', value: 100 }]);
      const listed = await getJson(api.app, `/claims.json?id=${claim.id}`);
      assert.equal(listed.body.rows.length, 1);
      assert.equal((await getJson(api.app, '/claims.json')).body.count, before + 1);
      const again = await api.app.inject({ method: 'POST', url: '/claims', payload: claim, headers: { authorization: `Bearer ${TOKEN}` } });
      assert.equal(again.statusCode, 409);
      assert.match(again.json().error, /already in the ledger: TEST-2025-02-01-removals/);
      const seedId = await api.app.inject({ method: 'POST', url: '/claims', payload: { ...claim, id: 'CL-2025-01-23-arrests' }, headers: { authorization: `Bearer ${TOKEN}` } });
      assert.equal(seedId.statusCode, 409, 'the seed ledger\'s ids are taken too');
      const notJson = await api.app.inject({ method: 'POST', url: '/claims', payload: 'id,kind', headers: { 'content-type': 'text/csv', authorization: `Bearer ${TOKEN}` } });
      assert.equal(notJson.statusCode, 415);
    } finally {
      await api.close();
    }
  });
});
