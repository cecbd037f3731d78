/**
 * From feed messages to positions: every `PositionUpdate` with a latitude and longitude is one point.
 * Protocols that send velocity and identity in messages of their own (Beast, SBS `MSG,1`/`MSG,4`) lend
 * them to the aircraft's next positions: ground speed, track and vertical rate from a message without
 * a position heard within `VELOCITY_MAX_AGE_S`, a callsign to the next position only. A message that
 * carries everything (aircraft.json, OpenSky, a full SBS line) borrows nothing.
 *
 * The same assembler serves the live watcher and the batch path over a recording's messages
 * (`updatesToColumns`), so both see the same points.
 */
import type { PositionUpdate } from '../feeds/types.ts';
import { F_AIR, F_GROUND, PositionBuilder, type PositionColumns } from '../trajectory/columns.ts';
import type { StreamPoint } from './segmenter.ts';

export const VELOCITY_MAX_AGE_S = 10;

interface Lent { t: number; gs: number; track: number; vrate: number; callsign: string | null }

export class PointAssembler {
  private readonly lent = new Map<string, Lent>();
  private seq = 0;

  /** The point an update makes, or null (no position: what it carries is kept for the next one). */
  point(u: PositionUpdate): StreamPoint | null {
    this.seq++;
    if (u.latDeg === undefined || u.lonDeg === undefined) {
      if (u.groundspeedKt === undefined && u.trackDeg === undefined && u.verticalRateFpm === undefined && u.callsign === undefined) return null;
      let l = this.lent.get(u.icao24);
      if (!l) { l = { t: u.messageTime, gs: NaN, track: NaN, vrate: NaN, callsign: null }; this.lent.set(u.icao24, l); }
      if (u.groundspeedKt !== undefined || u.trackDeg !== undefined || u.verticalRateFpm !== undefined) {
        l.t = u.messageTime;
        l.gs = u.groundspeedKt ?? NaN;
        l.track = u.trackDeg ?? NaN;
        l.vrate = u.verticalRateFpm ?? NaN;
      }
      if (u.callsign !== undefined) l.callsign = u.callsign;
      return null;
    }
    const l = this.lent.get(u.icao24);
    const fresh = l !== undefined && Math.abs(u.messageTime - l.t) <= VELOCITY_MAX_AGE_S;
    let callsign = u.callsign ?? null;
    if (l && callsign === null && l.callsign !== null) { callsign = l.callsign; l.callsign = null; }
    return {
      timeS: u.messageTime,
      latDeg: u.latDeg,
      lonDeg: u.lonDeg,
      altFt: u.altitudeFt ?? NaN,
      gsKt: u.groundspeedKt ?? (fresh ? l!.gs : NaN),
      trackDeg: u.trackDeg ?? (fresh ? l!.track : NaN),
      vrateFpm: u.verticalRateFpm ?? (fresh ? l!.vrate : NaN),
      flags: u.onGround ? F_GROUND : u.altitudeFt !== undefined ? F_AIR : 0,
      callsign,
      row: this.seq,
    };
  }

  /** Forgets an aircraft (the watcher forgot its track). */
  forget(hex: string): void {
    this.lent.delete(hex);
  }
}

/** A recording's messages as columns for the batch trajectory step (`analyse`): the watcher's points, all at once. */
export function updatesToColumns(updates: Iterable<PositionUpdate>): PositionColumns {
  const assembler = new PointAssembler();
  const b = new PositionBuilder();
  for (const u of updates) {
    const p = assembler.point(u);
    if (!p) continue;
    const i = b.next();
    b.timeS[i] = p.timeS; b.latDeg[i] = p.latDeg; b.lonDeg[i] = p.lonDeg; b.altFt[i] = p.altFt; b.gsKt[i] = p.gsKt;
    b.trackDeg[i] = p.trackDeg; b.vrateFpm[i] = p.vrateFpm; b.flags[i] = p.flags; b.callsign[i] = b.callsignId(p.callsign);
    b.row[i] = p.row; b.aircraft[i] = b.aircraftId(u.icao24);
  }
  return b.finish();
}

/** Point k of columns as a StreamPoint (to feed a recording's ordered columns to the segmenter). */
export function columnPoint(c: PositionColumns, k: number): StreamPoint {
  const id = c.callsign[k];
  return {
    timeS: c.timeS[k], latDeg: c.latDeg[k], lonDeg: c.lonDeg[k], altFt: c.altFt[k], gsKt: c.gsKt[k], trackDeg: c.trackDeg[k],
    vrateFpm: c.vrateFpm[k], flags: c.flags[k], callsign: id >= 0 ? c.callsigns[id] : null, row: c.row[k],
  };
}
