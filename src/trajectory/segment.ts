/**
 * The segmentation kernel: one pass over an aircraft's time-ordered positions that
 *   1. drops exact duplicates (same time, same position),
 *   2. rejects positions that jump further than `maxSpeedKt` allows (spoofing, decoding errors) and
 *      altitudes that change faster than `maxClimbFtPerS` allows (the 38,000 ft spikes of a taxiing
 *      aircraft), both against the last accepted value, with a tolerance that grows with time,
 *   3. decides each point's phase from ground evidence (readsb "ground", OpenSky on_ground, speed below
 *      `slowKt`) and confirms a change of phase only after `confirmPoints` points (debounce),
 *   4. cuts legs at every confirmed landing, at readsb's new-leg flag, and at time gaps with the
 *      altitude-dependent thresholds of the private-jets study (5 min below 10,000 ft, 10 h above),
 *      traffic's 10 minutes when no altitude is known, and when the aircraft must have stopped,
 *   5. accumulates per leg: points, maximum altitude, path length, and the quality counters,
 *   6. notes local altitude minima (low passes, touch-and-goes without ground reports) for the airport
 *      step to examine.
 * Rules and their sources: ./rules.ts and docs/trajectory.md. No allocation per point, no closures in
 * the loop: it runs at memory speed (bench/adsb.bench.ts).
 */
import { F_AIR, F_GROUND, F_NEW_LEG, Q_BAD_ALTITUDE, Q_BAD_POSITION, Q_DUPLICATE, Q_PHASE_NOISE, type PositionColumns } from './columns.ts';
import {
  DEFAULT_RULES, E_LANDING, E_NEW_LEG, E_SIGNAL_LOST, E_STOPPED, E_TRACK_END, S_NEW_LEG, S_REAPPEARED, S_TAKEOFF, S_TRACK_START,
  type SegmentRules,
} from './rules.ts';

const KM_PER_DEG = 111.195;
const KT_TO_KM_PER_S = 1.852 / 3600;

const PHASE_NONE = 0, PHASE_GROUND = 1, PHASE_AIR = 2;

/** Legs found by the kernel, as parallel arrays (struct of arrays). Indices point into the columns. */
export class LegSpans {
  count = 0;
  private capacity: number;
  aircraft: Int32Array;
  /** First and last airborne point of the leg. */
  first: Int32Array;
  last: Int32Array;
  /** Last ground point before the take-off, first ground point after the landing (-1 when not seen). */
  takeoffGround: Int32Array;
  landingGround: Int32Array;
  startReason: Uint8Array;
  endReason: Uint8Array;
  /** Accepted airborne-phase points in the leg. */
  points: Int32Array;
  maxAltFt: Float32Array;
  pathKm: Float64Array;
  /** Points rejected inside the leg's time span: duplicates, position jumps, altitude spikes, phase noise. */
  duplicates: Int32Array;
  badPositions: Int32Array;
  badAltitudes: Int32Array;
  phaseNoise: Int32Array;
  /** Gaps of more than a minute inside the leg (coverage holes that did not end it). */
  gaps: Int32Array;
  /** Longest gap inside the leg, seconds. */
  longestGapS: Float32Array;
  /** False for airborne fragments below `minLegPoints` / `minLegSeconds`. */
  valid: Uint8Array;

  constructor(capacity = 64) {
    this.capacity = capacity;
    this.aircraft = new Int32Array(capacity);
    this.first = new Int32Array(capacity);
    this.last = new Int32Array(capacity);
    this.takeoffGround = new Int32Array(capacity);
    this.landingGround = new Int32Array(capacity);
    this.startReason = new Uint8Array(capacity);
    this.endReason = new Uint8Array(capacity);
    this.points = new Int32Array(capacity);
    this.maxAltFt = new Float32Array(capacity);
    this.pathKm = new Float64Array(capacity);
    this.duplicates = new Int32Array(capacity);
    this.badPositions = new Int32Array(capacity);
    this.badAltitudes = new Int32Array(capacity);
    this.phaseNoise = new Int32Array(capacity);
    this.gaps = new Int32Array(capacity);
    this.longestGapS = new Float32Array(capacity);
    this.valid = new Uint8Array(capacity);
  }

  clear(): void {
    this.count = 0;
  }

  /** Reserves one leg and returns its index. */
  add(): number {
    if (this.count === this.capacity) this.grow();
    return this.count++;
  }

