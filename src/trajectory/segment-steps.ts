/**
 * The steps of the segmentation kernel's general code (segment.ts), each a named part of one pass over
 * an aircraft's time-ordered positions: the initial altitude anchor, the position check (duplicates,
 * jumps and the re-anchoring run), the gap rules, the altitude check, a point's phase evidence, the
 * debounced phase machine with its take-offs and landings, the valley detector, and the writing of a
 * leg. Rules and their sources: ./rules.ts and docs/trajectory.md.
 * The state of the track being segmented is one object, reused for every track (no allocation per
 * track or per point); the fast path (segment.ts, fastAir) reads and writes the same object.
 */
import { F_GROUND, Q_BAD_ALTITUDE, Q_BAD_POSITION, Q_DUPLICATE, Q_PHASE_NOISE, type PositionColumns } from './columns.ts';
import type { LegSpans, Minima, SegmentOutput } from './leg-spans.ts';
import {
  E_LANDING, E_NEW_LEG, E_SIGNAL_LOST, E_STOPPED, S_NEW_LEG, S_REAPPEARED, S_TAKEOFF, S_TRACK_START, type SegmentRules,
} from './rules.ts';

export const KM_PER_DEG = 111.195;
const KT_TO_KM_PER_S = 1.852 / 3600;

export const PHASE_NONE = 0, PHASE_GROUND = 1, PHASE_AIR = 2;

/** The track being segmented: its columns, the rules in the kernel's units, and the state of the pass. */
export class TrackState {
  timeS: Float64Array = new Float64Array(0); latDeg: Float64Array = new Float64Array(0); lonDeg: Float64Array = new Float64Array(0);
  altFt: Float32Array = new Float32Array(0); gsKt: Float32Array = new Float32Array(0);
  flags: Uint8Array = new Uint8Array(0); quality: Uint8Array = new Uint8Array(0);
  legs!: LegSpans; minima!: Minima;
  start = 0; aircraftId = 0;

  // The rules (rules.ts), positions in degrees.
  tolDeg = 0; speedDegPerS = 0; altTol = 0; climb = 0; maxGroundElev = 0; slowKt = 0; groundClaimMaxKt = 0; confirm = 0;
  lowAlt = 0; lowGap = 0; highGap = 0; defaultGap = 0; stopGap = 0; stopSpeedDegPerS = 0; minPoints = 0; minSeconds = 0; rebound = 0;

  // Last accepted position.
  lastT = NaN; lastLat = 0; lastLon = 0; cosLat = 1; cosRefLat = 1000;
  // A run of rejected positions that agree with each other replaces a bad anchor after four points.
  badRun = 0; badT = 0; badLat = 0; badLon = 0;
  // Last trusted altitude and when; `anchorGround`: no altitude yet, but on the ground.
  anchorAlt = NaN; anchorT = 0; anchorGround = false;
  // Altitude of the last point with a trusted altitude, for the gap rule.
  lastAlt = NaN;

  phase = PHASE_NONE; pendingEv = PHASE_NONE; pendingCount = 0; pendingStart = -1;
  nextStartReason = S_TRACK_START; lastGroundIdx = -1;

  // Accumulator of the current airborne stretch (open leg, or a pending take-off run).
  accOpen = false; accFirst = -1; accPoints = 0; accMax = -Infinity; accPathDeg = 0;
  accDup = 0; accBadPos = 0; accBadAlt = 0; accNoise = 0; accGaps = 0; accLongest = 0;
  // Snapshot at the last airborne evidence: what the leg is if it ends now.
  snapLast = -1; snapPoints = 0; snapMax = -Infinity; snapPathDeg = 0;
  legOpen = false; legStartReason = 0; legTakeoffGround = -1;
  // Valley detector with hysteresis `rebound`: seeking a minimum, or (after one) the next maximum.
  seekingMin = true; minAlt = Infinity; minIdx = -1; maxAlt = -Infinity;
  // Deferred leg end: set where a rule ends the leg, written once per leg after the checks.
  endReason = -1;
}

/** Median of up to five numbers (the initial altitude anchor), without allocating. */
function median5(a: number, b: number, c: number, d: number, e: number, n: number): number {
  const v = [a, b, c, d, e].slice(0, n).sort((x, y) => x - y);
  return v[(n - 1) >> 1];
}

/**
 * Initial altitude anchor: the median of the first (up to) five altitudes within five minutes, so a
 * track that opens on a spike does not reject everything after it. NaN when there is none.
 */
