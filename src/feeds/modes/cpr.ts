/**
 * Compact Position Reporting for airborne positions (DO-260B §A.1.7; Sun, "The 1090 Megahertz Riddle",
 * ch. 5). A position squitter carries 17-bit latitude/longitude fractions of a zone; an even and an odd
 * message together fix the zone anywhere on Earth (global decoding), and one message fixes it near a
 * known reference position (local decoding, unambiguous within half a zone, about 180 NM).
 */

const NZ = 15;
const D_LAT_EVEN = 360 / (4 * NZ);
const D_LAT_ODD = 360 / (4 * NZ - 1);
const CPR_SCALE = 131072; // 2^17

/** Latitudes where the number of longitude zones changes (NL = 59 … 2), computed once from the DO-260B formula. */
const NL_TRANSITIONS = (() => {
  const a = 1 - Math.cos(Math.PI / (2 * NZ));
  const out: number[] = [];
  for (let nl = 59; nl >= 2; nl--) out.push((Math.acos(Math.sqrt(a / (1 - Math.cos((2 * Math.PI) / nl)))) * 180) / Math.PI);
  return out; // ascending latitudes: out[k] is where NL drops from 59 - k to 58 - k
})();

/** Number of longitude zones at a latitude (NL function, DO-260B A.1.7.2.d). */
export function cprNL(lat: number): number {
  const abs = Math.abs(lat);
  let nl = 59;
  for (let k = 0; k < NL_TRANSITIONS.length; k++) {
    if (abs < NL_TRANSITIONS[k]!) return nl;
    nl--;
  }
  return abs > 87 ? 1 : 2;
}

function mod(a: number, b: number): number {
  return a - b * Math.floor(a / b);
}

export interface LatLon {
  latDeg: number;
  lonDeg: number;
}

/**
 * Global decoding of an even/odd pair (raw 17-bit values). `latestOdd` says which of the two arrived
 * last: its zone gives the answer. Null when the two straddle a longitude-zone boundary (NL differs).
 */
export function cprGlobal(evenLat: number, evenLon: number, oddLat: number, oddLon: number, latestOdd: boolean): LatLon | null {
  const latE = evenLat / CPR_SCALE;
  const lonE = evenLon / CPR_SCALE;
  const latO = oddLat / CPR_SCALE;
  const lonO = oddLon / CPR_SCALE;
  const j = Math.floor(59 * latE - 60 * latO + 0.5);
  let rlatE = D_LAT_EVEN * (mod(j, 60) + latE);
  let rlatO = D_LAT_ODD * (mod(j, 59) + latO);
  if (rlatE >= 270) rlatE -= 360;
  if (rlatO >= 270) rlatO -= 360;
  if (rlatE < -90 || rlatE > 90 || rlatO < -90 || rlatO > 90) return null;
  const nl = cprNL(rlatE);
  if (nl !== cprNL(rlatO)) return null;
  const lat = latestOdd ? rlatO : rlatE;
  const ni = Math.max(latestOdd ? nl - 1 : nl, 1);
  const m = Math.floor(lonE * (nl - 1) - lonO * nl + 0.5);
  let lon = (360 / ni) * (mod(m, ni) + (latestOdd ? lonO : lonE));
  if (lon >= 180) lon -= 360;
  return { latDeg: lat, lonDeg: lon };
}

/** Local decoding of one message (odd = format bit F) against a reference position within ~180 NM. */
export function cprLocal(rawLat: number, rawLon: number, odd: boolean, ref: LatLon): LatLon {
  const latC = rawLat / CPR_SCALE;
  const lonC = rawLon / CPR_SCALE;
  const dLat = odd ? D_LAT_ODD : D_LAT_EVEN;
  const j = Math.floor(ref.latDeg / dLat) + Math.floor(mod(ref.latDeg, dLat) / dLat - latC + 0.5);
  const lat = dLat * (j + latC);
  const ni = Math.max(cprNL(lat) - (odd ? 1 : 0), 1);
  const dLon = 360 / ni;
  const m = Math.floor(ref.lonDeg / dLon) + Math.floor(mod(ref.lonDeg, dLon) / dLon - lonC + 0.5);
  let lon = dLon * (m + lonC);
  if (lon >= 180) lon -= 360;
  return { latDeg: lat, lonDeg: lon };
}

/** Great-circle distance in nautical miles (haversine, mean Earth radius 3440.065 NM). */
export function distanceNm(a: LatLon, b: LatLon): number {
  const toRad = Math.PI / 180;
  const dLat = (b.latDeg - a.latDeg) * toRad;
  const dLon = (b.lonDeg - a.lonDeg) * toRad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latDeg * toRad) * Math.cos(b.latDeg * toRad) * Math.sin(dLon / 2) ** 2;
  return 2 * 3440.065 * Math.asin(Math.min(1, Math.sqrt(h)));
}
