/**
 * OpenSky Network state vectors (REST JSON, historical CSV, snapshot collections; ./parse.ts).
 *
 * Dense recordings (CSV history, series of REST responses) become positions and legs like any other
 * ADS-B source. Snapshot collections — an airport monitor polling the API every 30 minutes — saw each
 * aircraft at one instant near one airport: they cannot show a take-off or a landing, so each row
 * becomes a *sighting* (table `sightings`), reported with low confidence, with the nearest airport and
 * the ICE link that the registry and callsign rules give the aircraft (src/flights/). A single REST
 * response is a snapshot too: its positions are stored and the aircraft near an airport are sightings.
 */
import { readFile } from 'node:fs/promises';
import { UserError } from '../../domain/errors.ts';
import type { RowIssue } from '../../domain/provenance.ts';
import { iceLinkFindings, keptLink } from '../../flights/classify.ts';
import { airportIndex } from '../../reference/airports.ts';
import { registryForMatching } from '../../flights/registry-table.ts';
import { insertSightings, type SightingRow } from '../../flights/adsb-store.ts';
import { analyse } from '../../trajectory/analyse.ts';
import { PositionBuilder, F_GROUND, type PositionColumns } from '../../trajectory/columns.ts';
import { AdsbIngest } from '../common/adsb-ingest.ts';
import type { IngestContext, Source, SourceCounts } from '../types.ts';
import { csvColumns, isSnapshotCollection, isStatesDocument, readSnapshots, readStates, readStatesCsv, type RowProblem, type Snapshot } from './parse.ts';
import { maybeGunzip, readJsonDocument } from '../common/json-document.ts';

/** A sighting's airport: the nearest within 15 km (monitors poll a box of about 10 km around each field). */
export const SIGHTING_RADIUS_KM = 15;

function issue(file: string, p: RowProblem): RowIssue {
  return { file, row: p.row, column: p.column, value: p.value, problem: p.problem };
}

async function toSightings(context: IngestContext, snapshots: Snapshot[]): Promise<SightingRow[]> {
  const registry = await registryForMatching(context.store);
  const index = airportIndex();
  return snapshots.map((s) => {
    const date = new Date(s.timeS * 1000).toISOString().slice(0, 10);
    const near = index.nearest(s.latDeg, s.lonDeg, SIGHTING_RADIUS_KM);
    const findings = iceLinkFindings({
      legId: 0, departureDate: date, flightNumber: null, callsign: s.callsign, registration: null, icao24: s.icao24.replace(/^~/, ''),
      departureAirport: null, departureCountry: null, arrivalAirport: null, arrivalCountry: null, sourceKinds: ['sighting'], hasPassengers: false,
    }, { registry });
    const link = keptLink(findings);
    return {
      sourceRow: s.row, icao24: s.icao24, callsign: s.callsign, timeUtc: new Date(s.timeS * 1000).toISOString(),
      latDeg: s.latDeg, lonDeg: s.lonDeg, altFt: s.altFt, onGround: s.onGround, gsKt: s.gsKt,
      airport: near?.airport.icao ?? null, airportDistanceKm: near ? Math.round(near.distanceKm * 100) / 100 : null,
      airportHeightFt: near && s.altFt != null && near.airport.elevationFt != null ? Math.round(s.altFt - near.airport.elevationFt) : null,
      airportCandidates: near?.candidatesWithinKm ?? 0, reportedAirport: s.reportedAirport,
      iceLink: link.kind, iceLinkConfidence: link.confidence,
      iceLinkReason: findings.map((f) => `${f.kind} (${f.confidence}, rule ${f.rule}): ${f.reason}`).join('\n') || 'no rule links this aircraft to ICE Air: no ICE callsign and no registry airframe',
    };
  });
}

async function ingestSnapshots(doc: unknown[], context: IngestContext): Promise<SourceCounts> {
  const problems: RowIssue[] = [];
  const snapshots = readSnapshots(doc, (p) => problems.push(issue(context.file, p)));
  await context.quarantine(problems);
  const rows = await toSightings(context, snapshots);
  await insertSightings(context.store, context.sourceId, rows);
  const ice = rows.filter((r) => r.iceLinkConfidence === 'high' || r.iceLinkConfidence === 'medium');
  return {
    rowsRead: doc.length, rowsStored: rows.length, rowsQuarantined: problems.length,
    notes: [
      `snapshot collection: ${rows.length} sightings of ${new Set(rows.map((r) => r.icao24)).size} aircraft (a snapshot shows an aircraft near an airport at one instant, not a flight: low confidence)`,
      `${ice.length} sightings of ${new Set(ice.map((r) => r.icao24)).size} aircraft have a medium or high ICE link (registry and callsign rules): ${[...new Set(ice.map((r) => `${r.icao24}${r.callsign ? ` ${r.callsign}` : ''}`))].slice(0, 12).join(', ')}`,
    ],
  };
}

