import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { UsageError, UserError } from '../../domain/errors.ts';
import { parseRegistryFile } from '../../flights/rules.ts';
import { formatTable, toCsv } from '../../reports/format.ts';
import { explainLeg, FLIGHT_DEFINITIONS, runFlightBaseline, runFlightSummary, runFlightsGeoJson, runListLegs, runPassengerTotals } from '../../reports/flights.ts';
import { parseBy, parseFilter } from '../../reports/report.ts';
import type { LegExplanation } from '../../reports/flights-queries.ts';
import { describeIssue } from '../../domain/provenance.ts';
import { loadRegistryEntries, registryRows } from '../../flights/registry-table.ts';
import { reclassifyAircraft } from '../../flights/classes-store.ts';
import { out, withStore } from '../context.ts';
import { basename } from 'node:path';

const collect = (value: string, previous: string[] = []) => [...previous, value];
const WHERE_HELP = 'DIM=VALUE filter on a flights dimension (see `report flights`); repeatable, e.g. --where category=removal --where from_us=true';

function definitions(defs: Record<string, string>): string[] {
  return ['definitions:', ...Object.entries(defs).map(([k, v]) => `  ${k}: ${v}`)];
}

function format(value: string, allowed: string[]): string {
  if (!allowed.includes(value)) throw new UsageError(`--format must be one of ${allowed.join(', ')} (got "${value}")`);
  return value;
}

function filterText(where: { dimension: string; op: string; values: string[] }[]): string[] {
  return where.length ? [`filter: ${where.map((f) => `${f.dimension}${f.op}${f.values.join(',')}`).join(' and ')}`] : [];
}

export function registerFlights(program: Command): void {
  const flights = program.command('flights').description('ICE Air flights: summary, monthly baselines, passengers, legs as GeoJSON, why a leg was classified as it was');
  for (const add of [addSummary, addBaseline, addPassengers, addLegs, addExplain, addClassify]) add(flights);
}

function addSummary(flights: Command): void {
  flights.command('summary')
    .description('distinct flights, distinct tail numbers, top routes and missions for the legs matching the filters')
    .option('--where <filter>', WHERE_HELP, collect)
    .option('--top <n>', 'how many routes to list', (v) => Number.parseInt(v, 10), 10)
    .option('--format <format>', 'table or json', 'table')
    .action(async (options: { where?: string[]; top: number; format: string }, command: Command) => {
      const fmt = format(options.format, ['table', 'json']);
      const where = (options.where ?? []).map(parseFilter);
      const s = await withStore(command, (store) => runFlightSummary(store, where, options.top));
      if (fmt === 'json') return out(JSON.stringify(s, null, 2));
      out([
        `distinct flights: ${s.distinctFlights.toLocaleString('en-US')}`,
        `distinct tail numbers: ${s.distinctTails} (${s.legsWithoutTail} flights without a tail in the source)`,
        `missions: ${s.missions}`,
        ...filterText(where), '', 'top routes:', formatTable(['route', 'n'], s.topRoutes), '', 'tails:', formatTable(['registration', 'n'], s.tails), '',
        ...definitions(FLIGHT_DEFINITIONS),
        'sources:', ...s.sources.map((x) => `  #${x.source_id} ${x.path}${x.synthetic ? ' (SYNTHETIC)' : ''}`),
      ].join('\n'));
    });
}

function addBaseline(flights: Command): void {
  flights.command('baseline')
    .description('flights per month with the previous six months\' mean and the same month a year earlier')
    .option('--where <filter>', WHERE_HELP, collect)
    .option('--format <format>', 'table, csv or json', 'table')
    .action(async (options: { where?: string[]; format: string }, command: Command) => {
      const fmt = format(options.format, ['table', 'csv', 'json']);
      const where = (options.where ?? []).map(parseFilter);
      const r = await withStore(command, (store) => runFlightBaseline(store, where));
      const cols = ['month', 'n', 'previous_six_months_mean', 'same_month_last_year'];
      if (fmt === 'json') out(JSON.stringify(r, null, 2));
      else if (fmt === 'csv') out(toCsv(cols, r.rows as never));
      else out([formatTable(cols, r.rows as never), '', ...filterText(where), ...definitions(r.definitions)].join('\n'));
    });
}

