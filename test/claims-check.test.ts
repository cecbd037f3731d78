/**
 * Claims checked against the loaded data, on real databases built through the real
 * pipeline. Expected numbers come from independent routes: the simulated people behind the synthetic
 * DDP workbooks, Python/awk sums over the real ICE aggregate, hand-written aggregate files; expected
 * verdicts follow from the tolerance documented in docs/claims.md (counts compared exactly).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { checkClaims, recordClaimChecks, type ClaimCheck } from '../src/claims/check.ts';
import { loadClaims, parseClaimsText, type Claim } from '../src/claims/ledger.ts';
import { compare, recordsInterval } from '../src/claims/verdict.ts';
import { ingestFile } from '../src/ingest/ingest.ts';
import { latestClaimVerdicts } from '../src/claims/store.ts';
import type { Store } from '../src/engine/db.ts';
import { CRIMINALITY_TEXT, simulateDdpRelease, writeDdpTableXlsx, type SimulatedPerson } from '../src/synthetic/ddp.ts';
import { dayNumberFromIso } from '../src/synthetic/random.ts';
import { sharedData } from './helpers/shared-data.ts';
import { tempDir, tempStore } from './helpers/store.ts';

const seed = (id: string): Claim => {
  const c = loadClaims().find((x) => x.id === id);
  assert.ok(c, id);
  return c;
};

/** A claim in ledger form, validated by the ledger's own parser. */
function claim(fields: Record<string, string>): Claim {
  const base = { kind: 'claim', date: '2025-02-01', speaker: 'Test', summary: 'test claim', qualifier: 'exact', source_url: 'https://example.org/a', confidence: 'high' };
  const { claims, issues } = parseClaimsText(JSON.stringify([{ ...base, ...fields }]), { file: 'test', format: 'json' });
  assert.deepEqual(issues, []);
  return claims[0];
}

const byId = (checks: ClaimCheck[], id: string) => checks.find((c) => c.claimId === id)!;

describe('comparing a computed number with a claim (docs/claims.md, tolerance)', () => {
  test('exact counts, lower bounds, rows that cannot be placed', () => {
    const exact = { value: 538, qualifier: 'exact' as const };
    assert.equal(compare(exact, recordsInterval(538, 0, 'complete')), 'consistent');
    assert.equal(compare(exact, recordsInterval(537, 0, 'complete')), 'inconsistent', 'a difference of one is inconsistent');
    // Rows with no criminality recorded may count either way: 530 + 10 unknown allows 538 but does not prove it.
    assert.equal(compare(exact, recordsInterval(530, 10, 'complete')), 'not_checkable');
    assert.equal(compare(exact, recordsInterval(540, 10, 'complete')), 'inconsistent');
    // An incomplete release gives a lower bound: it can refute a claim below it, never confirm an exact one.
    assert.equal(compare(exact, recordsInterval(100, 0, 'lower_bound')), 'not_checkable');
    assert.equal(compare(exact, recordsInterval(600, 0, 'lower_bound')), 'inconsistent');
    // "more than 595,000": confirmed by a lower bound above it, open below it.
    const moreThan = { value: 595000, qualifier: 'more_than' as const };
    assert.equal(compare(moreThan, recordsInterval(600000, 0, 'lower_bound')), 'consistent');
    assert.equal(compare(moreThan, recordsInterval(595000, 0, 'complete')), 'inconsistent', 'more than means strictly greater');
    assert.equal(compare(moreThan, recordsInterval(8000, 0, 'lower_bound')), 'not_checkable');
    // "about 265": within 5%.
    assert.equal(compare({ value: 265, qualifier: 'approximately' }, recordsInterval(270, 0, 'complete')), 'consistent');
    assert.equal(compare({ value: 265, qualifier: 'approximately' }, recordsInterval(290, 0, 'complete')), 'inconsistent');
  });
});

