/**
 * Streaming segmentation: the batch kernel's rules (src/trajectory/segment.ts, thresholds in
 * src/trajectory/rules.ts) applied one point at a time, per aircraft, with the kernel's state kept
 * between points instead of in the locals of one pass over a file. It is the kernel's streaming twin,
 * as bench/adsb-sql.ts is its SQL twin: the same checks in the same order, state for state (the
 * jump reference and its cosine, the altitude anchor, the phase debounce, the gap rules, the valley
 * detector), so a recording replayed through `deportwatch watch` gives the legs batch ingest gives
 * (test/watch-legs.test.ts checks it fixture by fixture). The legs themselves (airports, callsigns,
 * touch-and-go splits, low passes) are built by the batch code, `buildLegs`, over the leg's points.
 *
 * What is kept per aircraft: the kernel state and the points of the open leg plus the 2,000 before it
 * (buildLegs looks that far back for a callsign heard on the ground). Memory grows with the aircraft
 * in view and the length of their current flights, not with time.
 */
import { F_GROUND, F_NEW_LEG, Q_BAD_ALTITUDE, Q_BAD_POSITION, Q_DUPLICATE, Q_PHASE_NOISE, type PositionColumns } from '../trajectory/columns.ts';
import {
  DEFAULT_RULES, E_LANDING, E_NEW_LEG, E_SIGNAL_LOST, E_STOPPED, E_TRACK_END, S_NEW_LEG, S_REAPPEARED, S_TAKEOFF, S_TRACK_START,
  type SegmentRules,
} from '../trajectory/rules.ts';
import { LegSpans, Minima } from '../trajectory/segment.ts';
import { buildLegs, type AircraftInfo, type TrajectoryLeg } from '../trajectory/legs.ts';
import { inferAirport, type AirportFix } from '../trajectory/airports.ts';

const KM_PER_DEG = 111.195;
const KT_TO_KM_PER_S = 1.852 / 3600;
const PHASE_NONE = 0, PHASE_GROUND = 1, PHASE_AIR = 2;
/** How far back buildLegs looks for a callsign heard before take-off. */
const CALLSIGN_LOOKBACK = 2001;

/** One point as the watcher hands it over (units of PositionColumns; NaN = unknown). */
export interface StreamPoint {
  timeS: number;
  latDeg: number;
  lonDeg: number;
  altFt: number;
  gsKt: number;
  trackDeg: number;
  vrateFpm: number;
  flags: number;
  callsign: string | null;
  /** Provenance: the message's sequence number in the watcher (or the row of a file). */
  row: number;
}

/** What the segmenter reports as it goes. */
export interface SegmenterListener {
  /** A take-off (or the first airborne stretch of a track) was confirmed: the leg is open. */
  legOpened?(hex: string, info: OpenLeg): void;
  /** A leg is complete: it will not change any more. */
  legClosed(hex: string, leg: TrajectoryLeg): void;
  /**
   * A leg closed as `signal-lost` (the aircraft silent beyond the gap rules) whose aircraft was not
   * heard again before the recording ended: batch calls this end `track-end`, and so does the watcher.
   */
  legEndedWithRecording?(hex: string, leg: TrajectoryLeg): void;
}

export interface OpenLeg {
  startReason: 'track-start' | 'takeoff' | 'reappeared' | 'new-leg-flag';
  /** Time of the first airborne point. */
  departureTimeS: number;
  departure: AirportFix;
  callsign: string | null;
}

/** Growable columns of one aircraft, indexed from `off` (points before it were trimmed). */
class TrackBuffer {
  off = 0;
  n = 0;
  cap = 256;
  timeS = new Float64Array(256);
  latDeg = new Float64Array(256);
  lonDeg = new Float64Array(256);
  altFt = new Float32Array(256);
  gsKt = new Float32Array(256);
  trackDeg = new Float32Array(256);
  vrateFpm = new Float32Array(256);
  flags = new Uint8Array(256);
  callsign = new Int32Array(256);
  row = new Int32Array(256);
  quality = new Uint8Array(256);
  callsigns: string[] = [];
  private callsignIds = new Map<string, number>();

