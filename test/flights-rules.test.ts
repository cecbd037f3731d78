/**
 * Flight rules on small hand-written legs: dated callsigns and registry, categories, missions, leg
 * matching across sources, and bad input (renamed column, malformed hex, unknown airport).
 */
import { scratchDirSync } from './helpers/store.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Store } from '../src/engine/db.ts';
import { ingestFile } from '../src/ingest/ingest.ts';
import { insertFlightLegs } from '../src/flights/legs-store.ts';
import { explainLeg, flightsGeoJson, monthlyBaseline } from '../src/reports/flights-queries.ts';
import { classifyLeg, type ClassifiableLeg } from '../src/flights/classify.ts';
import { buildMissions } from '../src/flights/missions.ts';
import { builtinRegistry, DatedRegistry, matchCallsign, parseRegistryFile } from '../src/flights/rules.ts';
import { sameLeg } from '../src/domain/flights.ts';
import type { FlightLegInput } from '../src/domain/flights.ts';
import { sharedData } from './helpers/shared-data.ts';
import { openProject } from '../src/app/project.ts';

const registry = new DatedRegistry(builtinRegistry());

function leg(over: Partial<ClassifiableLeg>): ClassifiableLeg {
  return {
    legId: 1, departureDate: '2025-06-01', flightNumber: null, callsign: null, registration: null, icao24: null,
    departureAirport: 'KAEX', departureCountry: 'US', arrivalAirport: 'MGGT', arrivalCountry: 'GT', sourceKinds: ['adsb'], hasPassengers: false, ...over,
  };
}

test('callsign rules apply only in their period, and a loose prefix is never a rule', () => {
  // RPN was ICE Air's own callsign until May 2019 (Yakima log: "they stopped using RPN after this flight", 2019-05-07).
  assert.equal(matchCallsign(['RPN529'], '2019-05-07')?.rule.ruleId, 'rpn');
  assert.equal(matchCallsign(['RPN529'], '2019-06-15'), null);
  assert.equal(matchCallsign(['TYSON54'], '2025-05-10')?.rule.confidence, 'high');
  assert.equal(matchCallsign(['TYSON54'], '2019-05-10'), null);
  assert.equal(matchCallsign(['GXA6211'], '2025-05-10')?.rule.ruleId, 'gxa-6xxx');
  // Southwest (SWA) is not an ICE contractor: a naive monitor's mistake (FIELD-NOTES.md).
  assert.equal(matchCallsign(['SWA1234'], '2025-05-10'), null);
  // Specific before general: SWQ3501 is the ICE series, SWQ701 only the carrier.
  assert.equal(matchCallsign(['SWQ3501'], '2020-02-01')?.rule.ruleId, 'swq-35xx');
  assert.equal(matchCallsign(['WQ701'], '2020-02-01')?.rule.ruleId, 'carrier-swq');
});

test('categories: removal, return, lateral, domestic transfer, repositioning, non-ICE', () => {
  const tyson = { callsign: 'TYSON54' };
  assert.equal(classifyLeg(leg({ ...tyson }), { registry }).category, 'removal');
  assert.equal(classifyLeg(leg({ ...tyson, departureAirport: 'MGGT', departureCountry: 'GT', arrivalAirport: 'KBRO', arrivalCountry: 'US' }), { registry }).category, 'return');
  // Brownsville → El Paso: both within 100 km of the Mexico border (monitors' example of a lateral).
  assert.equal(classifyLeg(leg({ ...tyson, departureAirport: 'KBRO', arrivalAirport: 'KELP', arrivalCountry: 'US' }), { registry }).category, 'lateral');
  // Alexandria (an ICE hub, ~400 km from the border) → Brownsville: a domestic transfer, not a lateral.
  assert.equal(classifyLeg(leg({ ...tyson, arrivalAirport: 'KBRO', arrivalCountry: 'US' }), { registry }).category, 'domestic_transfer');
  assert.equal(classifyLeg(leg({ ...tyson, departureAirport: 'KOKC', arrivalAirport: 'KTUL', arrivalCountry: 'US' }), { registry }).category, 'repositioning');
  // An ordinary airliner on the same route: no link → not counted.
  const none = classifyLeg(leg({ callsign: 'AAL123', departureAirport: 'KDFW' }), { registry });
  assert.deepEqual([none.iceLink, none.category], ['none', 'non_ice']);
  // A contractor's general callsign alone is one weak signal: not counted.
  assert.equal(classifyLeg(leg({ flightNumber: 'WQ9313', departureAirport: 'KENV', arrivalAirport: 'KIFP', arrivalCountry: 'US', departureDate: '2020-03-20' }), { registry }).category, 'non_ice');
});

