/**
 * The dashboard's pure helpers (src/web/lib): the pivot that turns report rows into chart series,
 * the monthly baselines drawn beside flight counts, number formatting and reading routes from the
 * API's GeoJSON. Expected values are worked out by hand beside each assertion.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatCountryCode, formatNumber, formatPercent, formatPeriod, formatValue, valueLabel } from '../src/web/lib/format.ts';
import { coveredMonths } from '../src/web/lib/coverage.ts';
import { fiscalYearRange, monthlyBaselines, monthRange, pivot, ranked } from '../src/web/lib/pivot.ts';
import { routesFromGeoJson } from '../src/web/lib/routes.ts';
import { rowsOf } from '../src/web/lib/rows.ts';

const rows = [
  { fiscal_year: 'FY2014', pathway: 'reinstatement', n: 5 },
  { fiscal_year: 'FY2013', pathway: 'reinstatement', n: 7 },
  { fiscal_year: 'FY2013', pathway: 'expedited_removal', n: 2 },
  { fiscal_year: 'FY2014', pathway: null, n: 1 },
];

test('pivot: one x per fiscal year in order, one series per pathway, gaps are zero', () => {
  const p = pivot(rows, 'fiscal_year', 'pathway');
  assert.deepEqual(p.x, ['FY2013', 'FY2014']);
  // reinstatement 7 + 5 = 12 is the largest series, so it comes first; expedited_removal has no FY2014 row → 0
  assert.deepEqual(p.series.map((s) => [s.name, s.values]), [
    ['reinstatement', [7, 5]],
    ['expedited_removal', [2, 0]],
    ['not recorded', [0, 1]],
  ]);
  // FY2013: 7 + 2 = 9; FY2014: 5 + 1 = 6
  assert.deepEqual(p.totals, [9, 6]);
});

test('pivot folds the smallest series into "other" and keeps the totals', () => {
  const many = ['a', 'b', 'c', 'd'].map((k, i) => ({ month: '2025-01', k, n: 10 - i }));
  const p = pivot(many, 'month', 'k', 3);
  // kept: a (10), b (9); folded: c (8) + d (7) = 15
  assert.deepEqual(p.series.map((s) => [s.name, s.total]), [['a', 10], ['b', 9], ['other (2)', 15]]);
  assert.deepEqual(p.totals, [34]);
});

test('ranked sums a dimension across rows, largest first', () => {
  assert.deepEqual(ranked(rows, 'pathway', 2), [{ name: 'reinstatement', n: 12 }, { name: 'expedited_removal', n: 2 }]);
});

test('monthRange fills every month across a year end', () => {
  assert.deepEqual(monthRange('2024-11', '2025-02'), ['2024-11', '2024-12', '2025-01', '2025-02']);
});

test('fiscalYearRange fills a year with no records (FY2024 between FY2023 and FY2025)', () => {
  assert.deepEqual(fiscalYearRange('FY2023', 'FY2025'), ['FY2023', 'FY2024', 'FY2025']);
});

test('monthly baselines: mean of the six months before, and the same month a year earlier', () => {
  const months = monthRange('2024-01', '2025-02'); // 14 months
  const totals = months.map((_, i) => i + 1); // Jan 2024 = 1 … Feb 2025 = 14
  const b = monthlyBaselines(months, totals);
  // the first six months have fewer than six earlier months: no baseline, not a partial mean
  assert.deepEqual(b.previousSixMonthMean.slice(0, 6), [null, null, null, null, null, null]);
  // Jul 2024 (index 6): mean of Jan–Jun 2024 = (1+2+3+4+5+6)/6 = 3.5
  assert.equal(b.previousSixMonthMean[6], 3.5);
  // Feb 2025 (index 13): mean of Aug 2024–Jan 2025 = (8+9+10+11+12+13)/6 = 10.5
  assert.equal(b.previousSixMonthMean[13], 10.5);
  // Jan 2025 compares with Jan 2024 (1), Feb 2025 with Feb 2024 (2); Dec 2024 has no Dec 2023 in range
  assert.equal(b.sameMonthLastYear[12], 1);
  assert.equal(b.sameMonthLastYear[13], 2);
  assert.equal(b.sameMonthLastYear[11], null);
});

test('baselines skip months no source covers and partial months, instead of reading them as zero', () => {
  const months = monthRange('2024-01', '2025-03');
  // Jan–Aug 2024 covered (10 a month), Sep 2024–Feb 2025 covered by nothing, Mar 2025 covered (12).
  const totals = months.map((m) => (m <= '2024-08' ? 10 : m >= '2025-03' ? 12 : null));
  const b = monthlyBaselines(months, totals, new Set(['2024-01']));
  // Jul 2024 needs Jan 2024, a partial month: unknown, not (partial count + 50)/6.
  assert.equal(b.previousSixMonthMean[6], null);
  assert.equal(b.previousSixMonthMean[7], 10); // Aug 2024: Feb–Jul, all full
  assert.equal(b.previousSixMonthMean[14], null); // Mar 2025: the six months before are gaps
  assert.equal(b.sameMonthLastYear[14], 10); // Mar 2025 against Mar 2024
  assert.equal(b.sameMonthLastYear[12], null); // Jan 2025 against the partial Jan 2024
});

test('a month is compared only with months the same sources cover', () => {
  const months = monthRange('2020-01', '2021-03');
  const totals = months.map((m) => (m < '2020-05' ? 500 : 8));
  // Jan–Apr 2020: tracker export (6) and Yakima log (8); later months: the Yakima log alone.
  const sources = new Map(months.map((m) => [m, m < '2020-05' ? '6,8' : '8']));
  const b = monthlyBaselines(months, totals, new Set(), sources);
  assert.equal(b.sameMonthLastYear[months.indexOf('2021-03')], null, 'Mar 2021 (one log) is not set against Mar 2020 (log + export)');
  assert.equal(b.previousSixMonthMean[months.indexOf('2020-10')], null, 'Oct 2020 needs Apr 2020, covered by other sources');
  assert.equal(b.previousSixMonthMean[months.indexOf('2020-11')], 8);
});

test('covered months come from each source\'s first and last row; cut months are partial', () => {
  const cov = coveredMonths({ table: 'flights', rows: 3, sources: [
    { source_id: 1, file_name: 'radarbox.csv', kind: 'radarbox-flights', synthetic: false, rows: 1, first_date: '2020-01-12', last_date: '2020-04-27', first_month: '2020-01', last_month: '2020-04', first_fiscal_year: null, last_fiscal_year: null, release: null, places: null, airport: null, operators: null },
    { source_id: 2, file_name: 'log.psv', kind: 'observer-log-yakima', synthetic: false, rows: 1, first_date: '2019-05-07', last_date: '2020-02-29', first_month: '2019-05', last_month: '2020-02', first_fiscal_year: null, last_fiscal_year: null, release: null, places: null, airport: 'KYKM', operators: null },
  ] })!;
  assert.equal(cov.get('2020-01'), 'partial'); // the log covers January in full, the export from the 12th: the total mixes both
  assert.equal(cov.get('2020-02'), 'full'); // 29 Feb 2020 is the month's last day
  assert.equal(cov.get('2020-04'), 'partial'); // the export stops on 27 Apr
  assert.equal(cov.get('2019-05'), 'partial');
  assert.equal(cov.has('2020-05'), false); // no source: a gap
});

test('numbers and periods are written for people', () => {
  assert.equal(formatNumber(26000), '26,000');
  assert.equal(formatNumber(null), '–');
  assert.equal(formatNumber(3.456), '3.5');
  assert.equal(formatPercent(373, 538), '69.3%'); // 373 / 538 = 0.6933
  assert.equal(formatPeriod('2025-01'), 'Jan 2025');
  assert.equal(formatPeriod('2025-01-23'), '23 Jan 2025');
  // a claim's period may be an inclusive range of days (src/claims/period.ts): both ends are shown
  assert.equal(formatPeriod('2025-01-20/2025-12-10'), '20 Jan 2025 – 10 Dec 2025');
  assert.equal(formatValue('expedited_removal'), 'expedited removal');
  assert.equal(formatValue('FY2013'), 'FY2013');
  assert.equal(formatValue(null), 'not recorded');
});

test('ISO country codes of flight tables get their English names; published names and state codes stay as they are', () => {
  assert.equal(formatCountryCode('GT'), 'Guatemala (GT)');
  assert.equal(valueLabel('flights', 'arrival_country')('HN'), 'Honduras (HN)');
  // arrests.state holds U.S. state codes: CA is California there, not Canada
  assert.equal(valueLabel('arrests', 'state')('CA'), 'CA');
  assert.equal(valueLabel('removals', 'departure_country')('GUATEMALA'), 'GUATEMALA');
});

test('routes come from LineString features; a route without coordinates is counted as unmapped, not guessed', () => {
  const body = {
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', properties: { departure_airport: 'KAEX', arrival_airport: 'MGGT', n: 4 }, geometry: { type: 'LineString', coordinates: [[-92.55, 31.33], [-90.53, 14.58]] } },
      { type: 'Feature', properties: { departure_airport: 'KBRO', arrival_airport: 'ZZZZ', n: 2 }, geometry: null },
    ],
  };
  const { routes, unmapped } = routesFromGeoJson(body);
  assert.equal(routes.length, 1);
  assert.deepEqual(routes[0], { from: { code: 'KAEX', at: [-92.55, 31.33] }, to: { code: 'MGGT', at: [-90.53, 14.58] }, n: 4 });
  assert.equal(unmapped, 2);
});

test('rowsOf reads objects, bare arrays and the arrays shape', () => {
  assert.deepEqual(rowsOf({ rows: [{ a: 1 }] }), [{ a: 1 }]);
  assert.deepEqual(rowsOf([{ a: 1 }]), [{ a: 1 }]);
  assert.deepEqual(rowsOf({ columns: ['a', 'b'], rows: [[1, 2]] }), [{ a: 1, b: 2 }]);
});
