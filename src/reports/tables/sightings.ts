/**
 * Sightings: an aircraft seen near an airport in a snapshot (an airport monitor polling OpenSky every
 * 30 minutes, one REST response). Not flights: a snapshot shows neither a take-off nor a landing, so
 * every sighting is reported with low confidence. Rules: docs/trajectory.md.
 */
import type { ReportTable } from '../types.ts';

export const sightingsReport: ReportTable = {
  name: 'sightings',
  view: 'sightings_enriched',
  unit: 'sightings (one aircraft in one snapshot near an airport; not a flight, low confidence)',
  defaultBy: ['airport', 'ice_link_confidence'],
  rowKey: ['source_id', 'source_row'],
  dimensions: {
    date: { definition: 'UTC date of the snapshot' },
    month: { definition: 'UTC month of the snapshot, YYYY-MM' },
    airport: { column: 'airport_or_none', definition: 'ICAO code of the nearest airport within 15 km of the position (src/reference/airports.ts); none when no airport is that close' },
    reported_airport: { definition: 'the airport the monitor that took the snapshot filed it under, as written in the file (e.g. AZA)' },
    icao24: { definition: 'Mode S address (hex) of the aircraft' },
    callsign: { definition: 'callsign in the snapshot (blank when OpenSky had none; monitors that wrote "Unknown" are read as blank)' },
    on_ground: { definition: 'true when OpenSky reported the aircraft on the ground' },
    ice_link: { definition: 'the strongest rule linking the aircraft to ICE Air on that day: callsign, registry or none (the rules of docs/flights.md, applied to the hex and callsign alone)' },
    ice_link_confidence: { definition: 'high, medium, low or none, from the same rules; a sighting itself stays low confidence' },
    ice_aircraft: { definition: 'true when the ICE link is medium or high' },
    source: { definition: 'file the sighting was ingested from' },
  },
  caveats: () => [
    'A sighting is one snapshot: it shows an aircraft near an airport at one instant, not a take-off, a landing or a flight. Monitors polling every 30 minutes miss most movements; do not count flights from sightings.',
    'Airport monitors\' own flags (is_charter_operator, operator_name) are not used: one such monitor mapped Southwest (SWA) to an ICE contractor. ICE links come from the dated registry and callsign rules only.',
  ],
};
