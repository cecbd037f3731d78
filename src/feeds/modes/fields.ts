/**
 * Field decoders for Mode S replies and ADS-B extended squitters. Bit layouts from ICAO Annex 10
 * Vol IV and DO-260B, as laid out in Junzi Sun, "The 1090 Megahertz Riddle" (2nd ed., 2021), chapters
 * on identification (TC 1–4), airborne position (TC 9–18, 20–22) and airborne velocity (TC 19).
 */

/**
 * The 13-bit AC field of DF0/4/16/20 → feet, or null when unavailable/invalid.
 * Q bit (bit 5 from the right) = 1: 25 ft steps; M bit set: metric (rare, unsupported here);
 * Q = 0: 100 ft Gillham (Gray) code as in Mode C.
 */
export function altitudeAc13(ac13: number): number | null {
  if (ac13 === 0) return null;
  if (ac13 & 0x40) return null; // M bit: metres, not used by civil transponders in practice
  if (ac13 & 0x10) {
    const n = ((ac13 & 0x1f80) >> 2) | ((ac13 & 0x20) >> 1) | (ac13 & 0x0f);
    return n * 25 - 1000;
  }
  const hundreds = gillhamToHundreds(id13ToGillham(ac13));
  return hundreds === null ? null : hundreds * 100;
}

/** The 12-bit altitude of an airborne position squitter (AC13 without its M bit) → feet. */
export function altitudeAc12(ac12: number): number | null {
  if (ac12 === 0) return null;
  if (ac12 & 0x10) {
    const n = ((ac12 & 0x0fe0) >> 1) | (ac12 & 0x0f);
    return n * 25 - 1000;
  }
  // Re-insert a zero M bit to get the 13-bit layout the Gillham table expects.
  const ac13 = ((ac12 & 0x0fc0) << 1) | (ac12 & 0x3f);
  const hundreds = gillhamToHundreds(id13ToGillham(ac13));
  return hundreds === null ? null : hundreds * 100;
}

/**
 * The 13-bit identity/altitude field bits (C1 A1 C2 A2 C4 A4 X B1 D1 B2 D2 B4 D4) rearranged into
 * 0xABCD nibbles of Mode A code bits 4-2-1, which is both the squawk (DF5/21) and the Gillham input.
 */
export function id13ToGillham(id13: number): number {
  let g = 0;
  if (id13 & 0x1000) g |= 0x0010; // C1
  if (id13 & 0x0800) g |= 0x1000; // A1
  if (id13 & 0x0400) g |= 0x0020; // C2
  if (id13 & 0x0200) g |= 0x2000; // A2
  if (id13 & 0x0100) g |= 0x0040; // C4
  if (id13 & 0x0080) g |= 0x4000; // A4
  if (id13 & 0x0020) g |= 0x0100; // B1
  if (id13 & 0x0010) g |= 0x0001; // D1
  if (id13 & 0x0008) g |= 0x0200; // B2
  if (id13 & 0x0004) g |= 0x0002; // D2
  if (id13 & 0x0002) g |= 0x0400; // B4
  if (id13 & 0x0001) g |= 0x0004; // D4
  return g;
}

/** Squawk as 4 octal digits from the identity field of DF5/21. */
export function squawkFromId13(id13: number): string {
  return id13ToGillham(id13).toString(16).padStart(4, '0');
}

/** Mode C Gillham code → hundreds of feet (−12 … 1267), or null for an illegal code (ICAO Annex 10 Vol IV, 3.1.1.7.12.2.3). */
export function gillhamToHundreds(modeA: number): number | null {
  if (modeA & 0xffff8889 || (modeA & 0xf0) === 0) return null;
  let hundreds = 0;
  if (modeA & 0x0010) hundreds ^= 0x007; // C1
  if (modeA & 0x0020) hundreds ^= 0x003; // C2
  if (modeA & 0x0040) hundreds ^= 0x001; // C4
  if ((hundreds & 5) === 5) hundreds ^= 2; // 5 → 7 and 7 → 5: the C bits' Gray sequence 1,3,2,6,4
  if (hundreds > 5) return null;
  let fiveHundreds = 0;
  if (modeA & 0x0002) fiveHundreds ^= 0x0ff; // D2
  if (modeA & 0x0004) fiveHundreds ^= 0x07f; // D4
  if (modeA & 0x1000) fiveHundreds ^= 0x03f; // A1
  if (modeA & 0x2000) fiveHundreds ^= 0x01f; // A2
  if (modeA & 0x4000) fiveHundreds ^= 0x00f; // A4
  if (modeA & 0x0100) fiveHundreds ^= 0x007; // B1
  if (modeA & 0x0200) fiveHundreds ^= 0x003; // B2
  if (modeA & 0x0400) fiveHundreds ^= 0x001; // B4
  if (fiveHundreds & 1) hundreds = 6 - hundreds; // odd 500-ft bands count the 100s downwards
  return fiveHundreds * 5 + hundreds - 13;
}

/** The 6-bit character set of aircraft identification (Annex 10 Vol IV, Table 3-9); '#' = unused. */
const CHARSET = '#ABCDEFGHIJKLMNOPQRSTUVWXYZ##### ###############0123456789######';

/** Callsign from an identification squitter: 8 characters of 6 bits from byte 5 (ME bits 9–56). */
export function callsignFromMe(frame: Uint8Array, me: number): string | null {
  let out = '';
  // 48 bits as two 24-bit halves keeps the arithmetic in 32-bit integers.
  for (let half = 0; half < 2; half++) {
    const p = me + 1 + half * 3;
    const bits = (frame[p]! << 16) | (frame[p + 1]! << 8) | frame[p + 2]!;
    for (let k = 3; k >= 0; k--) {
      const c = CHARSET[(bits >> (k * 6)) & 0x3f]!;
      if (c === '#') return null;
      out += c;
    }
  }
  return out.trim();
}

export interface Velocity {
  groundspeedKt?: number;
  trackDeg?: number;
  verticalRateFpm?: number;
}

/**
 * Airborne velocity (TC 19). Subtypes 1/2 give east-west and north-south ground speed components
 * (subtype 2: supersonic, 4 kt units); subtypes 3/4 give heading and airspeed instead of track and
 * ground speed, so only the vertical rate is taken from them.
 */
export function velocityFromMe(frame: Uint8Array, me: number): Velocity | null {
  const sub = frame[me]! & 0x07;
  if (sub < 1 || sub > 4) return null;
  const b = (i: number): number => frame[me + i]!;
  const out: Velocity = {};
  const vrRaw = ((b(4) & 0x07) << 6) | (b(5) >> 2);
  if (vrRaw !== 0) out.verticalRateFpm = vrRaw === 1 ? 0 : (vrRaw - 1) * 64 * (b(4) & 0x08 ? -1 : 1); // never -0
  if (sub === 1 || sub === 2) {
    const ewRaw = ((b(1) & 0x03) << 8) | b(2);
    const nsRaw = ((b(3) & 0x7f) << 3) | (b(4) >> 5);
    if (ewRaw === 0 || nsRaw === 0) return out;
    const unit = sub === 2 ? 4 : 1;
    const ew = (ewRaw - 1) * unit * (b(1) & 0x04 ? -1 : 1); // west negative
    const ns = (nsRaw - 1) * unit * (b(3) & 0x80 ? -1 : 1); // south negative
    out.groundspeedKt = Math.sqrt(ew * ew + ns * ns);
    let track = (Math.atan2(ew, ns) * 180) / Math.PI;
    if (track < 0) track += 360;
    out.trackDeg = track;
  }
  return out;
}
