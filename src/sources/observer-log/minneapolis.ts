/**
 * Volunteer log of ICE flights at Minneapolis–St Paul (KMSP), in the layout of mbaynton/msp-ice-flights-
 * shiny: one row per aircraft visit — it arrives from `Origin` at `Arrive` (UTC) and leaves for
 * `Destination` at `Depart` (UTC); callsign, registration, an adsb.lol replay link holding the Mode S
 * hex, the aircraft's route of the day, detainees on (with `Count Method (Detainees On)`), detainees
 * off, vans and the convoy estimate. Layout and caveats: docs/sources.md "Observers' logs".
 */
import { readFile } from 'node:fs/promises';
import { UserError } from '../../domain/errors.ts';
import type { FlightLegInput, PassengerCount, PassengerMethod } from '../../domain/flights.ts';
import type { RowIssue } from '../../domain/provenance.ts';
import { insertFlightLegs } from '../../flights/legs-store.ts';
import { clean, readDelimited } from '../common/delimited-rows.ts';
import { splitCsvLine } from '../../domain/csv.ts';
import type { FileHead, IngestContext, Source, SourceCounts } from '../types.ts';

const REQUIRED = ['Date', 'Origin', 'Destination', 'Callsign', 'Reg', 'Arrive', 'Depart', 'Detainees On', 'Count Method (Detainees On)'];
const MSP = 'KMSP';

/** The log's count methods → deportwatch's, keeping the log's words as the detail. */
export function countMethod(text: string): PassengerMethod {
  const t = clean(text).toLowerCase();
  if (t.startsWith('counted')) return 'counted';
  if (t.startsWith('estimated')) return 'estimated';
  return 'unspecified';
}

function number(cell: string | undefined): number | null {
  const text = clean(cell);
  if (!/^\d+(\.0+)?$/.test(text)) return null;
  return Number(text);
}

function isoTime(cell: string | undefined): string | null {
  const text = clean(cell);
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z$/.test(text) ? text.replace(/\.\d+Z$/, 'Z') : null;
}

/**
 * The log's airports are 3-letter FAA identifiers (AEX, OMA, IWA). For U.S. airports the ICAO code is
 * K + the FAA identifier, so that is tried first and IATA only after: "IWA" is Phoenix–Mesa Gateway
 * (FAA IWA, ICAO KIWA), while the IATA code IWA belongs to Ivanovo, Russia.
 */
export function faaAirport(code: string): { icao: string; iata?: string; raw: string } {
  return code.length === 4 ? { icao: code, raw: code } : { icao: `K${code}`, iata: code, raw: code };
}

function header(lines: string[]): string[] | null {
  const cells = splitCsvLine(lines[0] ?? '', ',').map(clean);
  return REQUIRED.every((r) => cells.includes(r)) ? cells : null;
}

