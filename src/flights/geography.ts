/**
 * Geographic facts the leg categories use, each with its reason.
 */
import { haversineKm, type Airport } from '../reference/airports.ts';

/**
 * "U.S. airport": an airport in the United States or a U.S. territory (ISO codes US, PR, VI, GU, MP,
 * AS, UM). A flight from Miami to San Juan is not a removal; a flight to Guatemala City is.
 */
export const US_JURISDICTION = new Set(['US', 'PR', 'VI', 'GU', 'MP', 'AS', 'UM']);

export function isUsCountry(code: string | null | undefined): boolean {
  return code != null && US_JURISDICTION.has(code);
}

/**
 * The U.S.–Mexico border as a coarse outline (ports of entry and corners, west to east; coordinates
 * from public maps, accurate to a few km). Good enough to say whether an airport is within 100 km.
 */
const BORDER: [number, number][] = [
  [32.534, -117.124], // San Ysidro / Tijuana
  [32.718, -114.719], // Yuma, Colorado River
  [32.49, -114.81],
  [31.332, -111.074], // Nogales
  [31.332, -108.208], // New Mexico bootheel
  [31.784, -108.208],
  [31.784, -106.528], // El Paso / Ciudad Juárez
  [29.56, -104.37], // Presidio
  [29.0, -103.2], // Big Bend
  [29.8, -101.4], // Del Rio area
  [28.71, -100.5], // Eagle Pass
  [27.5, -99.51], // Laredo
  [26.4, -99.02], // Roma
  [26.06, -97.95], // Progreso
  [25.9, -97.5], // Brownsville
  [25.96, -97.15], // Gulf of Mexico
];

const BORDER_POINTS: [number, number][] = (() => {
  const points: [number, number][] = [];
  for (let i = 0; i + 1 < BORDER.length; i++) {
    const [a, b] = [BORDER[i], BORDER[i + 1]];
    const steps = Math.max(1, Math.ceil(haversineKm(a[0], a[1], b[0], b[1]) / 5));
    for (let s = 0; s < steps; s++) points.push([a[0] + ((b[0] - a[0]) * s) / steps, a[1] + ((b[1] - a[1]) * s) / steps]);
  }
  points.push(BORDER[BORDER.length - 1]);
  return points;
})();

export function kmFromMexicoBorder(latDeg: number, lonDeg: number): number {
  let best = Infinity;
  for (const [lat, lon] of BORDER_POINTS) best = Math.min(best, haversineKm(latDeg, lonDeg, lat, lon));
  return best;
}

/**
 * Border-area airport: a U.S. airport within 100 km of the Mexico border (Brownsville, Harlingen,
 * McAllen, Laredo, El Paso, Tucson, Yuma, San Diego …). A flight between two of them is a "lateral":
 * monitors (Human Rights First, FIELD-NOTES.md) count Brownsville → El Paso or San Diego flights as
 * part of removals across the land border.
 */
export const BORDER_AREA_KM = 100;

const borderArea = new Map<string, boolean>();

export function isBorderAreaAirport(airport: Airport | undefined): boolean {
  if (airport === undefined || airport.countryCode !== 'US') return false;
  let near = borderArea.get(airport.icao);
  if (near === undefined) {
    near = kmFromMexicoBorder(airport.latDeg, airport.lonDeg) <= BORDER_AREA_KM;
    borderArea.set(airport.icao, near);
  }
  return near;
}

/**
 * Public-charter markets of the ICE Air contractors: countries their scheduled public charters fly to
 * from Florida and New York (in the 2020 RadarBox export: Miami, Tampa and Fort Myers to six Cuban
 * cities; Miami to Santo Domingo and Punta Cana; New York JFK, Miami and Tampa to Grand Cayman), with
 * paired outbound/return flight numbers on a daily schedule. The data README warns that these
 * carriers "also flew non-ICE charters (e.g. Miami–Havana), so an airline filter alone over-counts".
 */
export const PUBLIC_CHARTER_MARKETS = new Set(['CU', 'DO', 'KY']);
export const PUBLIC_CHARTER_GATEWAY_REGIONS = new Set(['US-FL', 'US-NY']);
