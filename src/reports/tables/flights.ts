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
    departure_date: { definition: 'date of departure, UTC when the source gives a time, else the date the source gives' },
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
