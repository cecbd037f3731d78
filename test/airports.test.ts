/**
 * The airport reference (src/reference/airports.ts), checked against two independent tables read in
 * place: OpenFlights' airports.dat (ODbL) and UWCHR's tables of deportation destinations missing from
 * common airport databases.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { airportIndex, haversineKm } from '../src/reference/airports.ts';
import { countryCode, countryName } from '../src/reference/countries.ts';
import { parseCsv } from '../src/domain/csv.ts';
import { sharedData } from './helpers/shared-data.ts';

/** OpenFlights rows: id, name, city, country, IATA, ICAO, lat, lon, alt_ft, … ("\N" = none). */
function openflights(path: string): Map<string, { iata: string | null; lat: number; lon: number; altFt: number; country: string }> {
  const out = new Map();
  for (const r of parseCsv(readFileSync(path, 'utf8'))) {
    if (r.length < 9 || r[5] === '\\N') continue;
    out.set(r[5], { iata: r[4] === '\\N' ? null : r[4], lat: Number(r[6]), lon: Number(r[7]), altFt: Number(r[8]), country: r[3] });
  }
  return out;
}

test('deportation destinations and ICE hubs resolve by ICAO with OpenFlights coordinates and IATA', (t) => {
  const path = sharedData(t, 'airports/openflights-airports.dat');
  if (!path) return;
  const of = openflights(path);
  const ix = airportIndex();
  // Guatemala City, Tegucigalpa, San Pedro Sula, San Salvador, the Alexandria/Brownsville/Mesa hubs, Havana.
  for (const icao of ['MGGT', 'MHTG', 'MHLM', 'MSLP', 'KAEX', 'KBRO', 'KIWA', 'MUHA', 'KYKM', 'KMSP']) {
    const mine = ix.byIcao(icao);
    const theirs = of.get(icao);
    assert.ok(mine, `${icao} is in the reference`);
    assert.ok(theirs, `${icao} is in OpenFlights`);
    assert.equal(mine.iata, theirs.iata, `${icao} IATA`);
    assert.ok(haversineKm(mine.latDeg, mine.lonDeg, theirs.lat, theirs.lon) < 3, `${icao} within 3 km of OpenFlights' position`);
  }
  assert.equal(ix.byIcao('MGGT')!.countryCode, 'GT');
  assert.equal(ix.byIcao('MHTG')!.countryCode, 'HN');
  assert.equal(ix.byIcao('MSLP')!.countryCode, 'SV');
  // Mesa Gateway is KIWA by ICAO, AZA by IATA (OpenFlights row 6505: "AZA","KIWA"); "KAZA" is not a code.
  assert.equal(ix.byIata('AZA')!.icao, 'KIWA');
  assert.equal(ix.byIcao('KAZA'), undefined);
  // Honduras' San Pedro Sula is MHLM (OpenFlights); "MHSP" is no ICAO code any reference knows.
  assert.equal(ix.byIcao('MHSP'), undefined);
});

test('the package and OpenFlights agree on nearly every airport they share', (t) => {
  const path = sharedData(t, 'airports/openflights-airports.dat');
  if (!path) return;
  const of = openflights(path);
  const ix = airportIndex();
  let shared = 0, close = 0;
  for (const a of ix.all) {
    const o = of.get(a.icao);
    if (!o) continue;
    shared++;
    if (haversineKm(a.latDeg, a.lonDeg, o.lat, o.lon) < 10) close++;
  }
  // Both derive from OurAirports, so a large share disagreeing would mean the wrong column was read (lat/lon swapped …).
  assert.ok(shared > 3500, `shared ${shared}`);
  assert.ok(close / shared > 0.98, `${close}/${shared} within 10 km`);
});

