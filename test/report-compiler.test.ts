/**
 * The report query compiler (src/engine/grouped-count.ts) on a small table whose answers are counted here
 * in JavaScript: time bins (weeks ending Sunday or Monday, ISO weeks across a year end, quarters, fiscal
 * years, a timestamp in a time zone), measures (distinct, sum, mean, median, shares of the total and of
 * a parent group, changes against the previous period and a baseline), filters (ranges, OR, numbers),
 * ordering with top N and "all others", and the weighted answers a rollup gives.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Store } from '../src/engine/db.ts';
import { OTHERS, runGroupedCount, type GroupedCountQuery } from '../src/engine/grouped-count.ts';
import { plainValue } from '../src/engine/db.ts';

interface Fixture { d: string; ts: string; k: string; x: number | null; cell: string }

// Dates around the 2020/2021 year end: 2020-12-31 is a Thursday, 2021-01-03 a Sunday, 2021-01-04 a Monday.
const ROWS: Fixture[] = [
  { d: '2020-09-30', ts: '2020-09-30 23:30:00', k: 'a', x: 10, cell: 'B734' },
  { d: '2020-10-01', ts: '2020-10-01 06:59:00', k: 'a', x: 20, cell: 'B734 ' },
  { d: '2020-12-31', ts: '2021-01-01 02:00:00', k: 'b', x: null, cell: 'B734' },
  { d: '2021-01-03', ts: '2021-01-03 12:00:00', k: 'b', x: 30, cell: 'MD83 ' },
  { d: '2021-01-04', ts: '2021-01-04 12:00:00', k: 'a', x: 40, cell: 'B734' },
  { d: '2021-01-04', ts: '2021-01-04 12:00:00', k: 'c', x: 50, cell: 'B733' },
  { d: '2021-01-05', ts: '2021-01-05 12:00:00', k: 'c', x: 60, cell: 'B733' },
];

async function fixture(): Promise<Store> {
  const store = await Store.open(':memory:');
  await store.run(`CREATE TABLE sources (source_id INTEGER, path VARCHAR, sha256 VARCHAR, kind VARCHAR, synthetic BOOLEAN)`);
  await store.run(`INSERT INTO sources VALUES (1, 'fixture.csv', 'abc', 'fixture', false)`);
  await store.run(`CREATE TABLE t (d DATE, ts TIMESTAMP, k VARCHAR, x INTEGER, raw MAP(VARCHAR, VARCHAR), source_id INTEGER)`);
  for (const r of ROWS) {
    await store.run(`INSERT INTO t VALUES ($1::DATE, $2::TIMESTAMP, $3, $4, MAP(['Aircraft'], [$5]), 1)`, [r.d, r.ts, r.k, r.x, r.cell]);
  }
  return store;
}

function count<T>(items: T[], key: (item: T) => string): Map<string, number> {
  const out = new Map<string, number>();
  for (const item of items) out.set(key(item), (out.get(key(item)) ?? 0) + 1);
  return out;
}

function utcDate(iso: string): Date {
  return new Date(`${iso.slice(0, 10)}T00:00:00Z`);
}

function addDays(iso: string, days: number): string {
  const d = utcDate(iso);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

async function rows(store: Store, query: Omit<GroupedCountQuery, 'view'>) {
  return (await runGroupedCount(store, { view: 't', ...query })).rows;
}

test('week bins: ending Sunday, ending Monday, ISO weeks across the year end', async (t) => {
  const store = await fixture();
  t.after(() => store.close());
  const sunday = (iso: string) => addDays(iso, (7 - utcDate(iso).getUTCDay()) % 7);
  const monday = (iso: string) => addDays(iso, (8 - utcDate(iso).getUTCDay()) % 7);
  const sun = await rows(store, { by: [{ name: 'w', column: 'd', bin: 'week_ending_sun' }], where: [] });
  assert.deepEqual(new Map(sun.map((r) => [r.w, r.n])), count(ROWS, (r) => sunday(r.d)));
  // A Sunday ends its own week; the Monday after starts the next one.
  assert.equal(sunday('2021-01-03'), '2021-01-03');
  assert.equal(sunday('2021-01-04'), '2021-01-10');
  const mon = await rows(store, { by: [{ name: 'w', column: 'd', bin: 'week_ending_mon' }], where: [] });
  assert.deepEqual(new Map(mon.map((r) => [r.w, r.n])), count(ROWS, (r) => monday(r.d)));
  const iso = await rows(store, { by: [{ name: 'w', column: 'd', bin: 'iso_week' }], where: [] });
  // ISO 8601: the week (Monday–Sunday) belongs to the year of its Thursday.
  const isoWeek = (iso: string) => {
    const d = utcDate(iso);
    d.setUTCDate(d.getUTCDate() + 3 - ((d.getUTCDay() + 6) % 7));
    const jan4 = new Date(Date.UTC(d.getUTCFullYear(), 0, 4));
    const week = 1 + Math.round((d.getTime() - jan4.getTime()) / 86400_000 / 7 - 0.5 + ((jan4.getUTCDay() + 6) % 7) / 7);
    return `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
  };
  assert.deepEqual(new Map(iso.map((r) => [r.w, r.n])), count(ROWS, (r) => isoWeek(r.d)));
  // 2020 has 53 ISO weeks: 2020-12-31 and 2021-01-03 are in 2020-W53; 2021-01-04 starts 2021-W01.
  assert.equal(isoWeek('2021-01-03'), '2020-W53');
  assert.equal(isoWeek('2021-01-04'), '2021-W01');
});

test('quarter, fiscal year, and a timestamp binned in a time zone', async (t) => {
  const store = await fixture();
  t.after(() => store.close());
  const q = await rows(store, { by: [{ name: 'q', column: 'd', bin: 'quarter' }], where: [] });
  assert.deepEqual(Object.fromEntries(q.map((r) => [r.q, r.n])), { '2020-Q3': 1, '2020-Q4': 2, '2021-Q1': 4 });
  const fy = await rows(store, { by: [{ name: 'fy', column: 'd', bin: 'fiscal_year' }], where: [] });
  // FY2021 = 2020-10-01 … 2021-09-30.
  assert.deepEqual(Object.fromEntries(fy.map((r) => [r.fy, r.n])), { FY2020: 1, FY2021: 6 });
  // 2021-01-01 02:00 UTC is 2020-12-31 18:00 in Los Angeles; 2020-10-01 06:59 UTC is 2020-09-30 23:59 there.
  const la = await rows(store, { by: [{ name: 'day', column: 'ts', bin: 'day', timeZone: 'America/Los_Angeles' }], where: [] });
  const days = Object.fromEntries(la.map((r) => [r.day, r.n]));
  assert.equal(days['2020-09-30'], 2);
  assert.equal(days['2020-12-31'], 1);
  assert.equal(days['2021-01-01'], undefined);
  const utc = await rows(store, { by: [{ name: 'day', column: 'ts', bin: 'day' }], where: [] });
  assert.equal(Object.fromEntries(utc.map((r) => [r.day, r.n]))['2021-01-01'], 1);
  await assert.rejects(rows(store, { by: [{ name: 'k', column: 'k', bin: 'month' }], where: [] }), /needs a date or timestamp column/);
  await assert.rejects(rows(store, { by: [{ name: 'day', column: 'ts', bin: 'day', timeZone: "x'; DROP" }], where: [] }), /not an IANA zone/);
});

test('measures: distinct, sum, mean, median, share of the total and within a group', async (t) => {
  const store = await fixture();
  t.after(() => store.close());
  const result = await rows(store, {
    by: [{ name: 'k', column: 'k' }], where: [],
    measures: [
      { name: 'days', kind: 'count_distinct', input: { column: 'd' } },
      { name: 'sum_x', kind: 'sum', input: { column: 'x' } },
      { name: 'mean_x', kind: 'mean', input: { column: 'x' } },
      { name: 'median_x', kind: 'median', input: { column: 'x' } },
      { name: 'share', kind: 'share' },
    ],
  });
  for (const r of result) {
    const mine = ROWS.filter((x) => x.k === r.k);
    const xs = mine.map((x) => x.x).filter((x): x is number => x !== null).sort((a, b) => a - b);
    assert.equal(r.days, new Set(mine.map((x) => x.d)).size);
    assert.equal(r.sum_x, xs.reduce((a, b) => a + b, 0));
    assert.equal(r.mean_x, Math.round((10 * xs.reduce((a, b) => a + b, 0)) / xs.length) / 10);
    const mid = xs.length % 2 ? xs[(xs.length - 1) / 2] : (xs[xs.length / 2 - 1] + xs[xs.length / 2]) / 2;
    assert.equal(r.median_x, mid);
    assert.equal(r.share, Math.round((10000 * mine.length) / ROWS.length) / 100);
  }
  const within = await rows(store, {
    by: [{ name: 'fy', column: 'd', bin: 'fiscal_year' }, { name: 'k', column: 'k' }], where: [],
    measures: [{ name: 'share', kind: 'share', within: ['fy'] }],
  });
  for (const fy of new Set(within.map((r) => r.fy))) {
    const total = within.filter((r) => r.fy === fy).reduce((s, r) => s + Number(r.share), 0);
    assert.ok(Math.abs(total - 100) < 0.02, `shares within ${fy} add up to 100 (${total})`);
  }
});

test('change against the previous period and against a baseline, per group', async (t) => {
  const store = await fixture();
  t.after(() => store.close());
  const result = await rows(store, {
    by: [{ name: 'k', column: 'k' }, { name: 'm', column: 'd', bin: 'month' }], where: [],
    measures: [{ name: 'change', kind: 'change', over: 'm' }, { name: 'vs', kind: 'change', over: 'm', baseline: '2021-01' }, { name: 'pct', kind: 'change', over: 'm', percent: true }],
  });
  for (const k of ['a', 'b', 'c']) {
    const mine = result.filter((r) => r.k === k);
    const base = mine.find((r) => r.m === '2021-01')?.n;
    mine.forEach((r, i) => {
      assert.equal(r.change, i === 0 ? null : Number(r.n) - Number(mine[i - 1].n), `${k} ${r.m}`);
      assert.equal(r.vs, base === undefined ? null : Number(r.n) - Number(base));
      assert.equal(r.pct, i === 0 ? null : Math.round((1000 * (Number(r.n) - Number(mine[i - 1].n))) / Number(mine[i - 1].n)) / 10);
    });
  }
});

test('filters: ranges, OR across columns, numbers compared as numbers, a map key', async (t) => {
  const store = await fixture();
  t.after(() => store.close());
  const total = async (where: GroupedCountQuery['where']) => (await runGroupedCount(store, { view: 't', by: [], where })).total;
  assert.equal(await total([{ column: 'd', op: '=', values: ['2020-12-31', '2021-01-04'], range: true }]), ROWS.filter((r) => r.d >= '2020-12-31' && r.d <= '2021-01-04').length);
  assert.equal(await total([{ column: 'd', op: '!=', values: ['2020-12-31', '2021-01-04'], range: true }]), ROWS.filter((r) => r.d < '2020-12-31' || r.d > '2021-01-04').length);
  assert.equal(await total([{ any: [{ column: 'k', op: '=', values: ['b'] }, { column: 'x', op: '>=', values: ['50'] }] }]), ROWS.filter((r) => r.k === 'b' || (r.x ?? -1) >= 50).length);
  // As text "9" > "10"; as numbers it is not.
  assert.equal(await total([{ column: 'x', op: '>', values: ['9'] }]), ROWS.filter((r) => (r.x ?? -1) > 9).length);
  assert.equal(await total([{ column: 'raw', key: 'Aircraft', op: '=', values: ['B734 '] }]), 1);
  assert.equal(await total([{ column: 'd', bin: 'iso_week', op: '=', values: ['2020-W53'] }]), 2);
});

test('sort, top N and the "all others" row', async (t) => {
  const store = await fixture();
  t.after(() => store.close());
  const byCell = count(ROWS, (r) => r.cell);
  const expected = [...byCell.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const result = await runGroupedCount(store, { view: 't', by: [{ name: 'cell', column: 'raw', key: 'Aircraft' }], where: [], top: 2, others: true, measures: [{ name: 'share', kind: 'share' }, { name: 'mean_x', kind: 'mean', input: { column: 'x' } }] });
  assert.deepEqual(result.rows.slice(0, 2).map((r) => [r.cell, r.n]), expected.slice(0, 2));
  const others = result.rows[2];
  assert.equal(others.cell, OTHERS);
  assert.equal(others.n, expected.slice(2).reduce((s, [, n]) => s + n, 0));
  assert.equal(others.groups, expected.length - 2);
  assert.equal(others.share, Math.round((10000 * Number(others.n)) / ROWS.length) / 100);
  assert.equal(others.mean_x, null, 'a mean is not additive: blank in the others row');
  assert.equal(result.total, ROWS.length);
  const ascending = await rows(store, { by: [{ name: 'k', column: 'k' }], where: [], sort: [{ column: 'n' }] });
  assert.deepEqual(ascending.map((r) => r.n), [...ascending.map((r) => Number(r.n))].sort((a, b) => a - b));
  await assert.rejects(rows(store, { by: [{ name: 'k', column: 'k' }], where: [], sort: [{ column: 'nope' }] }), /cannot sort by "nope"/);
});

test('a pre-aggregated copy (rollup) gives the same shares, sums and means, weighted by its count', async (t) => {
  const store = await fixture();
  t.after(() => store.close());
  await store.run(`CREATE TABLE t_rollup AS SELECT d, k, x, source_id, count(*) AS w FROM t GROUP BY ALL`);
  const query = (view: string, weight?: string): GroupedCountQuery => ({
    view, weight, by: [{ name: 'w', column: 'd', bin: 'week_ending_sun' }], where: [],
    measures: [{ name: 'share', kind: 'share' }, { name: 'sum_x', kind: 'sum', input: { column: 'x' } }, { name: 'mean_x', kind: 'mean', input: { column: 'x' } }, { name: 'ks', kind: 'count_distinct', input: { column: 'k' } }],
  });
  const direct = await runGroupedCount(store, query('t'));
  const rolled = await runGroupedCount(store, query('t_rollup', 'w'));
  assert.deepEqual(rolled.rows, direct.rows);
  await assert.rejects(runGroupedCount(store, { ...query('t_rollup', 'w'), measures: [{ name: 'm', kind: 'median', input: { column: 'x' } }] }), /median cannot be read/);
});

test('nested results serialise: LIST, STRUCT, MAP, DECIMAL and big integers', async (t) => {
  const store = await Store.open(':memory:');
  t.after(() => store.close());
  const [row] = await store.all(`SELECT [1::BIGINT, 9007199254740993::BIGINT] AS l, {'a': 2::BIGINT, 'd': DATE '2020-01-02'} AS s,
    MAP(['k'], [3::BIGINT]) AS m, 1.25::DECIMAL(10,2) AS d, 123456789012345678.12::DECIMAL(20,2) AS big, [DATE '2020-01-01'] AS dates`);
  const text = JSON.stringify(row);
  assert.deepEqual(JSON.parse(text), { l: [1, '9007199254740993'], s: { a: 2, d: '2020-01-02' }, m: { k: 3 }, d: 1.25, big: '123456789012345678.12', dates: ['2020-01-01'] });
  assert.equal(plainValue(5n, '5', 'BIGINT'), 5);
});
