/**
 * OpenSky inputs: the ICE-hub snapshot collection (../shared/data/adsb/opensky-snapshots, 1,114
 * snapshots taken every 30 min near AZA, AEX, SAT, BRO, ELP, HRL, MFE and TUS in May 2026) becomes
 * sightings whose ICE link comes from the registry and callsign rules — not from the monitor's own
 * flags, which marked every Southwest (SWA) airliner as an ICE contractor. Plus a REST response.
 */
import { scratchDirSync } from './helpers/store.ts';
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ingestFile } from '../src/ingest/ingest.ts';
import { Store } from '../src/engine/db.ts';
import { sharedData } from './helpers/shared-data.ts';
import { openProject } from '../src/app/project.ts';

test('ice-hubs snapshots: the real ICE charters are recognised, Southwest and other airliners are not', async (t) => {
  const path = sharedData(t, 'adsb/opensky-snapshots/ice-hubs-2026-05.json');
  if (!path) return;
  const raw = JSON.parse(readFileSync(path, 'utf8')) as { icao24: string; callsign: string | null; is_charter_operator: boolean }[];
  // Counted in the file itself: 81 SWA snapshots, every one flagged is_charter_operator by the monitor.
  const swaInFile = raw.filter((r) => (r.callsign ?? '').startsWith('SWA'));
  assert.equal(swaInFile.length, 81);
  assert.ok(swaInFile.every((r) => r.is_charter_operator));

  const store = await openProject(':memory:');
  try {
    const s = await ingestFile(store, path);
    assert.equal(s.kind, 'opensky-states');
    assert.equal(s.rowsStored, 1114);
    assert.equal(Number(await store.scalar('SELECT count(*) FROM sightings')), 1114);
    assert.equal(Number(await store.scalar("SELECT count(*) FROM sightings WHERE confidence <> 'low'")), 0, 'a snapshot is never more than a low-confidence sighting');
    const link = async (hex: string) => store.all<{ callsign: string; ice_link: string; ice_link_confidence: string }>(
      'SELECT callsign, ice_link, ice_link_confidence FROM sightings WHERE icao24 = $1', [hex]);
    // TYSON54 = acb2ba N917XA and TYSON46 = a82727: the TYSON callsign rule (high); GXA6211 = a2f016 and
    // GXA6121 = a2f9dd: GlobalX's ICE series GXA6xxx (medium) and the registry airframes N289GX/N291GX.
    for (const [hex, confidence] of [['acb2ba', 'high'], ['a82727', 'high'], ['a2f016', 'medium'], ['a2f9dd', 'medium']] as const) {
      const rows = await link(hex);
      assert.ok(rows.length > 0, hex);
      assert.ok(rows.every((r) => r.ice_link_confidence === confidence), `${hex}: ${JSON.stringify(rows)}`);
    }
    const registry = await store.scalar<string>("SELECT ice_link_reason FROM sightings WHERE icao24 = 'a2f016'");
    assert.match(registry, /registry/, 'the registry finding is listed beside the callsign rule');
    const swa = await store.all<{ n: number; flagged: number }>(
      "SELECT count(*) AS n, count(*) FILTER (WHERE ice_link_confidence IN ('high', 'medium', 'low')) AS flagged FROM sightings WHERE callsign LIKE 'SWA%'");
    assert.equal(Number(swa[0].n), 81);
    assert.equal(Number(swa[0].flagged), 0, 'no Southwest sighting is linked to ICE at any confidence');
    // The airport is ours (nearest within 15 km), beside the monitor's own code.
    const aza = await store.one<{ airport: string; reported_airport: string }>("SELECT airport, reported_airport FROM sightings WHERE icao24 = 'a2f016'");
    assert.deepEqual(aza, { airport: 'KIWA', reported_airport: 'AZA' });
  } finally {
    store.close();
  }
});

test('an OpenSky REST response: metres and m/s become feet and knots; a state without position is quarantined', async () => {
  const dir = scratchDirSync('dw-opensky-');
  const file = join(dir, 'states.json');
  // Two aircraft: one on the ground at Alexandria (AEX), one with no position (OpenSky sends nulls).
  writeFileSync(file, JSON.stringify({
    time: 1747000000,
    states: [
      ['a2f016', 'GXA6211 ', 'United States', 1747000000, 1747000001, -92.5486, 31.3274, 30.48, true, 5.144, 90, 0, null, 35, '1200', false, 0],
      ['abcdef', 'SWA123  ', 'United States', null, 1747000001, null, null, 10668, false, 231.5, 90, 0, null, 10900, '2000', false, 0],
    ],
  }));
  const store = await openProject(':memory:');
  try {
    const s = await ingestFile(store, file);
    assert.equal(s.kind, 'opensky-states');
    assert.deepEqual([s.rowsRead, s.rowsStored, s.rowsQuarantined], [2, 1, 1]);
    const p = await store.one<{ alt_ft: number; gs_kt: number; on_ground: boolean }>('SELECT alt_ft, gs_kt, on_ground FROM positions_enriched');
    // 30.48 m = 100 ft; 5.144 m/s = 10.0 kt.
    assert.deepEqual({ alt: p!.alt_ft, gs: p!.gs_kt, ground: p!.on_ground }, { alt: 100, gs: 10, ground: true });
    const sighting = await store.one<{ airport: string; ice_link_confidence: string }>('SELECT airport, ice_link_confidence FROM sightings');
    assert.deepEqual(sighting, { airport: 'KAEX', ice_link_confidence: 'medium' });
  } finally {
    store.close();
  }
});