async function ingest(head: FileHead, context: IngestContext): Promise<SourceCounts> {
  if (!header(head.lines)) {
    const cells = splitCsvLine(head.lines[0] ?? '', ',').map(clean);
    throw new UserError(`${context.file}: line 1: Minneapolis observers' log without the column(s) ${REQUIRED.filter((r) => !cells.includes(r)).map((r) => `"${r}"`).join(', ')} — nothing from this file was stored`);
  }
  const rows = readDelimited(await readFile(head.path, 'utf8'), ',');
  const names = rows[0].cells.map(clean);
  const issues: RowIssue[] = [];
  const legs: FlightLegInput[] = [];
  const warnings: string[] = [];
  let stored = 0;
  const data = rows.slice(1);
  for (const { line, cells } of data) {
    const get = (name: string) => { const i = names.indexOf(name); return i >= 0 ? cells[i] ?? '' : ''; };
    const date = clean(get('Date'));
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
      issues.push({ file: context.file, row: line, column: 'Date', value: date, problem: 'not a date YYYY-MM-DD' });
      continue;
    }
    const arrive = isoTime(get('Arrive')), depart = isoTime(get('Depart'));
    for (const [column, value, parsed] of [['Arrive', get('Arrive'), arrive], ['Depart', get('Depart'), depart]] as const) {
      if (clean(value) && !parsed) warnings.push(`line ${line} column ${column}: ${JSON.stringify(clean(value))} is not a UTC time like 2025-10-01T16:58:00.000Z; time left blank, leg kept`);
    }
    const tracking = clean(get('Tracking'));
    const hex = /[?&]icao=([0-9a-f]{6})/i.exec(tracking)?.[1]?.toLowerCase() ?? null;
    const callsign = clean(get('Callsign')).replace(/\s+/g, '').toUpperCase() || null;
    const registration = clean(get('Reg')).toUpperCase() || null;
    const operator = clean(get('Airline')) || null;
    const route = clean(get('Aircraft Route (Day)'));
    const origin = clean(get('Origin')).toUpperCase();
    const destination = clean(get('Destination')).toUpperCase();
    const noteText = clean(get('Notes'));
    const note = (leg: string) => [`Minneapolis volunteer log ${date}: ${leg}`, route ? `route of the day ${route}` : '', noteText].filter(Boolean).join('; ');
    const on: PassengerCount[] = [];
    const detaineesOn = number(get('Detainees On'));
    const methodText = clean(get('Count Method (Detainees On)'));
    if (detaineesOn !== null) on.push({ count: detaineesOn, method: countMethod(methodText), detail: methodText || 'no count method given in the log' });
    else {
      // Without the log's summary figure, keep the raw observed count or the convoy estimate, marked as such.
      const observed = number(get('Detainees on, observed'));
      const convoy = number(get('Convoy detainee estimate'));
      if (observed !== null) on.push({ count: observed, method: 'counted', detail: 'column "Detainees on, observed"' });
      else if (convoy !== null) on.push({ count: convoy, method: 'estimated', detail: 'column "Convoy detainee estimate" (from vans)' });
    }
    const offCount = number(get('Detainees Off'));
    const off: PassengerCount[] = offCount === null ? [] : [{ count: offCount, method: 'unspecified', detail: 'the log gives no count method for detainees off' }];
    const base = { sourceKind: 'observer', sourceRow: line, callsign, flightNumber: callsign, registration, icao24: hex, operator, status: 'observed at Minneapolis' } as const;
    let made = 0;
    if (/^[A-Z0-9]{3,4}$/.test(origin)) {
      legs.push({ ...base, departureDate: date, arrivalTimeUtc: arrive, departure: faaAirport(origin), arrival: { icao: MSP },
        passengersOff: off, evidence: { link: tracking || null, note: note(`${origin} → MSP, arrived ${arrive ?? '(time not logged)'}`) } });
      made++;
    }
    if (/^[A-Z0-9]{3,4}$/.test(destination)) {
      legs.push({ ...base, departureDate: depart ? depart.slice(0, 10) : date, departureTimeUtc: depart, departureTimeBasis: depart ? 'observed' : null,
        departure: { icao: MSP }, arrival: faaAirport(destination),
        passengersOn: on, evidence: { link: tracking || null, note: note(`MSP → ${destination}, departed ${depart ?? '(time not logged)'}`) } });
      made++;
    }
    if (made === 0) {
      issues.push({ file: context.file, row: line, column: 'Origin', value: `${origin} / ${destination}`, problem: 'neither origin nor destination is an airport code: no leg can be formed' });
      continue;
    }
    stored++;
  }
  await context.quarantine(issues);
  const result = await insertFlightLegs(context.store, context.sourceId, legs);
  context.progress(data.length);
  const notes = [`${stored} aircraft visits became ${legs.length} legs (arriving at and leaving MSP)`];
  notes.push(...warnings);
  if (result.legsMerged) notes.push(`${result.legsMerged} legs were already stored from another source: added as evidence`);
  if (result.unknownAirports.length) notes.push(`airport codes no reference knows (kept as written): ${result.unknownAirports.join(', ')}`);
  return { rowsRead: data.length, rowsStored: stored, rowsQuarantined: issues.length, notes };
}

export const minneapolisObserverLog: Source = {
  kind: 'observer-log-msp',
  title: 'Volunteer log of ICE flights at Minneapolis–St Paul (CSV: Date, Origin, Destination, Callsign, Reg, Tracking, Arrive, Depart, Detainees On, Count Method …)',
  tables: ['flight_legs'],
  sniff(head) {
    if (head.text === null) return { confidence: 0 };
    return header(head.lines) ? { confidence: 0.95, reason: 'Minneapolis log header (Callsign, Reg, Detainees On, Count Method (Detainees On) …)' } : { confidence: 0 };
  },
  ingest,
};
