/**
 * ICE Air ARTS missions as flight legs: ICE's own record of a mission (MissionID, MissionDate,
 * MsnStart, MsnStpOne … MsnStpEight, MsnEnd, tail number, vendor) becomes one leg per pair of
 * consecutive stops, and the passengers table's pick-ups and drop-offs become counts on those legs
 * (method `manifest`). Pure; the store reads the rows (src/flights/arts-store.ts). Rules and reasons:
 * docs/flights.md "ARTS missions".
 */
import type { FlightLegInput, ReportedAirport } from '../domain/flights.ts';
import { airportIndex } from '../reference/airports.ts';

/** One row of `arts_missions` as the store reads it. */
export interface ArtsMissionRow {
  sourceRow: number;
  missionDate: string;
  missionId: string | null;
  missionNumber: string | null;
  /** MsnStart, MsnStpOne … MsnStpEight, MsnEnd as stored (codes, or names in later installments; blanks null). */
  airports: (string | null)[];
  tailNumber: string | null;
  vendor: string | null;
  cancelReason: string | null;
  flightHoursActual: number | null;
}

/** The key that ties a mission row to its passengers: MissionID, else MissionNumber on MissionDate. */
export function missionKey(missionId: string | null, missionNumber: string | null, missionDate: string): string | null {
  if (missionId) return `id:${missionId}`;
  if (missionNumber) return `number:${missionNumber}@${missionDate}`;
  return null;
}

export interface ArtsAirport {
  /** The cell as written. */
  raw: string;
  reported: ReportedAirport;
  /** What stops are compared by: the ICAO code when a reference knows the airport, else the cell in upper case. */
  key: string;
  known: boolean;
  /** How it was resolved (`code`, `name`, …), for notes. */
  how: string | null;
}

const resolved = new Map<string, ArtsAirport>();

/**
 * An ARTS airport cell: a 4-character ICAO code (KAEX), a 3-character IATA code, or an airport's name
 * ("ALEXANDRIA INTERNATIONAL", in later installments), resolved through the airport reference. A cell
 * no reference knows is kept as written (the leg keeps it in `departure_airport_raw`) and reported.
 */
export function artsAirport(cell: string): ArtsAirport {
  const raw = cell.replace(/\u00a0/g, ' ').trim();
  const cached = resolved.get(raw);
  if (cached) return cached;
  const index = airportIndex();
  const upper = raw.toUpperCase();
  let result: ArtsAirport;
  const byCode = /^[A-Z0-9]{4}$/.test(upper) ? index.byIcao(upper) : /^[A-Z0-9]{3}$/.test(upper) ? index.byIata(upper) : undefined;
  if (byCode) result = { raw, reported: { icao: byCode.icao, raw }, key: byCode.icao, known: true, how: 'code' };
  else if (/^[A-Z0-9]{3,4}$/.test(upper)) result = { raw, reported: { raw: upper }, key: upper, known: false, how: null };
  else {
    const named = index.byName(raw);
    result = named.airport
      ? { raw, reported: { icao: named.airport.icao, raw }, key: named.airport.icao, known: true, how: named.how }
      : { raw, reported: { raw }, key: upper, known: false, how: named.candidates > 1 ? `ambiguous: ${named.candidates} airports` : null };
  }
  if (resolved.size > 50_000) resolved.clear();
  resolved.set(raw, result);
  return result;
}

/** The mission's airports in flying order: blanks skipped, a stop repeated in the next column counted once. */
export function missionStops(row: Pick<ArtsMissionRow, 'airports'>): ArtsAirport[] {
  const stops: ArtsAirport[] = [];
  for (const cell of row.airports) {
    if (cell == null || cell.trim() === '') continue;
    const a = artsAirport(cell);
    if (stops.length && stops[stops.length - 1].key === a.key) continue;
    stops.push(a);
  }
  return stops;
}

/**
 * A mission that did not fly: a cancel reason and no flight hours flown (msnFlightHoursActual blank or
 * 0). A cancel reason with hours flown is kept (part of the mission flew) and the reason shown.
 */
export function notFlown(row: Pick<ArtsMissionRow, 'cancelReason' | 'flightHoursActual'>): boolean {
  return !!row.cancelReason?.trim() && !(row.flightHoursActual != null && row.flightHoursActual > 0);
}

export interface ArtsLeg {
  input: FlightLegInput;
  /** 1-based position of the leg in its mission, and the mission's number of legs. */
  index: number;
  of: number;
  departure: ArtsAirport;
  arrival: ArtsAirport;
}