function initialAnchor(timeS: Float64Array, altFt: Float32Array, start: number, end: number): number {
  let n = 0, a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0;
  const t0 = timeS[start];
  for (let i = start; i < end && n < 5 && timeS[i] - t0 <= 300; i++) {
    const a = altFt[i];
    if (a === a) { if (n === 0) a0 = a; else if (n === 1) a1 = a; else if (n === 2) a2 = a; else if (n === 3) a3 = a; else a4 = a; n++; }
  }
  return n > 0 ? median5(a0, a1, a2, a3, a4, n) : NaN;
}

/** Starts the pass over `start`…`end` (non-empty): the columns, the rules in degrees, the state of a new track. */
export function startTrack(st: TrackState, columns: PositionColumns, start: number, end: number, out: SegmentOutput, rules: SegmentRules): void {
  st.timeS = columns.timeS; st.latDeg = columns.latDeg; st.lonDeg = columns.lonDeg; st.altFt = columns.altFt; st.gsKt = columns.gsKt;
  st.flags = columns.flags; st.quality = out.quality; st.legs = out.legs; st.minima = out.minima;
  st.start = start; st.aircraftId = columns.aircraft[start];

  st.tolDeg = rules.positionToleranceKm / KM_PER_DEG;
  st.speedDegPerS = (rules.maxSpeedKt * KT_TO_KM_PER_S) / KM_PER_DEG;
  st.altTol = rules.altitudeToleranceFt; st.climb = rules.maxClimbFtPerS; st.maxGroundElev = rules.maxGroundElevationFt;
  st.slowKt = rules.slowKt; st.groundClaimMaxKt = rules.groundClaimMaxKt; st.confirm = rules.confirmPoints;
  st.lowAlt = rules.lowAltitudeFt; st.lowGap = rules.lowGapS; st.highGap = rules.highGapS; st.defaultGap = rules.defaultGapS;
  st.stopGap = rules.stopGapS; st.stopSpeedDegPerS = (rules.stopSpeedKt * KT_TO_KM_PER_S) / KM_PER_DEG;
  st.minPoints = rules.minLegPoints; st.minSeconds = rules.minLegSeconds; st.rebound = rules.minimumReboundFt;

  st.anchorAlt = initialAnchor(st.timeS, st.altFt, start, end);
  st.anchorT = st.timeS[start];
  st.anchorGround = st.anchorAlt !== st.anchorAlt && (st.flags[start] & F_GROUND) !== 0;
  st.lastT = NaN; st.lastLat = 0; st.lastLon = 0; st.cosLat = 1; st.cosRefLat = 1000;
  st.badRun = 0; st.badT = 0; st.badLat = 0; st.badLon = 0;
  st.phase = PHASE_NONE; st.pendingEv = PHASE_NONE; st.pendingCount = 0; st.pendingStart = -1;
  st.nextStartReason = S_TRACK_START; st.lastGroundIdx = -1; st.lastAlt = NaN;
  st.accOpen = false; st.accFirst = -1; st.accPoints = 0; st.accMax = -Infinity; st.accPathDeg = 0;
  st.accDup = 0; st.accBadPos = 0; st.accBadAlt = 0; st.accNoise = 0; st.accGaps = 0; st.accLongest = 0;
  st.snapLast = -1; st.snapPoints = 0; st.snapMax = -Infinity; st.snapPathDeg = 0;
  st.legOpen = false; st.legStartReason = 0; st.legTakeoffGround = -1;
  st.seekingMin = true; st.minAlt = Infinity; st.minIdx = -1; st.maxAlt = -Infinity;
  st.endReason = -1;
}

/**
 * Checks point `i`'s position against the last accepted one and accepts it: returns the segment's
 * length in degrees (0 for the first point and a re-anchor), or -1 when the point is rejected (an
 * exact duplicate, or a jump further than `maxSpeedKt` allows). Applies the gap rules to the time
 * since the last accepted point.
 */
export function acceptPosition(st: TrackState, i: number): number {
  const t = st.timeS[i], la = st.latDeg[i], lo = st.lonDeg[i];
  let segDeg = 0;
  if (st.lastT === st.lastT) {
    let dt = t - st.lastT;
    if (dt === 0 && la === st.lastLat && lo === st.lastLon) {
      st.quality[i] |= Q_DUPLICATE;
      if (st.accOpen) st.accDup++;
      return -1;
    }
    let dx = lo - st.lastLon;
    if (dx > 180) dx -= 360; else if (dx < -180) dx += 360;
    dx *= st.cosLat;
    const dy = la - st.lastLat;
    const d2 = dx * dx + dy * dy;
    const lim = st.tolDeg + st.speedDegPerS * dt;
    if (d2 > lim * lim) {
      if (!jumpReanchors(st, t, la, lo)) {
        st.quality[i] |= Q_BAD_POSITION;
        if (st.accOpen) st.accBadPos++;
        return -1;
      }
      // Re-anchor on this point: the earlier anchor was the odd one out.
      dt = 0;
    } else segDeg = Math.sqrt(d2);
    st.badRun = 0;
    if (dt > 60) applyGapRules(st, i, dt, segDeg);
  }
  st.lastT = t; st.lastLat = la; st.lastLon = lo;
  if (la - st.cosRefLat > 0.5 || st.cosRefLat - la > 0.5) { st.cosRefLat = la; st.cosLat = Math.cos(la * (Math.PI / 180)); }
  return segDeg;
}

