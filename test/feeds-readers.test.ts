/**
 * The text and JSON readers on the real recordings in ../shared/data/adsb: SBS (the decode of the Beast
 * capture), the adsb.lol and readsb JSON-lines streams, aircraft.json documents and the OpenSky
 * snapshot months. Expected counts come from python3 reading the same files, not from the readers.
 */
import test, { type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { JsonLinesReader, parseAircraftJson, readJsonLinesFile } from '../src/feeds/aircraft-json.ts';
import { parseOpenSky, snapshotsToResponses } from '../src/feeds/opensky.ts';
import { SbsReader } from '../src/feeds/sbs.ts';
import { ErrorCounts, type PositionUpdate } from '../src/feeds/types.ts';
import { sharedData } from './helpers/shared-data.ts';

/** Runs python3 code over the file and returns its printed JSON; skips the test visibly without python3. */
function python(t: TestContext, code: string, path: string): unknown {
  if (spawnSync('python3', ['--version']).error) {
    t.skip('needs python3 to count the file independently of the reader');
    return null;
  }
  return JSON.parse(execFileSync('python3', ['-c', code, path], { encoding: 'utf8' }));
}

test('SBS: the real decode gives 4,644 updates; its 2 summary lines are counted as not MSG lines', (t) => {
  const path = sharedData(t, 'adsb/live/beast-capture-2018-04-03.sbs');
  if (!path) return;
  const updates: PositionUpdate[] = [];
  const reader = new SbsReader((u) => updates.push(u));
  const text = readFileSync(path, 'utf8');
  // Fed in odd-sized chunks, so lines are cut between chunks as on a socket.
  for (let i = 0; i < text.length; i += 1000) reader.push(text.slice(i, i + 1000));
  reader.end();
  const counts = python(t, `import sys,json
lines=open(sys.argv[1]).read().split('\\n')
msg=[l.split(',') for l in lines if l.startswith('MSG,')]
print(json.dumps({'msg': len(msg), 'other': sum(1 for l in lines if l.strip() and not l.startswith('MSG,')),
 'type8': sum(1 for f in msg if f[1]=='8'), 'pos': sum(1 for f in msg if f[14])}))`, path) as Record<string, number> | null;
  if (!counts) return;
  assert.deepEqual(counts, { msg: 8622, other: 2, type8: 3978, pos: 1456 });
  assert.deepEqual(reader.errors.toJSON(), { 'sbs-not-msg-line': counts.other });
  // MSG,8 (all-call) lines carry only the address: no update, counted as ignored.
  assert.equal(reader.ignored.get('no-data'), counts.type8);
  assert.equal(updates.length, counts.msg - counts.type8);
  assert.equal(updates.filter((u) => u.latDeg !== undefined).length, counts.pos);
  // First position line: MSG,3,…,71BE34,…,19:02:28.951,…,35000,,,59.73459,31.99796,…,0
  const first = updates.find((u) => u.latDeg !== undefined)!;
  assert.deepEqual(first, {
    feed: 'sbs', receivedAt: first.receivedAt, icao24: '71be34', messageTime: Date.UTC(2018, 3, 3, 19, 2, 28, 951) / 1000,
    altitudeFt: 35000, latDeg: 59.73459, lonDeg: 31.99796, onGround: false,
  });
});

test('SBS: malformed lines are counted by kind, never thrown', () => {
  const updates: PositionUpdate[] = [];
  const reader = new SbsReader((u) => updates.push(u));
  reader.push([
    'MSG,3,1,1,ABC,1,2018/04/03,19:02:28.951,2018/04/10,21:24:39.448,,35000,,,59.7,31.9,,,,,,0', // 3-digit hex
    'MSG,9,1,1,71BE34,1,2018/04/03,19:02:28.951,2018/04/10,21:24:39.448,,35000,,,,,,,,,,0',
    'MSG,3,1,1,71BE34,1,2018/04/03,19:02:28.951,2018/04/10,21:24:39.448,,35x00,,,,,,,,,,0',
    'MSG,3,1,1,71BE34,1,2018/04/03,19:02:28.951,2018/04/10,21:24:39.448,,35000,,,99.1,31.9,,,,,,0',
    'MSG,3,1,1',
    'MSG,3,1,1,71BE34,1,garbage,garbage,garbage,garbage,,35000,,,,,,,,,,0',
    'MSG,6,1,1,71BE34,1,2018/04/03,19:02:28.951,2018/04/10,21:24:39.448,,,,,,,,7X00,,,,0',
    'AIR,,1,1,71BE34,1,2018/04/03,19:02:28.951,2018/04/10,21:24:39.448',
    'MSG,1,1,1,71BE34,1,2018/04/03,19:02:28.951,2018/04/10,21:24:39.448,AAR542  ,,,,,,,,,,,0',
    'MSG,3,1,1,71BE34,1,2018/04/03,19:02:28.951,2018/04/10,21:24:39.448,,,,,,,,,,,,-1',
    'MSG,3,1,1,71BE34,1,2018/04/03,19:02:28.9',
  ].join('\r\n'));
  reader.discardPartial(); // the connection dropped in the middle of the last line
  assert.deepEqual(reader.errors.toJSON(), {
    'sbs-bad-hex': 1, 'sbs-bad-number': 1, 'sbs-bad-squawk': 1, 'sbs-bad-time': 1, 'sbs-bad-type': 1,
    'sbs-not-msg-line': 1, 'sbs-position-out-of-range': 1, 'sbs-too-few-fields': 1, 'sbs-truncated-line': 1,
  });
  assert.deepEqual(updates.map((u) => [u.callsign, u.onGround]), [['AAR542', false], [undefined, true]]);
});

test('JSON lines: the adsb.lol day gives one update per line, 521 aircraft, non-ICAO addresses kept', async (t) => {
  const path = sharedData(t, 'adsb/live/adsblol-stream-2025-06-01-tile36-122.jsonl.gz');
  if (!path) return;
  const updates: PositionUpdate[] = [];
  const reader = await readJsonLinesFile(path, (u) => updates.push(u));
  const expected = python(t, `import sys,json,gzip
L=[json.loads(l) for l in gzip.open(sys.argv[1],'rt')]
print(json.dumps({'lines': len(L), 'hexes': len({x['hex'] for x in L}), 'tilde': sum(1 for x in L if x['hex'].startswith('~')),
 'nested': sum(1 for x in L if x.get('flightdict')), 'first': [L[0]['hex'], L[0]['now'], L[0]['lat'], L[0]['lon'], L[0]['alt_baro'], L[0]['gscp']]}))`, path) as
    { lines: number; hexes: number; tilde: number; nested: number; first: [string, number, number, number, number, number] } | null;
  if (!expected) return;
  assert.equal(expected.lines, 44120);
  assert.equal(reader.lines, expected.lines);
  assert.equal(updates.length, expected.lines);
  assert.equal(reader.errors.total(), 0);
  assert.equal(new Set(updates.map((u) => u.icao24)).size, expected.hexes);
  assert.equal(updates.filter((u) => u.icao24.startsWith('~')).length, expected.tilde, 'TIS-B "~" addresses are kept, marked non-ICAO');
  const [hex, now, lat, lon, alt, gs] = expected.first;
  assert.deepEqual([updates[0]!.icao24, updates[0]!.messageTime, updates[0]!.latDeg, updates[0]!.lonDeg, updates[0]!.altitudeFt, updates[0]!.groundspeedKt], [hex, now, lat, lon, alt, gs]);
  // Line 3 has a nested flightdict: its baro_rate (−256 ft/min) and alt_geom (1,400 ft) are read.
  assert.equal(updates[2]!.verticalRateFpm, -256);
  assert.equal(updates[2]!.altitudeGeomFt, 1400);
});

test('JSON lines: the readsb hour has 847 heartbeat lines, counted as heartbeats, not errors', async (t) => {
  const path = sharedData(t, 'adsb/live/readsb-stream-1h-2023-08-29.jsonl');
  if (!path) return;
  const updates: PositionUpdate[] = [];
  const reader = await readJsonLinesFile(path, (u) => updates.push(u));
  const expected = python(t, `import sys,json
L=[json.loads(l) for l in open(sys.argv[1])]
print(json.dumps([len(L), sum(1 for x in L if 'hex' not in x), len({x['hex'] for x in L if 'hex' in x})]))`, path) as number[] | null;
  if (!expected) return;
  assert.deepEqual(expected, [5767, 847, 59]);
  assert.equal(reader.ignored.get('heartbeat'), expected[1]);
  assert.equal(updates.length, expected[0]! - expected[1]!);
  assert.equal(new Set(updates.map((u) => u.icao24)).size, expected[2]);
  assert.equal(reader.errors.total(), 0);
});

test('aircraft.json: ground, non-ICAO hex, seen_pos and malformed entries', () => {
  const updates: PositionUpdate[] = [];
  const errors = new ErrorCounts();
  parseAircraftJson({
    now: 1000, messages: 5, aircraft: [
      { hex: 'A1B2C3', flight: 'TYSON54 ', alt_baro: 'ground', gs: 3.1, lat: 31.3, lon: -92.5, seen: 0.4, seen_pos: 2.5, squawk: '1200' },
      { hex: '~00f0a1', alt_baro: 3500, baro_rate: -640, lat: 31.0, lon: -92.0, seen: 1 },
      { hex: 'zzzzzz', lat: 1, lon: 2 },
      { flight: 'NOHEX' },
      { hex: 'a1b2c4', lat: 91, lon: 0 },
      { hex: 'a1b2c5', lat: 30 },
      { hex: 'a1b2c6', alt_baro: 'high' },
      'not an object',
    ],
  }, 1001, errors, (u) => updates.push(u));
  assert.deepEqual(updates, [
    { feed: 'aircraft-json', receivedAt: 1001, icao24: 'a1b2c3', messageTime: 997.5, callsign: 'TYSON54', latDeg: 31.3, lonDeg: -92.5, onGround: true, groundspeedKt: 3.1, squawk: '1200' },
    { feed: 'aircraft-json', receivedAt: 1001, icao24: '~00f0a1', messageTime: 999, latDeg: 31, lonDeg: -92, altitudeFt: 3500, onGround: false, verticalRateFpm: -640 },
  ]);
  assert.deepEqual(errors.toJSON(), { 'bad-altitude': 1, 'bad-hex': 1, 'entry-not-object': 1, 'half-position': 1, 'missing-hex': 1, 'position-out-of-range': 1 });
  parseAircraftJson({ aircraft: [] }, 0, errors, () => {});
  parseAircraftJson([1, 2], 0, errors, () => {});
  assert.equal(errors.get('missing-now'), 1);
  assert.equal(errors.get('not-aircraft-json'), 1);
  const lines = new JsonLinesReader(() => {});
  lines.line('{"now": 1, "hex": "abc123"');
  lines.line('[1]');
  assert.deepEqual(lines.errors.toJSON(), { 'bad-json': 1, 'entry-not-object': 1 });
});

test('OpenSky: snapshot months become responses; metres and m/s become feet, knots and ft/min', (t) => {
  const path = sharedData(t, 'adsb/opensky-snapshots/ice-hubs-2026-05.json');
  if (!path) return;
  const records = JSON.parse(readFileSync(path, 'utf8')) as { icao24: string; callsign: string; altitude_m: number | null; velocity_ms: number | null; vertrate: number | null; on_ground: boolean }[];
  const responses = snapshotsToResponses(records);
  const updates: PositionUpdate[] = [];
  const errors = new ErrorCounts();
  for (const r of responses) parseOpenSky(r, r.time, errors, (u) => updates.push(u));
  assert.equal(updates.length, 1114, 'README: 1,114 snapshots');
  assert.equal(errors.total(), 0);
  // The second record: NDU753 aa265e at 541.02 m, 32.39 m/s, −1.63 m/s, airborne.
  const u = updates[1]!;
  assert.equal(u.icao24, 'aa265e');
  assert.equal(u.callsign, 'NDU753');
  assert.equal(Math.round(u.altitudeFt!), 1775); // 541.02 / 0.3048 = 1,775.0
  assert.equal(u.groundspeedKt!.toFixed(2), '62.96'); // 32.39 × 3600 / 1852
  assert.equal(Math.round(u.verticalRateFpm!), -321); // −1.63 × 60 / 0.3048 = −320.9
  // TYSON54 (acb2ba) is in the month, as the data README says.
  assert.ok(updates.some((x) => x.icao24 === 'acb2ba' && x.callsign === 'TYSON54'));
  assert.equal(updates.filter((x) => x.onGround).length, records.filter((r) => r.on_ground).length);
  parseOpenSky({ time: 5, states: [['a1b2c3'], [42, null, null, 1, 1, 0, 0, 0, false, 0, 0, 0, null, 0, null, false, 0]] }, 5, errors, () => {});
  assert.deepEqual(errors.toJSON(), { 'bad-hex': 1, 'state-too-short': 1 });
});