test('Miami–Havana: a public charter without ICE evidence, a removal with it', () => {
  const havana = { departureAirport: 'KMIA', arrivalAirport: 'MUHA', arrivalCountry: 'CU', departureDate: '2020-02-21' };
  const charter = classifyLeg(leg({ ...havana, flightNumber: 'WQ701', registration: 'N430XA' }), { registry });
  assert.deepEqual([charter.category, charter.categoryRule], ['non_ice', 'caribbean-public-charter']);
  // The same leg seen by observers (or in an ARTS manifest) is a removal: Cuba removals did fly on ICE Air.
  const observed = classifyLeg(leg({ ...havana, flightNumber: 'WQ701', sourceKinds: ['observer'] }), { registry });
  assert.equal(observed.category, 'removal');
  // From Alexandria (not a charter gateway), a contractor flight to Havana is a removal.
  assert.equal(classifyLeg(leg({ ...havana, departureAirport: 'KAEX', flightNumber: 'WQ9001' }), { registry }).category, 'removal');
});

test('registry: a hex reassigned over time resolves to the registration of that date; malformed rows name file, row and column', () => {
  const csv = 'icao24,registration,ice_service,valid_from,valid_to,source\na1b2c3,N100AA,shared,2024-01-01,2024-12-31,test\na1b2c3,N200BB,dedicated,2025-01-01,,test\n';
  const { entries, issues } = parseRegistryFile(csv, 'mine.csv');
  assert.deepEqual(issues, []);
  const r = new DatedRegistry(entries);
  assert.equal(r.registrationFor('A1B2C3', '2024-06-01'), 'N100AA');
  assert.equal(r.registrationFor('a1b2c3', '2025-06-01'), 'N200BB');
  assert.equal(r.lookup('a1b2c3', null, '2025-06-01')?.iceService, 'dedicated');
  const bad = parseRegistryFile('icao24,registration\na2f016,N289GX\nZZ12,N1\n', 'bad.csv').issues;
  assert.equal(bad.length, 1);
  assert.deepEqual([bad[0].file, bad[0].row, bad[0].column, bad[0].value], ['bad.csv', 3, 'icao24', 'ZZ12']);
  assert.match(bad[0].problem, /6 hexadecimal digits/);
});

test('missions: KAEX → KBRO → MGGT → KBRO is one mission counted once as a removal', () => {
  const base = { aircraftKey: 'reg:N917XA', departureDate: '2025-06-01', arrivalCountry: 'US' as string | null };
  const missions = buildMissions([
    { ...base, legId: 1, departureTimeUtc: '2025-06-01T12:00:00Z', arrivalTimeUtc: '2025-06-01T13:30:00Z', departureAirport: 'KAEX', arrivalAirport: 'KBRO', category: 'domestic_transfer' },
    { ...base, legId: 2, departureTimeUtc: '2025-06-01T15:00:00Z', arrivalTimeUtc: '2025-06-01T17:30:00Z', departureAirport: 'KBRO', arrivalAirport: 'MGGT', arrivalCountry: 'GT', category: 'removal' },
    { ...base, legId: 3, departureTimeUtc: '2025-06-01T19:00:00Z', arrivalTimeUtc: '2025-06-01T21:30:00Z', departureAirport: 'MGGT', arrivalAirport: 'KBRO', category: 'return' },
    // Two days later: a new mission.
    { ...base, legId: 4, departureDate: '2025-06-03', departureTimeUtc: '2025-06-03T12:00:00Z', arrivalTimeUtc: '2025-06-03T13:00:00Z', departureAirport: 'KBRO', arrivalAirport: 'KAEX', category: 'domestic_transfer' },
  ]);
  assert.equal(missions.length, 2);
  assert.deepEqual([missions[0].stops, missions[0].category, missions[0].removalLegs, missions[0].removalCountries], ['KAEX-KBRO-MGGT-KBRO', 'removal', 1, ['GT']]);
});

