/**
 * RadarBox flight-history exports (as saved by UWCHR for the SWQ/WAL ICE Air contractors, 2020): one
 * row per leg. Columns `Date, Flight, Departure "City(IATA/ICAO)", STD, Arrival, STA, Aircraft
 * "B734 (N430XA)", Status, Duration, Airline` plus split airport columns (ArrivalLoc/IATA/ICAO …).
 * Messy as exported: leading spaces in flight numbers, non-breaking spaces inside times ("Landed
 * 15:52 EST"), blank airports, airports without IATA code ("Wendover, UT (KENV)"), rows repeated.
 * Layout and caveats: docs/sources.md "RadarBox flight-history exports".
 */
import { UserError } from '../../domain/errors.ts';
import { isoFromMs, type FlightLegInput } from '../../domain/flights.ts';
import type { RowIssue } from '../../domain/provenance.ts';
import { airportIndex, type TrackerAirport } from '../../reference/airports.ts';
import { insertFlightLegs } from '../../flights/legs-store.ts';
import { insertTrackerRows, type TrackerRow } from '../../flights/tracker-rows.ts';
import { recordSourceColumns } from '../../engine/source-columns.ts';
import { clean, readDelimited } from '../common/delimited-rows.ts';
import { splitCsvLine } from '../../domain/csv.ts';
import type { FileHead, IngestContext, Source, SourceCounts } from '../types.ts';
import { readFile } from 'node:fs/promises';

/** Where each RadarBox column goes (`deportwatch sources show`); every cell is also kept as published in tracker_rows.raw. */
const STORED_AS: Record<string, string> = {
  Date: 'tracker_rows.export_date (as written: the local date of departure); flight_legs.departure_date when the row has no STD',
  Flight: 'flight_legs.flight_number (spaces removed)',
  Departure: 'flight_legs.departure_airport (ICAO in parentheses), departure_airport_raw',
  STD: 'flight_legs.departure_time_utc (local time and zone → UTC), departure_date; tracker_rows.departure_date_utc',
  Arrival: 'flight_legs.arrival_airport (ICAO in parentheses), arrival_airport_raw',
  Aircraft: 'flight_legs.aircraft_type, registration (trimmed, upper case)',
  Status: 'flight_legs.status; arrival_time_utc from "Landed HH:MM ZONE"',
  Duration: 'flight_legs.arrival_time_utc when the landing is after midnight',
  Airline: 'flight_legs.operator',
  DepartureICAO: 'flight_legs.departure_airport when Departure is blank',
  DepartureIATA: 'flight_legs.departure_airport when Departure is blank',
  ArrivalICAO: 'flight_legs.arrival_airport when Arrival is blank',
  ArrivalIATA: 'flight_legs.arrival_airport when Arrival is blank',
};

/** Columns a RadarBox export must have; the others are read when present. */
const REQUIRED = ['Date', 'Flight', 'Departure', 'Arrival', 'Aircraft'];
const KNOWN = [...REQUIRED, 'STD', 'STA', 'Status', 'Duration', 'Airline'];

/**
 * UTC offsets (hours) of the zone abbreviations RadarBox writes after local times. "CST"/"CDT" in Cuba
 * mean Cuba Standard/Daylight Time (UTC−5/−4), not U.S. Central: RadarBox writes Havana departures as
 * "01:00 CST" and the 45-minute flights to Miami only fit with Cuba's offset.
 */
const ZONES: Record<string, number> = {
  EST: -5, EDT: -4, CST: -6, CDT: -5, MST: -7, MDT: -6, PST: -8, PDT: -7, AKST: -9, AKDT: -8, HST: -10,
  AST: -4, ADT: -3, BRT: -3, ECT: -5, PET: -5, COT: -5, SRT: -3, BOT: -4, VET: -4, GMT: 0, UTC: 0,
};
const CUBA_ZONES: Record<string, number> = { CST: -5, CDT: -4 };

