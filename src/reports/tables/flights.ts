/**
 * Flight reports: legs (`report flights`) and missions (`report flight_missions`). Rules behind each
 * dimension: docs/flights.md.
 */
import { airportIndex } from '../../reference/airports.ts';
import type { ReportTable } from '../types.ts';

/** Airports on maps (the API's .geojson routes): coordinates from the airport reference, never guessed. */
const AIRPORT_GEO = {
  locate(code: string): [number, number] | undefined {
    const airport = airportIndex().byIcao(code);
    return airport ? [airport.lonDeg, airport.latDeg] : undefined;
  },
};

/** What a counted flight is, printed with every flight figure. */
export const DISTINCT_FLIGHT = 'one leg (one take-off and one landing of one aircraft); the same leg reported by several sources or repeated in one export is one leg (same aircraft, same departure and arrival airports, departure or arrival times within 3 hours, or the same date and flight number when times are missing)';
export const US_AIRPORT = 'an airport in the United States or a U.S. territory (ISO country US, PR, VI, GU, MP, AS, UM)';

const FLIGHT_CAVEATS = [
  'Tracker exports (RadarBox) list the contractors\' flights, not ICE\'s: a leg counts as ICE Air only with a rule linking it to ICE (ice_link, docs/flights.md); filter on category or ice_flight to count ICE Air flights.',
  'Legs between Florida/New York and Cuba, the Dominican Republic or the Cayman Islands without ICE-specific evidence are the contractors\' public charters (category non_ice, rule caribbean-public-charter): removals to those countries seen only in tracker data are therefore not counted.',
  'Departure dates are UTC when the source gives a time, else the local date the source gives.',
];

export const flightsReport: ReportTable = {
  name: 'flights',
  view: 'flight_legs_enriched',
  unit: `flight legs (a distinct flight is ${DISTINCT_FLIGHT})`,
  defaultBy: ['month', 'category'],
  rowKey: ['leg_id'],
  dimensions: {
    month: { definition: 'calendar month of the departure date, YYYY-MM (UTC when the time is known)' },
    year: { definition: 'calendar year of the departure date' },
    departure_date: { time: 'date', definition: 'date of departure, UTC when the source gives a time, else the date the source gives (for a tracker export\'s own local date, count its rows: report tracker_rows by export_date)' },
    departure_time_utc: { time: 'timestamp', column: 'departure_time_utc', definition: 'departure time in UTC, when a source gives one (legs without a time are blank); binned in the time zone of --tz' },
    aircraft_type: { definition: 'ICAO aircraft type designator as reported (B734, MD83; RadarBox "Aircraft" before the parenthesis)' },
    departure_airport: { definition: 'ICAO code of the departure airport (as reported when no airport reference knows it)', geo: AIRPORT_GEO },
    arrival_airport: { definition: 'ICAO code of the arrival airport (as reported when no airport reference knows it)', geo: AIRPORT_GEO },
    departure_country: { definition: 'ISO 3166-1 alpha-2 country of the departure airport (blank when the airport is unknown)' },
    arrival_country: { definition: 'ISO 3166-1 alpha-2 country of the arrival airport (blank when the airport is unknown)' },
    from_us: { definition: `true when the departure airport is a U.S. airport: ${US_AIRPORT}` },
    to_us: { definition: `true when the arrival airport is a U.S. airport: ${US_AIRPORT}` },
    route: { definition: 'departure-arrival ICAO codes, e.g. KBRO-MGGT ("?" for a blank airport)' },
    category: { definition: 'removal (U.S. to a foreign country, or onward between foreign airports), return (foreign to U.S.), domestic_transfer, lateral (between airports within 100 km of the Mexico border), repositioning (U.S. to U.S., no ICE hub, no one recorded on board), non_ice (no or only one weak link to ICE, or a Caribbean public charter), unresolved (an airport no reference knows); rules in docs/flights.md' },
    ice_flight: { definition: 'true when the category is an ICE Air flight (removal, return, domestic_transfer, lateral, repositioning)' },
    ice_link: { definition: 'the strongest rule linking the leg to ICE Air: manifest, observer, callsign, registry, route or none (docs/flights.md)' },
    ice_link_confidence: { definition: 'high, medium, low or none; legs below medium are non_ice' },
    operator: { definition: 'operator as the source names it (SwiftAir/iAero, World Atlantic, Global Crossing …)' },
    registration: { definition: 'registration (tail number) as reported, or from the dated registry when only the Mode S hex is known' },
    aircraft: { definition: 'the aircraft identity used to match and chain legs: reg:<tail>, hex:<icao24>, flight:<number> when no tail is known' },
    flight_number: { definition: 'flight number as published (WQ3555, WAL408)' },
    callsign: { definition: 'callsign broadcast or logged (SWQ3501, TYSON54)' },
    source: { definition: 'source families that reported the leg, sorted and comma-separated: radarbox, observer, adsb, arts (observer,radarbox = both)' },
    observed: { definition: 'true when an observers\' log reported the leg (alone or with other sources)' },
    tracked: { definition: 'true when an ADS-B trajectory reported the leg (alone or with other sources)' },
    mission_id: { definition: 'the mission (one aircraft\'s chained legs) the leg belongs to' },
    pax_on_method: { definition: 'how the count of people boarding was obtained: counted, estimated, manifest, reported, unspecified (blank: no count)' },
    pax_off_method: { definition: 'how the count of people leaving was obtained (same values)' },
  },
  defaultCount: 'legs',
  counts: {
    flight_number_days: { column: 'flight_number_day', unit: 'flight numbers per day (distinct pairs of flight number and departure date over the legs; legs without a flight number are not counted; a flight number flown on two legs the same day counts once)' },
    aircraft_days: { column: 'aircraft_day', unit: 'aircraft-days (distinct pairs of aircraft and departure date over the legs: an aircraft flying five legs in a day counts once)' },
  },
  fields: {
    pax_on: { column: 'pax_on', definition: 'people boarding the leg, the best count of its sources (method in pax_on_method; counts obtained differently are never added up by deportwatch, so group by pax_on_method)' },
    pax_off: { column: 'pax_off', definition: 'people leaving the leg, the best count (method in pax_off_method)' },
  },
  caveats: () => FLIGHT_CAVEATS,
};