test('every UWCHR deportation destination resolves, at the coordinates UWCHR gives', (t) => {
  const missing = sharedData(t, 'airports/uwchr-airports-missing-from-gad.csv');
  const dest = sharedData(t, 'airports/uwchr-destination-locations.csv');
  if (!missing || !dest) return;
  const ix = airportIndex();
  // 294 + 54 data rows (`grep -c .` gives 295 and 55 lines with the headers; the files lack a final newline, so wc -l says one less).
  const rows = [
    ...parseCsv(readFileSync(missing, 'utf8')).slice(1).map((r) => ({ code: r[0], lat: Number(r[1]), lon: Number(r[2]) })),
    ...parseCsv(readFileSync(dest, 'utf8')).slice(1).map((r) => ({ code: r[0], lat: Number(r[4]), lon: Number(r[5]) })),
  ].filter((r) => r.code);
  assert.equal(rows.length, 294 + 54);
  const far: string[] = [];
  for (const r of rows) {
    const a = ix.byIcao(r.code);
    assert.ok(a, `${r.code} resolves`);
    if (haversineKm(a.latDeg, a.lonDeg, r.lat, r.lon) > 15) far.push(r.code);
  }
  // A handful of UWCHR rows are rounded or point at an older runway; more than 5% far would be a wrong mapping.
  assert.ok(far.length < rows.length * 0.05, `far: ${far.join(' ')}`);
});

test('tracker strings parse into codes and airports', () => {
  const ix = airportIndex();
  const gua = ix.parseTrackerAirport('Guatemala City(GUA/MGGT)')!;
  assert.deepEqual([gua.city, gua.iata, gua.icao, gua.airport?.icao], ['Guatemala City', 'GUA', 'MGGT', 'MGGT']);
  const mia = ix.parseTrackerAirport('Miami, FL (MIA/KMIA)')!;
  assert.deepEqual([mia.city, mia.iata, mia.icao], ['Miami, FL', 'MIA', 'KMIA']);
  // Airports without an IATA code: "(/KENV)" and RadarBox's "Wendover, UT (KENV)".
  assert.equal(ix.parseTrackerAirport('(/KENV)')!.airport?.icao, 'KENV');
  const env = ix.parseTrackerAirport('Wendover, UT (KENV)')!;
  assert.deepEqual([env.iata, env.icao], [null, 'KENV']);
  // A non-breaking space as trackers write it, and unknown codes kept as written.
  assert.equal(ix.parseTrackerAirport('Havana\u00a0(HAV/MUHA)')!.airport?.countryCode, 'CU');
  const unknown = ix.parseTrackerAirport('Nowhere (QQQ/QQQQ)')!;
  assert.deepEqual([unknown.icao, unknown.airport], ['QQQQ', null]);
  assert.equal(ix.parseTrackerAirport(''), null);
  assert.equal(ix.parseTrackerAirport('Guatemala City'), null);
});

test('nearest finds the airport under a point and counts the candidates', () => {
  const ix = airportIndex();
  // La Aurora's runway midpoint is about 14.583 N, 90.527 W: the only medium/large airport within 20 km.
  const near = ix.nearest(14.5833, -90.5275, 20)!;
  assert.equal(near.airport.icao, 'MGGT');
  assert.ok(near.distanceKm < 1);
  assert.equal(near.candidatesWithinKm, 1);
  // Mid-Pacific: nothing within 50 km.
  assert.equal(ix.nearest(0, -150, 50), null);
  // Near the antimeridian: Fiji's Nadi (NFFN, 17.755 S 177.443 E per OpenFlights) from 6 km east of it.
  assert.equal(ix.nearest(-17.755, 177.5, 20)!.airport.icao, 'NFFN');
});

test('ICE hubs carry the source of that fact', () => {
  const ix = airportIndex();
  for (const icao of ['KAEX', 'KBRO', 'KHRL', 'KELP', 'KIWA', 'MUGM']) assert.match(ix.byIcao(icao)!.iceHub?.source ?? '', /FIELD-NOTES|Human Rights First/);
  // Guatemala City is a destination, not a U.S. hub.
  assert.equal(ix.byIcao('MGGT')!.iceHub, undefined);
});

test('country names become ISO alpha-2 codes', () => {
  assert.equal(countryCode('MEXICO'), 'MX');
  assert.equal(countryCode('El Salvador'), 'SV');
  assert.equal(countryCode('HONDURAS'), 'HN');
  assert.equal(countryCode('GTM'), 'GT');
  assert.equal(countryCode('Atlantis'), undefined);
  assert.equal(countryName('GT'), 'Guatemala');
});
