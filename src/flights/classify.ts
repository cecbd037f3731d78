/**
 * Is a leg an ICE Air flight, and of which kind? Pure rules, each returning the reason it applied;
 * `flights explain LEG_ID` prints them with the evidence. Every rule and its reason: docs/flights.md.
 */
import type { Confidence, IceLink, LegCategory } from '../domain/flights.ts';
import { airportIndex } from '../reference/airports.ts';
import { isBorderAreaAirport, isUsCountry, PUBLIC_CHARTER_GATEWAY_REGIONS, PUBLIC_CHARTER_MARKETS } from './geography.ts';
import { callsignRules, matchCallsign, type CallsignRule, type DatedRegistry, type RegistryEntry } from './rules.ts';

export interface ClassifiableLeg {
  legId: number;
  departureDate: string;
  flightNumber: string | null;
  callsign: string | null;
  registration: string | null;
  icao24: string | null;
  departureAirport: string | null;
  departureCountry: string | null;
  arrivalAirport: string | null;
  arrivalCountry: string | null;
  /** Source families that reported the leg (`radarbox`, `observer`, `adsb`, `arts`). */
  sourceKinds: string[];
  /** People recorded boarding or leaving (any method): a leg with passengers is not a positioning flight. */
  hasPassengers: boolean;
}

export interface LinkFinding { kind: IceLink; confidence: Confidence; rule: string; reason: string }

export interface LegClass {
  iceLink: IceLink;
  confidence: Confidence;
  /** Every link rule that matched, strongest first, joined for storage; the first names the kept one. */
  iceLinkReason: string;
  category: LegCategory | 'unresolved';
  categoryRule: string;
  categoryReason: string;
}

const RANK: Record<Confidence, number> = { high: 3, medium: 2, low: 1, none: 0 };
const KIND_ORDER: IceLink[] = ['manifest', 'observer', 'callsign', 'registry', 'route', 'none'];

export interface ClassifyContext {
  registry: DatedRegistry;
  rules?: CallsignRule[];
}

const MANIFEST: LinkFinding = { kind: 'manifest', confidence: 'high', rule: 'manifest', reason: 'the leg is in an ICE ARTS mission record (ICE\'s own flight data)' };
const OBSERVER: LinkFinding = { kind: 'observer', confidence: 'high', rule: 'observer-log', reason: 'observers on the ground logged this flight as an ICE flight' };

/*
 * Findings and reason texts repeat: the same rule and callsign, the same airframe, the same route on
 * thousands of legs. They are built once and shared (the objects are never changed), which keeps
 * classifying a month of ADS-B legs from building hundreds of megabytes of identical text.
 */
const CACHE_LIMIT = 200_000;
const callsignFindings = new WeakMap<CallsignRule, Map<string, LinkFinding>>();
const registryFindings = new WeakMap<RegistryEntry, LinkFinding>();
const routeFindings = new Map<string, LinkFinding | null>();
const findingIds = new WeakMap<LinkFinding, number>();
const reasonTexts = new Map<string, string>();

function bounded<K, V>(map: Map<K, V>): Map<K, V> {
  if (map.size > CACHE_LIMIT) map.clear();
  return map;
}

function callsignFinding(rule: CallsignRule, value: string): LinkFinding {
  let byValue = callsignFindings.get(rule);
  if (!byValue) { byValue = new Map(); callsignFindings.set(rule, byValue); }
  let f = byValue.get(value);
  if (!f) {
    const period = `${rule.validFrom ?? '…'} to ${rule.validTo ?? 'now'}`;
    f = { kind: 'callsign', confidence: rule.confidence, rule: `callsign:${rule.ruleId}`,
      reason: `${value} matches ${rule.pattern.source} (${rule.operator}, ${period}): ${rule.reason} [source: ${rule.source}]` };
    bounded(byValue).set(value, f);
  }
  return f;
}

function registryFinding(reg: RegistryEntry): LinkFinding {
  let f = registryFindings.get(reg);
  if (!f) {
    const who = [reg.registration, reg.icao24].filter(Boolean).join(' / ');
    f = { kind: 'registry', confidence: reg.iceService === 'dedicated' ? 'medium' : 'low', rule: `registry:${reg.iceService}`,
      reason: `airframe ${who} is in the aircraft registry (${reg.iceService} ICE service, ${reg.validFrom ?? '…'} to ${reg.validTo ?? 'now'}${reg.origin !== 'builtin' ? `, from ${reg.origin} row ${reg.originRow}` : ''})` +
        (reg.iceService === 'shared' ? ': it also flies other charters, so the airframe alone does not make a flight ICE' : '') + ` [source: ${reg.source}]` };
    registryFindings.set(reg, f);
  }
  return f;
}

