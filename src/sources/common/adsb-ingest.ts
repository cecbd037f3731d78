/**
 * The common ingest path of every ADS-B source: analysed positions → `positions` (with their leg),
 * legs → `adsb_legs` and `flight_legs` (source kind `adsb`, evidence = hex + time window + adsb.lol
 * replay link), so the registry, callsign rules, categories, missions and reports apply to ADS-B legs
 * exactly as to tracker exports. Sources call it inside the pipeline's transaction.
 */
import type { FlightLegInput, ReportedAirport } from '../../domain/flights.ts';
import type { RowIssue } from '../../domain/provenance.ts';
import { insertAdsbLegs, linkFlightLegsByEvidence, nextAdsbLegId, PositionWriter, type StoredLeg } from '../../flights/adsb-store.ts';
import { insertFlightLegs } from '../../flights/legs-store.ts';
import type { IngestContext, SourceCounts } from '../types.ts';
import type { AirportFix } from '../../trajectory/airports.ts';
import type { Analysis } from '../../trajectory/analyse.ts';
import { encodePositions, type EncodedPositions } from '../../flights/positions-encoding.ts';
import type { TrajectoryLeg } from '../../trajectory/legs.ts';

/** Accumulates one file's analyses; `finish()` stores the legs and returns the pipeline's counts. */
export class AdsbIngest {
  private legs: StoredLeg[] = [];
  rowsRead = 0;
  rowsQuarantined = 0;
  fragments = 0;
  reordered = 0;
  aircraft = 0;
  readonly notes: string[] = [];

  private constructor(private readonly context: IngestContext, private readonly writer: PositionWriter, private nextLegId: number) {}

  static async open(context: IngestContext): Promise<AdsbIngest> {
    return new AdsbIngest(context, await PositionWriter.open(context.store, context.sourceId), await nextAdsbLegId(context.store));
  }

  get rowsStored(): number {
    return this.writer.rows;
  }

  /** Stores the positions of one analysis and keeps its legs for `finish()` (quarantined rows are counted by `quarantine`). */
  add(analysis: Pick<Analysis, 'columns' | 'quality' | 'legs' | 'runStarts' | 'fragments' | 'reordered'>): void {
    const ranges = new Int32Array(analysis.legs.length * 2);
    analysis.legs.forEach((leg, k) => { ranges[2 * k] = leg.firstIndex; ranges[2 * k + 1] = leg.lastIndex; });
    this.addEncoded({
      encoded: encodePositions(analysis.columns, analysis.quality, analysis.runStarts, ranges),
      legs: analysis.legs, fragments: analysis.fragments, reordered: analysis.reordered, aircraft: analysis.runStarts.length - 1,
    });
  }

  /** Stores positions encoded elsewhere (a reader thread) with their legs, in order. */
  addEncoded(batch: { encoded: EncodedPositions; legs: TrajectoryLeg[]; fragments: number; reordered: number; aircraft: number }): void {
    const firstLegId = this.nextLegId;
    for (const leg of batch.legs) this.legs.push({ legId: this.nextLegId++, leg });
    this.writer.write(batch.encoded, firstLegId);
    this.rowsRead += batch.encoded.length;
    this.fragments += batch.fragments;
    this.reordered += batch.reordered;
    this.aircraft += batch.aircraft;
    this.context.progress(this.rowsRead);
  }

  async quarantine(issues: RowIssue[]): Promise<void> {
    this.rowsRead += issues.length;
    this.rowsQuarantined += issues.length;
    await this.context.quarantine(issues);
  }

  async finish(): Promise<SourceCounts> {
    this.writer.close();
    const { store, sourceId } = this.context;
    const started = performance.now();
    await insertAdsbLegs(store, sourceId, this.legs);
    const flightLegs = this.legs.map(({ legId, leg }) => toFlightLeg(legId, leg));
    const result = await insertFlightLegs(store, sourceId, flightLegs);
    await linkFlightLegsByEvidence(store, sourceId);
    const legSeconds = (performance.now() - started) / 1000;
    const notes = [
      `${this.aircraft.toLocaleString('en-US')} aircraft, ${this.legs.length.toLocaleString('en-US')} legs (${result.legsNew} new in flight_legs, ${result.legsMerged} matched legs other sources reported)`,
      ...(this.fragments ? [`${this.fragments} airborne fragments too short to be flights (fewer than 3 points or under a minute in the air) are kept as positions without a leg`] : []),
      ...(this.reordered ? [`${this.reordered} points were out of time order in the file and were sorted`] : []),
      ...this.notes,
      `legs stored and classified in ${legSeconds.toFixed(1)} s`,
    ];
    return { rowsRead: this.rowsRead, rowsStored: this.writer.rows, rowsQuarantined: this.rowsQuarantined, notes };
  }
}

function reported(fix: AirportFix): ReportedAirport | null {
  if (!fix.icao) return null;
  return { icao: fix.icao, iata: fix.iata, inferred: { distanceKm: Math.round((fix.distanceKm ?? 0) * 10) / 10, candidatesWithinKm: fix.candidates } };
}

/** The flight-model view of an ADS-B leg. The evidence note starts with `adsb_legs #id` (linkFlightLegsByEvidence reads it). */
export function toFlightLeg(legId: number, leg: TrajectoryLeg): FlightLegInput {
  const end = (fix: AirportFix) => (fix.icao ? `${fix.icao} (${fix.basis}, ${fix.confidence} confidence)` : 'unknown');
  return {
    sourceKind: 'adsb',
    sourceRow: null,
    departureDate: leg.departureTimeUtc.slice(0, 10),
    departureTimeUtc: leg.departureTimeUtc,
    arrivalTimeUtc: leg.arrivalTimeUtc,
    departureTimeBasis: 'actual',
    callsign: leg.callsigns[0] ?? null,
    registration: leg.registration,
    icao24: leg.icao24.replace(/^~/, ''),
    aircraftType: leg.aircraftType,
    departure: reported(leg.departure),
    arrival: reported(leg.arrival),
    status: leg.endReason === 'landing' || leg.endReason === 'touch-and-go' ? 'landed (ADS-B)' : `recording ends: ${leg.endReason}`,
    evidence: {
      link: leg.replayLink,
      note: `adsb_legs #${legId}: hex ${leg.icao24} ${leg.departureTimeUtc}–${leg.arrivalTimeUtc}, ${leg.points} points, ` +
        `from ${end(leg.departure)} to ${end(leg.arrival)}` + (leg.callsigns.length > 1 ? `, callsigns ${leg.callsigns.join(' → ')}` : ''),
    },
  };
}
