/**
 * Matching ICE's facility names to detention facility codes. ICE's Facilities sheet names a facility but
 * gives no code; the Deportation Data Project's location file (`ddp-facility-locations-*.tsv`:
 * code, name, latitude, longitude, address, city, state) gives codes and coordinates.
 *
 * Rule: a facility matches a location when their normalised names are equal and, where the location
 * has a city and state, those are equal too (case-blind). Normalising: upper case, `&` → AND, every
 * other non-alphanumeric character → space, common abbreviations written out (CO → COUNTY, CTR →
 * CENTER, DET → DETENTION, CORR → CORRECTIONAL, FAC → FACILITY …), spaces collapsed. A name that
 * matches two codes is reported as ambiguous and left unmatched. No fuzzy matching: a wrong code would
 * move a facility's figures onto another facility.
 */

export interface FacilityLocation {
  code: string;
  name: string;
  latitude: number | null;
  longitude: number | null;
  city: string | null;
  state: string | null;
  /** The location file's own note on how sure the coordinates are. */
  uncertainty: string | null;
  sourceRow: number;
}

export interface FacilityMatch {
  code: string | null;
  latitude: number | null;
  longitude: number | null;
  /** `name`: the location has no city (some lines of the file have none), so only the name (and state, when given) could agree. */
  how: 'name+city+state' | 'name' | 'ambiguous' | 'none';
}

const ABBREVIATIONS: [RegExp, string][] = [
  [/\bCO\b/g, 'COUNTY'], [/\bCNTY\b/g, 'COUNTY'], [/\bCTR\b/g, 'CENTER'], [/\bCNTR\b/g, 'CENTER'], [/\bDET\b/g, 'DETENTION'],
  [/\bCORR\b/g, 'CORRECTIONAL'], [/\bFAC\b/g, 'FACILITY'], [/\bINST\b/g, 'INSTITUTION'], [/\bFED\b/g, 'FEDERAL'], [/\bPROC\b/g, 'PROCESSING'],
  [/\bST\b/g, 'SAINT'], [/\bHOSP\b/g, 'HOSPITAL'], [/\bMED\b/g, 'MEDICAL'],
];

export function normaliseFacilityName(name: string): string {
  let n = name.toUpperCase().replace(/&/g, ' AND ').replace(/[^A-Z0-9]+/g, ' ');
  for (const [re, to] of ABBREVIATIONS) n = n.replace(re, to);
  return n.replace(/\s+/g, ' ').trim();
}

/** The TSV as published (tab-separated, header line first, quoted addresses); bad lines are returned, not dropped. */
export function parseFacilityLocations(text: string): { locations: FacilityLocation[]; problems: { line: number; problem: string }[] } {
  const lines = text.split(/\r?\n/);
  const header = lines[0].split('\t');
  const at = (name: string): number => header.indexOf(name);
  const problems: { line: number; problem: string }[] = [];
  const locations: FacilityLocation[] = [];
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    const f = lines[i].split('\t').map((v) => v.replace(/^"(.*)"$/, '$1').trim());
    const code = f[at('detention_facility_code')];
    if (!code) { problems.push({ line: i + 1, problem: 'no detention_facility_code' }); continue; }
    const num = (v: string | undefined): number | null => (v && Number.isFinite(Number(v)) ? Number(v) : null);
    locations.push({ code, name: f[at('detention_facility_name')] ?? '', latitude: num(f[at('latitude')]), longitude: num(f[at('longitude')]),
      city: f[at('city')] || null, state: f[at('state')] || null, uncertainty: f[at('uncertainty')] || null, sourceRow: i + 1 });
  }
  return { locations, problems };
}

export function makeFacilityMatcher(locations: FacilityLocation[]): (name: string, city: string | null, state: string | null) => FacilityMatch {
  const byName = new Map<string, FacilityLocation[]>();
  for (const l of locations) {
    const key = normaliseFacilityName(l.name);
    byName.set(key, [...(byName.get(key) ?? []), l]);
  }
  const same = (a: string | null, b: string | null): boolean => a !== null && b !== null && a.toUpperCase() === b.toUpperCase();
  return (name, city, state) => {
    const candidates = byName.get(normaliseFacilityName(name)) ?? [];
    const exact = candidates.filter((l) => same(l.city, city) && same(l.state, state));
    const byState = candidates.filter((l) => l.city === null && (l.state === null || same(l.state, state)));
    const pick = exact.length > 0 ? { list: exact, how: 'name+city+state' as const } : { list: byState, how: 'name' as const };
    if (pick.list.length === 0) return { code: null, latitude: null, longitude: null, how: 'none' };
    if (pick.list.length > 1) return { code: null, latitude: null, longitude: null, how: 'ambiguous' };
    const l = pick.list[0];
    return { code: l.code, latitude: l.latitude, longitude: l.longitude, how: pick.how };
  };
}

export interface FacilityMatchReport {
  matched: number;
  ambiguous: number;
  total: number;
  /** matched / total. */
  rate: number;
  matches: { name: string; city: string | null; state: string | null; match: FacilityMatch }[];
}

/** Matches every facility of a list and counts the outcome (the match rate the docs report). */
export function matchFacilities(facilities: { name: string; city: string | null; state: string | null }[], locations: FacilityLocation[]): FacilityMatchReport {
  const match = makeFacilityMatcher(locations);
  const matches = facilities.map((f) => ({ name: f.name, city: f.city, state: f.state, match: match(f.name, f.city, f.state) }));
  const matched = matches.filter((m) => m.match.code !== null).length;
  return { matched, ambiguous: matches.filter((m) => m.match.how === 'ambiguous').length, total: facilities.length, rate: facilities.length ? matched / facilities.length : 0, matches };
}

/**
 * ICE's own facility codes, from the one table that prints them ("ICE Currently Detained of Stateless
 * Aliens by Detention Facility", FY2024 on: name and "Detention Facility Code" side by side). They carry
 * no coordinates and no city, so they match by name alone; they cover only facilities holding a stateless
 * person on the day, and are used after the locations file.
 */
export function facilityCodesFromFigures(figures: { dimensions: Record<string, string>; cell: string }[]): FacilityLocation[] {
  const seen = new Map<string, FacilityLocation>();
  for (const f of figures) {
    const { facility, facilityCode } = f.dimensions;
    if (!facility || !facilityCode || seen.has(facilityCode)) continue;
    seen.set(facilityCode, { code: facilityCode, name: facility, latitude: null, longitude: null, city: null, state: null, uncertainty: null, sourceRow: Number(f.cell.replace(/^[A-Z]+/, '')) });
  }
  return [...seen.values()];
}
