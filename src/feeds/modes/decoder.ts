/**
 * Mode S frame → `PositionUpdate`s, with the per-aircraft state a decoder needs: the addresses heard
 * in parity-checked frames (so that address/parity replies can be attributed, as dump1090 does) and the
 * last even/odd CPR messages and position of each aircraft.
 *
 * What is decoded (Annex 10 Vol IV; DO-260B): DF17/18 identification (TC 1–4), airborne position
 * (TC 9–18 barometric, 20–22 GNSS height), airborne velocity (TC 19); DF11 all-call (address only);
 * DF4/20 altitude and DF5/21 squawk from aircraft already heard. Everything else is counted in
 * `ignored` by kind; frames that fail their parity check are counted in `errors`.
 */
import { ErrorCounts, type FeedKind, type PositionUpdate, type UpdateSink } from '../types.ts';
import { crc24, parityField } from './crc.ts';
import { cprGlobal, cprLocal, distanceNm, type LatLon } from './cpr.ts';
import { altitudeAc12, altitudeAc13, callsignFromMe, squawkFromId13, velocityFromMe } from './fields.ts';

/** An even and an odd message further apart than this are not paired (DO-260B A.1.7.7: 10 s airborne). */
export const CPR_PAIR_MAX_S = 10;
/** A reference position older than this is not used for local decoding. */
export const LOCAL_REFERENCE_MAX_S = 300;
/** Positions implying more than this speed from the previous one are rejected (1,300 kt covers any airliner). */
const MAX_PLAUSIBLE_NM_PER_S = 1300 / 3600;
/** An address heard in a parity-checked frame stays "known" this long, for address/parity replies. */
const KNOWN_ADDRESS_TTL_S = 60;
/** Aircraft not heard for this long are forgotten, so a feed running for months keeps a bounded state. */
const FORGET_AFTER_S = 600;

interface CprHalf {
  lat: number;
  lon: number;
  t: number;
}

interface AircraftState {
  even?: CprHalf;
  odd?: CprHalf;
  last?: LatLon & { t: number };
  heardAt: number;
}

export interface DecodeOptions {
  feed?: FeedKind;
  /** Where parity and CPR errors are counted (a reader passes its own, so one status shows all). */
  errors?: ErrorCounts;
}

export class ModeSDecoder {
  readonly errors: ErrorCounts;
  readonly ignored = new ErrorCounts();
  private readonly aircraft = new Map<number, AircraftState>();
  private readonly feed: FeedKind;
  private prunedAt = -Infinity;

  constructor(options: DecodeOptions = {}) {
    this.feed = options.feed ?? 'beast';
    this.errors = options.errors ?? new ErrorCounts();
  }

  /**
   * Decodes one frame of `bytes` (7 or 14) bytes at `offset`. `timeS` is the message time (epoch s)
   * used for CPR pairing and in the updates; `receivedAt` when this process read it.
   */
  decode(frame: Uint8Array, offset: number, bytes: number, timeS: number, receivedAt: number, emit: UpdateSink): void {
    if (timeS - this.prunedAt > 60 || timeS < this.prunedAt - 60) this.prune(timeS); // the second: a restarted clock
    const df = frame[offset]! >> 3;
    if (bytes === 14 && (df === 17 || df === 18)) return this.extendedSquitter(frame, offset, df, timeS, receivedAt, emit);
    if (bytes === 7 && df === 11) return this.allCall(frame, offset, timeS);
    const long = df >= 16;
    if ((long ? 14 : 7) !== bytes) { this.errors.add('modes-length-mismatch'); return; }
    if (df === 4 || df === 20 || df === 5 || df === 21 || df === 0 || df === 16) {
      // Address/parity: the CRC of the data XOR the parity field is the address (Annex 10, 3.1.2.3.3.2).
      const address = (crc24(frame, offset, bytes - 3) ^ parityField(frame, offset, bytes)) >>> 0;
      const state = this.aircraft.get(address);
      if (!state || timeS - state.heardAt > KNOWN_ADDRESS_TTL_S) { this.ignored.add(`df${df}-unknown-address`); return; }
      const field13 = ((frame[offset + 2]! & 0x1f) << 8) | frame[offset + 3]!;
      const update = this.base(address, timeS, receivedAt);
      if (df === 5 || df === 21) update.squawk = squawkFromId13(field13);
      else {
        const alt = altitudeAc13(field13);
        if (alt !== null) update.altitudeFt = alt;
      }
      // Comm-B replies whose MB field starts with 0x20 carry BDS 2,0 aircraft identification, laid
      // out like an identification squitter (ICAO Doc 9871, Table A-2-32); dump1090 reads them the same way.
      if ((df === 20 || df === 21) && frame[offset + 4] === 0x20) {
        const callsign = callsignFromMe(frame, offset + 4);
        if (callsign) update.callsign = callsign;
      }
      if (update.altitudeFt === undefined && update.squawk === undefined && update.callsign === undefined) { this.ignored.add('altitude-unavailable'); return; }
      emit(update);
      return;
    }
    this.ignored.add(`df${df}`);
  }

  private allCall(frame: Uint8Array, offset: number, timeS: number): void {
    const res = (crc24(frame, offset, 4) ^ parityField(frame, offset, 7)) >>> 0;
    // The low 7 bits may carry the interrogator identifier (II/SI code); anything above is corruption.
    if (res & ~0x7f) { this.errors.add('crc-mismatch-df11'); return; }
    this.heard(addressAt(frame, offset), timeS);
  }

