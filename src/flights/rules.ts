/**
 * The dated identification rules: callsign families (src/reference/callsign-rules.csv) and the aircraft
 * registry (src/reference/aircraft-registry.csv plus the user's own files). Each row carries its
 * validity dates and its source, because the same callsign or airframe meant ICE Air in one period and
 * something else in another (FIELD-NOTES.md, "Identification facts (dated)").
 */
import { readFileSync } from 'node:fs';
import { parseCsv, parseCsvObjects } from '../domain/csv.ts';
import { isIcao24, type Confidence } from '../domain/flights.ts';
import type { RowIssue } from '../domain/provenance.ts';

export interface CallsignRule {
  ruleId: string;
  pattern: RegExp;
  operator: string;
  confidence: Exclude<Confidence, 'none'>;
  validFrom: string | null;
  validTo: string | null;
  reason: string;
  source: string;
}

let rulesCache: CallsignRule[] | undefined;

export function callsignRules(): CallsignRule[] {
  rulesCache ??= parseCsvObjects(readFileSync(new URL('../reference/callsign-rules.csv', import.meta.url), 'utf8')).map((r, i) => {
    if (!['high', 'medium', 'low'].includes(r.confidence)) throw new Error(`callsign-rules.csv row ${i + 2}: confidence must be high, medium or low`);
    return {
      ruleId: r.rule_id, pattern: new RegExp(r.pattern), operator: r.operator, confidence: r.confidence as CallsignRule['confidence'],
      validFrom: r.valid_from || null, validTo: r.valid_to || null, reason: r.reason, source: r.source,
    };
  });
  return rulesCache;
}

export function inPeriod(date: string, from: string | null, to: string | null): boolean {
  return (!from || date >= from) && (!to || date <= to);
}

/** Callsign or flight number as compared: upper case, no spaces ("TYSON 54" → "TYSON54"). */
export function normaliseCallsign(text: string | null | undefined): string | null {
  const t = (text ?? '').replace(/[\s\u00a0]+/g, '').toUpperCase();
  return t === '' ? null : t;
}

/**
 * Per rule list, the rules (in file order) that match a pair of values whatever the date, each with
 * the first value it matches. Callsigns repeat (a flight number flies daily), so the patterns are
 * tried once per pair; the date then only picks the first rule in its period.
 */
const matchesByRules = new WeakMap<CallsignRule[], Map<string, { rule: CallsignRule; value: string }[]>>();

/** The first rule (file order: specific before general) matching the callsign or flight number on that date. */
export function matchCallsign(values: (string | null | undefined)[], date: string, rules = callsignRules()): { rule: CallsignRule; value: string } | null {
  let cache = matchesByRules.get(rules);
  if (!cache) { cache = new Map(); matchesByRules.set(rules, cache); }
  const key = values.join('\u0000');
  let matches = cache.get(key);
  if (!matches) {
    const candidates = [...new Set(values.map(normaliseCallsign).filter((v): v is string => v !== null))];
    matches = [];
    for (const rule of rules) {
      for (const value of candidates) if (rule.pattern.test(value)) { matches.push({ rule, value }); break; }
    }
    if (cache.size > 200_000) cache.clear();
    cache.set(key, matches);
  }
  for (const m of matches) if (inPeriod(date, m.rule.validFrom, m.rule.validTo)) return m;
  return null;
}

/** One airframe identity over a period. `iceService`: `dedicated` (flies only ICE missions), `shared` (also other charters), `none`. */
export interface RegistryEntry {
  icao24: string | null;
  registration: string | null;
  aircraftType: string | null;
  owner: string | null;
  operatorIcao: string | null;
  operator: string | null;
  iceService: 'dedicated' | 'shared' | 'none';
  validFrom: string | null;
  validTo: string | null;
  source: string;
  /** `builtin` or the user's file name. */
  origin: string;
  originRow: number | null;
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Parses a registry file: the project's layout (icao24, registration, aircraft_type, owner,
 * operator_icao, operator, ice_service, valid_from, valid_to, source) or the wiseman/ice-air layout
 * (ModeS, Registration, …, OperatorFlagCode). A malformed row is an error naming file, row and column:
 * a registry is a reference, so a wrong hex must be fixed, not skipped.
 */