  private grow(): void {
    const c = this.capacity * 2;
    const g = <T extends Int32Array | Uint8Array | Float32Array | Float64Array>(a: T): T => {
      const b = new (a.constructor as { new (n: number): T })(c);
      b.set(a as never);
      return b;
    };
    this.aircraft = g(this.aircraft); this.first = g(this.first); this.last = g(this.last);
    this.takeoffGround = g(this.takeoffGround); this.landingGround = g(this.landingGround);
    this.startReason = g(this.startReason); this.endReason = g(this.endReason); this.points = g(this.points);
    this.maxAltFt = g(this.maxAltFt); this.pathKm = g(this.pathKm); this.duplicates = g(this.duplicates);
    this.badPositions = g(this.badPositions); this.badAltitudes = g(this.badAltitudes); this.phaseNoise = g(this.phaseNoise);
    this.gaps = g(this.gaps); this.longestGapS = g(this.longestGapS); this.valid = g(this.valid);
    this.capacity = c;
  }
}

/** Local altitude minima inside airborne phases (candidate low passes and touch-and-goes). */
export class Minima {
  count = 0;
  index = new Int32Array(64);
  add(i: number): void {
    if (this.count === this.index.length) { const b = new Int32Array(this.count * 2); b.set(this.index); this.index = b; }
    this.index[this.count++] = i;
  }
  clear(): void { this.count = 0; }
}

export interface SegmentOutput {
  legs: LegSpans;
  minima: Minima;
  /** One byte per point: Q_* bits (columns.ts). Must be zeroed by the caller or hold only Q_REORDERED. */
  quality: Uint8Array;
}

/** Median of up to five numbers (the initial altitude anchor), without allocating. */
function median5(a: number, b: number, c: number, d: number, e: number, n: number): number {
  const v = [a, b, c, d, e].slice(0, n).sort((x, y) => x - y);
  return v[(n - 1) >> 1];
}

/**
 * Segments every aircraft run of `columns` (`runStarts[k]`…`runStarts[k+1]`, each ordered by time) and
 * appends the legs to `out.legs`.
 */
export function segmentRuns(columns: PositionColumns, runStarts: Int32Array, out: SegmentOutput, rules: SegmentRules = DEFAULT_RULES): void {
  for (let k = 0; k + 1 < runStarts.length; k++) segmentTrack(columns, runStarts[k], runStarts[k + 1], out, rules);
}

interface LegDraft {
  aircraft: number; first: number; last: number; takeoffGround: number; landingGround: number;
  startReason: number; endReason: number; points: number; maxAlt: number; pathDeg: number;
  dup: number; badPos: number; badAlt: number; noise: number; gaps: number; longest: number;
}

/** Writes one leg; `valid` applies the minimum points and duration of rules.ts. */
function emitLeg(legs: LegSpans, d: LegDraft, timeS: Float64Array, minPoints: number, minSeconds: number): void {
  const k = legs.add();
  legs.aircraft[k] = d.aircraft;
  legs.first[k] = d.first;
  legs.last[k] = d.last;
  legs.takeoffGround[k] = d.takeoffGround;
  legs.landingGround[k] = d.landingGround;
  legs.startReason[k] = d.startReason;
  legs.endReason[k] = d.endReason;
  legs.points[k] = d.points;
  legs.maxAltFt[k] = d.maxAlt === -Infinity ? NaN : d.maxAlt;
  legs.pathKm[k] = d.pathDeg * KM_PER_DEG;
  legs.duplicates[k] = d.dup;
  legs.badPositions[k] = d.badPos;
  legs.badAltitudes[k] = d.badAlt;
  legs.phaseNoise[k] = d.noise;
  legs.gaps[k] = d.gaps;
  legs.longestGapS[k] = d.longest;
  legs.valid[k] = d.points >= minPoints && timeS[d.last] - timeS[d.first] >= minSeconds ? 1 : 0;
}

const draft: LegDraft = {
  aircraft: 0, first: 0, last: 0, takeoffGround: -1, landingGround: -1, startReason: 0, endReason: 0, points: 0,
  maxAlt: 0, pathDeg: 0, dup: 0, badPos: 0, badAlt: 0, noise: 0, gaps: 0, longest: 0,
};

/** State the fast path reads and updates (a plain object: one read and one write per stretch, not per point). */
class FastState {
  lastT = 0; lastLat = 0; lastLon = 0; cosLat = 1; cosRefLat = 0;
  anchorAlt = 0; anchorT = 0; accPoints = 0; accPathDeg = 0; accMax = 0;
  seekingMin = true; minAlt = 0; minIdx = 0; maxAlt = 0;
}
const fs = new FastState();
const FAST_STOP = F_GROUND | F_NEW_LEG;