function addPassengers(flights: Command): void {
  flights.command('passengers')
    .description('people recorded boarding and leaving legs, per counting method (never summed across methods)')
    .option('--by <dims>', 'flights dimensions to group by, e.g. month,departure_airport', 'month')
    .option('--where <filter>', WHERE_HELP, collect)
    .option('--every-count', 'every count of every source (e.g. the Yakima observers\' and the city\'s report side by side) instead of one best count per leg')
    .option('--format <format>', 'table, csv or json', 'table')
    .action(async (options: { by: string; where?: string[]; format: string; everyCount?: boolean }, command: Command) => {
      const fmt = format(options.format, ['table', 'csv', 'json']);
      const by = parseBy(options.by);
      const where = (options.where ?? []).map(parseFilter);
      const r = await withStore(command, (store) => runPassengerTotals(store, by, where, { everyCount: options.everyCount }));
      const cols = [...by, 'direction', 'method', 'legs', 'people'];
      if (fmt === 'json') out(JSON.stringify(r, null, 2));
      else if (fmt === 'csv') out(toCsv(cols, r.rows));
      else out([formatTable(cols, r.rows), '', ...filterText(where), ...definitions(r.definitions)].join('\n'));
    });
}

function addLegs(flights: Command): void {
  flights.command('legs')
    .description('the legs matching the filters, one row each (GeoJSON: legs as lines between airports, airports as points)')
    .option('--where <filter>', WHERE_HELP, collect)
    .option('--limit <n>', 'at most n legs', (v) => Number.parseInt(v, 10), 1000)
    .option('--format <format>', 'table, csv, json or geojson', 'table')
    .action(async (options: { where?: string[]; limit: number; format: string }, command: Command) => {
      const fmt = format(options.format, ['table', 'csv', 'json', 'geojson']);
      const where = (options.where ?? []).map(parseFilter);
      if (fmt === 'geojson') {
        const g = await withStore(command, (store) => runFlightsGeoJson(store, where, options.limit));
        if (g.skipped) process.stderr.write(`${g.skipped} legs left out of the map: an airport no reference locates\n`);
        return out(JSON.stringify({ type: g.type, features: g.features }));
      }
      const rows = await withStore(command, (store) => runListLegs(store, where, options.limit));
      const cols = ['leg_id', 'departure_date', 'utc', 'flight_number', 'callsign', 'registration', 'departure_airport', 'arrival_airport', 'category', 'ice_link', 'ice_link_confidence', 'mission_id', 'source', 'pax_on', 'pax_on_method', 'pax_off', 'pax_off_method'];
      if (fmt === 'json') out(JSON.stringify(rows, null, 2));
      else if (fmt === 'csv') out(toCsv(cols, rows));
      else out(formatTable(cols, rows));
    });
}

function addExplain(flights: Command): void {
  flights.command('explain')
    .description('why a leg was classified as it was: the rules that applied, the evidence rows, passenger counts and its mission')
    .argument('<leg_id>', 'a leg id (from `flights legs` or the flight_legs table)')
    .option('--format <format>', 'text or json', 'text')
    .action(async (legId: string, options: { format: string }, command: Command) => {
      const fmt = format(options.format, ['text', 'json']);
      if (!/^\d+$/.test(legId)) throw new UsageError(`leg id must be a number, got "${legId}"`);
      const x = await withStore(command, (store) => explainLeg(store, Number(legId)));
      if (!x) throw new UserError(`no leg ${legId} in this database`);
      if (fmt === 'json') return out(JSON.stringify(x, null, 2));
      out(explanationText(x));
    });
}

