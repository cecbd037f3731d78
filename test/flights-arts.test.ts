/**
 * ARTS missions in the flight model, on the synthetic ARTS fixture the demo uses (120 missions,
 * seed 2019: src/synthetic/arts.ts). Expected figures were computed with Python over the generated
 * files, not with deportwatch (snippets beside the assertions); the passengers are also counted here
 * by splitting the pipe-separated file by hand.
 */
import { scratchDirSync } from './helpers/store.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Store } from '../src/engine/db.ts';
import { ingestFile } from '../src/ingest/ingest.ts';
import { insertFlightLegs } from '../src/flights/legs-store.ts';
import { explainLeg } from '../src/reports/flights-queries.ts';
import { ARTS_MISSION_HEADER, artsMissionRows, artsPassengerRows, ARTS_PASSENGER_HEADER, writeArtsMissionsXlsx, writeArtsPassengersPsv } from '../src/synthetic/arts.ts';
import { openProject } from '../src/app/project.ts';

const OPTIONS = { missions: 120, seed: 2019 };
const dir = scratchDirSync('dw-arts-flights-');
const MISSIONS_XLSX = join(dir, 'synthetic-arts-missions-2019.xlsx');
const PASSENGERS_PSV = join(dir, 'synthetic-arts-passengers-2019.psv');
const ready = Promise.all([writeArtsMissionsXlsx(MISSIONS_XLSX, OPTIONS), writeArtsPassengersPsv(PASSENGERS_PSV, OPTIONS)]);

/** The passengers file read by hand: rows as header → cell. */
function passengerRows(): Record<string, string>[] {
  const [header, ...lines] = readFileSync(PASSENGERS_PSV, 'utf8').trimEnd().split('\n').map((l) => l.split('|'));
  return lines.map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i]])));
}

/** A missions table as pipe-separated text (the installments' usual export), optionally with airports written as names. */
function writeMissionsPsv(path: string, rename: (code: string) => string = (c) => c): Record<string, string>[] {
  const stopColumns = new Set(['MsnStart', 'MsnStpOne', 'MsnStpTwo', 'MsnStpThree', 'MsnStpFour', 'MsnStpFive', 'MsnStpSix', 'MsnStpSeven', 'MsnStpEight', 'MsnEnd']);
  const rows = [...artsMissionRows(OPTIONS)].map((cells) => Object.fromEntries(ARTS_MISSION_HEADER.map((h, i) => {
    const c = cells[i];
    const text = c == null ? '' : typeof c === 'object' && 'date' in c ? String(c.date) : String(c);
    return [h, stopColumns.has(h) && text ? rename(text) : text];
  })));
  writeFileSync(path, [ARTS_MISSION_HEADER.join('|'), ...rows.map((r) => ARTS_MISSION_HEADER.map((h) => r[h]).join('|'))].join('\n') + '\n');
  return rows;
}

const legColumns = `departure_date, registration, departure_airport, arrival_airport, category, ice_link, pax_on, pax_on_method, pax_off, pax_off_method`;