export const flightMissionsReport: ReportTable = {
  name: 'flight_missions',
  view: 'flight_missions_enriched',
  unit: 'missions (one aircraft\'s legs chained while it lands and takes off again within 12 hours, at most 36 hours from the first take-off; a removal flight with several stops is one mission)',
  defaultBy: ['month', 'category'],
  rowKey: ['mission_id'],
  dimensions: {
    month: { definition: 'calendar month of the mission\'s first departure date' },
    year: { definition: 'calendar year of the mission\'s first departure date' },
    category: { definition: 'removal when any leg is a removal; else lateral, domestic_transfer, return, repositioning, unresolved, non_ice, in that order' },
    removal_countries: { definition: 'countries the mission\'s removal legs landed in, comma-separated (GT; GT,HN)' },
    stops: { definition: 'airports in flying order, e.g. KAEX-KBRO-MGGT-KBRO' },
    first_airport: { definition: 'the mission\'s first departure airport', geo: AIRPORT_GEO },
    operator: { definition: 'operator of the mission\'s legs, as the source names it' },
    registration: { definition: 'registration of the aircraft' },
    aircraft: { definition: 'aircraft identity (reg:, hex:, flight:)' },
    source: { definition: 'source families that reported the mission\'s legs' },
  },
  caveats: () => FLIGHT_CAVEATS,
};

const TRACKER_CAVEATS = [
  'One row here is one row of the file as published, not one flight: a tracker export can list the same leg twice, and a leg seen by several sources is one leg in report flights.',
  'export_date is the date the file writes (RadarBox: the local date of departure at the departure airport; Yakima log: the local date of the observation); report flights dates a leg by its UTC departure date when a time is known, so a late-evening departure west of Greenwich falls on the next UTC day.',
];