  push(p: StreamPoint): number {
    if (this.n === this.cap) this.grow();
    const k = this.n++;
    this.timeS[k] = p.timeS; this.latDeg[k] = p.latDeg; this.lonDeg[k] = p.lonDeg;
    this.altFt[k] = p.altFt; this.gsKt[k] = p.gsKt; this.trackDeg[k] = p.trackDeg; this.vrateFpm[k] = p.vrateFpm;
    this.flags[k] = p.flags; this.row[k] = p.row; this.quality[k] = 0;
    let id = -1;
    if (p.callsign) {
      id = this.callsignIds.get(p.callsign) ?? -1;
      if (id < 0) { id = this.callsigns.length; this.callsigns.push(p.callsign); this.callsignIds.set(p.callsign, id); }
    }
    this.callsign[k] = id;
    return this.off + k;
  }

  private grow(): void {
    const c = this.cap * 2;
    const g = <T extends Float64Array | Float32Array | Int32Array | Uint8Array>(a: T): T => {
      const b = new (a.constructor as { new (n: number): T })(c);
      b.set(a as never);
      return b;
    };
    this.timeS = g(this.timeS); this.latDeg = g(this.latDeg); this.lonDeg = g(this.lonDeg);
    this.altFt = g(this.altFt); this.gsKt = g(this.gsKt); this.trackDeg = g(this.trackDeg); this.vrateFpm = g(this.vrateFpm);
    this.flags = g(this.flags); this.callsign = g(this.callsign); this.row = g(this.row); this.quality = g(this.quality);
    this.cap = c;
  }

  /** Drops the points before global index `keep`. */
  trim(keep: number): void {
    const d = keep - this.off;
    if (d <= 0) return;
    for (const a of [this.timeS, this.latDeg, this.lonDeg, this.altFt, this.gsKt, this.trackDeg, this.vrateFpm, this.flags, this.callsign, this.row, this.quality]) {
      a.copyWithin(0, d, this.n);
    }
    this.n -= d;
    this.off = keep;
    if (this.callsigns.length > 64) {
      // Re-number the callsigns still referenced.
      const used = new Map<number, number>();
      const list: string[] = [];
      for (let k = 0; k < this.n; k++) {
        const id = this.callsign[k];
        if (id < 0) continue;
        let nid = used.get(id);
        if (nid === undefined) { nid = list.length; list.push(this.callsigns[id]); used.set(id, nid); }
        this.callsign[k] = nid;
      }
      this.callsigns = list;
      this.callsignIds = new Map(list.map((c, i) => [c, i]));
    }
    if (this.cap > 1024 && this.n < this.cap / 4) {
      const c = Math.max(256, this.cap >> 1);
      const s = <T extends Float64Array | Float32Array | Int32Array | Uint8Array>(a: T): T => {
        const b = new (a.constructor as { new (n: number): T })(c);
        b.set(a.subarray(0, this.n) as never);
        return b;
      };
      this.timeS = s(this.timeS); this.latDeg = s(this.latDeg); this.lonDeg = s(this.lonDeg);
      this.altFt = s(this.altFt); this.gsKt = s(this.gsKt); this.trackDeg = s(this.trackDeg); this.vrateFpm = s(this.vrateFpm);
      this.flags = s(this.flags); this.callsign = s(this.callsign); this.row = s(this.row); this.quality = s(this.quality);
      this.cap = c;
    }
  }

  /** Points [from, to] (global, inclusive) as columns for buildLegs; indices in them are `i - from`. */
  columns(hex: string, from: number, to: number): { columns: PositionColumns; quality: Uint8Array } {
    const a = from - this.off, b = to - this.off + 1;
    const len = b - a;
    return {
      columns: {
        length: len,
        timeS: this.timeS.subarray(a, b), latDeg: this.latDeg.subarray(a, b), lonDeg: this.lonDeg.subarray(a, b),
        altFt: this.altFt.subarray(a, b), gsKt: this.gsKt.subarray(a, b), trackDeg: this.trackDeg.subarray(a, b),
        vrateFpm: this.vrateFpm.subarray(a, b), flags: this.flags.subarray(a, b), callsign: this.callsign.subarray(a, b),
        row: this.row.subarray(a, b), aircraft: new Int32Array(len), callsigns: this.callsigns, aircraftHex: [hex],
      },
      quality: this.quality.subarray(a, b),
    };
  }
}