test('ARTS missions become legs with ICE link "manifest"; passengers become manifest counts, in either order of ingest', async () => {
  await ready;
  /*
   * Python over the generated workbook (zipfile + xml.etree on xl/worksheets/sheet1.xml):
   *   120 mission rows; 1 has msnCancelReason and msnFlightHoursActual 0 (not flown);
   *   legs = sum(len(stops without consecutive repeats) - 1) over the others = 162;
   *   legs landing at a non-K (foreign) airport = 119.
   */
  const results: Record<string, unknown>[][] = [];
  for (const order of [[MISSIONS_XLSX, PASSENGERS_PSV], [PASSENGERS_PSV, MISSIONS_XLSX]]) {
    const store = await openProject(':memory:');
    try {
      const summaries = [];
      for (const file of order) summaries.push(await ingestFile(store, file));
      assert.equal(Number(await store.scalar('SELECT count(*) FROM flight_legs')), 162);
      assert.equal(Number(await store.scalar("SELECT count(*) FROM flight_legs WHERE ice_link = 'manifest' AND ice_link_confidence = 'high' AND source_kinds = 'arts'")), 162);
      assert.equal(Number(await store.scalar("SELECT count(*) FROM flight_legs WHERE category = 'removal'")), 119);
      // One mission per flown mission (each mission's legs share the date and chain airport to airport).
      assert.equal(Number(await store.scalar('SELECT count(*) FROM flight_missions')), 119);
      const notes = summaries.flatMap((s) => s.notes).join('\n');
      assert.match(notes, /119 of 120 missions became 162 flight legs/);
      assert.match(notes, /1 missions have a cancel reason and no flight hours flown/);

      // Passengers counted by hand: rows whose StrikeFromList is not Y (struck from the list: did not fly).
      const rows = passengerRows();
      const flown = rows.filter((r) => r.StrikeFromList !== 'Y').length;
      assert.equal(rows.length, 11_702); // wc -l = 11,703 lines with the header
      assert.equal(flown, 11_591); // Python: sum(1 for r in rows if r['StrikeFromList'] != 'Y')
      const totals = await store.all<{ direction: string; method: string; people: number }>(`SELECT direction, method, sum(count) AS people FROM flight_passenger_counts GROUP BY ALL ORDER BY 1`);
      assert.deepEqual(totals.map((t) => [t.direction, t.method, Number(t.people)]), [['off', 'manifest', flown], ['on', 'manifest', flown]]);
      assert.match(notes, /placed on the legs of 119 missions: 11591 people; 111 struck from the list not counted/);

      // Mission 90002 (2019-01-07): KBRO → KAEX → MSLP. Python: Counter((PULOC, DropLoc)) for MissionID 90002 =
      // {(KBRO, KAEX): 26, (KAEX, MSLP): 79}: 26 on and off the first leg, 79 on the second and off at San Salvador.
      const mission = await store.all<{ departure_airport: string; arrival_airport: string; pax_on: number; pax_off: number; category: string }>(`SELECT l.departure_airport, l.arrival_airport, l.pax_on, l.pax_off, l.category
        FROM flight_legs l WHERE l.leg_id IN (SELECT leg_id FROM flight_evidence WHERE note LIKE 'ARTS mission 90002 leg%') ORDER BY l.leg_id`);
      assert.deepEqual(mission.map((m) => [m.departure_airport, m.arrival_airport, Number(m.pax_on), Number(m.pax_off), m.category]),
        [['KBRO', 'KAEX', 26, 26, 'domestic_transfer'], ['KAEX', 'MSLP', 79, 79, 'removal']]);
      results.push(await store.all(`SELECT ${legColumns} FROM flight_legs ORDER BY ${legColumns}`));
    } finally {
      store.close();
    }
  }
  assert.deepEqual(results[0], results[1], 'the same legs and counts whichever table comes first');
});

