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
 * This file holds the loop and its fast path (fastAir); the general code's steps are in
 * segment-steps.ts, the output containers in leg-spans.ts.
 */
import { F_GROUND, F_NEW_LEG, type PositionColumns } from './columns.ts';
import { Minima, type SegmentOutput } from './leg-spans.ts';
import { DEFAULT_RULES, E_NEW_LEG, E_TRACK_END, type SegmentRules } from './rules.ts';
import {
  acceptPosition, advancePhase, checkAltitude, endLegByRule, PHASE_AIR, PHASE_GROUND, PHASE_NONE, phaseEvidence, startTrack,
  trackValley, TrackState, writeLeg,
} from './segment-steps.ts';

export { LegSpans, Minima, type SegmentOutput } from './leg-spans.ts';

/**
 * Segments every aircraft run of `columns` (`runStarts[k]`…`runStarts[k+1]`, each ordered by time) and
 * appends the legs to `out.legs`.
 */
export function segmentRuns(columns: PositionColumns, runStarts: Int32Array, out: SegmentOutput, rules: SegmentRules = DEFAULT_RULES): void {
  for (let k = 0; k + 1 < runStarts.length; k++) segmentTrack(columns, runStarts[k], runStarts[k + 1], out, rules);
}

/**
 * The state of the track being segmented (segment-steps.ts), one object for every track. The fast path
 * reads and updates it once per stretch, not per point.
 */
const st = new TrackState();
const FAST_STOP = F_GROUND | F_NEW_LEG;

/**
 * The common case — cruise, climb, descent: consecutive airborne points with a plausible position and
 * altitude, no ground or new-leg flag, no gap over a minute. Applies exactly the checks and
 * accumulators of the general code (generalPoint), in a loop small enough for the JIT to keep its state
 * in registers. Returns the index of the first point it did not take.
 */
function fastAir(timeS: Float64Array, latDeg: Float64Array, lonDeg: Float64Array, altFt: Float32Array, gsKt: Float32Array, flags: Uint8Array,
  i: number, end: number, st: TrackState, minima: Minima, slowKt: number, altTol: number, climb: number, tolDeg: number, speedDegPerS: number, rebound: number): number {
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
  const timeS = columns.timeS, latDeg = columns.latDeg, lonDeg = columns.lonDeg, altFt = columns.altFt, gsKt = columns.gsKt, flags = columns.flags;
  startTrack(st, columns, start, end, out, rules);
  for (let i = start; i < end; i++) {
    if (st.phase === PHASE_AIR && st.legOpen && st.accOpen && st.pendingCount === 0 && st.endReason < 0 && st.anchorAlt === st.anchorAlt && st.lastT === st.lastT) {
      // Fast path for the common case (fastAir above); any other point is handled by the general code.
      const next = fastAir(timeS, latDeg, lonDeg, altFt, gsKt, flags, i, end, st, out.minima, st.slowKt, st.altTol, st.climb, st.tolDeg, st.speedDegPerS, st.rebound);
      if (next > i) {
        st.lastAlt = st.anchorAlt;
        st.snapLast = next - 1; st.snapPoints = st.accPoints; st.snapMax = st.accMax; st.snapPathDeg = st.accPathDeg; st.badRun = 0;
        i = next;
        if (i >= end) break;
      }
    }
    generalPoint(st, i);
  }
  if (st.legOpen && st.snapPoints > 0) writeLeg(st, -1, E_TRACK_END);
}

/** One point by the general code: every check and rule, in order (segment-steps.ts). */
function generalPoint(st: TrackState, i: number): void {
  let segDeg = acceptPosition(st, i);
  if (segDeg < 0) return;
  const f = st.flags[i];
  // readsb/tar1090 mark the first point of a new leg (flags bit value 2).
  if (f & F_NEW_LEG && i > st.start && st.endReason < 0) st.endReason = E_NEW_LEG;
  if (st.endReason >= 0) { endLegByRule(st); segDeg = 0; }

  const t = st.timeS[i], a = st.altFt[i], gs = st.gsKt[i];
  const altOk = checkAltitude(st, i, t, a);
  const ev = phaseEvidence(f, gs, a, altOk, st.groundClaimMaxKt, st.slowKt);
  if (ev === PHASE_GROUND && a !== a && (st.anchorAlt !== st.anchorAlt || t - st.anchorT > 60)) {
    // On the ground with no altitude: the field elevation is unknown, but below maxGroundElev.
    st.anchorAlt = NaN; st.anchorGround = true; st.anchorT = t;
  }
  // Accumulate the airborne stretch (before the phase logic, so a confirming point counts).
  if (st.accOpen) {
    st.accPoints++;
    st.accPathDeg += segDeg;
    if (altOk && a > st.accMax) st.accMax = a;
  }
  if (ev !== PHASE_NONE) {
    if (ev !== st.phase || st.pendingCount > 0) advancePhase(st, i, ev, altOk, a);
    if (ev === PHASE_AIR) {
      if (st.accOpen) { st.snapLast = i; st.snapPoints = st.accPoints; st.snapMax = st.accMax; st.snapPathDeg = st.accPathDeg; }
    } else if (st.phase === PHASE_GROUND) st.lastGroundIdx = i;
  }
  // Valleys of the airborne phase (low passes, touch-and-goes without ground reports).
  if (st.legOpen && altOk) trackValley(st, i, a);
}