interface Draft {
  first: number; last: number; takeoffGround: number; landingGround: number; startReason: number; endReason: number;
  points: number; maxAlt: number; pathDeg: number; dup: number; badPos: number; badAlt: number; noise: number; gaps: number; longest: number;
}

/** The kernel's state for one aircraft, between points (names as in segmentTrack). */
export class Track {
  readonly buf = new TrackBuffer();
  /** Global index of the next point to process (points before the anchor is known wait). */
  next = 0;
  started = false;
  anchorAlt = NaN; anchorT = 0; anchorGround = false;
  lastT = NaN; lastLat = 0; lastLon = 0; cosLat = 1; cosRefLat = 1000;
  badRun = 0; badT = 0; badLat = 0; badLon = 0;
  phase = PHASE_NONE; pendingEv = PHASE_NONE; pendingCount = 0; pendingStart = -1;
  nextStartReason = S_TRACK_START;
  lastGroundIdx = -1;
  lastAlt = NaN;
  accOpen = false; accFirst = -1; accPoints = 0; accMax = -Infinity; accPathDeg = 0;
  accDup = 0; accBadPos = 0; accBadAlt = 0; accNoise = 0; accGaps = 0; accLongest = 0;
  snapLast = -1; snapPoints = 0; snapMax = -Infinity; snapPathDeg = 0;
  legOpen = false; legStartReason = 0; legTakeoffGround = -1;
  seekingMin = true; minAlt = Infinity; minIdx = -1; maxAlt = -Infinity;
  minima: number[] = [];
  /** Time of the newest point received (processed or waiting). */
  newestT = -Infinity;
  /** The leg closed by `expire` as signal-lost, until the aircraft is heard again. */
  lostLeg: TrajectoryLeg | null = null;
  /** Feeds that contributed to the open leg, and its first/last message time (evidence). */
  feeds = new Set<string>();

  constructor(readonly hex: string, readonly info: AircraftInfo = {}) {}

  get points(): number { return this.buf.n; }
}

export interface SegmenterStats {
  aircraft: number;
  points: number;
  lateDropped: number;
  legsClosed: number;
  fragments: number;
}

export class StreamingSegmenter {
  readonly tracks = new Map<string, Track>();
  readonly stats: SegmenterStats = { aircraft: 0, points: 0, lateDropped: 0, legsClosed: 0, fragments: 0 };
  private readonly r: SegmentRules;
  private readonly tolDeg: number;
  private readonly speedDegPerS: number;
  private readonly stopSpeedDegPerS: number;

  constructor(private readonly listener: SegmenterListener, rules: SegmentRules = DEFAULT_RULES, private readonly info: (hex: string) => AircraftInfo = () => ({})) {
    this.r = rules;
    this.tolDeg = rules.positionToleranceKm / KM_PER_DEG;
    this.speedDegPerS = (rules.maxSpeedKt * KT_TO_KM_PER_S) / KM_PER_DEG;
    this.stopSpeedDegPerS = (rules.stopSpeedKt * KT_TO_KM_PER_S) / KM_PER_DEG;
  }

  track(hex: string): Track {
    let t = this.tracks.get(hex);
    if (!t) {
      t = new Track(hex, this.info(hex));
      this.tracks.set(hex, t);
      this.stats.aircraft = this.tracks.size;
    }
    return t;
  }