test('the same leg in ARTS and in a tracker export is one leg with two pieces of evidence', async () => {
  await ready;
  const path = join(dir, 'synthetic-arts-missions-codes.psv');
  const missions = writeMissionsPsv(path);
  const m = missions.find((r) => r.MissionID === '90002')!;
  const store = await openProject(':memory:');
  try {
    await ingestFile(store, path);
    const sourceId = Number(await store.scalar("INSERT INTO sources (path, file_name, sha256, bytes, kind, target_table, started_at) VALUES ('rb', 'rb', 'rb', 1, 'radarbox-flights', 'flight_legs', now()) RETURNING source_id"));
    // A tracker row for the second leg of mission 90002: same tail, airports and day, with a scheduled time.
    const result = await insertFlightLegs(store, sourceId, [{ sourceKind: 'radarbox', sourceRow: 17, departureDate: m.MissionDate, departureTimeUtc: `${m.MissionDate}T15:05:00Z`,
      flightNumber: 'WQ3501', registration: m.MsnTailNumber, departure: { icao: 'KAEX' }, arrival: { icao: 'MSLP' }, evidence: { note: 'tracker row' } }]);
    assert.deepEqual(result, { legsNew: 0, legsMerged: 1, unknownAirports: [] });
    const leg = await store.one<{ leg_id: number; source_kinds: string; ice_link: string; category: string; flight_number: string }>(`SELECT leg_id, source_kinds, ice_link, category, flight_number
      FROM flight_legs WHERE registration = $1 AND departure_airport = 'KAEX' AND arrival_airport = 'MSLP' AND departure_date = CAST($2 AS DATE)`, [m.MsnTailNumber, m.MissionDate]);
    assert.deepEqual([leg?.source_kinds, leg?.ice_link, leg?.category, leg?.flight_number], ['arts,radarbox', 'manifest', 'removal', 'WQ3501']);
    const x = await explainLeg(store, Number(leg!.leg_id));
    assert.equal(x?.evidence.length, 2);
    // The ARTS evidence points at the mission's row: 90002 is the third data row, line 4 of the file (header on line 1).
    const arts = x!.evidence.find((e) => e.kind === 'arts-missions')!;
    assert.equal(missions.indexOf(m), 2);
    assert.equal(Number(arts.source_row), 4);
    assert.match(String(arts.note), /^ARTS mission 90002 leg 2\/2: KAEX → MSLP on 2019-01-07/);
  } finally {
    store.close();
  }
});

test('airports written as names resolve through the airport reference; a name no reference knows is kept and reported', async () => {
  await ready;
  // The passengers table gives each airport code its ARTS name (air_AirportName beside PULOC): write the missions with those names.
  const names = new Map<string, string>();
  for (const cells of artsPassengerRows(OPTIONS)) {
    const r = Object.fromEntries(ARTS_PASSENGER_HEADER.map((h, i) => [h, cells[i]]));
    names.set(r.PULOC, r.air_AirportName);
    names.set(r.DropLoc, r.air2_AirportName);
  }
  // Mexico City's ARTS name differs most from OurAirports' ("Aeropuerto Internacional Lic. Benito Juárez"); one made-up name is unknown.
  assert.equal(names.get('MMMX'), 'BENITO JUAREZ INTERNATIONAL');
  names.set('MHLM', 'SYNTHETIC NOWHERE FIELD');
  const codes = join(dir, 'synthetic-arts-missions-codes-2.psv'), named = join(dir, 'synthetic-arts-missions-names.psv');
  writeMissionsPsv(codes);
  writeMissionsPsv(named, (code) => names.get(code) ?? code);
  const legsOf = async (file: string) => {
    const store = await openProject(':memory:');
    try {
      const s = await ingestFile(store, file);
      return { notes: s.notes, legs: await store.all<Record<string, string | null>>(`SELECT departure_date, registration, departure_airport, arrival_airport, arrival_airport_raw, category FROM flight_legs ORDER BY leg_id`) };
    } finally {
      store.close();
    }
  };
  const a = await legsOf(codes), b = await legsOf(named);
  assert.equal(a.legs.length, b.legs.length);
  // Python over the generated workbook: Counter of each flown mission's stops after the first: MHLM (San Pedro Sula) = 30.
  const toHonduras = a.legs.filter((l) => l.arrival_airport === 'MHLM').length;
  assert.equal(toHonduras, 30);
  a.legs.forEach((leg, i) => {
    const other = b.legs[i];
    if (leg.arrival_airport === 'MHLM') {
      // Unknown: kept as written, no airport code, category cannot be told.
      assert.deepEqual([other.arrival_airport, other.arrival_airport_raw, other.category], [null, 'SYNTHETIC NOWHERE FIELD', 'unresolved']);
    } else {
      assert.deepEqual([other.departure_date, other.registration, other.arrival_airport, other.category], [leg.departure_date, leg.registration, leg.arrival_airport, leg.category]);
    }
  });
  const notes = b.notes.join('\n');
  assert.match(notes, /BENITO JUAREZ INTERNATIONAL → MMMX/);
  assert.match(notes, /airports no reference knows, kept as written on the legs.*SYNTHETIC NOWHERE FIELD \(30 leg ends\)/);
});
