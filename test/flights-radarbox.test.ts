/**
 * The RadarBox SWQ/WAL export (UWCHR, 2020), read in place. Expected figures were computed
 * independently with Python's csv module over the raw file (snippets beside each assertion), not
 * with deportwatch.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Store } from '../src/engine/db.ts';
import { ingestFile } from '../src/ingest/ingest.ts';
import { runReport } from '../src/reports/report.ts';
import { runFlightSummary } from '../src/reports/flights.ts';
import { sharedData } from './helpers/shared-data.ts';
import { openProject } from '../src/app/project.ts';

const RADARBOX = 'flights/radarbox/radarbox-swq-wal-2020-01-12_2020-04-27.csv';
const from = (dimension: string, ...values: string[]) => ({ dimension, op: '=' as const, values });

/*
 * Independent count (Python 3), used below:
 *   rows = list(csv.DictReader(open(path, encoding='utf-8')))
 *   def icao(s):  # the code in the last parenthesis: "(GUA/MGGT)" → MGGT, "(KENV)" → KENV
 *       m = re.search(r'\(([A-Z0-9]*)/?([A-Z0-9]*)\)\s*$', s.replace('\xa0', ' '))
 *       return '' if not m else (m[2] or (m[1] if len(m[1]) == 4 else ''))
 *   us_to = [r for r in rows if icao(r['Departure']).startswith('K') and icao(r['Arrival'])[:2] in ('MG', 'MH', 'MS')]
 *   Counter((r['Date'][:7], icao(r['Arrival'])[:2]) for r in us_to)
 * ICAO prefixes: MG = Guatemala, MH = Honduras, MS = El Salvador; K = contiguous United States.
 * No two of these rows share date, flight, airports and aircraft, so rows = distinct flights here.
 */
const PER_MONTH: Record<string, Record<string, number>> = {
  '2020-01': { GT: 22, HN: 16, SV: 7 },
  '2020-02': { GT: 45, HN: 24, SV: 11 },
  '2020-03': { GT: 33, HN: 21, SV: 12 },
  '2020-04': { GT: 9, HN: 16, SV: 7 },
};

test('the RadarBox export ingests completely: every row stored or quarantined', async (t) => {
  const path = sharedData(t, RADARBOX);
  if (!path) return;
  const store = await openProject(':memory:');
  try {
    const summary = await ingestFile(store, path);
    assert.equal(summary.kind, 'radarbox-flights');
    // `wc -l` = 5886 lines = header + 5885 rows (no quoted line breaks in this file; csv.reader agrees).
    assert.equal(summary.rowsRead, 5885);
    assert.equal(summary.rowsStored + summary.rowsQuarantined, 5885);
    // Legs = rows minus the one repeated leg: physical lines 4304 and 4345 (`grep -n WQ405 FILE | grep 2020-01-24`) are both
    // WQ405 MDSD→KMIA on 2020-01-24, N811TJ (one with times, one without), the only pair Python's
    // Counter((Date, Flight.strip(), Departure, Arrival, Aircraft)) finds twice.
    assert.equal(Number(await store.scalar('SELECT count(*) FROM flight_legs')), 5884);
    assert.equal(Number(await store.scalar('SELECT count(*) FROM flight_evidence')), 5885);
    const repeated = await store.all<{ rows: string }>(`SELECT string_agg(CAST(source_row AS VARCHAR), ',' ORDER BY source_row) AS rows FROM flight_evidence GROUP BY leg_id HAVING count(*) > 1`);
    assert.deepEqual(repeated.map((r) => r.rows), ['4304,4345']);
  } finally {
    store.close();
  }
});

test('distinct flights from U.S. airports to Guatemala, Honduras and El Salvador per month, tails and top routes', async (t) => {
  const path = sharedData(t, RADARBOX);
  if (!path) return;
  const store = await openProject(':memory:');
  try {
    await ingestFile(store, path);
    const where = [from('from_us', 'true'), from('arrival_country', 'GT', 'HN', 'SV')];
    const report = await runReport(store, { table: 'flights', by: ['month', 'arrival_country'], where });
    const got: Record<string, Record<string, number>> = {};
    for (const r of report.rows) (got[r.month as string] ??= {})[r.arrival_country as string] = Number(r.n);
    assert.deepEqual(got, PER_MONTH);
    assert.equal(report.total, 223); // sum of PER_MONTH
    // Every one of them is a removal: each has an ICE link of at least medium (callsign series or contractor + ICE Air airport route).
    const cats = await runReport(store, { table: 'flights', by: ['category'], where });
    assert.deepEqual(cats.rows.map((r) => [r.category, Number(r.n)]), [['removal', 223]]);

    const summary = await runFlightSummary(store, where, 3);
    // Python: len({re.search(r'\((.+)\)', r['Aircraft'])[1] for r in us_to if '(' in r['Aircraft']}) = 26; rows without a tail = 33.
    assert.equal(summary.distinctTails, 26);
    assert.equal(summary.legsWithoutTail, 33);
    // Python: Counter(icao(Departure) + '-' + icao(Arrival) for r in us_to).most_common(3)
    assert.deepEqual(summary.topRoutes.map((r) => [r.route, Number(r.n)]), [['KBRO-MGGT', 33], ['KBRO-MHLM', 30], ['KELP-MGGT', 23]]);
  } finally {
    store.close();
  }
});

test('Miami–Havana public charters are not counted as removals; an ICE-series flight number is', async (t) => {
  const path = sharedData(t, RADARBOX);
  if (!path) return;
  const store = await openProject(':memory:');
  try {
    await ingestFile(store, path);
    // Python: sum(1 for r in rows if icao(r['Departure']) == 'KMIA' and icao(r['Arrival']) == 'MUHA') = 341
    const legs = await runReport(store, { table: 'flights', by: ['category', 'flight_number'], where: [from('route', 'KMIA-MUHA')] });
    const total = legs.rows.reduce((s, r) => s + Number(r.n), 0);
    assert.equal(total, 341);
    const removals = legs.rows.filter((r) => r.category === 'removal');
    // The one removal is WAL408 on 2020-01-31 (line 5743): WAL408 is a World Atlantic number the Yakima observers logged on
    // ICE flights, and the aircraft flew straight back under the same number — not the paired public-charter numbering (WQ701/WQ702 …).
    assert.deepEqual(removals.map((r) => [r.flight_number, Number(r.n)]), [['WAL408', 1]]);
    const rule = await store.all<{ category_rule: string; n: number }>(`SELECT category_rule, count(*) AS n FROM flight_legs WHERE departure_airport = 'KMIA' AND arrival_airport = 'MUHA' AND category = 'non_ice' GROUP BY 1`);
    assert.deepEqual(rule.map((r) => [r.category_rule, Number(r.n)]), [['caribbean-public-charter', 340]]);
  } finally {
    store.close();
  }
});
