/**
 * The claims ledger: the seed claims (src/reference/claims.csv) parse and say what the policy timeline
 * says; bad ledgers give errors naming the file, row and field.
 */
import { scratchDirSync } from './helpers/store.ts';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parseCsvObjects } from '../src/domain/csv.ts';
import { UserError } from '../src/domain/errors.ts';
import { CLAIM_FIELDS, ClaimsFileError, criminalityDefinitionsFor, loadClaims, METRICS, parseClaimPeriod, parseClaimsFile, parseClaimsText } from '../src/claims/index.ts';
import { loadTimeline } from '../src/legal/index.ts';
import { sharedData } from './helpers/shared-data.ts';

const byId = (id: string) => {
  const c = loadClaims().find((x) => x.id === id);
  assert.ok(c, `seed claim ${id}`);
  return c;
};

describe('seed claims', () => {
  test('the 2025-01-23 arrest figures: 538 arrested, 373 with criminal records, 165 without', () => {
    // White House statement of 2025-01-23 and the official documentation released with it (CBS News).
    const arrests = byId('CL-2025-01-23-arrests');
    const withRecord = byId('CL-2025-01-23-with-record');
    const without = byId('CL-2025-01-23-without-record');
    assert.deepEqual([arrests.metric, arrests.value, arrests.date], ['arrests_total', 538, '2025-01-23']);
    assert.deepEqual([withRecord.metric, withRecord.value], ['arrests_with_criminal_record', 373]);
    assert.deepEqual([without.metric, without.value], ['arrests_without_criminal_record', 165]);
    assert.equal(withRecord.value + without.value, arrests.value, 'the documentation splits the same 538 arrests');
    assert.equal(arrests.quote, 'illegal immigrant criminals');
    // The speaker did not say which definition of "criminal record"; a check must report both.
    assert.deepEqual(criminalityDefinitionsFor(withRecord), ['convicted', 'convicted_or_pending']);
  });

  test('the FY2012 record of 409,849 ICE removals is the baseline, over fiscal year 2012', () => {
    // ICE announcement of 2012-12-21; FY2012 = 2011-10-01 … 2012-09-30 (31 U.S.C. 1102).
    const fy2012 = byId('ST-FY2012-removals');
    assert.equal(fy2012.kind, 'baseline');
    assert.equal(fy2012.value, 409849);
    assert.deepEqual([fy2012.period.startDate, fy2012.period.endDate], ['2011-10-01', '2012-09-30']);
  });

  test('the later DHS figure is "more than 605,000" deportations since 2025-01-20, not an ICE removal count', () => {
    // DHS statement of 2025-12-10.
    const c = byId('CL-2025-12-10-deportations');
    assert.deepEqual([c.value, c.qualifier, c.metric, c.period.startDate], [605000, 'more_than', 'deportations_total', '2025-01-20']);
    assert.equal(METRICS[c.metric].check.status, 'not_checkable');
  });

  test('first flights to Guatemala: three, on military aircraft', () => {
    // Guatemalan migration official, 2025-01-24, per secondary press.
    const c = byId('CL-2025-01-24-flights');
    assert.deepEqual([c.metric, c.value, c.scope.destination_country, c.scope.aircraft], ['removal_flights', 3, 'GT', 'us_military']);
  });

  test('ICE FY2024 counted "criminal" arrests as convictions or pending charges', () => {
    // ICE FY2024 Annual Report: 81,312 of 113,431 arrests "with convictions or pending charges".
    assert.deepEqual(criminalityDefinitionsFor(byId('ST-FY2024-arrests-criminal')), ['convicted_or_pending']);
  });

  test('every seed claim points to a row of the project\'s policy timeline', () => {
    const timeline = loadTimeline();
    for (const c of loadClaims()) assert.ok(c.timelineId && timeline.byId.has(c.timelineId), `${c.id} → ${c.timelineId}`);
  });

  test('speaker, words, links, dates and figures are those of the research timeline', (t) => {
    const path = sharedData(t, 'policy/timeline.csv');
    if (!path) return;
    const shared = new Map(parseCsvObjects(readFileSync(path, 'utf8')).map((r) => [r.id, r]));
    for (const c of loadClaims()) {
      const row = shared.get(c.timelineId!)!;
      assert.deepEqual(c.sources, row.source_url_or_path.split(' ; ').filter(Boolean), `${c.id} sources`);
      assert.ok(row.title.includes(c.speaker), `${c.id} speaker "${c.speaker}"`);
      if (c.quote) assert.ok(row.title.includes(`'${c.quote}'`), `${c.id} quote`);
      assert.match(row.effect, new RegExp(`=${c.value}(\\D|$)`), `${c.id} value ${c.value}`);
      // A claim is dated when made; a statistic row is dated at the end of the period it counts.
      if (c.kind === 'claim') assert.equal(c.date, row.date, `${c.id} date`);
      else assert.equal(c.period.endDate, row.date, `${c.id} period end`);
    }
  });
});