export function parseRegistryFile(text: string, file: string, origin = file): { entries: RegistryEntry[]; issues: RowIssue[] } {
  const rows = parseCsv(text.replace(/^\uFEFF/, ''));
  const header = (rows[0] ?? []).map((h) => h.trim().toLowerCase());
  const col = (...names: string[]) => names.map((n) => header.indexOf(n)).find((i) => i >= 0) ?? -1;
  const hexCol = col('icao24', 'modes', 'hex', 'icao');
  const regCol = col('registration', 'reg', 'tail');
  if (hexCol < 0 && regCol < 0) {
    return { entries: [], issues: [{ file, row: 1, column: null, value: rows[0]?.join(',') ?? '', problem: 'no icao24 (or ModeS/hex) column and no registration column: not a registry file' }] };
  }
  const get = (r: string[], i: number) => (i >= 0 ? (r[i] ?? '').replace(/\u00a0/g, ' ').trim() : '');
  const c = {
    type: col('aircraft_type', 'icaotypecode', 'type'), owner: col('owner', 'registeredowners'), opIcao: col('operator_icao', 'operatorflagcode'),
    op: col('operator'), ice: col('ice_service'), from: col('valid_from'), to: col('valid_to'), source: col('source'),
  };
  const entries: RegistryEntry[] = [];
  const issues: RowIssue[] = [];
  rows.slice(1).forEach((r, i) => {
    const row = i + 2;
    if (r.every((cell) => cell.trim() === '')) return;
    const hex = get(r, hexCol).toLowerCase();
    const registration = get(r, regCol).toUpperCase();
    const fail = (column: string, value: string, problem: string) => issues.push({ file, row, column, value, problem });
    if (hex && !isIcao24(hex)) return fail(header[hexCol], get(r, hexCol), 'not a Mode S address: must be exactly 6 hexadecimal digits (e.g. a2f016)');
    if (!hex && !registration) return fail(header[hexCol >= 0 ? hexCol : regCol], '', 'neither a hex nor a registration');
    if (registration && !/^[A-Z0-9-]{2,10}$/.test(registration)) return fail(header[regCol], registration, 'not a registration (letters, digits and hyphens, e.g. N289GX)');
    const from = get(r, c.from), to = get(r, c.to);
    if (from && !DATE_RE.test(from)) return fail('valid_from', from, 'not a date YYYY-MM-DD');
    if (to && !DATE_RE.test(to)) return fail('valid_to', to, 'not a date YYYY-MM-DD');
    if (from && to && to < from) return fail('valid_to', to, `ends before valid_from ${from}`);
    const ice = (get(r, c.ice) || 'shared').toLowerCase();
    if (!['dedicated', 'shared', 'none'].includes(ice)) return fail('ice_service', ice, 'must be dedicated, shared or none');
    entries.push({
      icao24: hex || null, registration: registration || null, aircraftType: get(r, c.type) || null, owner: get(r, c.owner) || null,
      operatorIcao: get(r, c.opIcao) || null, operator: get(r, c.op) || null, iceService: ice as RegistryEntry['iceService'],
      validFrom: from || null, validTo: to || null, source: get(r, c.source) || `user file ${file}`, origin, originRow: row,
    });
  });
  return { entries, issues };
}

let builtinCache: RegistryEntry[] | undefined;

export function builtinRegistry(): RegistryEntry[] {
  if (!builtinCache) {
    const { entries, issues } = parseRegistryFile(readFileSync(new URL('../reference/aircraft-registry.csv', import.meta.url), 'utf8'), 'src/reference/aircraft-registry.csv', 'builtin');
    if (issues.length) throw new Error(`aircraft-registry.csv: ${issues.map((i) => `row ${i.row} ${i.column}: ${i.problem}`).join('; ')}`);
    builtinCache = entries;
  }
  return builtinCache;
}

/**
 * Dated lookups. When several rows cover a date, a user's row beats a built-in one (the user loaded it
 * to correct or extend the reference) and the narrower period beats the wider.
 */
export class DatedRegistry {
  private byHex = new Map<string, RegistryEntry[]>();
  private byReg = new Map<string, RegistryEntry[]>();

  constructor(readonly entries: RegistryEntry[]) {
    for (const e of entries) {
      if (e.icao24) push(this.byHex, e.icao24, e);
      if (e.registration) push(this.byReg, e.registration, e);
    }
  }

  private pick(list: RegistryEntry[] | undefined, date: string): RegistryEntry | null {
    const covering = (list ?? []).filter((e) => inPeriod(date, e.validFrom, e.validTo));
    if (covering.length === 0) return null;
    const span = (e: RegistryEntry) => Date.parse(e.validTo ?? '9999-12-31') - Date.parse(e.validFrom ?? '1900-01-01');
    return covering.sort((a, b) => Number(a.origin === 'builtin') - Number(b.origin === 'builtin') || span(a) - span(b))[0];
  }

  /** The registration a hex had on a date, from a row that names both. */
  registrationFor(icao24: string, date: string): string | null {
    return this.pick(this.byHex.get(icao24.toLowerCase())?.filter((e) => e.registration), date)?.registration ?? null;
  }

  /** The row identifying this airframe on this date: by hex first (robust when tails are hidden), else by registration. */
  lookup(icao24: string | null, registration: string | null, date: string): RegistryEntry | null {
    return (icao24 ? this.pick(this.byHex.get(icao24.toLowerCase()), date) : null)
      ?? (registration ? this.pick(this.byReg.get(registration.toUpperCase()), date) : null);
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value); else map.set(key, [value]);
}