/** A jump. Four rejected points in a row that agree with each other become the new anchor: true on the fourth. */
function jumpReanchors(st: TrackState, t: number, la: number, lo: number): boolean {
  if (st.badRun > 0) {
    let bx = lo - st.badLon;
    if (bx > 180) bx -= 360; else if (bx < -180) bx += 360;
    bx *= st.cosLat;
    const by = la - st.badLat, bl = st.tolDeg + st.speedDegPerS * (t - st.badT);
    if (bx * bx + by * by <= bl * bl) st.badRun++; else st.badRun = 1;
  } else st.badRun = 1;
  st.badT = t; st.badLat = la; st.badLon = lo;
  return st.badRun >= 4;
}

/**
 * Gap rules (rules.ts): the altitude on either side decides which threshold applies; a longer gap
 * ends the leg (signal lost), and so does a gap in which the aircraft must have stopped. A gap that
 * ends nothing is counted in the leg.
 */
function applyGapRules(st: TrackState, i: number, dt: number, segDeg: number): void {
  const aAfter = st.altFt[i], lastAlt = st.lastAlt;
  let threshold: number;
  if (st.phase === PHASE_GROUND || (lastAlt === lastAlt && lastAlt < st.lowAlt) || (aAfter === aAfter && aAfter < st.lowAlt)) threshold = st.lowGap;
  else if (lastAlt !== lastAlt && aAfter !== aAfter) threshold = st.defaultGap;
  else threshold = st.highGap;
  if (dt > threshold) st.endReason = E_SIGNAL_LOST;
  else if (dt >= st.stopGap && segDeg < st.stopSpeedDegPerS * dt) st.endReason = E_STOPPED;
  else if (st.accOpen) {
    st.accGaps++;
    if (dt > st.accLongest) st.accLongest = dt;
  }
}

/** A rule ended the leg at this point: the leg is written, and the next one starts from scratch. */
export function endLegByRule(st: TrackState): void {
  if (st.legOpen && st.snapPoints > 0) writeLeg(st, -1, st.endReason);
  st.nextStartReason = st.endReason === E_NEW_LEG ? S_NEW_LEG : S_REAPPEARED;
  st.legOpen = false; st.accOpen = false; st.snapPoints = 0; st.phase = PHASE_NONE; st.pendingEv = PHASE_NONE; st.pendingCount = 0;
  st.endReason = -1;
}

/** Altitude plausibility of point `i` against the anchor (maxClimbFtPerS, with a tolerance that grows with time). */
export function checkAltitude(st: TrackState, i: number, t: number, a: number): boolean {
  if (a !== a) return false;
  const tol = st.altTol + st.climb * (t > st.anchorT ? t - st.anchorT : st.anchorT - t);
  let altOk: boolean;
  if (st.anchorAlt !== st.anchorAlt) altOk = st.anchorGround ? a <= st.maxGroundElev + tol : true;
  else altOk = a - st.anchorAlt <= tol && st.anchorAlt - a <= tol;
  if (altOk) { st.anchorAlt = a; st.anchorT = t; st.anchorGround = false; st.lastAlt = a; }
  else {
    st.quality[i] |= Q_BAD_ALTITUDE;
    if (st.accOpen) st.accBadAlt++;
  }
  return altOk;
}

/**
 * A point's phase evidence: a ground claim (believed below `groundClaimMaxKt`), a speed no aeroplane
 * flies at, or a trusted altitude (or, without any altitude, a flying speed).
 */
export function phaseEvidence(f: number, gs: number, a: number, altOk: boolean, groundClaimMaxKt: number, slowKt: number): number {
  if (f & F_GROUND) return gs > groundClaimMaxKt ? PHASE_NONE : PHASE_GROUND;
  if (gs < slowKt) return PHASE_GROUND;
  if (altOk || (a !== a && gs >= slowKt)) return PHASE_AIR;
  return PHASE_NONE;
}