/** The evidence note of an ARTS leg; it starts with `ARTS mission … leg i/n:` (the store finds the leg's position by it). */
export function artsLegNote(row: ArtsMissionRow, index: number, of: number, dep: ArtsAirport, arr: ArtsAirport): string {
  return `ARTS mission ${row.missionId ?? row.missionNumber ?? '(no id)'} leg ${index}/${of}: ${dep.raw} → ${arr.raw} on ${row.missionDate}` +
    [row.missionNumber ? `mission number ${row.missionNumber}` : null, row.tailNumber ? `tail ${row.tailNumber}` : 'no tail number',
      row.vendor ? `vendor ${row.vendor}` : null, row.cancelReason ? `cancel reason "${row.cancelReason}" with ${row.flightHoursActual} flight hours flown` : null]
      .filter(Boolean).map((s) => `; ${s}`).join('');
}

/** Position of the leg in its mission from an ARTS evidence note, or null. */
export const ARTS_LEG_NOTE_PATTERN = '^ARTS mission .* leg ([0-9]+)/[0-9]+:';

/**
 * The legs of one mission row: consecutive stops, dated the mission date (ARTS gives no times; a
 * mission flown over midnight keeps the date of its record), aircraft by tail number, operator the
 * vendor. Nothing for a mission that did not fly or names fewer than two airports.
 */
export function artsMissionLegs(row: ArtsMissionRow): { legs: ArtsLeg[]; skipped: 'not-flown' | 'fewer-than-two-airports' | null } {
  if (notFlown(row)) return { legs: [], skipped: 'not-flown' };
  const stops = missionStops(row);
  if (stops.length < 2) return { legs: [], skipped: 'fewer-than-two-airports' };
  const of = stops.length - 1;
  const tail = row.tailNumber?.replace(/\s+/g, '').toUpperCase() || null;
  const legs = stops.slice(1).map((arr, i): ArtsLeg => {
    const dep = stops[i];
    return {
      index: i + 1, of, departure: dep, arrival: arr,
      input: {
        sourceKind: 'arts', sourceRow: row.sourceRow, departureDate: row.missionDate,
        registration: tail, operator: row.vendor?.trim() || null, departure: dep.reported, arrival: arr.reported,
        status: row.cancelReason?.trim() ? `ARTS cancel reason: ${row.cancelReason.trim()}` : null,
        evidence: { note: artsLegNote(row, i + 1, of, dep, arr) },
      },
    };
  });
  return { legs, skipped: null };
}

/** Passengers of one mission in one passengers table, grouped by pick-up and drop-off airport. */
export interface PassengerGroup {
  pickup: string | null;
  dropoff: string | null;
  /** People not struck from the list. */
  people: number;
  /** People struck from the list (StrikeFromList set): not counted as flown. */
  struck: number;
  firstRow: number;
}

export interface PlacedCount { legIndex: number; direction: 'on' | 'off'; airport: string; count: number; firstRow: number | null; struck: number }

/**
 * Pick-ups and drop-offs on the mission's legs. A passenger boards on the first leg leaving their
 * pick-up airport and leaves on the first leg from there on that lands at their drop-off airport
 * (KBRO → MGGT → KBRO: picked up at KBRO, dropped at MGGT). Every leg gets an `on` and an `off` count,
 * 0 where the table has nobody: the table covers this mission, and nobody boarding is a fact of it.
 * People whose airports are not among the stops in that order are not placed (`unplaced`).
 */
export function placePassengers(stops: ArtsAirport[], groups: PassengerGroup[]): { counts: PlacedCount[]; placed: number; unplaced: number; struck: number } {
  const legs = stops.length - 1;
  const on = new Array<number>(legs).fill(0), off = new Array<number>(legs).fill(0);
  const onRow = new Array<number | null>(legs).fill(null), offRow = new Array<number | null>(legs).fill(null);
  const onStruck = new Array<number>(legs).fill(0), offStruck = new Array<number>(legs).fill(0);
  let placed = 0, unplaced = 0, struck = 0;
  for (const g of groups) {
    struck += g.struck;
    const pickup = g.pickup ? artsAirport(g.pickup).key : null;
    const dropoff = g.dropoff ? artsAirport(g.dropoff).key : null;
    let i = -1, j = -1;
    if (pickup && dropoff) {
      i = stops.findIndex((s, k) => k < legs && s.key === pickup);
      if (i >= 0) for (let k = i; k < legs; k++) if (stops[k + 1].key === dropoff) { j = k; break; }
    }
    if (i < 0 || j < 0) { unplaced += g.people; continue; }
    placed += g.people;
    on[i] += g.people; off[j] += g.people;
    onStruck[i] += g.struck; offStruck[j] += g.struck;
    onRow[i] = Math.min(onRow[i] ?? Infinity, g.firstRow); offRow[j] = Math.min(offRow[j] ?? Infinity, g.firstRow);
  }
  const counts: PlacedCount[] = [];
  for (let k = 0; k < legs; k++) {
    counts.push({ legIndex: k + 1, direction: 'on', airport: stops[k].key, count: on[k], firstRow: onRow[k], struck: onStruck[k] });
    counts.push({ legIndex: k + 1, direction: 'off', airport: stops[k + 1].key, count: off[k], firstRow: offRow[k], struck: offStruck[k] });
  }
  return { counts, placed, unplaced, struck };
}