test('the same leg from two sources is one leg with two pieces of evidence; hex resolves through the registry', async () => {
  const store = await openProject(':memory:');
  try {
    await store.run(`INSERT INTO sources (path, file_name, sha256, bytes, kind, target_table, started_at) VALUES ('a', 'a', 'a', 1, 'test', 'flight_legs', now()), ('b', 'b', 'b', 1, 'adsb', 'flight_legs', now())`);
    const observed: FlightLegInput = { sourceKind: 'observer', sourceRow: 7, departureDate: '2025-10-01', departureTimeUtc: '2025-10-01T17:52:00Z', callsign: 'TYSON41',
      registration: 'N289GX', departure: { icao: 'KMSP' }, arrival: { iata: 'OMA' }, passengersOn: [{ count: 30, method: 'counted' }], evidence: { note: 'log' } };
    // ADS-B: only the hex (a2f016 = N289GX in the built-in registry), take-off 40 minutes later than logged.
    const tracked: FlightLegInput = { sourceKind: 'adsb', sourceRow: null, departureDate: '2025-10-01', departureTimeUtc: '2025-10-01T18:32:00Z', icao24: 'A2F016', callsign: 'TYSON41',
      departure: { icao: 'KMSP', inferred: { distanceKm: 1.2, candidatesWithinKm: 1 } }, arrival: { icao: 'KOMA' }, evidence: { link: 'https://adsb.lol/?icao=a2f016', note: 'trace' } };
    assert.deepEqual(await insertFlightLegs(store, 1, [observed]), { legsNew: 1, legsMerged: 0, unknownAirports: [] });
    assert.deepEqual(await insertFlightLegs(store, 2, [tracked]), { legsNew: 0, legsMerged: 1, unknownAirports: [] });
    const legs = await store.all('SELECT leg_id, registration, icao24, source_kinds, pax_on, pax_on_method, category, ice_link FROM flight_legs');
    assert.deepEqual(legs, [{ leg_id: 1, registration: 'N289GX', icao24: 'a2f016', source_kinds: 'adsb,observer', pax_on: 30, pax_on_method: 'counted', category: 'domestic_transfer', ice_link: 'observer' }]);
    const x = await explainLeg(store, 1);
    assert.equal(x?.evidence.length, 2);
    // Same aircraft and airports, take-offs 5 hours apart: two legs (a second rotation), not one.
    assert.equal(sameLeg(
      { aircraftKey: 'reg:N1', departureAirport: 'KMIA', arrivalAirport: 'MUHA', departureDate: '2020-01-01', departureTimeUtc: '2020-01-01T11:00:00Z', arrivalTimeUtc: null },
      { aircraftKey: 'reg:N1', departureAirport: 'KMIA', arrivalAirport: 'MUHA', departureDate: '2020-01-01', departureTimeUtc: '2020-01-01T16:00:00Z', arrivalTimeUtc: null }), false);
  } finally {
    store.close();
  }
});

