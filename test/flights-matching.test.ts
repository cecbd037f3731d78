/**
 * Cross-source leg matching as a pure function (src/flights/matching.ts): no database, the same rules
 * the store applies to a batch, so a live feed can run them too.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FlightLegInput } from '../src/domain/flights.ts';
import { candidateDateRanges, matchLegs, prepareLegs, type Candidate } from '../src/flights/matching.ts';
import { builtinRegistry, DatedRegistry } from '../src/flights/rules.ts';

const registry = new DatedRegistry(builtinRegistry());

function leg(fields: Partial<FlightLegInput> & Pick<FlightLegInput, 'departureDate'>): FlightLegInput {
  return { sourceKind: 'adsb', sourceRow: null, departure: { icao: 'KAEX' }, arrival: { icao: 'MGGT' }, evidence: {}, ...fields };
}

test('two reports of one flight an hour apart are one leg; the same route the next day is another', () => {
  const { prepared } = prepareLegs([
    // a2f016 is N289GX in the registry from 2025-01-01: the hex and the tail name one aircraft.
    leg({ departureDate: '2025-10-01', icao24: 'A2F016', departureTimeUtc: '2025-10-01T15:02:00.000Z' }),
    leg({ sourceKind: 'radarbox', sourceRow: 7, departureDate: '2025-10-01', registration: 'n289gx', departureTimeUtc: '2025-10-01T16:00:00.000Z' }),
    leg({ departureDate: '2025-10-02', icao24: 'a2f016', departureTimeUtc: '2025-10-02T15:10:00.000Z' }),
  ], registry);
  assert.deepEqual(prepared.map((p) => p.registration), ['N289GX', 'N289GX', 'N289GX']);
  const result = matchLegs(prepared, new Map(), 1);
  assert.equal(result.legsNew, 2);
  assert.equal(result.legsMerged, 1);
  assert.deepEqual(prepared.map((p) => p.legId), [1, 1, 2]);
  assert.deepEqual([...result.newLegs.get(1)!].map((p) => p.leg.sourceKind), ['adsb', 'radarbox']);
});

test('an input matches a stored candidate (the oldest first) and never becomes a second leg', () => {
  const { prepared } = prepareLegs([leg({ departureDate: '2025-10-01', icao24: 'a2f016', departureTimeUtc: '2025-10-01T15:30:00.000Z' })], registry);
  const stored: Candidate[] = [
    { legId: 40, departureMs: Date.parse('2025-10-01T15:00:00Z'), arrivalMs: NaN, departureDate: '2025-10-01', flightDigits: null },
    { legId: 41, departureMs: Date.parse('2025-10-01T15:20:00Z'), arrivalMs: NaN, departureDate: '2025-10-01', flightDigits: null },
  ];
  const result = matchLegs(prepared, new Map([[prepared[0].bucket!, stored]]), 42);
  assert.equal(result.legsNew, 0);
  assert.equal(prepared[0].legId, 40);
  assert.equal(result.mergedInputs.length, 1);
});

test('a leg without a known aircraft or without both airports matches nothing, and is a leg of its own', () => {
  const { prepared, unknownAirports } = prepareLegs([
    leg({ departureDate: '2025-10-01' }),
    leg({ departureDate: '2025-10-01' }),
    leg({ departureDate: '2025-10-01', icao24: 'a2f016', arrival: { raw: 'ZZZZ' } }),
    leg({ departureDate: '2025-10-01', icao24: 'a2f016', arrival: { raw: 'ZZZZ' } }),
  ], registry);
  // ZZZZ is in no airport reference: kept as reported, and reported as unknown.
  assert.deepEqual([...unknownAirports], ['ZZZZ']);
  assert.equal(prepared[0].bucket, null, 'no aircraft identity');
  const result = matchLegs(prepared, new Map(), 1);
  // The two ZZZZ legs name an airport, so they can match each other; the two without an aircraft cannot.
  assert.equal(result.legsNew, 3);
  assert.deepEqual(candidateDateRanges(prepared), new Map([['reg:N289GX', ['2025-10-01', '2025-10-01']]]));
});
