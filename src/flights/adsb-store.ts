/**
 * ADS-B rows in the store: positions (columnar appends, one aircraft at a time), the legs the
 * trajectory engine cut (`adsb_legs`, linked to `flight_legs`), and sightings. Tables: migration 4.
 */
import type { TrajectoryLeg } from '../trajectory/legs.ts';
import { ColumnarAppender, type RawColumn } from '../engine/columnar-appender.ts';
import type { EncodedPositions } from './positions-encoding.ts';
import type { Appender, Store } from '../engine/db.ts';

export async function nextAdsbLegId(store: Store): Promise<number> {
  return Number((await store.scalar<number | null>('SELECT max(leg_id) FROM adsb_legs')) ?? 0) + 1;
}

/**
 * Writes encoded positions (./positions-encoding.ts); callsign changes go to `position_callsigns`.
 */
export class PositionWriter {
  private constructor(private readonly appender: ColumnarAppender, private readonly callsigns: Appender, private readonly sourceId: number) {}

  static async open(store: Store, sourceId: number): Promise<PositionWriter> {
    return new PositionWriter(await ColumnarAppender.open(store, 'positions'), await store.appender('position_callsigns'), sourceId);
  }

  get rows(): number {
    return this.appender.rows;
  }

  /** Appends a batch; `firstLegId` is the adsb_legs id of the batch's leg 0. */
  write(e: EncodedPositions, firstLegId: number): void {
    const leg = e.leg;
    for (let i = 0; i < e.length; i++) leg[i] += firstLegId;
    const columns: RawColumn[] = [
      { kind: 'const-i32', value: this.sourceId },
      { kind: 'raw', data: e.timeUs, width: 8 },
      { kind: 'raw', data: e.icao24, width: 4 },
      { kind: 'raw', data: e.latE6, width: 4 },
      { kind: 'raw', data: e.lonE6, width: 4 },
      { kind: 'raw', data: e.altFt, width: 4, validity: e.altValid },
      { kind: 'raw', data: e.gsDkt, width: 2, validity: e.gsValid },
      { kind: 'raw', data: e.trackDdeg, width: 2, validity: e.trackValid },
      { kind: 'raw', data: e.vrateFpm, width: 2, validity: e.vrateValid },
      { kind: 'raw', data: e.flags, width: 1 },
      { kind: 'raw', data: e.quality, width: 1 },
      { kind: 'raw', data: leg, width: 4, validity: e.legValid },
      { kind: 'raw', data: e.row, width: 4 },
    ];
    this.appender.appendRaw(columns, e.length);
    const a = this.callsigns, ch = e.callsignChange, t = e.timeUs;
    for (let i = 0; i < e.length; i++) {
      if (ch[i] < 0) continue;
      a.appendInteger(this.sourceId);
      a.appendUInteger(e.icao24[i]);
      a.appendVarchar(new Date((t[2 * i + 1] * 4294967296 + (t[2 * i] >>> 0)) / 1000).toISOString());
      a.appendVarchar(e.callsigns[ch[i]]);
      a.endRow();
    }
  }

  close(): void {
    this.appender.close();
    this.callsigns.closeSync();
  }
}

/** A leg with its adsb_legs id. */
export interface StoredLeg { legId: number; leg: TrajectoryLeg }

export async function insertAdsbLegs(store: Store, sourceId: number, legs: StoredLeg[]): Promise<void> {
  if (legs.length === 0) return;
  const a = await store.appender('adsb_legs');
  const text = (v: string | null | undefined) => (v == null ? a.appendNull() : a.appendVarchar(v));
  const num = (v: number | null | undefined) => (v == null || !Number.isFinite(v) ? a.appendNull() : a.appendDouble(v));
  const ts = (iso: string) => a.appendVarchar(iso);
  for (const { legId, leg } of legs) {
    a.appendBigInt(BigInt(legId));
    a.appendInteger(sourceId);
    a.appendNull();
    a.appendVarchar(leg.icao24);
    text(leg.registration); text(leg.aircraftType);
    text(leg.callsigns.length ? leg.callsigns.join(',') : null);
    ts(leg.departureTimeUtc); ts(leg.arrivalTimeUtc);
    a.appendInteger(leg.durationS);
    a.appendDouble(leg.start.latDeg); a.appendDouble(leg.start.lonDeg); num(leg.start.altFt);
    a.appendDouble(leg.end.latDeg); a.appendDouble(leg.end.lonDeg); num(leg.end.altFt);
    for (const fix of [leg.departure, leg.arrival]) {
      text(fix.icao); a.appendVarchar(fix.basis); a.appendVarchar(fix.confidence);
      num(fix.distanceKm); num(fix.heightFt); a.appendInteger(fix.candidates); a.appendVarchar(fix.note);
    }
    a.appendVarchar(leg.startReason); a.appendVarchar(leg.endReason);
    a.appendDouble(leg.distanceKm); a.appendDouble(leg.pathKm); num(leg.maxAltFt); a.appendInteger(leg.points);
    const q = leg.quality;
    for (const v of [q.duplicates, q.badPositions, q.badAltitudes, q.phaseNoise, q.reordered, q.gaps, q.longestGapS]) a.appendInteger(v);
    a.appendVarchar(q.flags.join(','));
    a.appendVarchar(JSON.stringify(leg.lowPasses));
    a.appendInteger(leg.firstRow); a.appendInteger(leg.lastRow);
    a.appendVarchar(leg.replayLink);
    a.endRow();
  }
  a.closeSync();
}