  private extendedSquitter(frame: Uint8Array, offset: number, df: number, timeS: number, receivedAt: number, emit: UpdateSink): void {
    if (crc24(frame, offset, 11) !== parityField(frame, offset, 14)) { this.errors.add('crc-mismatch'); return; }
    const address = addressAt(frame, offset);
    let nonIcao = false;
    if (df === 18) {
      const cf = frame[offset]! & 0x07;
      // CF 0: ADS-B with ICAO address; CF 1: ADS-B with an anonymous/non-ICAO address (DO-260B 2.2.3.2.1.2).
      if (cf > 1) { this.ignored.add(`df18-cf${cf}`); return; }
      nonIcao = cf === 1;
    }
    // Non-ICAO addresses get their own state (key above 24 bits) and never validate address/parity replies.
    const state = nonIcao ? this.stateOf(address + 0x1000000, timeS) : this.heard(address, timeS);
    state.heardAt = timeS;
    const me = offset + 4;
    const tc = frame[me]! >> 3;
    const update = this.base(address, timeS, receivedAt, nonIcao);
    if (tc >= 1 && tc <= 4) {
      const callsign = callsignFromMe(frame, me);
      if (callsign === null) { this.errors.add('callsign-invalid-character'); return; }
      if (callsign === '') { this.ignored.add('empty-callsign'); return; }
      update.callsign = callsign;
    } else if ((tc >= 9 && tc <= 18) || (tc >= 20 && tc <= 22)) {
      const ac12 = (frame[me + 1]! << 4) | (frame[me + 2]! >> 4);
      if (tc <= 18) {
        const alt = altitudeAc12(ac12);
        if (alt !== null) update.altitudeFt = alt;
      } else if (ac12 !== 0) {
        update.altitudeGeomFt = ac12 * 3.28084; // TC 20–22: GNSS height in metres (DO-260B 2.2.3.2.3.4.3)
      }
      const pos = this.position(frame, me, state, timeS);
      if (pos) { update.latDeg = pos.latDeg; update.lonDeg = pos.lonDeg; }
      if (update.altitudeFt === undefined && update.altitudeGeomFt === undefined && !pos) return;
    } else if (tc === 19) {
      const v = velocityFromMe(frame, me);
      if (!v) { this.ignored.add('velocity-subtype'); return; }
      if (v.groundspeedKt !== undefined) update.groundspeedKt = v.groundspeedKt;
      if (v.trackDeg !== undefined) update.trackDeg = v.trackDeg;
      if (v.verticalRateFpm !== undefined) update.verticalRateFpm = v.verticalRateFpm;
      if (v.groundspeedKt === undefined && v.verticalRateFpm === undefined) return;
    } else {
      this.ignored.add(tc >= 5 && tc <= 8 ? 'surface-position' : `tc${tc}`);
      return;
    }
    emit(update);
  }

  /** Stores this CPR half and decodes a position: globally with a fresh pair, else locally. */
  private position(frame: Uint8Array, me: number, state: AircraftState, t: number): LatLon | null {
    const odd = (frame[me + 2]! & 0x04) !== 0;
    const lat = ((frame[me + 2]! & 0x03) << 15) | (frame[me + 3]! << 7) | (frame[me + 4]! >> 1);
    const lon = ((frame[me + 4]! & 0x01) << 16) | (frame[me + 5]! << 8) | frame[me + 6]!;
    const half = { lat, lon, t };
    if (odd) state.odd = half; else state.even = half;
    const other = odd ? state.even : state.odd;
    let pos: LatLon | null = null;
    if (other && Math.abs(t - other.t) <= CPR_PAIR_MAX_S) {
      const e = odd ? other : half;
      const o = odd ? half : other;
      pos = cprGlobal(e.lat, e.lon, o.lat, o.lon, odd);
      if (pos === null) this.errors.add('cpr-zone-mismatch');
    }
    const last = state.last && t - state.last.t <= LOCAL_REFERENCE_MAX_S ? state.last : undefined;
    if (pos === null && last) pos = cprLocal(lat, lon, odd, last);
    if (pos === null) { this.ignored.add('cpr-awaiting-pair'); return null; }
    if (last && distanceNm(last, pos) > Math.abs(t - last.t) * MAX_PLAUSIBLE_NM_PER_S + 5) {
      // A corrupt pair or a stale reference: drop the pair so the next messages start afresh.
      this.errors.add('cpr-implausible-jump');
      state.even = state.odd = undefined;
      if (t - last.t > 30) state.last = undefined;
      return null;
    }
    state.last = { latDeg: pos.latDeg, lonDeg: pos.lonDeg, t };
    return pos;
  }

  /** Number of aircraft whose state is kept (for tests and status). */
  get tracked(): number {
    return this.aircraft.size;
  }

  private prune(t: number): void {
    this.prunedAt = t;
    for (const [key, s] of this.aircraft) if (t - Math.max(s.heardAt, s.last?.t ?? -Infinity) > FORGET_AFTER_S) this.aircraft.delete(key);
  }

  private stateOf(key: number, t: number): AircraftState {
    let s = this.aircraft.get(key);
    if (!s) { s = { heardAt: t }; this.aircraft.set(key, s); }
    return s;
  }

  private heard(address: number, t: number): AircraftState {
    const s = this.stateOf(address, t);
    s.heardAt = t;
    return s;
  }

  private base(address: number, timeS: number, receivedAt: number, nonIcao = false): PositionUpdate {
    const hex = address.toString(16).padStart(6, '0');
    return { feed: this.feed, receivedAt, icao24: nonIcao ? `~${hex}` : hex, messageTime: timeS };
  }
}

function addressAt(frame: Uint8Array, offset: number): number {
  return (frame[offset + 1]! << 16) | (frame[offset + 2]! << 8) | frame[offset + 3]!;
}