function routeFinding(leg: ClassifiableLeg): LinkFinding | null {
  const key = `${leg.departureAirport}\u0000${leg.arrivalAirport}\u0000${leg.departureCountry}\u0000${leg.arrivalCountry}`;
  const cached = routeFindings.get(key);
  if (cached !== undefined) return cached;
  const airports = airportIndex();
  const dep = leg.departureAirport ? airports.byIcao(leg.departureAirport) : undefined;
  const arr = leg.arrivalAirport ? airports.byIcao(leg.arrivalAirport) : undefined;
  const depHub = !!dep?.iceHub, arrHub = !!arr?.iceHub;
  const depForeign = !!leg.departureCountry && !isUsCountry(leg.departureCountry);
  const arrForeign = !!leg.arrivalCountry && !isUsCountry(leg.arrivalCountry);
  let f: LinkFinding | null = null;
  if ((depHub && (arrHub || arrForeign)) || (depForeign && arrHub)) {
    f = { kind: 'route', confidence: 'low', rule: 'route:hub',
      reason: `route ${leg.departureAirport}${depHub ? ' (ICE Air airport)' : ` (${leg.departureCountry})`} → ${leg.arrivalAirport}${arrHub ? ' (ICE Air airport)' : ` (${leg.arrivalCountry})`}: ICE Air routes, but airlines fly them too` };
  }
  bounded(routeFindings).set(key, f);
  return f;
}