/** The synthetic DDP release of 20–24 January 2025 (about 300 arrests a day, about 700 from the 21st). */
let ddp: Promise<{ dir: string; people: SimulatedPerson[]; arrests: string }> | undefined;
after(async () => { if (ddp) await rm((await ddp).dir, { recursive: true, force: true }); });
function ddpFixture() {
  ddp ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), 'deportwatch-claims-'));
    const people = simulateDdpRelease({ seed: 23, from: '2025-01-20', to: '2025-01-24' });
    const arrests = join(dir, 'synthetic-ddp-arrests-2025-01.xlsx');
    await writeDdpTableXlsx(arrests, people, 'arrests');
    return { dir, people, arrests };
  })();
  return ddp;
}

/** The people arrested on 2025-01-23 by Apprehension Criminality, counted from the simulation. */
function onClaimDay(people: SimulatedPerson[]) {
  const day = people.filter((p) => p.arrestDay === dayNumberFromIso('2025-01-23'));
  const n = (text: string) => day.filter((p) => p.criminality === text).length;
  return { total: day.length, convicted: n(CRIMINALITY_TEXT[0]), pending: n(CRIMINALITY_TEXT[1]), other: n(CRIMINALITY_TEXT[2]) };
}

const exactVerdict = (computed: number, claimed: number) => (computed === claimed ? 'consistent' : 'inconsistent');

async function countRows(store: Store, sql: string): Promise<number> {
  return Number(await store.scalar(`SELECT count(*) FROM (${sql})`));
}