/**
 * The common case — cruise, climb, descent: consecutive airborne points with a plausible position and
 * altitude, no ground or new-leg flag, no gap over a minute. Applies exactly the checks and
 * accumulators of segmentTrack's general code, in a loop small enough for the JIT to keep its state in
 * registers. Returns the index of the first point it did not take.
 */
function fastAir(timeS: Float64Array, latDeg: Float64Array, lonDeg: Float64Array, altFt: Float32Array, gsKt: Float32Array, flags: Uint8Array,
  i: number, end: number, st: FastState, minima: Minima, slowKt: number, altTol: number, climb: number, tolDeg: number, speedDegPerS: number, rebound: number): number {
  let lastT = st.lastT, lastLat = st.lastLat, lastLon = st.lastLon, cosLat = st.cosLat, cosRefLat = st.cosRefLat;
  let anchorAlt = st.anchorAlt, anchorT = st.anchorT, accPoints = st.accPoints, accPathDeg = st.accPathDeg, accMax = st.accMax;
  let seekingMin = st.seekingMin, minAlt = st.minAlt, minIdx = st.minIdx, maxAlt = st.maxAlt;
  for (; i < end; i++) {
    if (flags[i] & FAST_STOP) break;
    const a = altFt[i];
    const t = timeS[i];
    const dt = t - lastT;
    if (!(dt > 0 && dt <= 60) || !(gsKt[i] >= slowKt)) break;
    const tol = altTol + climb * (t - anchorT);
    if (!(a - anchorAlt <= tol && anchorAlt - a <= tol)) break;
    const la = latDeg[i], lo = lonDeg[i];
    let dx = lo - lastLon;
    if (dx > 180) dx -= 360; else if (dx < -180) dx += 360;
    dx *= cosLat;
    const dy = la - lastLat;
    const d2 = dx * dx + dy * dy;
    const lim = tolDeg + speedDegPerS * dt;
    if (d2 > lim * lim) break;
    lastT = t; lastLat = la; lastLon = lo;
    if (la - cosRefLat > 0.5 || cosRefLat - la > 0.5) { cosRefLat = la; cosLat = Math.cos(la * (Math.PI / 180)); }
    const anchorPrev = anchorAlt;
    anchorAlt = a; anchorT = t;
    accPoints++;
    accPathDeg += Math.sqrt(d2);
    // Level flight changes neither the maximum nor the valley detector.
    if (a !== anchorPrev) {
      if (a > accMax) accMax = a;
      if (seekingMin) {
        if (a < minAlt) { minAlt = a; minIdx = i; }
        else if (a - minAlt >= rebound) { minima.add(minIdx); seekingMin = false; maxAlt = a; }
      } else if (a > maxAlt) maxAlt = a;
      else if (maxAlt - a >= rebound) { seekingMin = true; minAlt = a; minIdx = i; }
    }
  }
  st.lastT = lastT; st.lastLat = lastLat; st.lastLon = lastLon; st.cosLat = cosLat; st.cosRefLat = cosRefLat;
  st.anchorAlt = anchorAlt; st.anchorT = anchorT; st.accPoints = accPoints; st.accPathDeg = accPathDeg; st.accMax = accMax;
  st.seekingMin = seekingMin; st.minAlt = minAlt; st.minIdx = minIdx; st.maxAlt = maxAlt;
  return i;
}

