/**
 * Flight figures for the CLI and the API: filters and dimensions are validated against the `flights`
 * report table (src/reports/tables/flights.ts), then run by src/reports/flights-queries.ts. Every result
 * carries the definitions it was counted with.
 */
import { UsageError } from '../domain/errors.ts';
import type { Store } from '../engine/db.ts';
import { explainLeg, flightSummary, flightsGeoJson, listLegs, monthlyBaseline, passengerTotals } from './flights-queries.ts';
import { DISTINCT_FLIGHT, flightsReport, US_AIRPORT } from './tables/flights.ts';
import type { Filter } from './types.ts';

export const FLIGHT_DEFINITIONS = {
  distinct_flight: DISTINCT_FLIGHT,
  us_airport: US_AIRPORT,
};

function check(names: string[]): void {
  const known = Object.keys(flightsReport.dimensions);
  for (const name of names) if (!known.includes(name)) throw new UsageError(`"${name}" is not a dimension of flights; dimensions: ${known.join(', ')}`);
}

function columns(filter: Filter[]) {
  check(filter.map((f) => f.dimension));
  return filter.map((f) => ({ column: flightsReport.dimensions[f.dimension].column ?? f.dimension, op: f.op, values: f.values }));
}

export async function runFlightSummary(store: Store, where: Filter[], top = 10) {
  return { ...(await flightSummary(store, columns(where), top)), definitions: FLIGHT_DEFINITIONS, where };
}

export async function runFlightBaseline(store: Store, where: Filter[]) {
  return {
    rows: await monthlyBaseline(store, columns(where)), where,
    definitions: {
      ...FLIGHT_DEFINITIONS,
      n: 'flights that month; blank when none of the files that reported the counted flights has any leg that month: unknown, not zero',
      previous_six_months_mean: 'mean number of flights in the six calendar months before; blank when any of them is not covered by the data',
      same_month_last_year: 'flights in the same calendar month a year earlier; blank when that month is not covered',
    },
  };
}

export async function runPassengerTotals(store: Store, by: string[], where: Filter[], options: { everyCount?: boolean } = {}) {
  check(by);
  const rows = await passengerTotals(store, by.map((name) => ({ name, column: flightsReport.dimensions[name].column ?? name })), columns(where), options);
  return {
    rows, by, where, everyCount: !!options.everyCount,
    definitions: {
      direction: 'on = people boarding the leg at its departure airport; off = people leaving it at its arrival airport',
      method: 'counted (by an observer on site), manifest (ICE ARTS), reported (an official count such as the Yakima airport passenger report), estimated (from vans, buses or similar flights; the log says how), unspecified (the source gives no method)',
      legs: options.everyCount ? 'legs with a count of this method (every source\'s count kept: the observers\' and an official report of the same flight are both listed)' : 'legs with a count (one best count per leg and direction: manifest > counted > reported > estimated > unspecified)',
      people: 'sum of those counts; only counted and manifest totals are head counts, never add estimated ones to them',
    },
  };
}

export async function runFlightsGeoJson(store: Store, where: Filter[], limit?: number) {
  return flightsGeoJson(store, columns(where), limit);
}

export async function runListLegs(store: Store, where: Filter[], limit?: number) {
  return listLegs(store, columns(where), limit);
}

export { explainLeg };
