/**
 * From kernel output to legs people read: times, first and last positions, airports with their
 * confidence, callsigns (all of them, in order: callsigns change in flight), distance, maximum
 * altitude, point count, quality counters, low passes and touch-and-goes, and an adsb.lol replay link.
 * Runs once per leg, not per point.
 */
import { airportIndex, haversineKm } from '../reference/airports.ts';
import { F_GROUND, Q_BAD_ALTITUDE, Q_BAD_POSITION, Q_DUPLICATE, Q_REORDERED, type PositionColumns } from './columns.ts';
import { inferAirport, isTouchAndGo, LOW_PASS_RULES, lowPassAt, type AirportFix, type EndPoint, type LowPass } from './airports.ts';
import { END_REASONS, START_REASONS, type EndReason, type StartReason } from './rules.ts';
import type { LegSpans, Minima } from './segment.ts';

export interface AircraftInfo {
  registration?: string | null;
  aircraftType?: string | null;
  description?: string | null;
  owner?: string | null;
}

export interface LegQuality {
  duplicates: number;
  badPositions: number;
  badAltitudes: number;
  /** Isolated ground/air claims the debounce ignored. */
  phaseNoise: number;
  /** Points the sort moved because the source had them out of time order. */
  reordered: number;
  /** Coverage holes of more than a minute that did not end the leg, and the longest. */
  gaps: number;
  longestGapS: number;
  /** Plain-language flags: `departure-not-seen`, `arrival-not-seen`, `touch-and-go`, `position-jumps` … */
  flags: string[];
}

export interface TrajectoryLeg {
  icao24: string;
  registration: string | null;
  aircraftType: string | null;
  callsigns: string[];
  departureTimeUtc: string;
  arrivalTimeUtc: string;
  durationS: number;
  start: EndPoint;
  end: EndPoint;
  departure: AirportFix;
  arrival: AirportFix;
  startReason: StartReason | 'touch-and-go';
  endReason: EndReason | 'touch-and-go';
  /** Great-circle distance between the first and last airborne positions. */
  distanceKm: number;
  /** Length of the flown path through the accepted positions. */
  pathKm: number;
  maxAltFt: number | null;
  points: number;
  quality: LegQuality;
  /** Altitude minima near an airport that were not landings (go-arounds, low passes, approaches flown for show). */
  lowPasses: LowPass[];
  /** Source rows of the first and last airborne points (trace elements for readsb, lines/records otherwise). */
  firstRow: number;
  lastRow: number;
  replayLink: string;
  /** Index range of the leg in the analysed (ordered) columns; for storing positions, not for output. */
  firstIndex: number;
  lastIndex: number;
}

function iso(t: number): string {
  return new Date(Math.round(t * 1000)).toISOString().replace('.000Z', 'Z');
}

function endPoint(c: PositionColumns, i: number): EndPoint {
  return { latDeg: c.latDeg[i], lonDeg: c.lonDeg[i], altFt: c.altFt[i], onGround: (c.flags[i] & F_GROUND) !== 0 || c.gsKt[i] < 40, timeUtc: iso(c.timeS[i]) };
}

/** adsb.lol's globe (tar1090) replay of one aircraft over a time window (UTC). */
export function replayLink(hex: string, fromS: number, toS: number): string {
  const day = iso(fromS).slice(0, 10);
  const hm = (t: number) => iso(t).slice(11, 16);
  return `https://globe.adsb.lol/?icao=${encodeURIComponent(hex.replace(/^~/, ''))}&showTrace=${day}&startTime=${hm(Math.max(fromS - 300, Math.floor(fromS / 86400) * 86400))}&endTime=${hm(toS + 300)}`;
}

/** Points, maximum altitude and path of the accepted points in [from, to] (used after a split). */
function stats(c: PositionColumns, quality: Uint8Array, from: number, to: number): { points: number; maxAlt: number; pathKm: number } {
  let points = 0, maxAlt = -Infinity, pathKm = 0, prev = -1;
  for (let i = from; i <= to; i++) {
    if (quality[i] & (Q_DUPLICATE | Q_BAD_POSITION)) continue;
    points++;
    if (!(quality[i] & Q_BAD_ALTITUDE) && c.altFt[i] > maxAlt) maxAlt = c.altFt[i];
    if (prev >= 0) pathKm += haversineKm(c.latDeg[prev], c.lonDeg[prev], c.latDeg[i], c.lonDeg[i]);
    prev = i;
  }
  return { points, maxAlt, pathKm };
}

function callsignsIn(c: PositionColumns, from: number, to: number, before: number): string[] {
  const seen: string[] = [];
  let last = -1;
  for (let i = from; i <= to; i++) {
    const id = c.callsign[i];
    if (id >= 0 && id !== last) {
      last = id;
      const cs = c.callsigns[id];
      if (!seen.includes(cs)) seen.push(cs);
    }
  }
  if (seen.length === 0) {
    // No callsign broadcast in the air: the last one heard on the ground before take-off, if any.
    for (let i = before; i >= 0 && c.aircraft[i] === c.aircraft[from] && i > before - 2000; i--) {
      if (c.callsign[i] >= 0) { seen.push(c.callsigns[c.callsign[i]]); break; }
    }
  }
  return seen;
}