/** "12:45 EDT" on 2020-04-27 at an airport in country X → UTC ISO, or null with the reason. */
export function localToUtc(date: string, cell: string, countryCode: string | null): { utc: string | null; problem?: string } {
  const text = clean(cell).replace(/^(Landed|Est\. Arrival|Departed|Scheduled|Delayed)\s*/i, '');
  if (text === '') return { utc: null };
  const m = /^(\d{1,2}):(\d{2})\s*([A-Z]{2,5})$/.exec(text);
  if (!m) return { utc: null, problem: `time "${text}" is not HH:MM ZONE` };
  const zone = m[3];
  const offset = countryCode === 'CU' && zone in CUBA_ZONES ? CUBA_ZONES[zone] : ZONES[zone];
  if (offset === undefined) return { utc: null, problem: `time zone "${zone}" is not one deportwatch knows; time left blank` };
  const ms = Date.parse(`${date}T${m[1].padStart(2, '0')}:${m[2]}:00Z`) - offset * 3600_000;
  return { utc: iso(ms) };
}

const DAY_MS = 86400_000;

function iso(ms: number): string {
  return isoFromMs(ms).replace('.000Z', 'Z');
}

/** "03h43m" → milliseconds, or null. */
export function durationMs(cell: string): number | null {
  const m = /^(\d+)h(\d+)m$/.exec(clean(cell));
  return m ? (Number(m[1]) * 60 + Number(m[2])) * 60_000 : null;
}

/**
 * The landing time in UTC. RadarBox gives only a clock time ("Landed 01:49 AST") and the row's date,
 * which is the local date of departure, so a landing after midnight belongs to the next day. With the
 * departure time known, a landing earlier than it moves a day on; without it, the flight's duration
 * tells whether the flight took off before midnight of the row's date (then the landing is on the next
 * day); with neither, the landing time is left blank rather than guessed.
 */
export function arrivalUtc(date: string, departure: string | null, landedOnDate: string | null, status: string, duration: string): string | null {
  if (!landedOnDate) return null;
  const landed = Date.parse(landedOnDate);
  if (departure) return iso(landed < Date.parse(departure) ? landed + DAY_MS : landed);
  const flown = durationMs(duration);
  const clock = /(\d{1,2}):(\d{2})/.exec(clean(status));
  if (flown === null || !clock) return null;
  const localLanding = Date.parse(`${date}T${clock[1].padStart(2, '0')}:${clock[2]}:00Z`);
  return iso(localLanding - flown < Date.parse(`${date}T00:00:00Z`) ? landed + DAY_MS : landed);
}

function headerIndex(cells: string[]): Map<string, number> {
  const map = new Map<string, number>();
  cells.forEach((c, i) => { const name = clean(c); if (name && !map.has(name)) map.set(name, i); });
  return map;
}

function isRadarboxHeader(cells: string[]): { missing: string[]; found: number } {
  const names = headerIndex(cells);
  const found = KNOWN.filter((k) => names.has(k)).length;
  return { missing: REQUIRED.filter((k) => !names.has(k)), found };
}

/** "B734 (N430XA)" → type and registration; "B734" → type only. */
export function parseAircraftCell(cell: string): { type: string | null; registration: string | null } {
  const text = clean(cell);
  const m = /^([A-Z0-9]{2,4})?\s*(?:\(([A-Z0-9-]+)\))?$/i.exec(text);
  if (!m) return { type: null, registration: null };
  return { type: m[1]?.toUpperCase() ?? null, registration: m[2]?.toUpperCase() ?? null };
}