  /**
   * Adds one point of `hex`. Points must come in time order per aircraft (batch sorts a file; a live
   * point older than the aircraft's newest is counted in `lateDropped` and not used). Returns false
   * for a dropped point.
   */
  add(hex: string, p: StreamPoint, feed?: string): boolean {
    const tr = this.track(hex);
    if (p.timeS < tr.newestT) { this.stats.lateDropped++; return false; }
    tr.newestT = p.timeS;
    tr.buf.push(p);
    if (feed) tr.feeds.add(feed);
    this.stats.points++;
    if (!tr.started) {
      // The initial altitude anchor looks ahead: the median of the first five altitudes within 300 s.
      const b = tr.buf;
      let n = 0;
      const t0 = b.timeS[0];
      let decided = false;
      for (let k = 0; k < b.n; k++) {
        if (b.timeS[k] - t0 > 300) { decided = true; break; }
        if (b.altFt[k] === b.altFt[k]) n++;
        if (n >= 5) { decided = true; break; }
      }
      if (!decided) return true;
      this.start(tr);
    }
    this.drain(tr);
    return true;
  }

  /** End of input (a recording ends): every open leg closes as batch closes it at the end of a file. */
  flush(): void {
    for (const tr of this.tracks.values()) this.finish(tr);
  }

  /** Ends one aircraft's track as at the end of a file, and forgets it. */
  finish(tr: Track): void {
    if (!tr.started && tr.buf.n > 0) this.start(tr);
    this.drain(tr);
    if (tr.legOpen && tr.snapPoints > 0) this.emit(tr, tr.legTakeoffGround, -1, E_TRACK_END);
    else if (tr.lostLeg) this.listener.legEndedWithRecording?.(tr.hex, tr.lostLeg);
    tr.lostLeg = null;
    this.tracks.delete(tr.hex);
    this.stats.aircraft = this.tracks.size;
  }

  /**
   * Feed time has reached `nowS`: a leg whose aircraft has been silent for longer than any gap rule
   * allows can only end there (a reappearance would end it as `signal-lost`), so it closes now as
   * `signal-lost`, exactly as the kernel will close it when (if) the aircraft reappears. Low (below
   * 10,000 ft) or on the ground: after 5 minutes; otherwise after 10 hours. A track silent for longer
   * than `forgetS` is forgotten (and, if a leg is still open, closed as at the end of a recording).
   */
  expire(nowS: number, forgetS = this.r.highGapS): void {
    const r = this.r;
    for (const tr of [...this.tracks.values()]) {
      if (!tr.started) {
        if (nowS - tr.newestT > 300 && tr.buf.n > 0) { this.start(tr); this.drain(tr); } else continue;
      }
      const silent = nowS - tr.lastT;
      if (tr.legOpen && tr.snapPoints > 0) {
        const low = tr.phase === PHASE_GROUND || (tr.lastAlt === tr.lastAlt && tr.lastAlt < r.lowAltitudeFt);
        const limit = low ? r.lowGapS : Math.max(r.highGapS, r.defaultGapS, r.lowGapS);
        if (silent > limit) this.closeLost(tr);
      }
      if (silent > forgetS) this.finish(tr);
    }
  }

  private closeLost(tr: Track): void {
    tr.lostLeg = this.emit(tr, tr.legTakeoffGround, -1, E_SIGNAL_LOST);
    tr.nextStartReason = S_REAPPEARED;
    tr.legOpen = false; tr.accOpen = false; tr.snapPoints = 0; tr.phase = PHASE_NONE; tr.pendingEv = PHASE_NONE; tr.pendingCount = 0;
  }

  private start(tr: Track): void {
    const b = tr.buf;
    let n = 0;
    const v: number[] = [];
    const t0 = b.timeS[0];
    for (let k = 0; k < b.n && n < 5 && b.timeS[k] - t0 <= 300; k++) {
      const a = b.altFt[k];
      if (a === a) { v.push(a); n++; }
    }
    tr.anchorT = t0;
    if (n > 0) { v.sort((x, y) => x - y); tr.anchorAlt = v[(n - 1) >> 1]; }
    else if (b.flags[0] & F_GROUND) tr.anchorGround = true;
    tr.started = true;
  }

  private drain(tr: Track): void {
    const b = tr.buf;
    if (tr.next < b.off + b.n) tr.lostLeg = null;
    while (tr.next < b.off + b.n) this.step(tr, tr.next++);
    this.maybeTrim(tr);
  }