function addClassify(flights: Command): void {
  flights.command('classify')
    .description('reclassify every leg with the current registry, callsign rules and airport reference')
    .action(async (_options: unknown, command: Command) => {
      const n = await withStore(command, (store) => store.transaction(() => reclassifyAircraft(store, 'all')));
      out(`classified ${n.toLocaleString('en-US')} legs`);
    });
}

export function registerRegistry(program: Command): void {
  const registry = program.command('registry').description('the dated aircraft registry (built-in rows and your own files)');
  registry.command('load')
    .description('load your own registry file (CSV: icao24, registration, aircraft_type, owner, operator_icao, operator, ice_service, valid_from, valid_to, source; or the wiseman/ice-air layout) and reclassify legs')
    .argument('<file>', 'CSV file')
    .action(async (file: string, _options: unknown, command: Command) => {
      const text = await readFile(file, 'utf8').catch(() => { throw new UserError(`${file}: no such file`); });
      const { entries, issues } = parseRegistryFile(text, file, `user:${basename(file)}`);
      if (issues.length) throw new UserError(`${file}: ${issues.length} bad row(s); nothing was loaded. Fix them and load again:`, 1, issues.map((i) => `  ${describeIssue(i)}`));
      if (entries.length === 0) throw new UserError(`${file}: no registry rows`);
      const n = await withStore(command, (store) => store.transaction(async () => {
        await loadRegistryEntries(store, `user:${basename(file)}`, entries);
        return reclassifyAircraft(store, 'all');
      }));
      out(`loaded ${entries.length} registry rows from ${file}; reclassified ${n.toLocaleString('en-US')} legs`);
    });
  registry.command('list')
    .description('registry rows (built-in and loaded)')
    .action(async (_options: unknown, command: Command) => {
      const rows = await withStore(command, registryRows);
      out(formatTable(['icao24', 'registration', 'operator_icao', 'operator', 'ice_service', 'valid_from', 'valid_to', 'origin'], rows));
    });
}

/** A leg's explanation as text: its identity, class and the rules behind it, evidence, counts and mission. */
function explanationText(x: LegExplanation): string {
  const l = x.leg;
  return [
    `leg ${l.leg_id}: ${l.departure_airport ?? '(no departure)'} → ${l.arrival_airport ?? '(no arrival)'} on ${l.departure_date}` +
      `${l.departure_time_utc ? ` at ${String(l.departure_time_utc).slice(11, 16)} UTC` : ''}, ${[l.flight_number, l.callsign].filter(Boolean).join(' / ') || '(no flight number)'}, ${l.registration ?? '(no tail)'}${l.icao24 ? ` hex ${l.icao24}` : ''}, ${l.operator ?? ''}`,
    `  countries: ${l.departure_country ?? '?'} → ${l.arrival_country ?? '?'}`,
    '',
    `category: ${l.category} (rule ${l.category_rule})`,
    `  ${l.category_reason}`,
    `ICE link: ${l.ice_link}, confidence ${l.ice_link_confidence}`,
    ...String(l.ice_link_reason ?? '').split('\n').map((line) => `  - ${line}`),
    '',
    `evidence (${x.evidence.length}):`,
    ...x.evidence.map((e) => `  source #${e.source_id} ${e.kind} ${e.path}${e.source_row != null ? ` line ${e.source_row}` : ''}${e.link ? `\n    link: ${e.link}` : ''}${e.note ? `\n    ${e.note}` : ''}`),
    ...(x.passengers.length ? ['', 'people recorded:', ...x.passengers.map((p) => `  ${p.direction} at ${p.airport ?? '?'}: ${p.count} (${p.method}${p.method_detail ? `: ${p.method_detail}` : ''})`)] : []),
    ...(x.mission ? ['', `mission ${x.mission.mission_id}: ${x.mission.stops} (${x.mission.category}, ${x.mission.legs} legs${x.mission.removal_countries ? `, removal to ${x.mission.removal_countries}` : ''})`,
      ...x.missionLegs.map((m) => `  ${m.leg_id === l.leg_id ? '>' : ' '} leg ${m.leg_id} ${m.departure_date} ${m.route} ${m.category}`)] : []),
  ].join('\n');
}