describe('the 2025-01-23 arrest claims against synthetic DDP arrests', () => {
  test('each claim gets a verdict computed from the rows, under both definitions of criminal record', async (t) => {
    const { people, arrests } = await ddpFixture();
    const { store } = await tempStore(t);
    const source = await ingestFile(store, arrests);
    const day = onClaimDay(people);
    assert.ok(day.total > 300, 'a realistic day: several hundred arrests');

    const checks = await checkClaims(store, ['CL-2025-01-23-arrests', 'CL-2025-01-23-with-record', 'CL-2025-01-23-without-record'].map(seed));
    // 538 arrested (White House, 2025-01-23).
    const total = byId(checks, 'CL-2025-01-23-arrests');
    const arrestDefs = total.definitions.filter((d) => d.route === 'records');
    assert.equal(arrestDefs.length, 1);
    assert.equal(arrestDefs[0].value, day.total);
    assert.equal(arrestDefs[0].coverage, 'complete', 'DDP arrests cover the whole day nationwide');
    assert.equal(total.verdict, exactVerdict(day.total, 538));

    // 373 with criminal records: convicted = "1 Convicted Criminal"; convicted_or_pending adds "2 Pending Criminal Charges".
    const withRecord = byId(checks, 'CL-2025-01-23-with-record');
    const defs = Object.fromEntries(withRecord.definitions.map((d) => [d.criminality, d]));
    assert.deepEqual(Object.keys(defs).sort(), ['convicted', 'convicted_or_pending']);
    assert.equal(defs.convicted.value, day.convicted);
    assert.equal(defs.convicted_or_pending.value, day.convicted + day.pending);
    assert.equal(defs.convicted.verdict, exactVerdict(day.convicted, 373));
    assert.equal(defs.convicted_or_pending.verdict, exactVerdict(day.convicted + day.pending, 373));
    const verdicts = new Set([defs.convicted.verdict, defs.convicted_or_pending.verdict]);
    assert.equal(withRecord.verdict, verdicts.size === 2 ? 'definitions_differ' : [...verdicts][0]);

    // 165 without: the complement under each definition.
    const without = Object.fromEntries(byId(checks, 'CL-2025-01-23-without-record').definitions.map((d) => [d.criminality, d.value]));
    assert.deepEqual(without, { convicted: day.pending + day.other, convicted_or_pending: day.other });

    // The rows behind each number: the listed query returns exactly the rows counted, from the ingested file.
    for (const d of [...withRecord.definitions, ...arrestDefs]) {
      assert.equal(await countRows(store, d.rowsSql!), d.value, d.definition);
      assert.deepEqual(d.sourceIds, [source.sourceId]);
      assert.ok(d.synthetic, 'the number is marked as computed from synthetic rows');
      assert.match(d.cli!, /^deportwatch report arrests --by /);
      assert.match(d.rowsLink!, /^\/arrests\.json\?release=ddp-latest&date%3E=2025-01-23&date%3C=2025-01-23/);
      assert.ok(d.caveats.some((c) => /Deportation Data Project/.test(c)), 'the publisher\'s caveat travels with the number');
    }
    assert.match(defs.convicted_or_pending.rowsLink!, /criminality=convicted,pending_charges$/);
  });

  test('a claim that matches one definition only: definitions differ', async (t) => {
    const { people, arrests } = await ddpFixture();
    const { store } = await tempStore(t);
    await ingestFile(store, arrests);
    const day = onClaimDay(people);
    // A claim equal to the convicted count: consistent when "criminal" means convicted, not when it includes pending charges.
    const c = claim({ id: 'T-convicted', metric: 'arrests_with_criminal_record', period: '2025-01-23', value: String(day.convicted), unit: 'arrests' });
    const [check] = await checkClaims(store, [c]);
    assert.equal(check.verdict, 'definitions_differ');
    assert.equal(check.verdictText, 'definitions differ');
    assert.match(check.why, /consistent under .*convicted.*; inconsistent under .*convicted_or_pending/);
    // The speaker's stated definition (scope criminality=…) is the only one checked.
    const stated = claim({ id: 'T-stated', metric: 'arrests_with_criminal_record', period: '2025-01-23', value: String(day.convicted), unit: 'arrests', scope: 'criminality=convicted' });
    const [statedCheck] = await checkClaims(store, [stated]);
    assert.deepEqual(statedCheck.definitions.map((d) => d.criminality), ['convicted']);
    assert.equal(statedCheck.verdict, 'consistent');
  });

  test('checks are stored one row per definition, and the latest verdict is listed', async (t) => {
    const { arrests } = await ddpFixture();
    const { store } = await tempStore(t);
    await ingestFile(store, arrests);
    const checks = await checkClaims(store, [seed('CL-2025-01-23-with-record'), seed('CL-2025-01-24-passengers')]);
    await recordClaimChecks(store, checks);
    const rows = await store.all<{ claim_id: string; definition: string; computed_value: number | null; verdict: string; claim_verdict: string; source_ids: number[]; caveats: string[]; query: string | null }>(
      'SELECT claim_id, definition, computed_value, verdict, claim_verdict, source_ids, caveats, query FROM claim_checks ORDER BY claim_id, definition');
    const withRecord = rows.filter((r) => r.claim_id === 'CL-2025-01-23-with-record');
    assert.equal(withRecord.length, 2, 'one row per definition of criminal record');
    assert.deepEqual(withRecord.map((r) => r.computed_value), checks[0].definitions.map((d) => d.value));
    assert.ok(withRecord.every((r) => r.source_ids.length === 1 && r.caveats.length > 0 && JSON.parse(r.query!).table === 'arrests'));
    const passengers = rows.filter((r) => r.claim_id === 'CL-2025-01-24-passengers');
    assert.deepEqual(passengers.map((r) => [r.definition, r.verdict]), [['(none)', 'not_checkable']]);
    const latest = await latestClaimVerdicts(store);
    assert.equal(latest.get('CL-2025-01-23-with-record')?.verdict, checks[0].verdict);
  });
});