export function segmentTrack(columns: PositionColumns, start: number, end: number, out: SegmentOutput, rules: SegmentRules = DEFAULT_RULES): void {
  if (end <= start) return;
  const timeS = columns.timeS, latDeg = columns.latDeg, lonDeg = columns.lonDeg, altFt = columns.altFt, gsKt = columns.gsKt;
  const flags = columns.flags, quality = out.quality, legs = out.legs, minima = out.minima;
  const aircraftId = columns.aircraft[start];

  const tolDeg = rules.positionToleranceKm / KM_PER_DEG;
  const speedDegPerS = (rules.maxSpeedKt * KT_TO_KM_PER_S) / KM_PER_DEG;
  const altTol = rules.altitudeToleranceFt, climb = rules.maxClimbFtPerS, maxGroundElev = rules.maxGroundElevationFt;
  const slowKt = rules.slowKt, groundClaimMaxKt = rules.groundClaimMaxKt, confirm = rules.confirmPoints;
  const lowAlt = rules.lowAltitudeFt, lowGap = rules.lowGapS, highGap = rules.highGapS, defaultGap = rules.defaultGapS;
  const stopGap = rules.stopGapS, stopSpeedDegPerS = (rules.stopSpeedKt * KT_TO_KM_PER_S) / KM_PER_DEG;
  const minPoints = rules.minLegPoints, minSeconds = rules.minLegSeconds, rebound = rules.minimumReboundFt;

  // Initial altitude anchor: the median of the first (up to) five altitudes within five minutes, so a
  // track that opens on a spike does not reject everything after it.
  let anchorAlt = NaN, anchorT = timeS[start], anchorGround = false;
  {
    let n = 0, a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0;
    const t0 = timeS[start];
    for (let i = start; i < end && n < 5 && timeS[i] - t0 <= 300; i++) {
      const a = altFt[i];
      if (a === a) { if (n === 0) a0 = a; else if (n === 1) a1 = a; else if (n === 2) a2 = a; else if (n === 3) a3 = a; else a4 = a; n++; }
    }
    if (n > 0) anchorAlt = median5(a0, a1, a2, a3, a4, n);
    else if (flags[start] & F_GROUND) anchorGround = true;
  }

  // Last accepted position.
  let lastT = NaN, lastLat = 0, lastLon = 0, cosLat = 1, cosRefLat = 1000;
  // A run of rejected positions that agree with each other replaces a bad anchor after four points.
  let badRun = 0, badT = 0, badLat = 0, badLon = 0;

  let phase = PHASE_NONE;
  let pendingEv = PHASE_NONE, pendingCount = 0, pendingStart = -1;
  let nextStartReason = S_TRACK_START;
  let lastGroundIdx = -1;
  // Altitude of the last point with a trusted altitude, for the gap rule.
  let lastAlt = NaN;

  // Accumulator of the current airborne stretch (open leg, or a pending take-off run).
  let accOpen = false, accFirst = -1, accPoints = 0, accMax = -Infinity, accPathDeg = 0;
  let accDup = 0, accBadPos = 0, accBadAlt = 0, accNoise = 0, accGaps = 0, accLongest = 0;
  // Snapshot at the last airborne evidence: what the leg is if it ends now.
  let snapLast = -1, snapPoints = 0, snapMax = -Infinity, snapPathDeg = 0;
  let legOpen = false, legStartReason = 0, legTakeoffGround = -1;
  // Valley detector with hysteresis `rebound`: seeking a minimum, or (after one) the next maximum.
  let seekingMin = true, minAlt = Infinity, minIdx = -1, maxAlt = -Infinity;
  // Deferred leg end: set where a rule ends the leg, written once per leg after the checks below.
  let endReason = -1, endLanding = -1;

  for (let i = start; i < end; i++) {
    if (phase === PHASE_AIR && legOpen && accOpen && pendingCount === 0 && endReason < 0 && anchorAlt === anchorAlt && lastT === lastT) {
      // Fast path for the common case (fastAir below); any other point is handled by the general code.
      fs.lastT = lastT; fs.lastLat = lastLat; fs.lastLon = lastLon; fs.cosLat = cosLat; fs.cosRefLat = cosRefLat;
      fs.anchorAlt = anchorAlt; fs.anchorT = anchorT; fs.accPoints = accPoints; fs.accPathDeg = accPathDeg; fs.accMax = accMax;
      fs.seekingMin = seekingMin; fs.minAlt = minAlt; fs.minIdx = minIdx; fs.maxAlt = maxAlt;
      const next = fastAir(timeS, latDeg, lonDeg, altFt, gsKt, flags, i, end, fs, minima, slowKt, altTol, climb, tolDeg, speedDegPerS, rebound);
      if (next > i) {
        lastT = fs.lastT; lastLat = fs.lastLat; lastLon = fs.lastLon; cosLat = fs.cosLat; cosRefLat = fs.cosRefLat;
        anchorAlt = fs.anchorAlt; anchorT = fs.anchorT; lastAlt = fs.anchorAlt; accPoints = fs.accPoints; accPathDeg = fs.accPathDeg; accMax = fs.accMax;
        seekingMin = fs.seekingMin; minAlt = fs.minAlt; minIdx = fs.minIdx; maxAlt = fs.maxAlt;
        snapLast = next - 1; snapPoints = accPoints; snapMax = accMax; snapPathDeg = accPathDeg; badRun = 0;
        i = next;
        if (i >= end) break;
      }
    }
    const t = timeS[i], la = latDeg[i], lo = lonDeg[i], f = flags[i];
    let segDeg = 0;
    let dt = 0;
    if (lastT === lastT) {
      dt = t - lastT;
      if (dt === 0 && la === lastLat && lo === lastLon) {
        quality[i] |= Q_DUPLICATE;
        if (accOpen) accDup++;
        continue;
      }
      let dx = lo - lastLon;
      if (dx > 180) dx -= 360; else if (dx < -180) dx += 360;
      dx *= cosLat;
      const dy = la - lastLat;
      const d2 = dx * dx + dy * dy;
      const lim = tolDeg + speedDegPerS * dt;
      if (d2 > lim * lim) {
        // A jump. Four rejected points in a row that agree with each other become the new anchor.
        if (badRun > 0) {
          let bx = lo - badLon;
          if (bx > 180) bx -= 360; else if (bx < -180) bx += 360;
          bx *= cosLat;
          const by = la - badLat, bl = tolDeg + speedDegPerS * (t - badT);
          if (bx * bx + by * by <= bl * bl) badRun++; else badRun = 1;
        } else badRun = 1;
        badT = t; badLat = la; badLon = lo;
        if (badRun < 4) {
          quality[i] |= Q_BAD_POSITION;
          if (accOpen) accBadPos++;
          continue;
        }
        // Re-anchor on this point: the earlier anchor was the odd one out.
        dt = 0;
      } else segDeg = Math.sqrt(d2);
      badRun = 0;

      if (dt > 60) {
        // Gap rules (rules.ts): the altitude on either side decides which threshold applies.
        const aAfter = altFt[i];
        let threshold: number;
        if (phase === PHASE_GROUND || (lastAlt === lastAlt && lastAlt < lowAlt) || (aAfter === aAfter && aAfter < lowAlt)) threshold = lowGap;
        else if (lastAlt !== lastAlt && aAfter !== aAfter) threshold = defaultGap;
        else threshold = highGap;
        if (dt > threshold) endReason = E_SIGNAL_LOST;
        else if (dt >= stopGap && segDeg < stopSpeedDegPerS * dt) endReason = E_STOPPED;
        else if (accOpen) {
          accGaps++;
          if (dt > accLongest) accLongest = dt;
        }
      }
    }
    lastT = t; lastLat = la; lastLon = lo;
    if (la - cosRefLat > 0.5 || cosRefLat - la > 0.5) { cosRefLat = la; cosLat = Math.cos(la * (Math.PI / 180)); }

    // readsb/tar1090 mark the first point of a new leg (flags bit value 2).
    if (f & F_NEW_LEG && i > start && endReason < 0) endReason = E_NEW_LEG;

    if (endReason >= 0) {
      if (legOpen && snapPoints > 0) {
        draft.aircraft = aircraftId; draft.first = accFirst; draft.last = snapLast; draft.takeoffGround = legTakeoffGround;
        draft.landingGround = -1; draft.startReason = legStartReason; draft.endReason = endReason; draft.points = snapPoints;
        draft.maxAlt = snapMax; draft.pathDeg = snapPathDeg; draft.dup = accDup; draft.badPos = accBadPos; draft.badAlt = accBadAlt;
        draft.noise = accNoise; draft.gaps = accGaps; draft.longest = accLongest;
        emitLeg(legs, draft, timeS, minPoints, minSeconds);
      }
      nextStartReason = endReason === E_NEW_LEG ? S_NEW_LEG : S_REAPPEARED;
      legOpen = false; accOpen = false; snapPoints = 0; phase = PHASE_NONE; pendingEv = PHASE_NONE; pendingCount = 0;
      segDeg = 0; endReason = -1;
    }

    // Altitude plausibility against the anchor.
    const a = altFt[i];
    let altOk = false;
    if (a === a) {
      const tol = altTol + climb * (t > anchorT ? t - anchorT : anchorT - t);
      if (anchorAlt !== anchorAlt) altOk = anchorGround ? a <= maxGroundElev + tol : true;
      else altOk = a - anchorAlt <= tol && anchorAlt - a <= tol;
      if (altOk) { anchorAlt = a; anchorT = t; anchorGround = false; lastAlt = a; }
      else {
        quality[i] |= Q_BAD_ALTITUDE;
        if (accOpen) accBadAlt++;
      }
    }

    // This point's phase evidence: a ground claim, a speed no aeroplane flies at, or a trusted
    // altitude (or, without any altitude, a flying speed).
    const gs = gsKt[i];
    let ev = PHASE_NONE;
    if (f & F_GROUND) { if (!(gs > groundClaimMaxKt)) ev = PHASE_GROUND; }
    else if (gs < slowKt) ev = PHASE_GROUND;
    else if (altOk || (a !== a && gs >= slowKt)) ev = PHASE_AIR;
    if (ev === PHASE_GROUND && a !== a && (anchorAlt !== anchorAlt || t - anchorT > 60)) {
      // On the ground with no altitude: the field elevation is unknown, but below maxGroundElev.
      anchorAlt = NaN; anchorGround = true; anchorT = t;
    }

    // Accumulate the airborne stretch (before the phase logic, so a confirming point counts).
    if (accOpen) {
      accPoints++;
      accPathDeg += segDeg;
      if (altOk && a > accMax) accMax = a;
    }

    if (ev !== PHASE_NONE) {
      if (ev === phase) {
        if (pendingCount > 0) {
          // The other phase was claimed by fewer than `confirm` points: noise.
          quality[pendingStart] |= Q_PHASE_NOISE;
          if (accOpen) accNoise++;
          pendingCount = 0; pendingEv = PHASE_NONE;
          if (ev === PHASE_GROUND) accOpen = false;
        }
      } else {
        if (pendingEv === ev) pendingCount++;
        else {
          pendingEv = ev; pendingCount = 1; pendingStart = i;
          if (ev === PHASE_AIR && !legOpen) {
            // A possible take-off: start accumulating from here.
            accOpen = true; accFirst = i; accPoints = 1; accPathDeg = 0; accMax = altOk ? a : -Infinity;
            accDup = 0; accBadPos = 0; accBadAlt = 0; accNoise = 0; accGaps = 0; accLongest = 0;
          }
        }
        if (pendingCount >= confirm) {
          if (ev === PHASE_AIR) {
            legOpen = true;
            legStartReason = phase === PHASE_GROUND ? S_TAKEOFF : nextStartReason;
            legTakeoffGround = phase === PHASE_GROUND ? lastGroundIdx : -1;
            seekingMin = true; minAlt = Infinity; minIdx = -1; maxAlt = -Infinity;
          } else {
            if (legOpen && snapPoints > 0) {
              draft.aircraft = aircraftId; draft.first = accFirst; draft.last = snapLast; draft.takeoffGround = legTakeoffGround;
              draft.landingGround = pendingStart; draft.startReason = legStartReason; draft.endReason = E_LANDING; draft.points = snapPoints;
              draft.maxAlt = snapMax; draft.pathDeg = snapPathDeg; draft.dup = accDup; draft.badPos = accBadPos; draft.badAlt = accBadAlt;
              draft.noise = accNoise; draft.gaps = accGaps; draft.longest = accLongest;
              emitLeg(legs, draft, timeS, minPoints, minSeconds);
            }
            legOpen = false; accOpen = false; snapPoints = 0;
            lastGroundIdx = pendingStart;
          }
          phase = ev; pendingEv = PHASE_NONE; pendingCount = 0;
        }
      }
      if (ev === PHASE_AIR) {
        if (accOpen) { snapLast = i; snapPoints = accPoints; snapMax = accMax; snapPathDeg = accPathDeg; }
      } else if (phase === PHASE_GROUND) lastGroundIdx = i;
    }

    // Valleys of the airborne phase (low passes, touch-and-goes without ground reports).
    if (legOpen && altOk) {
      if (seekingMin) {
        if (a < minAlt) { minAlt = a; minIdx = i; }
        else if (a - minAlt >= rebound) { minima.add(minIdx); seekingMin = false; maxAlt = a; }
      } else if (a > maxAlt) maxAlt = a;
      else if (maxAlt - a >= rebound) { seekingMin = true; minAlt = a; minIdx = i; }
    }
  }
  if (legOpen && snapPoints > 0) {
    draft.aircraft = aircraftId; draft.first = accFirst; draft.last = snapLast; draft.takeoffGround = legTakeoffGround;
    draft.landingGround = -1; draft.startReason = legStartReason; draft.endReason = E_TRACK_END; draft.points = snapPoints;
    draft.maxAlt = snapMax; draft.pathDeg = snapPathDeg; draft.dup = accDup; draft.badPos = accBadPos; draft.badAlt = accBadAlt;
    draft.noise = accNoise; draft.gaps = accGaps; draft.longest = accLongest;
    emitLeg(legs, draft, timeS, minPoints, minSeconds);
  }
}