  private maybeTrim(tr: Track): void {
    const b = tr.buf;
    let need = tr.next;
    if (tr.accOpen && tr.accFirst < need) need = tr.accFirst;
    if (tr.legOpen && tr.legTakeoffGround >= 0 && tr.legTakeoffGround < need) need = tr.legTakeoffGround;
    if (tr.phase === PHASE_GROUND && tr.lastGroundIdx >= 0 && tr.lastGroundIdx < need) need = tr.lastGroundIdx;
    if (tr.pendingCount > 0 && tr.pendingStart < need) need = tr.pendingStart;
    need -= CALLSIGN_LOOKBACK;
    if (need - b.off > 4096) {
      b.trim(need);
      if (tr.minima.length && tr.minima[0] < need) tr.minima = tr.minima.filter((i) => i >= need);
    }
  }

  /** One point of segmentTrack's loop (its general path), on the track's state. */
  private step(tr: Track, i: number): void {
    const r = this.r, b = tr.buf, k = i - b.off;
    const t = b.timeS[k], la = b.latDeg[k], lo = b.lonDeg[k], f = b.flags[k];
    let segDeg = 0;
    let dt = 0;
    let endReason = -1;
    if (tr.lastT === tr.lastT) {
      dt = t - tr.lastT;
      if (dt === 0 && la === tr.lastLat && lo === tr.lastLon) {
        b.quality[k] |= Q_DUPLICATE;
        if (tr.accOpen) tr.accDup++;
        return;
      }
      let dx = lo - tr.lastLon;
      if (dx > 180) dx -= 360; else if (dx < -180) dx += 360;
      dx *= tr.cosLat;
      const dy = la - tr.lastLat;
      const d2 = dx * dx + dy * dy;
      const lim = this.tolDeg + this.speedDegPerS * dt;
      if (d2 > lim * lim) {
        if (tr.badRun > 0) {
          let bx = lo - tr.badLon;
          if (bx > 180) bx -= 360; else if (bx < -180) bx += 360;
          bx *= tr.cosLat;
          const by = la - tr.badLat, bl = this.tolDeg + this.speedDegPerS * (t - tr.badT);
          if (bx * bx + by * by <= bl * bl) tr.badRun++; else tr.badRun = 1;
        } else tr.badRun = 1;
        tr.badT = t; tr.badLat = la; tr.badLon = lo;
        if (tr.badRun < 4) {
          b.quality[k] |= Q_BAD_POSITION;
          if (tr.accOpen) tr.accBadPos++;
          return;
        }
        dt = 0;
      } else segDeg = Math.sqrt(d2);
      tr.badRun = 0;

      if (dt > 60) {
        const aAfter = b.altFt[k];
        let threshold: number;
        if (tr.phase === PHASE_GROUND || (tr.lastAlt === tr.lastAlt && tr.lastAlt < r.lowAltitudeFt) || (aAfter === aAfter && aAfter < r.lowAltitudeFt)) threshold = r.lowGapS;
        else if (tr.lastAlt !== tr.lastAlt && aAfter !== aAfter) threshold = r.defaultGapS;
        else threshold = r.highGapS;
        if (dt > threshold) endReason = E_SIGNAL_LOST;
        else if (dt >= r.stopGapS && segDeg < this.stopSpeedDegPerS * dt) endReason = E_STOPPED;
        else if (tr.accOpen) {
          tr.accGaps++;
          if (dt > tr.accLongest) tr.accLongest = dt;
        }
      }
    }
    tr.lastT = t; tr.lastLat = la; tr.lastLon = lo;
    if (la - tr.cosRefLat > 0.5 || tr.cosRefLat - la > 0.5) { tr.cosRefLat = la; tr.cosLat = Math.cos(la * (Math.PI / 180)); }

    if (f & F_NEW_LEG && i > 0 && endReason < 0) endReason = E_NEW_LEG;

    if (endReason >= 0) {
      if (tr.legOpen && tr.snapPoints > 0) this.emit(tr, tr.legTakeoffGround, -1, endReason);
      tr.nextStartReason = endReason === E_NEW_LEG ? S_NEW_LEG : S_REAPPEARED;
      tr.legOpen = false; tr.accOpen = false; tr.snapPoints = 0; tr.phase = PHASE_NONE; tr.pendingEv = PHASE_NONE; tr.pendingCount = 0;
      segDeg = 0;
    }

    const a = b.altFt[k];
    let altOk = false;
    if (a === a) {
      const tol = r.altitudeToleranceFt + r.maxClimbFtPerS * (t > tr.anchorT ? t - tr.anchorT : tr.anchorT - t);
      if (tr.anchorAlt !== tr.anchorAlt) altOk = tr.anchorGround ? a <= r.maxGroundElevationFt + tol : true;
      else altOk = a - tr.anchorAlt <= tol && tr.anchorAlt - a <= tol;
      if (altOk) { tr.anchorAlt = a; tr.anchorT = t; tr.anchorGround = false; tr.lastAlt = a; }
      else {
        b.quality[k] |= Q_BAD_ALTITUDE;
        if (tr.accOpen) tr.accBadAlt++;
      }
    }

    const gs = b.gsKt[k];
    let ev = PHASE_NONE;
    if (f & F_GROUND) { if (!(gs > r.groundClaimMaxKt)) ev = PHASE_GROUND; }
    else if (gs < r.slowKt) ev = PHASE_GROUND;
    else if (altOk || (a !== a && gs >= r.slowKt)) ev = PHASE_AIR;
    if (ev === PHASE_GROUND && a !== a && (tr.anchorAlt !== tr.anchorAlt || t - tr.anchorT > 60)) {
      tr.anchorAlt = NaN; tr.anchorGround = true; tr.anchorT = t;
    }

    if (tr.accOpen) {
      tr.accPoints++;
      tr.accPathDeg += segDeg;
      if (altOk && a > tr.accMax) tr.accMax = a;
    }

    if (ev !== PHASE_NONE) {
      if (ev === tr.phase) {
        if (tr.pendingCount > 0) {
          b.quality[tr.pendingStart - b.off] |= Q_PHASE_NOISE;
          if (tr.accOpen) tr.accNoise++;
          tr.pendingCount = 0; tr.pendingEv = PHASE_NONE;
          if (ev === PHASE_GROUND) tr.accOpen = false;
        }
      } else {
        if (tr.pendingEv === ev) tr.pendingCount++;
        else {
          tr.pendingEv = ev; tr.pendingCount = 1; tr.pendingStart = i;
          if (ev === PHASE_AIR && !tr.legOpen) {
            tr.accOpen = true; tr.accFirst = i; tr.accPoints = 1; tr.accPathDeg = 0; tr.accMax = altOk ? a : -Infinity;
            tr.accDup = 0; tr.accBadPos = 0; tr.accBadAlt = 0; tr.accNoise = 0; tr.accGaps = 0; tr.accLongest = 0;
          }
        }
        if (tr.pendingCount >= r.confirmPoints) {
          if (ev === PHASE_AIR) {
            tr.legOpen = true;
            tr.legStartReason = tr.phase === PHASE_GROUND ? S_TAKEOFF : tr.nextStartReason;
            tr.legTakeoffGround = tr.phase === PHASE_GROUND ? tr.lastGroundIdx : -1;
            tr.seekingMin = true; tr.minAlt = Infinity; tr.minIdx = -1; tr.maxAlt = -Infinity;
            this.opened(tr);
          } else {
            if (tr.legOpen && tr.snapPoints > 0) this.emit(tr, tr.legTakeoffGround, tr.pendingStart, E_LANDING);
            tr.legOpen = false; tr.accOpen = false; tr.snapPoints = 0;
            tr.lastGroundIdx = tr.pendingStart;
          }
          tr.phase = ev; tr.pendingEv = PHASE_NONE; tr.pendingCount = 0;
        }
      }
      if (ev === PHASE_AIR) {
        if (tr.accOpen) { tr.snapLast = i; tr.snapPoints = tr.accPoints; tr.snapMax = tr.accMax; tr.snapPathDeg = tr.accPathDeg; }
      } else if (tr.phase === PHASE_GROUND) tr.lastGroundIdx = i;
    }

    if (tr.legOpen && altOk) {
      if (tr.seekingMin) {
        if (a < tr.minAlt) { tr.minAlt = a; tr.minIdx = i; }
        else if (a - tr.minAlt >= r.minimumReboundFt) { tr.minima.push(tr.minIdx); tr.seekingMin = false; tr.maxAlt = a; }
      } else if (a > tr.maxAlt) tr.maxAlt = a;
      else if (tr.maxAlt - a >= r.minimumReboundFt) { tr.seekingMin = true; tr.minAlt = a; tr.minIdx = i; }
    }
  }