test('bad input: a RadarBox export with a renamed column is refused naming the column; an unknown airport is kept and reported', async (t) => {
  const real = sharedData(t, 'flights/radarbox/radarbox-swq-wal-2020-01-12_2020-04-27.csv');
  if (!real) return;
  const dir = scratchDirSync('dw-flights-');
  const lines = readFileSync(real, 'utf8').split('\n').slice(0, 40);
  const renamed = join(dir, 'renamed.csv');
  writeFileSync(renamed, [lines[0].replace(',Departure,', ',Depart,'), ...lines.slice(1)].join('\n'));
  const store = await openProject(':memory:');
  try {
    await assert.rejects(ingestFile(store, renamed), (e: Error) => /renamed\.csv.*"Departure".*nothing from this file was stored/s.test(e.message));
    assert.equal(Number(await store.scalar('SELECT count(*) FROM flight_legs')), 0);
    const unknown = join(dir, 'unknown-airport.csv');
    writeFileSync(unknown, [lines[0], lines[1].replace('Harrisburg, PA(MDT/KMDT)', 'Nowhere (QQQ/QQQQ)').replace('"Harrisburg, PA(MDT/KMDT)"', '"Nowhere (QQQ/QQQQ)"'), ...lines.slice(2)].join('\n'));
    const s = await ingestFile(store, unknown);
    assert.equal(s.rowsRead, 39);
    assert.ok(s.notes.some((n) => n.includes('QQQQ')), s.notes.join('\n'));
    const kept = await store.one<{ category: string; raw: string }>("SELECT category, departure_airport_raw AS raw FROM flight_legs WHERE departure_airport = 'QQQQ'");
    assert.deepEqual(kept, { category: 'unresolved', raw: 'Nowhere (QQQ/QQQQ)' });
  } finally {
    store.close();
  }
});

test('baselines and GeoJSON', async () => {
  const store = await openProject(':memory:');
  try {
    await store.run(`INSERT INTO sources (path, file_name, sha256, bytes, kind, target_table, started_at) VALUES ('a', 'a', 'a', 1, 'test', 'flight_legs', now())`);
    // One TYSON removal on the 1st of each month, two in 2025-07: July's baseline is the mean of Jan–Jun = 1.
    const months = ['2024-07', '2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06', '2025-07', '2025-07'];
    await insertFlightLegs(store, 1, months.map((m, i) => ({ sourceKind: 'adsb', sourceRow: i, departureDate: `${m}-${i === 8 ? '15' : '01'}`, callsign: `TYSON${50 + i}`,
      icao24: 'acb2ba', departure: { icao: 'KAEX' }, arrival: { icao: 'MGGT' }, evidence: {} })));
    // The 2024-07 leg is not a removal: the TYSON rule and the registry row for acb2ba start in 2025 (dated rules).
    assert.equal(await store.scalar("SELECT category FROM flight_legs WHERE departure_date = DATE '2024-07-01'"), 'non_ice');
    const rows = await monthlyBaseline(store, []);
    const july = rows.find((r) => r.month === '2025-07');
    assert.deepEqual(july, { month: '2025-07', n: 2, previous_six_months_mean: 1, same_month_last_year: 1 });
    // No source covers 2024-08 … 2024-12 (no leg at all): those months are unknown, not 0, and so is 2025-01's mean.
    assert.deepEqual(rows.find((r) => r.month === '2024-09'), { month: '2024-09', n: null, previous_six_months_mean: null, same_month_last_year: null });
    assert.equal(rows.find((r) => r.month === '2025-01')?.previous_six_months_mean, null);
    // The first month's comparisons reach before the data: blank, not zero.
    assert.deepEqual(rows[0], { month: '2024-07', n: 1, previous_six_months_mean: null, same_month_last_year: null });
    // In covered months a filter that matches nothing gives 0: removals in 2025-01 … 2025-07 are all TYSON legs,
    // so for 2024-07 (covered, its leg non_ice) the removal count is 0.
    const removals = await monthlyBaseline(store, [{ column: 'category', op: '=', values: ['removal'] }]);
    assert.equal(removals[0].month, '2025-01');
    assert.equal(removals.find((r) => r.month === '2025-07')?.same_month_last_year, 0);
    const geo = await flightsGeoJson(store, []);
    const lines = geo.features.filter((f) => (f as { geometry: { type: string } }).geometry.type === 'LineString');
    assert.equal(lines.length, 9);
    const first = lines[0] as { geometry: { coordinates: number[][] } };
    // GeoJSON order is [lon, lat]: Alexandria is at about 92.5 W, 31.3 N.
    assert.ok(Math.abs(first.geometry.coordinates[0][0] + 92.55) < 0.1 && Math.abs(first.geometry.coordinates[0][1] - 31.33) < 0.1);
  } finally {
    store.close();
  }
});