/** The split columns as a fallback when the combined "City(IATA/ICAO)" cell is blank. */
function splitAirport(cells: string[], names: Map<string, number>, prefix: 'Departure' | 'Arrival'): { iata: string | null; icao: string | null } {
  const get = (n: string) => (names.has(n) ? clean(cells[names.get(n)!]).replace(/[()]/g, '') : '');
  const iata = get(`${prefix}IATA`), icao = get(`${prefix}ICAO`);
  return { iata: /^[A-Z0-9]{3}$/.test(iata) ? iata : null, icao: /^[A-Z0-9]{4}$/.test(icao) ? icao : /^[A-Z0-9]{4}$/.test(iata) ? iata : null };
}

async function ingest(head: FileHead, context: IngestContext): Promise<SourceCounts> {
  const rows = readDelimited(await readFile(head.path, 'utf8'), ',');
  const header = rows[0];
  const { missing } = isRadarboxHeader(header?.cells ?? []);
  if (missing.length) {
    throw new UserError(`${context.file}: line ${header?.line ?? 1}: RadarBox export without the column(s) ${missing.map((m) => `"${m}"`).join(', ')}; ` +
      `the header has: ${(header?.cells ?? []).map(clean).filter(Boolean).join(', ')}. Rename the column back (deportwatch reads columns by their published names) — nothing from this file was stored`);
  }
  const names = headerIndex(header.cells);
  // Column positions looked up once (-1 when the export lacks an optional column).
  const at = (name: string) => names.get(name) ?? -1;
  const C = { date: at('Date'), flight: at('Flight'), dep: at('Departure'), arr: at('Arrival'), std: at('STD'), status: at('Status'), duration: at('Duration'), aircraft: at('Aircraft'), airline: at('Airline') };
  const cell = (row: string[], index: number) => (index < 0 ? '' : clean(row[index]));
  const airports = airportIndex();
  const issues: RowIssue[] = [];
  const legs: FlightLegInput[] = [];
  const notes: string[] = [];
  const unparsedAirports = new Map<string, number>();
  const parsedAirports = new Map<string, TrackerAirport | null>();
  const badTimes = new Map<string, number>();
  const data = rows.slice(1);
  const width = header.cells.length;
  // Every data row as published, beside the legs (report tracker_rows).
  const published: TrackerRow[] = [];
  for (const { line, cells } of data) {
    if (cells.length !== width) {
      issues.push({ file: context.file, row: line, column: null, value: cells.join(','), problem: `${cells.length} cells where the header has ${width}` });
      published.push({ line, cells, exportDate: null, departureDateUtc: null, outcome: 'quarantined' });
      continue;
    }
    const date = cell(cells, C.date);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) {
      issues.push({ file: context.file, row: line, column: 'Date', value: date, problem: 'not a date YYYY-MM-DD' });
      published.push({ line, cells, exportDate: null, departureDateUtc: null, outcome: 'quarantined' });
      continue;
    }
    const depCell = cell(cells, C.dep), arrCell = cell(cells, C.arr);
    const end = (raw: string, name: 'Departure' | 'Arrival') => {
      // An export names a few hundred airports thousands of times: each cell is parsed once.
      let parsed: TrackerAirport | null = null;
      if (raw) {
        const known = parsedAirports.get(raw);
        parsed = known !== undefined ? known : airports.parseTrackerAirport(raw);
        if (known === undefined) parsedAirports.set(raw, parsed);
      }
      if (raw && !parsed) unparsedAirports.set(raw, (unparsedAirports.get(raw) ?? 0) + 1);
      const split = raw ? { iata: null, icao: null } : splitAirport(cells, names, name);
      const icao = parsed?.icao ?? split.icao;
      const iata = parsed?.iata ?? split.iata;
      const country = parsed?.airport?.countryCode ?? (icao ? airports.byIcao(icao)?.countryCode : undefined) ?? (iata ? airports.byIata(iata)?.countryCode : undefined) ?? null;
      return { reported: raw || icao || iata ? { icao, iata, raw: raw || null } : null, country };
    };
    const dep = end(depCell, 'Departure'), arr = end(arrCell, 'Arrival');
    const stdCell = cell(cells, C.std);
    const std = localToUtc(date, stdCell, dep.country);
    const status = cell(cells, C.status);
    const landed = /^(Landed|Est\. Arrival)\s+\d/i.test(status) ? localToUtc(date, status, arr.country) : { utc: null };
    if (std.problem) badTimes.set(std.problem, (badTimes.get(std.problem) ?? 0) + 1);
    if (landed.problem) badTimes.set(landed.problem, (badTimes.get(landed.problem) ?? 0) + 1);
    const duration = cell(cells, C.duration);
    const arrival = arrivalUtc(date, std.utc, landed.utc, status, duration);
    const aircraft = parseAircraftCell(cell(cells, C.aircraft));
    const flightCell = cell(cells, C.flight);
    const flight = flightCell.replace(/\s+/g, '') || null;
    legs.push({
      sourceKind: 'radarbox',
      sourceRow: line,
      departureDate: std.utc ? std.utc.slice(0, 10) : date,
      departureTimeUtc: std.utc,
      arrivalTimeUtc: arrival,
      departureTimeBasis: std.utc ? 'scheduled' : null,
      flightNumber: flight,
      registration: aircraft.registration,
      aircraftType: aircraft.type,
      operator: cell(cells, C.airline) || null,
      departure: dep.reported,
      arrival: arr.reported,
      status: status || null,
      evidence: { note: `RadarBox row: ${[date, flight, depCell || '(no departure)', stdCell, '→', arrCell || '(no arrival)', status, duration].filter(Boolean).join(' ')}` },
    });
    published.push({ line, cells, exportDate: date, departureDateUtc: std.utc ? std.utc.slice(0, 10) : null, outcome: 'leg' });
    if (legs.length % 1000 === 0) context.progress(legs.length + issues.length);
  }
  await context.quarantine(issues);
  const result = await insertFlightLegs(context.store, context.sourceId, legs);
  await insertTrackerRows(context.store, context.sourceId, 'radarbox', header.cells, published);
  await recordSourceColumns(context.store, context.sourceId, header.cells.map((published) => ({ published, storedAs: STORED_AS[clean(published)] ?? null })));
  context.progress(data.length);
  if (result.legsMerged) notes.push(`${result.legsMerged} rows repeat a leg already stored (same aircraft, airports and time): kept as a second piece of evidence of that leg, not a second leg`);
  if (result.unknownAirports.length) notes.push(`airport codes no reference knows (kept as written on the legs): ${result.unknownAirports.join(', ')}`);
  for (const [raw, n] of unparsedAirports) notes.push(`airport cell without a code in parentheses, kept as written (${n} rows): ${raw}`);
  for (const [problem, n] of badTimes) notes.push(`${n} rows: ${problem}`);
  const blank = legs.filter((l) => !l.departure || !l.arrival).length;
  if (blank) notes.push(`${blank} rows with a blank departure or arrival airport: stored, category "unresolved" unless the other end decides it`);
  return { rowsRead: data.length, rowsStored: legs.length, rowsQuarantined: issues.length, notes };
}

export const radarboxFlights: Source = {
  kind: 'radarbox-flights',
  title: 'RadarBox flight-history export (CSV: Date, Flight, Departure "City(IATA/ICAO)", STD, Arrival, Aircraft, Status …)',
  tables: ['flight_legs'],
  sniff(head) {
    if (head.text === null || head.lines.length === 0) return { confidence: 0 };
    const cells = splitCsvLine(head.lines[0], ',');
    const { missing, found } = isRadarboxHeader(cells);
    if (missing.length === 0) return { confidence: 0.95, reason: 'RadarBox header (Date, Flight, Departure, STD, Arrival, Aircraft, Status)' };
    // A header with most RadarBox columns but one renamed: claim it, so ingest can name the missing column.
    if (found >= 5) return { confidence: 0.6, reason: `RadarBox-like header without ${missing.join(', ')}` };
    return { confidence: 0 };
  },
  ingest,
};