  private opened(tr: Track): void {
    if (!this.listener.legOpened) return;
    const b = tr.buf;
    const pt = (i: number) => {
      const k = i - b.off;
      return { latDeg: b.latDeg[k], lonDeg: b.lonDeg[k], altFt: b.altFt[k], onGround: (b.flags[k] & F_GROUND) !== 0 || b.gsKt[k] < 40, timeUtc: new Date(Math.round(b.timeS[k] * 1000)).toISOString() };
    };
    const departure = inferAirport('departure', pt(tr.accFirst), tr.legTakeoffGround >= 0 ? pt(tr.legTakeoffGround) : null);
    let callsign: string | null = null;
    for (let i = tr.next - 1; i >= Math.max(b.off, tr.accFirst - CALLSIGN_LOOKBACK); i--) {
      const id = b.callsign[i - b.off];
      if (id >= 0) { callsign = b.callsigns[id]; break; }
    }
    const reasons = ['track-start', 'takeoff', 'reappeared', 'new-leg-flag'] as const;
    this.listener.legOpened(tr.hex, { startReason: reasons[tr.legStartReason], departureTimeS: b.timeS[tr.accFirst - b.off], departure, callsign });
  }

  /** Writes the leg that ends now and hands it, built by buildLegs, to the listener. */
  private emit(tr: Track, takeoffGround: number, landingGround: number, endReason: number): TrajectoryLeg | null {
    const d: Draft = {
      first: tr.accFirst, last: tr.snapLast, takeoffGround, landingGround, startReason: tr.legStartReason, endReason,
      points: tr.snapPoints, maxAlt: tr.snapMax, pathDeg: tr.snapPathDeg, dup: tr.accDup, badPos: tr.accBadPos, badAlt: tr.accBadAlt,
      noise: tr.accNoise, gaps: tr.accGaps, longest: tr.accLongest,
    };
    const b = tr.buf;
    const valid = d.points >= this.r.minLegPoints && b.timeS[d.last - b.off] - b.timeS[d.first - b.off] >= this.r.minLegSeconds;
    if (!valid) { this.stats.fragments++; return null; }
    const lo = Math.max(b.off, Math.min(d.first, takeoffGround >= 0 ? takeoffGround : d.first) - CALLSIGN_LOOKBACK);
    const hi = Math.max(d.last, landingGround);
    const { columns, quality } = b.columns(tr.hex, lo, hi);
    const spans = new LegSpans(1);
    const s = spans.add();
    spans.aircraft[s] = 0;
    spans.first[s] = d.first - lo;
    spans.last[s] = d.last - lo;
    spans.takeoffGround[s] = takeoffGround >= 0 ? takeoffGround - lo : -1;
    spans.landingGround[s] = landingGround >= 0 ? landingGround - lo : -1;
    spans.startReason[s] = d.startReason;
    spans.endReason[s] = d.endReason;
    spans.points[s] = d.points;
    spans.maxAltFt[s] = d.maxAlt === -Infinity ? NaN : d.maxAlt;
    spans.pathKm[s] = d.pathDeg * KM_PER_DEG;
    spans.duplicates[s] = d.dup;
    spans.badPositions[s] = d.badPos;
    spans.badAltitudes[s] = d.badAlt;
    spans.phaseNoise[s] = d.noise;
    spans.gaps[s] = d.gaps;
    spans.longestGapS[s] = d.longest;
    spans.valid[s] = 1;
    const minima = new Minima();
    for (const m of tr.minima) if (m >= d.first && m <= d.last) minima.add(m - lo);
    tr.minima = tr.minima.filter((m) => m > d.last);
    const legs = buildLegs(columns, quality, spans, minima, () => tr.info);
    for (const leg of legs) {
      this.stats.legsClosed++;
      this.listener.legClosed(tr.hex, leg);
    }
    tr.feeds = new Set();
    return legs[legs.length - 1] ?? null;
  }
}