test('docs/rules.md documents every metric', () => {
  const docs = readFileSync(new URL('../docs/rules.md', import.meta.url), 'utf8');
  for (const id of Object.keys(METRICS)) assert.ok(docs.includes(`\`${id}\``), `${id} is not documented in docs/rules.md`);
});

describe('claim periods', () => {
  test('the four forms', () => {
    const range = (text: string) => {
      const p = parseClaimPeriod(text);
      return 'period' in p ? [p.period.kind, p.period.startDate, p.period.endDate] : p.problem;
    };
    assert.deepEqual(range('2025-01-23'), ['day', '2025-01-23', '2025-01-23']);
    assert.deepEqual(range('2024-02'), ['month', '2024-02-01', '2024-02-29'], '2024 is a leap year');
    assert.deepEqual(range('2025-12'), ['month', '2025-12-01', '2025-12-31']);
    assert.deepEqual(range('FY2025'), ['fiscal_year', '2024-10-01', '2025-09-30'], '31 U.S.C. 1102');
    assert.deepEqual(range('2025-01-20/2025-10-31'), ['range', '2025-01-20', '2025-10-31']);
  });
});

describe('ledger errors name the file, row and field', () => {
  const header = CLAIM_FIELDS.join(',');
  const row = (over: Partial<Record<(typeof CLAIM_FIELDS)[number], string>> = {}) => {
    const base: Record<string, string> = {
      id: 'T-1', kind: 'claim', date: '2025-01-23', speaker: 'WH Press Sec. Leavitt', quote: '', summary: '538 arrested', metric: 'arrests_total',
      scope: '', period: '2025-01-23', value: '538', qualifier: 'exact', unit: 'arrests', source_url: 'https://www.cbsnews.com/x', timeline_id: 'CL-2025-01-23', confidence: 'high', notes: '',
    };
    return CLAIM_FIELDS.map((f) => JSON.stringify(over[f] ?? base[f])).join(',');
  };
  const parse = (...rows: string[]) => parseClaimsText(`${header}\n${rows.join('\n')}\n`, { file: 'my-claims.csv', format: 'csv', today: '2026-11-29' });

  test('a valid row parses', () => {
    const { claims, issues } = parse(row());
    assert.deepEqual(issues, []);
    assert.equal(claims[0].value, 538);
  });

  test('an unknown metric', () => {
    const { issues } = parse(row(), row({ id: 'T-2', metric: 'arrests_of_criminals' }));
    assert.equal(issues.length, 1);
    assert.deepEqual([issues[0].file, issues[0].row, issues[0].column, issues[0].value], ['my-claims.csv (id T-2)', 3, 'metric', 'arrests_of_criminals']);
    assert.match(issues[0].problem, /unknown metric \(known: arrests_total/);
  });

  test('a claim date in the future', () => {
    const { issues } = parse(row({ date: '2026-11-30', period: '2026-11-30' }));
    assert.deepEqual([issues[0].row, issues[0].column], [2, 'date']);
    assert.match(issues[0].problem, /in the future \(today is 2026-11-29\)/);
  });

  test('malformed periods', () => {
    for (const bad of ['2025-13', '2025-02-30', 'FY12', '2025-10-31/2025-01-20', 'Q1 2025', '2025-01-20/2025-13-01', '1/23/2025']) {
      const { issues } = parse(row({ period: bad }));
      assert.equal(issues.length, 1, bad);
      assert.deepEqual([issues[0].file, issues[0].row, issues[0].column, issues[0].value], ['my-claims.csv (id T-1)', 2, 'period', bad]);
      assert.match(issues[0].problem, /^malformed period/, bad);
    }
    // A period that starts after the claim was made is a typo, not a claim.
    assert.match(parse(row({ period: '2025-02' })).issues[0].problem, /starts after the claim date/);
  });

  test('a non-numeric value', () => {
    for (const bad of ['about 500', '>605000', '-5', 'five hundred']) {
      const { issues } = parse(row({ value: bad }));
      assert.deepEqual([issues[0].row, issues[0].column, issues[0].value], [2, 'value', bad], bad);
    }
    assert.match(parse(row({ value: '1,041' })).issues[0].problem, /without thousands separators \(1041\)/);
  });

  test('a unit that does not match the metric, a criminality definition the metric lacks, an unknown scope key', () => {
    const { issues } = parse(row({ unit: 'people' }), row({ id: 'T-2', scope: 'criminality=convicted' }), row({ id: 'T-3', scope: 'state=TX' }));
    assert.deepEqual(issues.map((i) => [i.row, i.column]), [[2, 'unit'], [3, 'scope'], [4, 'scope']]);
  });

  test('a file: every problem is listed, with the file name; JSON items are numbered', () => {
    const dir = scratchDirSync('deportwatch-claims-');
    const csv = join(dir, 'claims.csv');
    writeFileSync(csv, `${header}\n${row({ metric: 'nope' })}\n${row({ id: 'T-2', date: '2099-01-01' })}\n`);
    try {
      parseClaimsFile(csv, { today: '2026-11-29' });
      assert.fail('expected ClaimsFileError');
    } catch (e) {
      assert.ok(e instanceof ClaimsFileError);
      assert.equal(e.details.length, 2);
      assert.match(e.details[0], /claims\.csv \(id T-1\), row 2, column metric: unknown metric/);
      assert.match(e.details[1], /claims\.csv \(id T-2\), row 3, column date: claim date is in the future/);
    }

    const json = join(dir, 'claims.json');
    writeFileSync(json, JSON.stringify([
      { id: 'J-1', kind: 'claim', date: '2025-12-10', speaker: 'DHS (McLaughlin)', summary: '>605,000 deportations', metric: 'deportations_total', period: '2025-01-20/2025-12-10', value: 605000, qualifier: 'more_than', unit: 'deportations', source_url: 'https://www.newsmax.com/x', confidence: 'high' },
      { id: 'J-2', kind: 'claim', date: '2025-12-10', speaker: 'DHS', summary: 's', metric: 'deportations_total', period: 'since January', value: 605000, qualifier: 'more_than', unit: 'deportations', source_url: 'https://www.newsmax.com/x', confidence: 'high' },
    ]));
    assert.throws(() => parseClaimsFile(json, { today: '2026-11-29' }), (e: unknown) => e instanceof ClaimsFileError && /claims\.json \[item 2\] \(id J-2\), column period: malformed period/.test(e.details[0]) && e.details.length === 1);
    const ok = join(dir, 'ok.json');
    writeFileSync(ok, JSON.stringify({ claims: [JSON.parse(readFileSync(json, 'utf8'))[0]] }));
    assert.equal(parseClaimsFile(ok, { today: '2026-11-29' })[0].value, 605000);

    const txt = join(dir, 'claims.txt');
    writeFileSync(txt, 'x');
    assert.throws(() => parseClaimsFile(txt), (e: unknown) => e instanceof UserError && /unsupported claims file type "\.txt"; a claims ledger is \.csv or \.json/.test(e.message));
  });
});
