/**
 * The demo's ADS-B file: a small SYNTHETIC day of readsb traces in adsb.lol's tar layout — ordinary
 * traffic between large airports plus three aircraft flying deportation legs to and from Guatemala
 * City (MGGT) under ICE callsigns (TYSON9x, GXA69xx). The demo ingests it through the readsb source,
 * so the legs are cut from positions and classified by the same registry and callsign rules as real
 * ones. Hexes are synthetic (3fxxxx) and registrations read SYNTH-…: no real airframe is implied.
 */
import { demoDeportationAircraft, writeSyntheticReadsbDay } from './adsb.ts';
import type { DemoFile } from './demo-file.ts';

export const ADSB_DEMO_DATE = '2025-06-02';

export const ADSB_DEMO_FILES: DemoFile[] = [
  {
    name: 'synthetic-adsb-readsb-day-2025-06-02.tar',
    description: 'readsb trace_full day in adsb.lol\'s tar layout: 120 aircraft (~1,200 points each) and 3 with ICE callsigns flying to and from Guatemala City',
    write: async (path) => {
      await writeSyntheticReadsbDay(path, { aircraft: 120, pointsPerAircraft: 1200, seed: 602, date: ADSB_DEMO_DATE, extra: demoDeportationAircraft(ADSB_DEMO_DATE), threads: 1 });
    },
  },
];
