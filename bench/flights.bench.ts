/**
 * Flights: RadarBox ingest (the real export when ../shared/data is present, plus a larger synthetic
 * one), `insertFlightLegs` on ADS-B-sized batches (a first day into an empty store, then a second
 * batch that meets stored legs of the same aircraft), reclassification of every leg (when nothing
 * changed, and when every leg's class changed), and the airport `nearest` lookup that runs for both
 * ends of every ADS-B leg. Each figure gives wall and CPU time (DuckDB's threads included): the
 * machine is shared and wall times are noisy. Targets: docs/performance.md "Flights".
 */
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { ingestFile } from '../src/ingest/ingest.ts';
import { Store } from '../src/engine/db.ts';
import { insertFlightLegs } from '../src/flights/legs-store.ts';
import { reclassifyAircraft } from '../src/flights/classes-store.ts';
import { airportIndex } from '../src/reference/airports.ts';
import { writeRadarboxCsv } from '../src/synthetic/flights.ts';
import { Random } from '../src/synthetic/random.ts';
import type { FlightLegInput } from '../src/domain/flights.ts';
import type { BenchResult, BenchSuite } from './types.ts';
import { openProject } from '../src/app/project.ts';

const REAL = resolve(import.meta.dirname, '../../shared/data/flights/radarbox/radarbox-swq-wal-2020-01-12_2020-04-27.csv');

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; seconds: number; cpu: number }> {
  const start = performance.now();
  const cpu0 = process.cpuUsage();
  const value = await work();
  const cpu = process.cpuUsage(cpu0);
  return { value, seconds: (performance.now() - start) / 1000, cpu: (cpu.user + cpu.system) / 1e6 };
}

const note = (t: { seconds: number; cpu: number }, extra = '') => `${t.seconds.toFixed(2)} s wall, ${t.cpu.toFixed(2)} s CPU${extra}`;

/** ADS-B-shaped legs: hex only, inferred departure airports, two-hour flights over `days` days from `from`. */
function adsbLegs(count: number, from: string, days: number, seed: number): FlightLegInput[] {
  const random = new Random(seed);
  const airports = ['KAEX', 'KBRO', 'KHRL', 'KELP', 'KSAT', 'KIWA', 'KMIA', 'MGGT', 'MHLM', 'MSLP', 'KDFW', 'KATL', 'KORD', 'KLAX'];
  return Array.from({ length: count }, (_, i) => {
    const t = Date.parse(`${from}T00:00:00Z`) + random.int(0, days * 24 - 1) * 3600_000;
    return {
      sourceKind: 'adsb', sourceRow: null, departureDate: new Date(t).toISOString().slice(0, 10), departureTimeUtc: new Date(t).toISOString(),
      arrivalTimeUtc: new Date(t + 2 * 3600_000).toISOString(), icao24: (0xa00000 + (i % 5000)).toString(16), callsign: `TST${i % 900}`,
      departure: { icao: random.pick(airports), inferred: { distanceKm: 1, candidatesWithinKm: 1 } }, arrival: { icao: random.pick(airports) }, evidence: { note: 'bench' },
    };
  });
}

