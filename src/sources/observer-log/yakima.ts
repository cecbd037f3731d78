/**
 * Observers' log of ICE Air flights at Yakima (KYKM), in the layout UWCHR publishes (kykm/): one row
 * per observed flight, pipe-separated (older versions comma-separated), date written "Tuesday, May 7,
 * 2019", flight number, tail, operator, owner, previous and next airport, people boarded and deplaned
 * twice (first the observers' counts, then the city's passenger report, in the order the data README
 * gives them), buses, free-text observations and a FlightAware link. Rows noting that no flight came
 * ("flight CANCELLED …") are not flights. Layout and caveats: docs/sources.md "Observers' logs".
 */
import { readFile } from 'node:fs/promises';
import { UserError } from '../../domain/errors.ts';
import type { FlightLegInput, PassengerCount } from '../../domain/flights.ts';
import type { RowIssue } from '../../domain/provenance.ts';
import { insertFlightLegs } from '../../flights/legs-store.ts';
import { insertTrackerRows, type TrackerRow } from '../../flights/tracker-rows.ts';
import { recordSourceColumns } from '../../engine/source-columns.ts';
import { clean, readDelimited } from '../common/delimited-rows.ts';
import { splitCsvLine } from '../../domain/csv.ts';
import type { FileHead, IngestContext, Source, SourceCounts } from '../types.ts';

const REQUIRED = ['Date', 'Flight number', 'Tail number', 'Previous Airport', 'Next Airport', 'From NWDC - Boarded Plane', 'From Plane - Boarded Bus to NWDC'];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const YAKIMA = 'KYKM';

function levenshtein(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) for (let j = 1; j <= b.length; j++) {
    d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  }
  return d[a.length][b.length];
}

export type LogDate = { date: string; repair?: string } | { problem: string };

/**
 * "Tuesday, May 7, 2019" → 2019-05-07. The weekday is checked against the date: a misspelt weekday
 * that is one or two letters from the right one ("Tudsay" for a Tuesday) is repaired visibly (the date
 * is kept, the repair noted on the leg and in the file's notes); a real but different weekday means the
 * date or the day is wrong, and the row is quarantined. Stray punctuation after the year is ignored.
 */