describe('only the real Seattle removals loaded', () => {
  test('the 2025-01-23 arrest claim is not checkable, and says why', async (t) => {
    const files = ['records/ero-lesa-seattle-aor-removals-expedited-fy2012-2019.csv', 'records/ero-lesa-seattle-aor-removals-other-fy2012-2019.csv'].map((f) => sharedData(t, f));
    if (files.some((f) => f === null)) return;
    const { store } = await tempStore(t);
    for (const f of files) await ingestFile(store, f!);
    const [check] = await checkClaims(store, [seed('CL-2025-01-23-with-record')]);
    assert.equal(check.verdict, 'not_checkable');
    assert.equal(check.verdictText, 'not checkable with the loaded data');
    assert.deepEqual(check.definitions, []);
    assert.match(check.why, /no arrests table rows for 2025-01-23/);
    assert.match(check.why, /only removals of the ero-lesa release \(26,913 rows, 2011-11-30 … 2019-07-02, from ero-lesa-seattle-aor-removals-expedited/);
  });
});

describe('the FY2012 record (409,849 ICE removals) against official aggregates', () => {
  test('with the real ICE FY2017–FY2018 table: not checkable for FY2012, and FY2017 checked against it', async (t) => {
    const aggregate = sharedData(t, 'records/ice-removals-by-citizenship-fy2017-2018.csv');
    const seattle = sharedData(t, 'records/ero-lesa-seattle-aor-removals-other-fy2012-2019.csv');
    if (!aggregate || !seattle) return;
    const { store } = await tempStore(t);
    const agg = await ingestFile(store, aggregate);
    assert.equal(await store.scalar(`SELECT target_table FROM sources WHERE source_id = ${agg.sourceId}`), 'aggregates');
    await ingestFile(store, seattle);
    const [fy2012] = await checkClaims(store, [seed('ST-FY2012-removals')]);
    assert.equal(fy2012.verdict, 'not_checkable');
    assert.match(fy2012.why, /aggregate table ice-removals-by-citizenship-fy2017-2018 holds FY2017, FY2018, not FY2012/);
    // The Seattle records give only a lower bound for a national count (one area of responsibility).
    const records = fy2012.definitions.find((d) => d.route === 'records')!;
    assert.equal(records.coverage, 'lower_bound');
    assert.equal(records.verdict, 'not_checkable');

    // FY2017 total by awk over the published table (one column per fiscal year): 226,119.
    const fy2017 = Number(execFileSync('awk', ['-F,', 'NR>1 {s+=$2} END {print s}', aggregate], { encoding: 'utf8' }).trim());
    assert.equal(fy2017, 226119);
    const [check] = await checkClaims(store, [claim({ id: 'T-FY2017', metric: 'removals_total', period: 'FY2017', value: String(fy2017), unit: 'removals', scope: 'agency=ICE' })]);
    const official = check.definitions.find((d) => d.route === 'aggregates')!;
    assert.equal(official.value, fy2017);
    assert.equal(official.coverage, 'complete');
    assert.equal(official.verdict, 'consistent');
    assert.equal(check.verdict, 'consistent', 'the Seattle lower bound does not contradict it');
    // Python's csv module: 196 country rows after the header, one FY2017 value each.
    assert.equal(await countRows(store, official.rowsSql!), 196);
  });

  test('with a synthetic aggregate covering FY2012: consistent when it sums to 409,849, inconsistent otherwise', async (t) => {
    const dir = await tempDir(t);
    const write = async (name: string, mexico: number) => {
      const path = join(dir, name);
      // Wide form, as ICE publishes it: a country column then one column per fiscal year. FY2012 sums to
      // 300,000 + 60,000 + 49,849 = 409,849 when mexico = 300,000.
      await writeFile(path, `CountryOfCitizenship,2011,2012\nMEXICO,290000,${mexico}\nGUATEMALA,30000,60000\nOTHER,70000,49849\n`);
      return path;
    };
    const { store } = await tempStore(t);
    await ingestFile(store, await write('synthetic-ice-removals-by-citizenship-fy2011-2012.csv', 300000));
    const [ok, convicted] = await checkClaims(store, [seed('ST-FY2012-removals'), seed('ST-FY2012-convicted')]);
    assert.equal(ok.verdict, 'consistent');
    assert.deepEqual(ok.definitions.map((d) => [d.dataset, d.value, d.verdict]), [['synthetic-ice-removals-by-citizenship-fy2011-2012', 409849, 'consistent']]);
    assert.match(ok.definitions[0].rowsLink!, /^\/aggregates\.json\?dataset=synthetic-ice-removals-by-citizenship-fy2011-2012&measure=removals&fiscal_year=FY2012$/);
    // The table has no criminality column: the convicted baseline cannot be checked against it.
    assert.equal(convicted.verdict, 'not_checkable');
    assert.match(convicted.why, /does not break the count down by criminality/);

    const other = await tempStore(t);
    await ingestFile(other.store, await write('synthetic-ice-removals-by-citizenship-fy2011-2012-b.csv', 299999));
    const [off] = await checkClaims(other.store, [seed('ST-FY2012-removals')]);
    assert.equal(off.definitions[0].value, 409848);
    assert.equal(off.verdict, 'inconsistent', 'counts are compared exactly');
  });
});