export const flightsSuite: BenchSuite = {
  name: 'flights',
  async run({ full }) {
    const results: BenchResult[] = [];
    const dir = resolve(import.meta.dirname, '../.tmp');
    mkdirSync(dir, { recursive: true });

    if (existsSync(REAL)) {
      // The first file of a process also builds the airport index and compiles the code: reported apart.
      const runs = [];
      for (let i = 0; i < 4; i++) {
        const store = await openProject(':memory:');
        runs.push(await timed(() => ingestFile(store, REAL)));
        store.close();
      }
      const rows = runs[0].value.rowsRead;
      const cold = runs[0], warm = runs.slice(1).sort((a, b) => a.seconds - b.seconds)[0];
      results.push({ name: `RadarBox real export ingest, first in process (${rows.toLocaleString('en-US')} rows)`, value: Math.round(rows / cold.seconds), unit: 'rows/s', note: note(cold) });
      results.push({ name: 'RadarBox real export ingest, warm (best of 3)', value: Math.round(rows / warm.seconds), unit: 'rows/s', target: '>= 20000 rows/s', met: rows / warm.seconds >= 20_000, note: note(warm) });
    }

    const days = full ? 1460 : 365;
    const path = resolve(dir, `synthetic-radarbox-bench-${days}d.csv`);
    const rows = await writeRadarboxCsv(path, { seed: 7, from: '2025-01-01', days, missionsPerDay: 6 });
    const store = await openProject(':memory:');
    const ingest = await timed(() => ingestFile(store, path));
    results.push({ name: `RadarBox synthetic ingest (${rows.toLocaleString('en-US')} rows)`, value: Math.round(rows / ingest.seconds), unit: 'rows/s', target: '>= 20000 rows/s', met: rows / ingest.seconds >= 20_000, note: note(ingest) });
    store.close();

    // ADS-B-shaped batches: a month of traffic of 5,000 aircraft into an empty store, then the next week's.
    const batch = full ? 200_000 : 50_000;
    const first = adsbLegs(batch, '2025-06-01', 30, 11);
    const second = adsbLegs(Math.round(batch / 4), '2025-06-28', 7, 12);
    const adsb = await openProject(':memory:');
    await adsb.run(`INSERT INTO sources (path, file_name, sha256, bytes, kind, target_table, started_at) VALUES ('bench', 'bench', 'bench', 1, 'adsb', 'flight_legs', now())`);
    const insert = await timed(() => adsb.transaction(() => insertFlightLegs(adsb, 1, first)));
    results.push({ name: `insertFlightLegs, ADS-B batch into an empty store (${batch.toLocaleString('en-US')} legs, 5,000 aircraft, incl. classification and missions)`,
      value: Math.round(batch / insert.seconds), unit: 'legs/s', target: '>= 100000 legs/s', met: batch / insert.seconds >= 100_000, note: note(insert) });
    const next = await timed(() => adsb.transaction(() => insertFlightLegs(adsb, 1, second)));
    results.push({ name: `insertFlightLegs, next batch meeting stored legs (${second.length.toLocaleString('en-US')} legs, ${next.value.legsMerged.toLocaleString('en-US')} matched)`,
      value: Math.round(second.length / next.seconds), unit: 'legs/s', note: note(next) });

    const legs = Number(await adsb.scalar('SELECT count(*) FROM flight_legs'));
    const same = await timed(() => adsb.transaction(() => reclassifyAircraft(adsb, 'all')));
    results.push({ name: `reclassify all legs and missions, nothing changed (${legs.toLocaleString('en-US')} legs)`, value: Math.round(legs / same.seconds), unit: 'legs/s',
      target: '>= 100000 legs/s', met: legs / same.seconds >= 100_000, note: note(same) });
    // As after a registry load that changes every leg: every class and mission is written again.
    await adsb.run("UPDATE flight_legs SET category = 'changed', ice_link_reason = NULL");
    const all = await timed(() => adsb.transaction(() => reclassifyAircraft(adsb, 'all')));
    results.push({ name: `reclassify all legs and missions, every leg changed (${legs.toLocaleString('en-US')} legs)`, value: Math.round(legs / all.seconds), unit: 'legs/s',
      target: '>= 100000 legs/s', met: legs / all.seconds >= 100_000, note: note(all) });
    adsb.close();

    const index = airportIndex();
    const random = new Random(11);
    const n = 1_000_000;
    const start = performance.now();
    let found = 0;
    for (let i = 0; i < n; i++) if (index.nearest(-55 + random.next() * 125, -180 + random.next() * 360, 15)) found++;
    const seconds = (performance.now() - start) / 1000;
    results.push({ name: 'airport nearest() within 15 km, random points', value: Math.round(n / seconds), unit: 'lookups/s', note: `${found.toLocaleString('en-US')} of ${n.toLocaleString('en-US')} found` });
    return results;
  },
};
