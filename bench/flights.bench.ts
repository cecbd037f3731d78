/**
 * Flights: RadarBox ingest (real export when ../shared/data is present, plus a larger synthetic one),
 * reclassification of every leg, insertFlightLegs for ADS-B-sized batches, and the airport `nearest`
 * lookup that runs for both ends of every ADS-B leg. Figures are noisy on a shared 2-core machine.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { ingestFile } from '../src/ingest/ingest.ts';
import { Store } from '../src/store/db.ts';
import { insertFlightLegs } from '../src/store/flights.ts';
import { reclassifyAircraft } from '../src/store/flight-classes.ts';
import { airportIndex } from '../src/reference/airports.ts';
import { writeRadarboxCsv } from '../src/synthetic/flights.ts';
import { Random } from '../src/synthetic/random.ts';
import type { FlightLegInput } from '../src/domain/flights.ts';
import type { BenchResult, BenchSuite } from './types.ts';

const REAL = resolve(import.meta.dirname, '../../shared/data/flights/radarbox/radarbox-swq-wal-2020-01-12_2020-04-27.csv');

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const start = performance.now();
  const value = await work();
  return { value, seconds: (performance.now() - start) / 1000 };
}

export const flightsSuite: BenchSuite = {
  name: 'flights',
  async run({ full }) {
    const results: BenchResult[] = [];
    const dir = resolve(import.meta.dirname, '../.tmp');
    mkdirSync(dir, { recursive: true });

    if (existsSync(REAL)) {
      const store = await Store.memory();
      const { value, seconds } = await timed(() => ingestFile(store, REAL));
      results.push({ name: 'RadarBox real export ingest (5,885 rows, parse + match + classify)', value: Math.round(value.rowsRead / seconds), unit: 'rows/s', note: `${seconds.toFixed(2)} s` });
      store.close();
    }

    const days = full ? 1460 : 365;
    const path = resolve(dir, `synthetic-radarbox-bench-${days}d.csv`);
    const rows = await writeRadarboxCsv(path, { seed: 7, from: '2025-01-01', days, missionsPerDay: 6 });
    const store = await Store.memory();
    const ingest = await timed(() => ingestFile(store, path));
    results.push({ name: `RadarBox synthetic ingest (${rows.toLocaleString('en-US')} rows)`, value: Math.round(rows / ingest.seconds), unit: 'rows/s', note: `${ingest.seconds.toFixed(2)} s` });
    const legs = Number(await store.scalar('SELECT count(*) FROM flight_legs'));
    const classify = await timed(() => store.transaction(() => reclassifyAircraft(store, 'all')));
    results.push({ name: `reclassify all legs and missions (${legs.toLocaleString('en-US')} legs)`, value: Math.round(legs / classify.seconds), unit: 'legs/s', note: `${classify.seconds.toFixed(2)} s` });

    // ADS-B-shaped batches: one day of traffic for many aircraft (hex only, inferred airports).
    const random = new Random(11);
    const airports = ['KAEX', 'KBRO', 'KHRL', 'KELP', 'KSAT', 'KIWA', 'KMIA', 'MGGT', 'MHLM', 'MSLP', 'KDFW', 'KATL', 'KORD', 'KLAX'];
    const batch = full ? 200_000 : 50_000;
    const adsb: FlightLegInput[] = Array.from({ length: batch }, (_, i) => {
      const t = Date.parse('2025-06-01T00:00:00Z') + random.int(0, 30 * 24) * 3600_000;
      return {
        sourceKind: 'adsb', sourceRow: null, departureDate: new Date(t).toISOString().slice(0, 10), departureTimeUtc: new Date(t).toISOString(),
        arrivalTimeUtc: new Date(t + 2 * 3600_000).toISOString(), icao24: (0xa00000 + (i % 5000)).toString(16), callsign: `TST${i % 900}`,
        departure: { icao: random.pick(airports), inferred: { distanceKm: 1, candidatesWithinKm: 1 } }, arrival: { icao: random.pick(airports) }, evidence: { note: 'bench' },
      };
    });
    const store2 = await Store.memory();
    await store2.run(`INSERT INTO sources (path, file_name, sha256, bytes, kind, target_table, started_at) VALUES ('bench', 'bench', 'bench', 1, 'adsb', 'flight_legs', now())`);
    const insert = await timed(() => store2.transaction(() => insertFlightLegs(store2, 1, adsb)));
    results.push({ name: `insertFlightLegs, ADS-B-shaped batch (${batch.toLocaleString('en-US')} legs, 5,000 aircraft, incl. classification)`, value: Math.round(batch / insert.seconds), unit: 'legs/s', note: `${insert.seconds.toFixed(2)} s` });
    store2.close();
    store.close();

    const index = airportIndex();
    const n = 1_000_000;
    const start = performance.now();
    let found = 0;
    for (let i = 0; i < n; i++) if (index.nearest(-55 + random.next() * 125, -180 + random.next() * 360, 15)) found++;
    const seconds = (performance.now() - start) / 1000;
    results.push({ name: 'airport nearest() within 15 km, random points', value: Math.round(n / seconds), unit: 'lookups/s', note: `${found.toLocaleString('en-US')} of ${n.toLocaleString('en-US')} found` });
    return results;
  },
};
