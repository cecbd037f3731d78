/**
 * Two layouts that were refused before: the Yakima County jail detainer records (two columns both
 * named "Prior Entry Date") and the older Yakima observers' log whose first line is a super-header.
 * Both ingest with nothing lost; the expected counts come from python3's csv module over the raw files.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { ingestFile } from '../src/ingest/ingest.ts';
import { runPassengerTotals } from '../src/reports/flights.ts';
import { runReport } from '../src/reports/report.ts';
import { sharedData } from './helpers/shared-data.ts';
import { tempStore } from './helpers/store.ts';

const python = (script: string, path: string): unknown => JSON.parse(execFileSync('python3', ['-c', script, path], { encoding: 'utf8' }));

test('Yakima County jail detainers: both "Prior Entry Date" columns kept, named apart; county and state of the prior location', async (t) => {
  const path = sharedData(t, 'records/yakima-county-jail-ice-detainers-2016-10_2017-12.csv');
  if (!path) return;
  const { store } = await tempStore(t);
  const s = await ingestFile(store, path);
  const py = python(String.raw`
import csv, json, sys, collections
rows = list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8-sig')))
h = [c.strip() for c in rows[0]]
first, second = [i for i, c in enumerate(h) if c == 'Prior Entry Date']
data = [r for r in rows[1:] if any(c.strip() for c in r)]
county, state = h.index('County'), h.index('State')
print(json.dumps({
  'rows': len(data),
  'first': collections.Counter(r[first].strip() for r in data).most_common(3),
  'second_nonblank': sum(1 for r in data if r[second].strip()),
  'line5': [rows[4][first].strip(), rows[4][second].strip()],
  'county': dict(collections.Counter(r[county].strip() for r in data if r[county].strip())),
  'state': dict(collections.Counter(r[state].strip() for r in data if r[state].strip())),
}))`, path) as { rows: number; first: [string, number][]; second_nonblank: number; line5: [string, string]; county: Record<string, number>; state: Record<string, number> };
  assert.equal(s.kind, 'jail-detainers-yakima');
  assert.deepEqual([s.rowsRead, s.rowsStored, s.rowsQuarantined], [py.rows, py.rows, 0]);
  // The first column, as published, and the second, both present.
  const first = await store.all<{ v: string; n: bigint }>('SELECT prior_entry_date_listed AS v, count(*) AS n FROM jail_detainer_bookings GROUP BY 1 ORDER BY 2 DESC LIMIT 3');
  assert.deepEqual(first.map((r) => [r.v, Number(r.n)]), py.first);
  assert.equal(Number(await store.scalar('SELECT count(prior_entry_date_raw) FROM jail_detainer_bookings')), py.second_nonblank);
  // Line 5 of the file (the 4th data row): each column's own value, side by side.
  const line5 = await store.one<{ a: string; b: string }>('SELECT prior_entry_date_listed AS a, prior_entry_date_raw AS b FROM jail_detainer_bookings WHERE source_row = 5');
  assert.deepEqual([line5!.a ?? '', line5!.b ?? ''], py.line5);
  const county = await runReport(store, { table: 'jail-detainers', by: ['prior_county'], where: [] });
  assert.deepEqual(Object.fromEntries(county.rows.filter((r) => r.prior_county !== null).map((r) => [r.prior_county, r.n])), py.county);
  const state = await runReport(store, { table: 'jail-detainers', by: ['prior_state'], where: [] });
  assert.deepEqual(Object.fromEntries(state.rows.filter((r) => r.prior_state !== null).map((r) => [r.prior_state, r.n])), py.state);
});

test('older Yakima observers\' log: the super-header on line 1 is read as such; every line below the header stored or quarantined', async (t) => {
  const path = sharedData(t, 'flights/observers/yakima-kykm-2019-05_2019-12-comma.csv');
  if (!path) return;
  const { store } = await tempStore(t);
  const s = await ingestFile(store, path);
  const py = python(String.raw`
import csv, json, sys, re
rows = list(csv.reader(open(sys.argv[1], newline='')))
data = [r for r in rows[2:] if any(c.strip() for c in r)]
dated = [r for r in data if re.match(r'^[A-Za-z]+,? [A-Za-z]+ \d{1,2}, \d{4}\W*$', r[0].strip())]  # stray punctuation after the year, as on line 44
flights = [r for r in dated if r[3].strip() or r[6].strip() or r[7].strip()]
n = lambda v: int(v) if v.strip().isdigit() else 0
totals = next(r for r in data if r[7].strip() == 'Totals')
print(json.dumps({'rows': len(data), 'flights': len(flights), 'sums': [sum(n(r[i]) for r in flights) for i in (8, 9, 10, 11)],
  'totals_line': [int(totals[i]) for i in (8, 9, 10, 11)], 'super': rows[0][8]}))`, path) as { rows: number; flights: number; sums: number[]; totals_line: number[]; super: string };
  assert.equal(s.kind, 'observer-log-yakima');
  assert.deepEqual([s.rowsRead, s.rowsStored, s.rowsQuarantined], [py.rows, py.flights, py.rows - py.flights]);
  assert.ok(s.notes.some((n) => n.includes('super-header') && n.includes(py.super)), s.notes.join('\n'));
  // The observers' and the city's counts (every count kept, not one best per leg), summed over the stored flights, equal python's sums and the log's own Totals line.
  assert.deepEqual(py.sums, py.totals_line);
  const on = await runPassengerTotals(store, [], [{ dimension: 'departure_airport', op: '=', values: ['KYKM'] }], { everyCount: true });
  const off = await runPassengerTotals(store, [], [{ dimension: 'arrival_airport', op: '=', values: ['KYKM'] }], { everyCount: true });
  const people = (rows: Record<string, unknown>[], direction: string, method: string) => Number(rows.find((r) => r.direction === direction && r.method === method)?.people);
  assert.deepEqual([people(on.rows, 'on', 'counted'), people(off.rows, 'off', 'counted'), people(on.rows, 'on', 'reported'), people(off.rows, 'off', 'reported')], py.sums);
});