export interface SightingRow {
  sourceRow: number;
  icao24: string;
  callsign: string | null;
  timeUtc: string;
  latDeg: number;
  lonDeg: number;
  altFt: number | null;
  onGround: boolean | null;
  gsKt: number | null;
  airport: string | null;
  airportDistanceKm: number | null;
  airportHeightFt: number | null;
  airportCandidates: number;
  reportedAirport: string | null;
  iceLink: string;
  iceLinkConfidence: string;
  iceLinkReason: string;
}

export async function insertSightings(store: Store, sourceId: number, rows: SightingRow[]): Promise<void> {
  if (rows.length === 0) return;
  const a = await store.appender('sightings');
  const text = (v: string | null) => (v == null ? a.appendNull() : a.appendVarchar(v));
  const num = (v: number | null) => (v == null || !Number.isFinite(v) ? a.appendNull() : a.appendDouble(v));
  for (const r of rows) {
    a.appendInteger(sourceId);
    a.appendBigInt(BigInt(r.sourceRow));
    a.appendVarchar(r.icao24);
    text(r.callsign);
    a.appendVarchar(r.timeUtc);
    a.appendDouble(r.latDeg); a.appendDouble(r.lonDeg);
    num(r.altFt);
    if (r.onGround == null) a.appendNull(); else a.appendBoolean(r.onGround);
    num(r.gsKt);
    text(r.airport); num(r.airportDistanceKm); num(r.airportHeightFt); a.appendInteger(r.airportCandidates);
    text(r.reportedAirport);
    // A snapshot shows an aircraft near an airport at one instant: it is never a flight.
    a.appendVarchar('low');
    a.appendVarchar(r.iceLink); a.appendVarchar(r.iceLinkConfidence); a.appendVarchar(r.iceLinkReason);
    a.endRow();
  }
  a.closeSync();
}

/** Sets adsb_legs.flight_leg_id from the evidence rows insertFlightLegs wrote (their note names `adsb_legs #id`). */
export async function linkFlightLegsByEvidence(store: Store, sourceId: number): Promise<void> {
  await store.run(`UPDATE adsb_legs SET flight_leg_id = e.leg_id
    FROM (SELECT leg_id, CAST(regexp_extract(note, 'adsb_legs #([0-9]+)', 1) AS BIGINT) AS adsb_leg_id
          FROM flight_evidence WHERE source_id = $1 AND source_kind = 'adsb' AND note LIKE '%adsb_legs #%') e
    WHERE adsb_legs.source_id = $1 AND adsb_legs.leg_id = e.adsb_leg_id`, [sourceId]);
}

/** ADS-B legs with their file, in file and time order (for `deportwatch legs` and the API). */
export async function adsbLegRows(store: Store, sourceIds?: number[]): Promise<Record<string, unknown>[]> {
  const where = sourceIds?.length ? `WHERE l.source_id IN (${sourceIds.map(Number).join(', ')})` : '';
  return store.all(`SELECT s.file_name AS file, l.*, f.ice_link, f.ice_link_confidence, f.category
    FROM adsb_legs l JOIN sources s USING (source_id) LEFT JOIN flight_legs f ON f.leg_id = l.flight_leg_id
    ${where} ORDER BY l.source_id, l.icao24, l.departure_time`);
}

/** Each leg's accepted positions as [lon, lat, alt_ft] in time order (duplicates and rejected jumps left out). */
export async function adsbLegTracks(store: Store, legIds: number[]): Promise<Map<number, [number, number, number | null][]>> {
  const out = new Map<number, [number, number, number | null][]>();
  if (legIds.length === 0) return out;
  const rows = await store.all<{ leg_id: number; lon_deg: number; lat_deg: number; alt_ft: number | null }>(
    `SELECT leg_id, lon_e6 / 1e6 AS lon_deg, lat_e6 / 1e6 AS lat_deg, CASE WHEN quality & 4 = 0 THEN alt_ft END AS alt_ft FROM positions
     WHERE leg_id IN (${legIds.map(Number).join(', ')}) AND quality & 3 = 0 ORDER BY leg_id, time`);
  for (const r of rows) {
    const list = out.get(r.leg_id) ?? [];
    list.push([r.lon_deg, r.lat_deg, r.alt_ft]);
    out.set(r.leg_id, list);
  }
  return out;
}

export async function sightingRows(store: Store, sourceIds?: number[]): Promise<Record<string, unknown>[]> {
  const where = sourceIds?.length ? `WHERE g.source_id IN (${sourceIds.map(Number).join(', ')})` : '';
  return store.all(`SELECT s.file_name AS file, g.* FROM sightings g JOIN sources s USING (source_id) ${where} ORDER BY g.source_id, g.time, g.icao24`);
}