/**
 * The low pass around an altitude minimum: a level stretch flown at the minimum (within 200 ft) can
 * be long, and its lowest point is not always the one over the field, so the stretch is searched for
 * the point nearest an airport.
 */
function passNear(c: PositionColumns, quality: Uint8Array, i: number, first: number, last: number): { index: number; pass: LowPass } | null {
  const floor = c.altFt[i];
  let from = i, to = i;
  const usable = (j: number) => !(quality[j] & (Q_DUPLICATE | Q_BAD_POSITION | Q_BAD_ALTITUDE)) && c.altFt[j] === c.altFt[j];
  while (from > first && i - from < 1500 && (!usable(from - 1) || c.altFt[from - 1] - floor <= 200)) from--;
  while (to < last && to - i < 1500 && (!usable(to + 1) || c.altFt[to + 1] - floor <= 200)) to++;
  let best: { index: number; pass: LowPass } | null = null;
  for (let j = from; j <= to; j++) {
    if (!usable(j)) continue;
    const pass = lowPassAt(c.latDeg[j], c.lonDeg[j], c.altFt[j], iso(c.timeS[j]));
    if (pass && (!best || pass.distanceKm < best.pass.distanceKm || (pass.distanceKm === best.pass.distanceKm && pass.heightFt < best.pass.heightFt))) best = { index: j, pass };
  }
  return best;
}

interface Piece { first: number; last: number; start: StartReason | 'touch-and-go'; end: EndReason | 'touch-and-go'; takeoffGround: number; landingGround: number }

/**
 * Builds the legs of `spans` (only the valid ones; fragments are counted separately by the caller).
 * `info(aircraftIndex)` gives the registration and type the source knows.
 */
export function buildLegs(c: PositionColumns, quality: Uint8Array, spans: LegSpans, minima: Minima, info: (aircraft: number) => AircraftInfo): TrajectoryLeg[] {
  const legs: TrajectoryLeg[] = [];
  const cursor = { m: 0 };
  for (let k = 0; k < spans.count; k++) {
    const passes = passesInSpan(c, quality, spans.first[k], spans.last[k], minima, cursor);
    if (!spans.valid[k]) continue;
    const { pieces, lowPasses } = splitAtTouchAndGoes(spans, k, passes);
    pieces.forEach((piece, p) => legs.push(legOfPiece(c, quality, spans, k, pieces, p, lowPasses[p], info)));
  }
  return legs;
}

/**
 * Low passes inside a span, away from its ends (the climb-out and the final descent are not passes).
 * `cursor.m` walks the minima in step with the spans, which come in order.
 */
function passesInSpan(c: PositionColumns, quality: Uint8Array, first: number, last: number, minima: Minima, cursor: { m: number }): { index: number; pass: LowPass }[] {
  const passes: { index: number; pass: LowPass }[] = [];
  while (cursor.m < minima.count && minima.index[cursor.m] < first) cursor.m++;
  for (let j = cursor.m; j < minima.count && minima.index[j] <= last; j++) {
    const i = minima.index[j];
    if (i - first < 3 || last - i < 3 || c.timeS[i] - c.timeS[first] < 60 || c.timeS[last] - c.timeS[i] < 60) continue;
    const best = passNear(c, quality, i, first, last);
    if (best) passes.push(best);
  }
  return passes;
}

/** Touch-and-goes seen only in the altitude (no ground report) split a span into pieces, each a leg with its own low passes. */
function splitAtTouchAndGoes(spans: LegSpans, k: number, passes: { index: number; pass: LowPass }[]): { pieces: Piece[]; lowPasses: LowPass[][] } {
  const pieces: Piece[] = [];
  let from = spans.first[k], start: Piece['start'] = START_REASONS[spans.startReason[k]], tg = spans.takeoffGround[k];
  const lowPasses: LowPass[][] = [[]];
  for (const { index, pass } of passes) {
    if (isTouchAndGo(pass)) {
      pieces.push({ first: from, last: index, start, end: 'touch-and-go', takeoffGround: tg, landingGround: -1 });
      from = index; start = 'touch-and-go'; tg = -1;
      lowPasses.push([]);
    } else lowPasses[lowPasses.length - 1].push(pass);
  }
  pieces.push({ first: from, last: spans.last[k], start, end: END_REASONS[spans.endReason[k]], takeoffGround: tg, landingGround: spans.landingGround[k] });
  return { pieces, lowPasses };
}