export function parseLogDate(cell: string): LogDate {
  const text = clean(cell);
  const m = /^([A-Za-z]+),?\s+([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})\W*$/.exec(text);
  if (!m) return { problem: 'not a date like "Tuesday, May 7, 2019"' };
  const month = MONTHS.indexOf(m[2].toLowerCase());
  if (month < 0) return { problem: `"${m[2]}" is not a month name` };
  const date = `${m[4]}-${String(month + 1).padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  const ms = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date) return { problem: `${date} is not a calendar date` };
  const actual = WEEKDAYS[new Date(ms).getUTCDay()];
  const written = m[1][0].toUpperCase() + m[1].slice(1).toLowerCase();
  if (written === actual) return { date };
  if (WEEKDAYS.includes(written)) return { problem: `written as a ${written} but ${date} is a ${actual}: the date or the weekday is wrong, and the log does not say which` };
  if (levenshtein(written.toLowerCase(), actual.toLowerCase()) <= 2) return { date, repair: `weekday written "${m[1]}", a misspelling of ${actual}: ${date} is a ${actual}; date kept` };
  return { problem: `"${m[1]}" is not a weekday` };
}

function count(cell: string | undefined): number | null {
  const text = clean(cell);
  return /^\d+$/.test(text) ? Number(text) : null;
}

/** ICAO (4 characters) as the log writes it; a 3-letter code (IAH) is a U.S. FAA identifier first (K + code), then IATA. */
function airportCode(cell: string | undefined): { icao?: string; iata?: string; raw?: string; code: string } | null {
  const text = clean(cell).toUpperCase();
  if (/^[A-Z0-9]{4}$/.test(text)) return { icao: text, code: text };
  if (/^[A-Z0-9]{3}$/.test(text)) return { icao: `K${text}`, iata: text, raw: text, code: text };
  return null;
}

/** FlightAware history link → the UTC departure time and the route it names (…/history/20190507/1730Z/KYKM/KELP). */
export function flightAwareLeg(link: string): { departureUtc: string; from: string; to: string } | null {
  const m = /\/history\/(\d{4})(\d{2})(\d{2})\/(\d{2})(\d{2})Z\/([A-Z0-9]{3,4})\/([A-Z0-9]{3,4})/i.exec(link);
  return m ? { departureUtc: `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:00Z`, from: m[6].toUpperCase(), to: m[7].toUpperCase() } : null;
}

/** Where each column of the log goes (`deportwatch sources show`); the counts appear twice: observers' first, then the city's report. */
function yakimaStoredAs(name: string, occurrence: number): string | null {
  switch (name) {
    case 'Date': return 'tracker_rows.export_date; flight_legs.departure_date (local date of the observation)';
    case 'Flight number': return 'flight_legs.flight_number, callsign';
    case 'Tail number': return 'flight_legs.registration';
    case 'Operator': return 'flight_legs.operator';
    case 'Previous Airport': return 'flight_legs.departure_airport of the leg arriving at KYKM';
    case 'Next Airport': return 'flight_legs.arrival_airport of the leg leaving KYKM';
    case 'From NWDC - Boarded Plane': return `flight_passenger_counts (direction on, method ${occurrence === 1 ? 'counted: observers' : 'reported: city of Yakima'})`;
    case 'From Plane - Boarded Bus to NWDC': return `flight_passenger_counts (direction off, method ${occurrence === 1 ? 'counted: observers' : 'reported: city of Yakima'})`;
    case 'Link': return 'flight_evidence.link; flight_legs.departure_time_utc from a FlightAware history link';
    case 'Owner': case '# Buses': case 'Observations': return 'flight_evidence.note';
    default: return null;
  }
}

/**
 * The header line: the first of the file's first lines holding every required column. Versions of the
 * log up to May 2020 put a super-header above it (`,,,,,,,,YIRN Observations,,City Passenger Report,…`:
 * which of the two boarded/deplaned pairs is the observers' and which the city's); its lines are
 * returned in `above` and read as such, not as data.
 */
export function findHeader(lines: string[]): { delimiter: string; cells: string[]; index: number; above: string[][] } | null {
  for (let index = 0; index < Math.min(lines.length, SUPER_HEADER_LINES + 1); index++) {
    for (const delimiter of ['|', ',']) {
      const cells = splitCsvLine(lines[index], delimiter).map(clean);
      if (REQUIRED.every((r) => cells.includes(r))) return { delimiter, cells, index, above: lines.slice(0, index).map((l) => splitCsvLine(l, delimiter).map(clean)) };
    }
  }
  return null;
}

/** How many lines may sit above the header (the super-header is one). */
const SUPER_HEADER_LINES = 3;

/**
 * What the super-header says of the two pairs of counts: the label over the first and over the second
 * "From NWDC - Boarded Plane" column. The reader takes the first pair as the observers' and the second as
 * the city's; a super-header that says otherwise is refused rather than read the wrong way round.
 */
function superHeaderPairs(above: string[][], first: number, second: number): { first: string; second: string } | null {
  const over = (col: number): string => {
    for (const row of above) for (let c = col; c >= 0; c--) if (row[c]) return c >= col - 1 ? row[c] : '';
    return '';
  };
  const labels = { first: over(first), second: over(second) };
  return labels.first || labels.second ? labels : null;
}

async function ingest(head: FileHead, context: IngestContext): Promise<SourceCounts> {
  const found = findHeader(head.lines);
  if (!found) {
    const cells = head.lines[0] ?? '';
    throw new UserError(`${context.file}: line 1: Yakima observers' log without the column(s) ${REQUIRED.filter((r) => !cells.includes(r)).map((r) => `"${r}"`).join(', ')} — nothing from this file was stored`);
  }
  const allRows = readDelimited(await readFile(head.path, 'utf8'), found.delimiter);
  // The header's record: the super-header lines above it are blank but for their labels.
  const headerAt = allRows.findIndex((r) => r.line === found.index + 1);
  if (headerAt < 0) throw new UserError(`${context.file}: line ${found.index + 1}: the header could not be read as a record — nothing from this file was stored`);
  const rows = allRows.slice(headerAt);
  const header = rows[0].cells.map(clean);
  const at = (name: string) => header.indexOf(name);
  const all = (name: string) => header.flatMap((h, i) => (h === name ? [i] : []));
  const [boardedObs, boardedCity] = all('From NWDC - Boarded Plane');
  const [deplanedObs, deplanedCity] = all('From Plane - Boarded Bus to NWDC');
  const issues: RowIssue[] = [];
  const legs: FlightLegInput[] = [];
  const notes: string[] = [];
  if (found.index > 0) {
    const pairs = superHeaderPairs(found.above, boardedObs, boardedCity);
    if (pairs && (!/observ/i.test(pairs.first) || !/city/i.test(pairs.second))) {
      throw new UserError(`${context.file}: line 1: the super-header puts "${pairs.first}" over the first boarded/deplaned pair and "${pairs.second}" over the second; this reader takes the first as the observers' counts and the second as the city's — nothing from this file was stored`);
    }
    notes.push(`line${found.index > 1 ? `s 1–${found.index}` : ' 1'}: a super-header above the header on line ${found.index + 1}${pairs ? ` ("${pairs.first}" over the first boarded/deplaned pair, "${pairs.second}" over the second, as this reader takes them)` : ''}; not data`);
  }
  let stored = 0;
  const data = rows.slice(1);
  // Every data row as published, beside the legs (report tracker_rows); its outcome is set below.
  const published: TrackerRow[] = [];
  const dateAt = at('Date');
  const lastDated = Math.max(0, ...data.filter((r) => !('problem' in parseLogDate(r.cells[dateAt] ?? ''))).map((r) => r.line));
  for (const { line, cells } of data) {
    const get = (i: number) => (i >= 0 ? cells[i] ?? '' : '');
    const parsed = parseLogDate(get(at('Date')));
    const row: TrackerRow = { line, cells, exportDate: 'date' in parsed ? parsed.date : null, departureDateUtc: null, outcome: 'quarantined' };
    published.push(row);
    const flight = clean(get(at('Flight number'))).replace(/\s+/g, '') || null;
    const tailCell = clean(get(at('Tail number'))).toUpperCase();
    const tail = /^[A-Z0-9-]{3,}$/.test(tailCell) ? tailCell : null;
    const prev = airportCode(get(at('Previous Airport')));
    const next = airportCode(get(at('Next Airport')));
    // Below the flights the older logs keep notes: a Totals line, the airframes' markings, flight
    // numbers to watch. A line after the last dated one whose Date cell is not a date is such a note.
    if ('problem' in parsed && line > lastDated) {
      issues.push({ file: context.file, row: line, column: null, value: cells.map(clean).filter(Boolean).join(' | '), problem: 'not a flight: a line of notes under the log (no date in the Date column)' });
      continue;
    }
    if (!tail && !prev && !next) {
      const note = [get(at('Flight number')), get(at('Tail number')), get(at('Operator')), get(at('Observations'))].map(clean).filter(Boolean).join(' — ');
      issues.push({ file: context.file, row: line, column: null, value: [clean(get(at('Date'))), note].filter(Boolean).join(' | '), problem: 'no flight on this date (the observers\' note says why): nothing to store as a leg' });
      continue;
    }
    if ('problem' in parsed) {
      issues.push({ file: context.file, row: line, column: 'Date', value: clean(get(at('Date'))), problem: parsed.problem });
      continue;
    }
    if (parsed.repair) notes.push(`line ${line}: ${parsed.repair}`);
    const link = clean(get(at('Link'))) || null;
    const fa = link ? flightAwareLeg(link) : null;
    const operator = clean(get(at('Operator'))).replace(/"/g, '') || null;
    const owner = clean(get(at('Owner'))).replace(/"/g, '');
    const counts = (obs: number, city: number, verb: string): PassengerCount[] => {
      const out: PassengerCount[] = [];
      const o = count(get(obs)), c = count(get(city));
      if (o !== null) out.push({ count: o, method: 'counted', detail: `observers' count of people who ${verb} at Yakima` });
      if (c !== null) out.push({ count: c, method: 'reported', detail: `city of Yakima passenger report: people who ${verb}` });
      return out;
    };
    const base = {
      sourceKind: 'observer', sourceRow: line, departureDate: parsed.date, flightNumber: flight, callsign: flight, registration: tail, operator,
      status: 'observed at Yakima',
    } as const;
    const note = (leg: string) => [`Yakima observers' log, ${clean(get(at('Date')))}: ${leg}`, owner ? `owner ${owner}` : '', clean(get(at('# Buses'))) ? `${clean(get(at('# Buses')))} buses` : '', parsed.repair ?? ''].filter(Boolean).join('; ');
    // The flight lands at Yakima from the previous airport (people deplane) and leaves for the next (people board).
    if (prev) {
      const faTime = fa && fa.from === prev.code && fa.to === YAKIMA ? fa.departureUtc : null;
      legs.push({ ...base, departureTimeUtc: faTime, departureTimeBasis: faTime ? 'actual' : null, departure: prev, arrival: { icao: YAKIMA },
        passengersOff: counts(deplanedObs, deplanedCity, 'left the plane'), evidence: { link, note: note(`${prev.code} → KYKM`) } });
    }
    if (next) {
      const faTime = fa && fa.from === YAKIMA && fa.to === next.code ? fa.departureUtc : null;
      legs.push({ ...base, departureTimeUtc: faTime, departureTimeBasis: faTime ? 'actual' : null, departure: { icao: YAKIMA }, arrival: next,
        passengersOn: counts(boardedObs, boardedCity, 'boarded'), evidence: { link, note: note(`KYKM → ${next.code}`) } });
    }
    if (!prev && !next) {
      issues.push({ file: context.file, row: line, column: 'Previous Airport', value: `${clean(get(at('Previous Airport')))} / ${clean(get(at('Next Airport')))}`, problem: 'a flight without a previous or next airport: no leg can be formed' });
      continue;
    }
    row.outcome = 'leg';
    row.departureDateUtc = fa?.departureUtc.slice(0, 10) ?? null;
    stored++;
  }
  await context.quarantine(issues);
  const result = await insertFlightLegs(context.store, context.sourceId, legs);
  await insertTrackerRows(context.store, context.sourceId, 'observer', rows[0].cells, published);
  const repeated = new Map<string, number>();
  await recordSourceColumns(context.store, context.sourceId, rows[0].cells.map((published) => {
    const name = clean(published);
    const n = (repeated.get(name) ?? 0) + 1;
    repeated.set(name, n);
    return { published, storedAs: yakimaStoredAs(name, n) };
  }));
  context.progress(data.length);
  notes.push(`${stored} observed flights became ${legs.length} legs (arriving at and leaving Yakima)`);
  if (result.legsMerged) notes.push(`${result.legsMerged} legs were already stored from another source: added as evidence`);
  if (result.unknownAirports.length) notes.push(`airport codes no reference knows (kept as written): ${result.unknownAirports.join(', ')}`);
  return { rowsRead: data.length, rowsStored: stored, rowsQuarantined: issues.length, notes };
}

export const yakimaObserverLog: Source = {
  kind: 'observer-log-yakima',
  title: 'Observers\' log of ICE Air flights at Yakima (pipe- or comma-separated: Date "Tuesday, May 7, 2019", Flight number, Tail number, Previous/Next Airport, boarded/deplaned counts …)',
  tables: ['flight_legs'],
  sniff(head) {
    if (head.text === null) return { confidence: 0 };
    return findHeader(head.lines) ? { confidence: 0.95, reason: 'Yakima observers\' log header (Flight number, Tail number, From NWDC - Boarded Plane …)' } : { confidence: 0 };
  },
  ingest,
};