const SCALARS = [
  'next', 'started', 'anchorAlt', 'anchorT', 'anchorGround', 'lastT', 'lastLat', 'lastLon', 'cosLat', 'cosRefLat', 'badRun', 'badT', 'badLat', 'badLon',
  'phase', 'pendingEv', 'pendingCount', 'pendingStart', 'nextStartReason', 'lastGroundIdx', 'lastAlt', 'accOpen', 'accFirst', 'accPoints', 'accMax',
  'accPathDeg', 'accDup', 'accBadPos', 'accBadAlt', 'accNoise', 'accGaps', 'accLongest', 'snapLast', 'snapPoints', 'snapMax', 'snapPathDeg', 'legOpen',
  'legStartReason', 'legTakeoffGround', 'seekingMin', 'minAlt', 'minIdx', 'maxAlt', 'newestT',
] as const;
const COLUMNS = ['timeS', 'latDeg', 'lonDeg', 'altFt', 'gsKt', 'trackDeg', 'vrateFpm', 'flags', 'callsign', 'row', 'quality'] as const;

/** JSON numbers cannot be NaN or ±Infinity: they are written as strings. */
const enc = (v: number | boolean): number | boolean | string => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v);
const dec = (v: unknown): number | boolean => (typeof v === 'string' ? Number(v) : (v as number | boolean));

