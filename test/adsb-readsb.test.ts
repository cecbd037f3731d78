/**
 * readsb trace_full files, through the real pipeline: ../shared/data/adsb/readsb/trace_full_ac671b.json
 * (N899DN, a Delta Boeing 737-900, 2025-02-04/05) and broken inputs built from it.
 *
 * What the file shows, checked by reading its JSON directly (python3 json, see the comments): 2,500
 * trace elements, 394 of them "ground"; callsigns DAL1812, DAL2418, DAL1615, DAL2927 in that order;
 * the first element is at 32,000 ft over Belize (16.777 N, 88.037 W), the last on the ground at Denver.
 */
import { scratchDirSync } from './helpers/store.ts';
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdirSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ingestFile } from '../src/ingest/ingest.ts';
import { UserError } from '../src/domain/errors.ts';
import { Store } from '../src/engine/db.ts';
import { tarHeader } from '../src/synthetic/adsb.ts';
import { main } from '../src/cli/bin.ts';
import { sharedData } from './helpers/shared-data.ts';
import { openProject } from '../src/app/project.ts';

const FILE = 'adsb/readsb/trace_full_ac671b.json';

function tmp(): string {
  return scratchDirSync('dw-readsb-');
}

function tar(path: string, members: { name: string; data: Buffer }[]): void {
  const parts: Buffer[] = [];
  for (const m of members) {
    parts.push(tarHeader(m.name, m.data.length, 0), m.data, Buffer.alloc((512 - (m.data.length % 512)) % 512));
  }
  parts.push(Buffer.alloc(1024));
  writeFileSync(path, Buffer.concat(parts));
}

test('trace_full_ac671b: the four flights of N899DN with their airports; ground points are not flights', async (t) => {
  const path = sharedData(t, FILE);
  if (!path) return;
  const store = await openProject(':memory:');
  try {
    const s = await ingestFile(store, path);
    assert.equal(s.kind, 'readsb-trace');
    assert.equal(s.rowsRead, 2500);
    assert.equal(s.rowsStored, 2500);
    const legs = await store.all<{ callsigns: string; departure_airport: string | null; arrival_airport: string | null; departure_basis: string; arrival_basis: string }>(
      'SELECT callsigns, departure_airport, arrival_airport, departure_basis, arrival_basis FROM adsb_legs ORDER BY departure_time');
    assert.deepEqual(legs.map((l) => `${l.callsigns}: ${l.departure_airport ?? 'unknown'} → ${l.arrival_airport ?? 'unknown'}`), [
      // The recording starts at 32,000 ft over Belize: the departure is out of coverage, so unknown (no guess).
      'DAL1812: unknown → KMSP',
      // Lands out of coverage east of Spokane: the trace ends at 8,450 ft, 37 km from KGEG, descending.
      'DAL2418: KMSP → KGEG',
      // Appears next morning climbing through 11,275 ft 22 km east of KGEG, lands at Minneapolis.
      'DAL1615: KGEG → KMSP',
      // Ground points at both ends: off at MSP, landing roll on a Denver runway.
      'DAL2927: KMSP → KDEN',
    ]);
    assert.deepEqual(legs.map((l) => `${l.departure_basis}/${l.arrival_basis}`), ['none/ground', 'ground/approach', 'approach/ground', 'ground/ground']);
    // The 394 "ground" elements are all outside legs, and nothing else is.
    const outside = await store.scalar<number>('SELECT count(*) FROM positions WHERE leg_id IS NULL');
    const groundInLegs = await store.scalar<number>('SELECT count(*) FROM positions WHERE flags & 1 = 1 AND leg_id IS NOT NULL');
    assert.equal(Number(outside), 394);
    assert.equal(Number(groundInLegs), 0);
    // The same legs reach the flight model, as ADS-B legs with a replay link.
    const flight = await store.all<{ n: number; kinds: string; links: number }>(
      `SELECT count(*) AS n, string_agg(DISTINCT source_kinds, ',') AS kinds, count(DISTINCT e.link) AS links
       FROM flight_legs f JOIN flight_evidence e USING (leg_id)`);
    assert.equal(Number(flight[0].n), 4);
    assert.equal(flight[0].kinds, 'adsb');
    assert.equal(Number(flight[0].links), 4);
    const link = await store.scalar<string>("SELECT link FROM flight_evidence ORDER BY leg_id LIMIT 1");
    assert.match(link, /^https:\/\/globe\.adsb\.lol\/\?icao=ac671b&showTrace=2025-02-04&startTime=\d\d:\d\d&endTime=\d\d:\d\d$/);
  } finally {
    store.close();
  }
});