/** The ICE-link findings of one leg, strongest first. */
export function iceLinkFindings(leg: ClassifiableLeg, context: ClassifyContext): LinkFinding[] {
  const findings: LinkFinding[] = [];
  if (leg.sourceKinds.includes('arts')) findings.push(MANIFEST);
  if (leg.sourceKinds.includes('observer')) findings.push(OBSERVER);
  const cs = matchCallsign([leg.callsign, leg.flightNumber], leg.departureDate, context.rules ?? callsignRules());
  if (cs) findings.push(callsignFinding(cs.rule, cs.value));
  const reg = context.registry.lookup(leg.icao24, leg.registration, leg.departureDate);
  if (reg && reg.iceService !== 'none') findings.push(registryFinding(reg));
  const route = routeFinding(leg);
  if (route) findings.push(route);
  if (findings.length < 2) return findings;
  return findings.sort((a, b) => RANK[b.confidence] - RANK[a.confidence] || KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
}

/**
 * The kept link: the strongest finding. Two weak signals together — a route touching known ICE Air airports plus a
 * contractor's callsign, a shared airframe, or a military airlift callsign — make a medium link
 * (rule `combined`), kept under the non-route kind: that is how monitors pick out ICE Air among a
 * contractor's other flights. A route alone, or a contractor's callsign alone, stays low.
 */
export function keptLink(findings: LinkFinding[]): { kind: IceLink; confidence: Confidence; combined: boolean } {
  const best = findings[0];
  if (!best) return { kind: 'none', confidence: 'none', combined: false };
  if (best.confidence === 'low') {
    const route = findings.some((f) => f.kind === 'route');
    const other = findings.find((f) => f.kind !== 'route');
    if (route && other) return { kind: other.kind, confidence: 'medium', combined: true };
  }
  return { kind: best.kind, confidence: best.confidence, combined: false };
}

/** ICE-specific evidence: ICE's data, observers, or a callsign rule of medium or high confidence. */
function iceSpecific(findings: LinkFinding[]): boolean {
  return findings.some((f) => f.kind === 'manifest' || f.kind === 'observer' || (f.kind === 'callsign' && RANK[f.confidence] >= RANK.medium));
}

let nextFindingId = 1;

/** A short key naming a set of findings (each finding object is shared, so it has one number). */
function findingsKey(findings: LinkFinding[], combined: boolean): string {
  let key = combined ? 'c' : '';
  for (const f of findings) {
    let id = findingIds.get(f);
    if (id === undefined) { id = nextFindingId++; findingIds.set(f, id); }
    key += `,${id}`;
  }
  return key;
}

/** The stored text of the findings, one line each (built once per combination of findings). */
function linkReason(key: string, findings: LinkFinding[], combined: boolean): string {
  let text = reasonTexts.get(key);
  if (text === undefined) {
    text = [
      ...(combined ? ['combined: a route touching known ICE Air airports together with another weak signal counts as a medium link'] : []),
      ...findings.map((f) => `${f.kind} (${f.confidence}, rule ${f.rule}): ${f.reason}`),
    ].join('\n') || 'no rule links this leg to ICE Air: no manifest, observer record, ICE callsign, registry airframe or ICE Air airport route';
    bounded(reasonTexts).set(key, text);
  }
  return text;
}

/** Classes by findings, airports, countries and passengers: everything a class depends on. Shared, never changed. */
const classes = new Map<string, LegClass>();

export function classifyLeg(leg: ClassifiableLeg, context: ClassifyContext): LegClass {
  const findings = iceLinkFindings(leg, context);
  const link = keptLink(findings);
  const key = findingsKey(findings, link.combined);
  const classKey = `${key}\u0000${leg.departureAirport}\u0000${leg.arrivalAirport}\u0000${leg.departureCountry}\u0000${leg.arrivalCountry}\u0000${leg.hasPassengers ? 1 : 0}`;
  let c = classes.get(classKey);
  if (c === undefined) {
    c = classifyWith(leg, findings, link, linkReason(key, findings, link.combined));
    bounded(classes).set(classKey, c);
  }
  return c;
}

function classifyWith(leg: ClassifiableLeg, findings: LinkFinding[], link: ReturnType<typeof keptLink>, iceLinkReason: string): LegClass {
  const result = (category: LegClass['category'], categoryRule: string, categoryReason: string): LegClass =>
    ({ iceLink: link.kind, confidence: link.confidence, iceLinkReason, category, categoryRule, categoryReason });

  if (RANK[link.confidence] < RANK.medium) {
    return result('non_ice', link.confidence === 'none' ? 'no-ice-link' : 'weak-link-only',
      link.confidence === 'none' ? 'nothing links the leg to ICE Air' : 'only a weak signal (a contractor\'s callsign, a shared airframe or a route) links the leg to ICE Air; one weak signal is not counted');
  }
  const airports = airportIndex();
  const dep = leg.departureAirport ? airports.byIcao(leg.departureAirport) : undefined;
  const arr = leg.arrivalAirport ? airports.byIcao(leg.arrivalAirport) : undefined;

  // The Caribbean public-charter rule (docs/flights.md "Miami–Havana"): without ICE-specific evidence, a
  // leg between a Florida/New York gateway and Cuba, the Dominican Republic or the Cayman Islands is
  // the contractor's public charter service. Removals to Cuba and the Dominican Republic did fly on ICE
  // Air; with a manifest, an observer record or an ICE callsign such a leg is still a removal.
  const market = (a: typeof dep, b: typeof dep) => !!a && !!b && PUBLIC_CHARTER_GATEWAY_REGIONS.has(a.region) && PUBLIC_CHARTER_MARKETS.has(b.countryCode);
  if ((market(dep, arr) || market(arr, dep)) && !iceSpecific(findings)) {
    return result('non_ice', 'caribbean-public-charter',
      `${leg.departureAirport} → ${leg.arrivalAirport} is a Florida/New York – ${market(dep, arr) ? arr!.countryCode : dep!.countryCode} route the ICE Air contractors fly as public charters on a daily schedule; with no manifest, observer record or ICE callsign for this leg it is not counted as ICE Air`);
  }

  if (!leg.departureCountry || !leg.arrivalCountry) {
    const missing = [!leg.departureCountry ? `departure ${leg.departureAirport ?? '(blank)'}` : null, !leg.arrivalCountry ? `arrival ${leg.arrivalAirport ?? '(blank)'}` : null].filter(Boolean).join(' and ');
    return result('unresolved', 'airport-unknown', `${missing}: no airport reference knows it, so the country (and the category) cannot be told`);
  }
  const depUs = isUsCountry(leg.departureCountry), arrUs = isUsCountry(leg.arrivalCountry);
  if (depUs && !arrUs) return result('removal', 'us-to-foreign', `departs a U.S. airport (${leg.departureAirport}) for ${leg.arrivalCountry} (${leg.arrivalAirport})`);
  if (!depUs && arrUs) return result('return', 'foreign-to-us', `flies from ${leg.departureCountry} (${leg.departureAirport}) to a U.S. airport (${leg.arrivalAirport})`);
  if (!depUs && !arrUs) return result('removal', 'foreign-to-foreign', `flies between two foreign airports (${leg.departureAirport} ${leg.departureCountry} → ${leg.arrivalAirport} ${leg.arrivalCountry}): an onward stop of a removal mission`);
  if (isBorderAreaAirport(dep) && isBorderAreaAirport(arr)) {
    return result('lateral', 'border-to-border', `both ${leg.departureAirport} and ${leg.arrivalAirport} are within 100 km of the Mexico border: a lateral flight, part of a removal across the land border`);
  }
  if (!dep?.iceHub && !arr?.iceHub && !leg.hasPassengers) {
    return result('repositioning', 'no-hub-no-passengers', `neither ${leg.departureAirport} nor ${leg.arrivalAirport} is a known ICE Air airport and no one is recorded boarding or leaving: taken as positioning the aircraft (a pick-up at a non-hub airport looks the same in tracker data)`);
  }
  return result('domestic_transfer', 'us-to-us', `between U.S. airports ${leg.departureAirport} and ${leg.arrivalAirport}${dep?.iceHub || arr?.iceHub ? ' (at least one a known ICE Air airport)' : ' with people recorded boarding or leaving'}: a transfer between detention areas`);
}