export interface TrackState {
  hex: string;
  info: AircraftInfo;
  scalars: Record<string, number | boolean | string>;
  off: number;
  columns: Record<string, (number | string)[]>;
  callsigns: string[];
  minima: number[];
  feeds: string[];
}

/** A track's whole state, for the watcher's checkpoint. */
export function trackState(tr: Track): TrackState {
  const b = tr.buf;
  const scalars: Record<string, number | boolean | string> = {};
  for (const k of SCALARS) scalars[k] = enc(tr[k]);
  const columns: Record<string, (number | string)[]> = {};
  for (const k of COLUMNS) columns[k] = Array.from(b[k].subarray(0, b.n) as ArrayLike<number>, (v) => enc(v) as number | string);
  return { hex: tr.hex, info: tr.info, scalars, off: b.off, columns, callsigns: b.callsigns, minima: tr.minima, feeds: [...tr.feeds] };
}

export function restoreTrack(seg: StreamingSegmenter, s: TrackState): Track {
  const tr = new Track(s.hex, s.info);
  for (const k of SCALARS) (tr as unknown as Record<string, unknown>)[k] = dec(s.scalars[k]);
  const b = tr.buf;
  const n = s.columns.timeS.length;
  b.off = s.off;
  for (let k = 0; k < n; k++) {
    const id = Number(dec(s.columns.callsign[k]));
    b.push({
      timeS: Number(dec(s.columns.timeS[k])), latDeg: Number(dec(s.columns.latDeg[k])), lonDeg: Number(dec(s.columns.lonDeg[k])),
      altFt: Number(dec(s.columns.altFt[k])), gsKt: Number(dec(s.columns.gsKt[k])), trackDeg: Number(dec(s.columns.trackDeg[k])),
      vrateFpm: Number(dec(s.columns.vrateFpm[k])), flags: Number(dec(s.columns.flags[k])), callsign: id >= 0 ? s.callsigns[id] : null,
      row: Number(dec(s.columns.row[k])),
    });
    b.quality[k] = Number(dec(s.columns.quality[k]));
  }
  b.off = s.off;
  tr.minima = s.minima;
  tr.feeds = new Set(s.feeds);
  seg.tracks.set(s.hex, tr);
  seg.stats.aircraft = seg.tracks.size;
  return tr;
}