/** The leg of piece `p` of span `k`: airports at both ends, callsigns, distances, quality and its flags. */
function legOfPiece(c: PositionColumns, quality: Uint8Array, spans: LegSpans, k: number, pieces: Piece[], p: number, lowPasses: LowPass[], info: (aircraft: number) => AircraftInfo): TrajectoryLeg {
  const piece = pieces[p];
  const s = pieces.length === 1
    ? { points: spans.points[k], maxAlt: spans.maxAltFt[k], pathKm: spans.pathKm[k] }
    : stats(c, quality, piece.first, piece.last);
  const a = c.aircraft[piece.first];
  const hex = c.aircraftHex[a];
  const aircraft = info(a);
  const startPt = endPoint(c, piece.first), endPt = endPoint(c, piece.last);
  const departure = piece.start === 'touch-and-go'
    ? touchFix(pieces[p - 1], c, 'departure')
    : inferAirport('departure', startPt, piece.takeoffGround >= 0 ? endPoint(c, piece.takeoffGround) : null);
  const arrival = piece.end === 'touch-and-go'
    ? touchFix(piece, c, 'arrival')
    : inferAirport('arrival', endPt, piece.landingGround >= 0 ? endPoint(c, piece.landingGround) : null);
  let reordered = 0;
  for (let i = piece.first; i <= piece.last; i++) if (quality[i] & Q_REORDERED) reordered++;
  const t0 = c.timeS[piece.first], t1 = c.timeS[piece.last];
  return {
    icao24: hex,
    registration: aircraft.registration ?? null,
    aircraftType: aircraft.aircraftType ?? null,
    callsigns: callsignsIn(c, piece.first, piece.last, piece.takeoffGround >= 0 ? piece.takeoffGround : piece.first - 1),
    departureTimeUtc: iso(t0),
    arrivalTimeUtc: iso(t1),
    durationS: Math.round(t1 - t0),
    start: startPt,
    end: endPt,
    departure,
    arrival,
    startReason: piece.start,
    endReason: piece.end,
    distanceKm: Math.round(haversineKm(startPt.latDeg, startPt.lonDeg, endPt.latDeg, endPt.lonDeg) * 10) / 10,
    pathKm: Math.round(s.pathKm * 10) / 10,
    maxAltFt: Number.isFinite(s.maxAlt) ? s.maxAlt : null,
    points: s.points,
    quality: {
      duplicates: spans.duplicates[k], badPositions: spans.badPositions[k], badAltitudes: spans.badAltitudes[k], phaseNoise: spans.phaseNoise[k],
      reordered, gaps: spans.gaps[k], longestGapS: Math.round(spans.longestGapS[k]), flags: qualityFlags(spans, k, piece, departure, arrival, reordered),
    },
    lowPasses,
    firstRow: c.row[piece.first],
    lastRow: c.row[piece.last],
    replayLink: replayLink(hex, t0, t1),
    firstIndex: piece.first,
    lastIndex: piece.last,
  };
}

/** What a reader should know about a leg's evidence, as short flags (docs/trajectory.md). */
function qualityFlags(spans: LegSpans, k: number, piece: Piece, departure: AirportFix, arrival: AirportFix, reordered: number): string[] {
  const flags: string[] = [];
  if (departure.basis === 'none') flags.push('departure-not-seen');
  if (arrival.basis === 'none') flags.push('arrival-not-seen');
  if (piece.start === 'touch-and-go' || piece.end === 'touch-and-go') flags.push('touch-and-go');
  if (spans.badPositions[k]) flags.push('position-jumps');
  if (spans.badAltitudes[k]) flags.push('altitude-spikes');
  if (reordered) flags.push('time-disorder');
  if (spans.duplicates[k]) flags.push('duplicates');
  if (spans.gaps[k]) flags.push('coverage-gaps');
  if (piece.start === 'new-leg-flag' || piece.end === 'new-leg-flag') flags.push('readsb-new-leg');
  return flags;
}

function touchFix(piece: Piece, c: PositionColumns, end: 'departure' | 'arrival'): AirportFix {
  const i = piece.last;
  const pass = lowPassAt(c.latDeg[i], c.lonDeg[i], c.altFt[i], iso(c.timeS[i]))!;
  const index = airportIndex();
  const a = index.byIcao(pass.icao)!;
  const candidates = index.nearest(c.latDeg[i], c.lonDeg[i], LOW_PASS_RULES.touchKm)?.candidatesWithinKm ?? 1;
  return {
    icao: a.icao, iata: a.iata, name: a.name, countryCode: a.countryCode, basis: 'low', confidence: candidates === 1 ? 'medium' : 'low',
    distanceKm: pass.distanceKm, heightFt: pass.heightFt, candidates,
    note: `touch-and-go (${end === 'departure' ? 'climbs away' : 'touches'}): the altitude dips to ${pass.heightFt} ft above ${pass.icao} (${pass.distanceKm} km away) at ${pass.timeUtc} and climbs again, with no ground report`,
  };
}
