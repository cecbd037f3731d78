/**
 * Observers' logs read in place: Yakima (UWCHR kykm, pipe-separated) and Minneapolis (volunteer log).
 * Expected figures come from Python's csv module over the raw files (snippets beside each assertion).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Store } from '../src/engine/db.ts';
import { ingestFile } from '../src/ingest/ingest.ts';
import { runPassengerTotals } from '../src/reports/flights.ts';
import { parseLogDate } from '../src/sources/observer-log/yakima.ts';
import { sharedData } from './helpers/shared-data.ts';
import { openProject } from '../src/app/project.ts';

const YAKIMA = 'flights/observers/yakima-kykm-2019-2021.psv';
const MSP = 'flights/observers/minneapolis-msp-2025-2026.csv';
const eq = (dimension: string, ...values: string[]) => ({ dimension, op: '=' as const, values });

test('the Yakima log ingests: flights stored, "no flight" notes quarantined with the reason, the typo\'d weekday repaired visibly', async (t) => {
  const path = sharedData(t, YAKIMA);
  if (!path) return;
  const store = await openProject(':memory:');
  try {
    const s = await ingestFile(store, path);
    // Python: rows = list(csv.reader(open(path), delimiter='|'))[1:] → 126 rows; 114 have a tail or an airport
    // (`r[3]` or `r[6]` or `r[7]`), the other 12 are "flight CANCELLED …" / "NO FLIGHT" notes.
    assert.equal(s.rowsRead, 126);
    assert.equal(s.rowsStored, 114);
    assert.equal(s.rowsQuarantined, 12);
    const reasons = await store.all<{ problem: string }>('SELECT DISTINCT problem FROM row_issues');
    assert.ok(reasons.every((r) => /no flight|no leg can be formed/.test(r.problem)), JSON.stringify(reasons));
    // "Tudsay, June 22, 2021" (N149XA, SWQ3509): 2021-06-22 is a Tuesday (date -d 2021-06-22 +%A), so the date is kept, with a note.
    assert.ok(s.notes.some((n) => n.includes('Tudsay') && n.includes('2021-06-22')));
    const legs = await store.all<{ note: string }>(`SELECT e.note FROM flight_legs l JOIN flight_evidence e USING (leg_id)
      WHERE l.departure_date = DATE '2021-06-22' AND l.registration = 'N149XA'`);
    assert.equal(legs.length, 2); // arriving at and leaving Yakima
    assert.ok(legs.every((l) => l.note.includes('misspelling of Tuesday')));
  } finally {
    store.close();
  }
});

test('Yakima pick-ups and drop-offs per month, with the counting method', async (t) => {
  const path = sharedData(t, YAKIMA);
  if (!path) return;
  const store = await openProject(':memory:');
  try {
    await ingestFile(store, path);
    // Pick-ups: people boarding at KYKM. Python: sum(int(r[8]) for rows of May 2019 with r[8].isdigit()) = 283 (observers'
    // first "From NWDC - Boarded Plane" column); June 2019 = 273; January 2020 = 165.
    const on = await runPassengerTotals(store, ['month'], [eq('departure_airport', 'KYKM')]);
    const counted = (month: string, direction: string, method: string, rows: typeof on.rows) =>
      Number(rows.find((r) => r.month === month && r.direction === direction && r.method === method)?.people);
    assert.equal(counted('2019-05', 'on', 'counted', on.rows), 283);
    assert.equal(counted('2019-06', 'on', 'counted', on.rows), 273);
    assert.equal(counted('2020-01', 'on', 'counted', on.rows), 165);
    // Drop-offs: people leaving the plane at KYKM, same Python over r[9]: May 2019 = 256, June 2019 = 275, January 2020 = 16.
    const off = await runPassengerTotals(store, ['month'], [eq('arrival_airport', 'KYKM')]);
    assert.equal(counted('2019-05', 'off', 'counted', off.rows), 256);
    assert.equal(counted('2019-06', 'off', 'counted', off.rows), 275);
    assert.equal(counted('2020-01', 'off', 'counted', off.rows), 16);
    // The city's passenger report is kept beside the observers' count, never summed with it.
    const methods = await store.all<{ method: string }>('SELECT DISTINCT method FROM flight_passenger_counts ORDER BY 1');
    assert.deepEqual(methods.map((m) => m.method), ['counted', 'reported']);
  } finally {
    store.close();
  }
});

test('Minneapolis detainee counts keep how each was obtained; FAA codes resolve to U.S. airports', async (t) => {
  const path = sharedData(t, MSP);
  if (!path) return;
  const store = await openProject(':memory:');
  try {
    const s = await ingestFile(store, path);
    assert.equal(s.rowsRead, 161); // the data README: 161 flights; csv.DictReader agrees
    assert.equal(s.rowsStored, 161);
    // Python: for r in rows if r['Detainees On']: method = r['Count Method (Detainees On)'].split(',')[0]
    //   → Counted: 96 rows, 2,730 people; Estimated: 49 rows, 2,214 people.
    const on = await runPassengerTotals(store, [], [eq('departure_airport', 'KMSP')]);
    const pick = (method: string) => on.rows.find((r) => r.direction === 'on' && r.method === method);
    assert.deepEqual([Number(pick('counted')?.legs), Number(pick('counted')?.people)], [96, 2730]);
    assert.deepEqual([Number(pick('estimated')?.legs), Number(pick('estimated')?.people)], [49, 2214]);
    // Detainees Off has no method column: 78 rows, 267 people (Python), reported as "unspecified".
    const off = await runPassengerTotals(store, [], [eq('arrival_airport', 'KMSP')]);
    const unspecified = off.rows.find((r) => r.direction === 'off' && r.method === 'unspecified');
    assert.deepEqual([Number(unspecified?.legs), Number(unspecified?.people)], [78, 267]);
    // Line 125: Destination "IWA" with route ELP-OMA-MSP-IWA-ELP is Phoenix–Mesa Gateway (FAA IWA = KIWA), not
    // Ivanovo, Russia (IATA IWA): no leg from MSP may land abroad.
    const abroad = await store.all('SELECT leg_id FROM flight_legs WHERE departure_airport = \'KMSP\' AND arrival_country <> \'US\'');
    assert.deepEqual(abroad, []);
    const iwa = await store.one<{ n: number }>("SELECT count(*) AS n FROM flight_legs WHERE departure_airport = 'KMSP' AND arrival_airport = 'KIWA'");
    assert.ok(Number(iwa?.n) >= 1);
    // "GRG" (line 44, route ELP-GRK-MSP-ELP-GRK) is no airport code: kept as written and reported, never dropped.
    assert.ok(s.notes.some((n) => n.includes('GRG')));
    const grg = await store.one<{ category: string; known: boolean }>("SELECT category, departure_known AS known FROM flight_legs WHERE departure_airport = 'GRG'");
    assert.deepEqual(grg, { category: 'unresolved', known: false });
  } finally {
    store.close();
  }
});

test('log dates: weekday checked against the date', () => {
  assert.deepEqual(parseLogDate('Tuesday, May 7, 2019'), { date: '2019-05-07' });
  assert.deepEqual(parseLogDate('Tuesday, May 26, 2020.'), { date: '2020-05-26' }); // stray full stop in the log
  const typo = parseLogDate('Tudsay, June 22, 2021');
  assert.ok('date' in typo && typo.date === '2021-06-22' && typo.repair?.includes('Tuesday'));
  // 2021-06-22 was a Tuesday: "Monday" is a real weekday that contradicts the date → quarantine, no guess.
  assert.ok('problem' in parseLogDate('Monday, June 22, 2021'));
  assert.ok('problem' in parseLogDate('Tuesday, Juny 22, 2021'));
});