export const trackerRowsReport: ReportTable = {
  name: 'tracker_rows',
  view: 'tracker_rows_enriched',
  unit: 'rows of tracker exports and observers\' logs as published (one row per data row of the file, including rows not stored as legs)',
  defaultBy: ['source', 'export_month'],
  rowKey: ['source_id', 'source_row'],
  dimensions: {
    export_date: { time: 'date', definition: 'the row\'s own date as the file writes it (RadarBox "Date": local date of departure; Yakima "Date": date of the observation); blank when it is not a date' },
    export_month: { definition: 'calendar month of export_date, YYYY-MM' },
    export_year: { definition: 'calendar year of export_date' },
    departure_date_utc: { time: 'date', definition: 'UTC date of the row\'s departure time (RadarBox STD with its zone; Yakima: the FlightAware link\'s time); blank when the row gives no time' },
    utc_vs_export_date: { definition: 'same when departure_date_utc equals export_date, differs when the UTC date is another day, no_time when the row gives no departure time' },
    source_kind: { definition: 'radarbox (tracker export) or observer (observers\' log)' },
    outcome: { definition: 'leg when the row became one or more legs (report flights), quarantined when it did not (reason: deportwatch sources issues)' },
    legs: { definition: 'number of legs made from the row (a Yakima row is a flight arriving and leaving: two legs)' },
    categories: { definition: 'categories of those legs, sorted and comma-separated (docs/flights.md)' },
    ice_flight: { definition: 'true when any leg made from the row is an ICE Air flight (category removal, return, domestic_transfer, lateral or repositioning)' },
    flight_number_date: { definition: 'flight number as published (trimmed) and export_date, e.g. "WQ3555 2020-04-27": count distinct values for "one flight number per day" (distinct:flight_number_date)' },
    source: { definition: 'file the row was read from' },
  },
  defaultCount: 'rows',
  counts: {
    flight_number_days: { column: 'flight_number_date', unit: 'flight numbers per day as the file writes them (distinct pairs of the trimmed flight number and export_date; rows without a flight number are not counted)' },
  },
  raw: { column: 'raw', definition: 'Cells are the text between the delimiters after CSV unquoting, not trimmed; a blank header is "(column N)" and a repeated one "NAME (2)" (deportwatch sources show ID lists them).' },
  caveats: () => TRACKER_CAVEATS,
};

export const passengerCountsReport: ReportTable = {
  name: 'passenger_counts',
  view: 'passenger_counts_enriched',
  unit: 'passenger counts as sources gave them (one row per count of people boarding or leaving one leg; a leg counted by observers and reported by the city has two rows)',
  defaultBy: ['method', 'direction'],
  dimensions: {
    direction: { definition: 'on (people boarding the leg) or off (people leaving it)' },
    method: { definition: 'how the count was obtained: counted (by an observer), reported (an official passenger report, e.g. the city of Yakima\'s), estimated, manifest, unspecified' },
    method_detail: { definition: 'who gave the count, as the source says (observers\' count; city of Yakima passenger report …)' },
    counted_both_ways: { definition: 'true when the same leg and direction has counts obtained by two or more methods (the same flights, compared side by side)' },
    airport: { definition: 'airport where the people boarded or left' },
    departure_date: { time: 'date', definition: 'departure date of the leg (UTC when a time is known)' },
    month: { definition: 'calendar month of the leg\'s departure date' },
    flight_number: { definition: 'flight number of the leg' },
    registration: { definition: 'registration of the aircraft' },
    departure_airport: { definition: 'departure airport of the leg (ICAO)' },
    arrival_airport: { definition: 'arrival airport of the leg (ICAO)' },
    category: { definition: 'category of the leg (docs/flights.md)' },
    source_kind: { definition: 'format of the file the count came from (observer-log-yakima, observer-log-minneapolis, arts …)' },
    source: { definition: 'file the count came from' },
  },
  fields: {
    people: { column: 'people', definition: 'number of people in the count, as the source gives it' },
  },
  caveats: () => ['Counts obtained differently (counted, reported, estimated) measure different things: compare them side by side, never add them together.'],
};