/**
 * The phase machine, for a point whose evidence `ev` is not the phase, or while another phase is
 * pending: a change of phase is confirmed after `confirmPoints` points claiming it (debounce); fewer
 * are noise. A confirmed take-off opens a leg (accumulated from the first airborne point), a confirmed
 * landing writes it. (Points that only confirm the phase, nearly all, skip it: see segment.ts.)
 */
export function advancePhase(st: TrackState, i: number, ev: number, altOk: boolean, a: number): void {
  if (ev === st.phase) {
    // The other phase was claimed by fewer than `confirm` points: noise.
    st.quality[st.pendingStart] |= Q_PHASE_NOISE;
    if (st.accOpen) st.accNoise++;
    st.pendingCount = 0; st.pendingEv = PHASE_NONE;
    if (ev === PHASE_GROUND) st.accOpen = false;
    return;
  }
  if (st.pendingEv === ev) st.pendingCount++;
  else {
    st.pendingEv = ev; st.pendingCount = 1; st.pendingStart = i;
    if (ev === PHASE_AIR && !st.legOpen) openStretch(st, i, altOk ? a : -Infinity);
  }
  if (st.pendingCount >= st.confirm) confirmPhase(st, ev);
}

/** A possible take-off: start accumulating from point `i`. */
function openStretch(st: TrackState, i: number, maxAlt: number): void {
  st.accOpen = true; st.accFirst = i; st.accPoints = 1; st.accPathDeg = 0; st.accMax = maxAlt;
  st.accDup = 0; st.accBadPos = 0; st.accBadAlt = 0; st.accNoise = 0; st.accGaps = 0; st.accLongest = 0;
}

/** The pending phase `ev` is confirmed: a take-off opens the leg, a landing writes it. */
function confirmPhase(st: TrackState, ev: number): void {
  if (ev === PHASE_AIR) {
    st.legOpen = true;
    st.legStartReason = st.phase === PHASE_GROUND ? S_TAKEOFF : st.nextStartReason;
    st.legTakeoffGround = st.phase === PHASE_GROUND ? st.lastGroundIdx : -1;
    st.seekingMin = true; st.minAlt = Infinity; st.minIdx = -1; st.maxAlt = -Infinity;
  } else {
    if (st.legOpen && st.snapPoints > 0) writeLeg(st, st.pendingStart, E_LANDING);
    st.legOpen = false; st.accOpen = false; st.snapPoints = 0;
    st.lastGroundIdx = st.pendingStart;
  }
  st.phase = ev; st.pendingEv = PHASE_NONE; st.pendingCount = 0;
}

/** Valleys of the airborne phase (low passes, touch-and-goes without ground reports), with hysteresis `rebound`. */
export function trackValley(st: TrackState, i: number, a: number): void {
  if (st.seekingMin) {
    if (a < st.minAlt) { st.minAlt = a; st.minIdx = i; }
    else if (a - st.minAlt >= st.rebound) { st.minima.add(st.minIdx); st.seekingMin = false; st.maxAlt = a; }
  } else if (a > st.maxAlt) st.maxAlt = a;
  else if (st.maxAlt - a >= st.rebound) { st.seekingMin = true; st.minAlt = a; st.minIdx = i; }
}

/** Writes the open leg as of its last airborne evidence; `valid` applies the minimum points and duration of rules.ts. */
export function writeLeg(st: TrackState, landingGround: number, endReason: number): void {
  const legs = st.legs;
  const k = legs.add();
  legs.aircraft[k] = st.aircraftId;
  legs.first[k] = st.accFirst;
  legs.last[k] = st.snapLast;
  legs.takeoffGround[k] = st.legTakeoffGround;
  legs.landingGround[k] = landingGround;
  legs.startReason[k] = st.legStartReason;
  legs.endReason[k] = endReason;
  legs.points[k] = st.snapPoints;
  legs.maxAltFt[k] = st.snapMax === -Infinity ? NaN : st.snapMax;
  legs.pathKm[k] = st.snapPathDeg * KM_PER_DEG;
  legs.duplicates[k] = st.accDup;
  legs.badPositions[k] = st.accBadPos;
  legs.badAltitudes[k] = st.accBadAlt;
  legs.phaseNoise[k] = st.accNoise;
  legs.gaps[k] = st.accGaps;
  legs.longestGapS[k] = st.accLongest;
  legs.valid[k] = st.snapPoints >= st.minPoints && st.timeS[st.snapLast] - st.timeS[st.accFirst] >= st.minSeconds ? 1 : 0;
}