/** Positions of a REST snapshot near an airport (on the ground, or within 3,000 ft of a field within 15 km) as sightings. */
function statesAsSnapshots(c: PositionColumns): Snapshot[] {
  const out: Snapshot[] = [];
  const index = airportIndex();
  for (let i = 0; i < c.length; i++) {
    const near = index.nearest(c.latDeg[i], c.lonDeg[i], SIGHTING_RADIUS_KM);
    if (!near) continue;
    const ground = (c.flags[i] & F_GROUND) !== 0;
    const alt = c.altFt[i];
    if (!ground && !(alt === alt && alt - (near.airport.elevationFt ?? 0) <= 3000)) continue;
    const cs = c.callsign[i];
    out.push({
      row: c.row[i], timeS: c.timeS[i], icao24: c.aircraftHex[c.aircraft[i]], callsign: cs >= 0 ? c.callsigns[cs].toUpperCase() : null,
      latDeg: c.latDeg[i], lonDeg: c.lonDeg[i], altFt: alt === alt ? alt : null, gsKt: c.gsKt[i] === c.gsKt[i] ? c.gsKt[i] : null, onGround: ground, reportedAirport: null,
    });
  }
  return out;
}

async function ingestPositions(builder: PositionBuilder, problems: RowIssue[], context: IngestContext, snapshot: boolean): Promise<SourceCounts> {
  const ingest = await AdsbIngest.open(context);
  await ingest.quarantine(problems);
  const analysis = analyse(builder.finish());
  ingest.add(analysis);
  if (snapshot) {
    const rows = await toSightings(context, statesAsSnapshots(analysis.columns));
    await insertSightings(context.store, context.sourceId, rows);
    ingest.notes.push(`one REST snapshot: ${rows.length} aircraft near an airport stored as sightings (low confidence)`);
  }
  return ingest.finish();
}

export const openskyStates: Source = {
  kind: 'opensky-states',
  title: 'OpenSky state vectors: REST /states/all JSON, historical CSV, or snapshot collections of airport monitors (JSON records), plain or .gz',
  tables: ['positions', 'adsb_legs', 'flight_legs', 'sightings'],
  sniff(head) {
    const text = head.text?.trimStart() ?? '';
    const window = text.slice(0, 8192);
    if (text.startsWith('{') || text.startsWith('[')) {
      if (/"states"\s*:\s*\[/.test(window) && /"time"\s*:/.test(window)) return { confidence: 0.9, reason: 'JSON with "time" and a "states" array (OpenSky REST)' };
      if (window.includes('"icao24"') && (window.includes('"altitude_m"') || window.includes('"velocity_ms"') || window.includes('"on_ground"'))) {
        return { confidence: 0.85, reason: 'JSON records of OpenSky state vectors (icao24, on_ground, metric altitude/velocity)' };
      }
      return { confidence: 0 };
    }
    const header = head.lines[0]?.split(',') ?? [];
    return csvColumns(header) ? { confidence: 0.85, reason: 'CSV with OpenSky state-vector columns (icao24, lat/lon, velocity, time)' } : { confidence: 0 };
  },
  async ingest(head, context) {
    const text = head.text?.trimStart() ?? '';
    if (text.startsWith('{') || text.startsWith('[')) {
      let doc: unknown;
      // One REST response per line is also how people save polls.
      const raw = maybeGunzip(await readFile(head.path)).toString('utf8');
      const lines = raw.split('\n').filter((l) => l.trim() !== '');
      try {
        doc = lines.length > 1 && lines.every((l) => l.trimStart().startsWith('{"time"') || l.trimStart().startsWith('{"states"')) ? lines.map((l) => JSON.parse(l)) : JSON.parse(raw);
      } catch {
        doc = await readJsonDocument(head.path, context.file);
      }
      if (isSnapshotCollection(doc)) return ingestSnapshots(doc as unknown[], context);
      if (isStatesDocument(doc)) {
        const builder = new PositionBuilder();
        const problems: RowIssue[] = [];
        readStates(doc, builder, (p) => problems.push(issue(context.file, p)));
        const responses = Array.isArray(doc) ? doc.length : 1;
        return ingestPositions(builder, problems, context, responses === 1);
      }
      throw new UserError(`${context.file}: JSON that is neither an OpenSky REST response ("states") nor a snapshot collection; nothing was stored`);
    }
    const lines = maybeGunzip(await readFile(head.path)).toString('utf8').split(/\r?\n/);
    const builder = new PositionBuilder();
    const problems: RowIssue[] = [];
    readStatesCsv(lines, builder, (p) => problems.push(issue(context.file, p)));
    return ingestPositions(builder, problems, context, false);
  },
};