test('the same trace gzipped, in a tar archive and in a folder gives the same legs', async (t) => {
  const path = sharedData(t, FILE);
  if (!path) return;
  const dir = tmp();
  const raw = readFileSync(path);
  writeFileSync(join(dir, 'trace_full_ac671b.json.gz'), gzipSync(raw));
  tar(join(dir, 'day.tar'), [{ name: 'traces/1b/trace_full_ac671b.json', data: gzipSync(raw) }]);
  mkdirSync(join(dir, 'day', 'traces', '1b'), { recursive: true });
  copyFileSync(path, join(dir, 'day', 'traces', '1b', 'trace_full_ac671b.json'));
  for (const input of ['trace_full_ac671b.json.gz', 'day.tar', 'day']) {
    const store = await openProject(':memory:');
    try {
      const s = await ingestFile(store, join(dir, input));
      assert.equal(s.kind, 'readsb-trace', input);
      assert.equal(s.rowsStored, 2500, input);
      const arrivals = (await store.all<{ a: string | null }>('SELECT arrival_airport AS a FROM adsb_legs ORDER BY departure_time')).map((r) => r.a);
      assert.deepEqual(arrivals, ['KMSP', 'KGEG', 'KMSP', 'KDEN'], input);
    } finally {
      store.close();
    }
  }
});

test('bad input: truncated gzip, no "trace" field, latitude 200, an empty archive — clear messages, the other files still ingested', async (t) => {
  const path = sharedData(t, FILE);
  if (!path) return;
  const dir = tmp();
  const raw = readFileSync(path);
  const gz = gzipSync(raw);
  writeFileSync(join(dir, 'truncated.json.gz'), gz.subarray(0, Math.floor(gz.length / 2)));
  const doc = JSON.parse(raw.toString('utf8'));
  const { trace, ...header } = doc;
  writeFileSync(join(dir, 'no-trace.json'), JSON.stringify(header));
  const bad = { ...doc, trace: trace.map((row: unknown[], i: number) => (i === 100 ? [row[0], 200, ...row.slice(2)] : row)) };
  writeFileSync(join(dir, 'lat200.json'), JSON.stringify(bad));
  writeFileSync(join(dir, 'empty.tar'), Buffer.alloc(10240));
  const good = join(dir, 'good.json');
  copyFileSync(path, good);

  const store = await openProject(':memory:');
  try {
    const fails = async (name: string, pattern: RegExp) => {
      await assert.rejects(() => ingestFile(store, join(dir, name)), (e: unknown) => e instanceof UserError && pattern.test(e.message) && e.message.includes(name));
    };
    await fails('truncated.json.gz', /gzip stream is truncated.*nothing from this file was stored/);
    await fails('no-trace.json', /no "trace" field \(keys found: icao, r, t/);
    await fails('empty.tar', /holds no trace_full_<hex>\.json files \(it is empty\)/);
    // Latitude 200: that one element is quarantined with its row and column, the rest of the file stored.
    const s = await ingestFile(store, join(dir, 'lat200.json'));
    assert.equal(s.rowsRead, 2500);
    assert.equal(s.rowsQuarantined, 1);
    const issue = await store.one<{ row: number; column: string; value: string; problem: string }>('SELECT "row", "column", value, problem FROM row_issues');
    assert.deepEqual({ row: Number(issue!.row), column: issue!.column, value: issue!.value }, { row: 101, column: 'lat', value: '200' });
    assert.match(issue!.problem, /latitude outside -90…90/);
  } finally {
    store.close();
  }

  // One CLI run over the four bad files and a good one: the good one is stored, the run says 4 failed.
  const db = join(dir, 'cli.duckdb');
  const errors: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string) => { errors.push(String(chunk)); return true; }) as typeof process.stderr.write;
  let code: number;
  try {
    code = await main(['node', 'deportwatch', '--db', db, '-q', 'ingest', ...['truncated.json.gz', 'no-trace.json', 'empty.tar', 'good.json'].map((f) => join(dir, f))]);
  } finally {
    process.stderr.write = write;
  }
  assert.equal(code, 1);
  assert.match(errors.join(''), /3 of 4 files could not be ingested/);
  const cli = await openProject(db);
  try {
    assert.equal(Number(await cli.scalar("SELECT count(*) FROM sources WHERE file_name = 'good.json'")), 1);
    assert.equal(Number(await cli.scalar('SELECT count(*) FROM adsb_legs')), 4);
  } finally {
    cli.close();
  }
});

test('a member of an archive that cannot be read is one quarantined row naming it; the other members are stored', async (t) => {
  const path = sharedData(t, FILE);
  if (!path) return;
  const dir = tmp();
  const raw = readFileSync(path);
  const gz = gzipSync(raw);
  tar(join(dir, 'day.tar'), [
    { name: 'traces/1b/trace_full_ac671b.json', data: gz },
    { name: 'traces/ff/trace_full_0000ff.json', data: gz.subarray(0, 5000) },
  ]);
  const store = await openProject(':memory:');
  try {
    const s = await ingestFile(store, join(dir, 'day.tar'));
    assert.equal(s.rowsStored, 2500);
    assert.equal(s.rowsQuarantined, 1);
    const issue = await store.one<{ sheet: string; problem: string }>('SELECT sheet, problem FROM row_issues');
    assert.equal(issue!.sheet, 'traces/ff/trace_full_0000ff.json');
    assert.match(issue!.problem, /member not read: the gzip stream is truncated/);
  } finally {
    store.close();
  }
});
