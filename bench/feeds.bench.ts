/**
 * Live-feed decoding on one core: the real Beast capture and its SBS decode, looped in memory and fed
 * in 64 KB chunks as a socket would deliver them, and aircraft.json documents built from the readsb
 * hour. Target (the live-feed issue): at least 1,000,000 messages/s for Beast and SBS.
 * Figures in docs/performance.md, "Live feeds".
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ErrorCounts } from '../src/feeds/types.ts';
import { parseAircraftJson } from '../src/feeds/aircraft-json.ts';
import { BeastReader } from '../src/feeds/beast.ts';
import { loadRecording, type Snapshot } from '../src/feeds/recordings.ts';
import { SbsReader } from '../src/feeds/sbs.ts';
import type { BenchResult, BenchSuite } from './types.ts';

const LIVE = resolve(import.meta.dirname, '..', '..', 'shared', 'data', 'adsb', 'live');
const CHUNK = 65536;

/** Runs `work` `rounds` times and returns the best rate in messages per CPU second (least disturbed by other load). */
function bestRate(work: () => number, rounds: number): { rate: number; count: number } {
  let best = 0;
  let count = 0;
  for (let r = 0; r < rounds; r++) {
    const start = process.cpuUsage();
    count = work();
    const used = process.cpuUsage(start);
    best = Math.max(best, count / ((used.user + used.system) / 1e6));
  }
  return { rate: best, count };
}

function beast(full: boolean): BenchResult[] {
  const one = readFileSync(resolve(LIVE, 'beast-capture-2018-04-03.bin'));
  const loops = full ? 300 : 100;
  const data = Buffer.concat(Array.from({ length: loops }, () => one));
  let updates = 0;
  const { rate, count } = bestRate(() => {
    const reader = new BeastReader(() => { updates++; });
    for (let i = 0; i < data.length; i += CHUNK) reader.push(data.subarray(i, i + CHUNK));
    reader.end();
    return reader.frames;
  }, 3);
  return [{ name: `Beast frames decoded (${count.toLocaleString('en-US')} frames, capture ×${loops})`, value: Math.round(rate), unit: 'msg/s (CPU)', target: '>= 1000000 msg/s', met: rate >= 1_000_000, note: `${Math.round(updates / 3).toLocaleString('en-US')} updates per round` }];
}

function sbs(full: boolean): BenchResult[] {
  const one = readFileSync(resolve(LIVE, 'beast-capture-2018-04-03.sbs'), 'utf8');
  const loops = full ? 300 : 120;
  const data = one.repeat(loops);
  const { rate, count } = bestRate(() => {
    const reader = new SbsReader(() => {}, () => 0);
    for (let i = 0; i < data.length; i += CHUNK) reader.push(data.slice(i, i + CHUNK));
    reader.end();
    return reader.lines;
  }, 3);
  return [{ name: `SBS lines decoded (${count.toLocaleString('en-US')} lines, decode ×${loops})`, value: Math.round(rate), unit: 'msg/s (CPU)', target: '>= 1000000 msg/s', met: rate >= 1_000_000 }];
}

function aircraftJson(): BenchResult[] {
  const rec = loadRecording(resolve(LIVE, 'adsblol-stream-2025-06-01-tile36-122.jsonl.gz'), 'aircraft.json') as { snapshots: Snapshot[] };
  // The day's 44,120 positions as aircraft.json documents of 200 aircraft each (a busy receiver's size).
  const entries = rec.snapshots.flatMap((s) => s.aircraft.map((a) => ({ ...a, seen: 0 })));
  const docs: string[] = [];
  for (let i = 0; i < entries.length; i += 200) docs.push(JSON.stringify({ now: 1748719389 + i, messages: i, aircraft: entries.slice(i, i + 200) }));
  const errors = new ErrorCounts();
  const loops = 5;
  const { rate, count } = bestRate(() => {
    let n = 0;
    for (let l = 0; l < loops; l++) for (const d of docs) parseAircraftJson(JSON.parse(d), 0, errors, () => { n++; });
    return n;
  }, 3);
  const docsPerS = (rate / count) * docs.length * loops;
  return [{ name: `aircraft.json entries parsed (${count.toLocaleString('en-US')} entries, JSON.parse included)`, value: Math.round(rate), unit: 'entries/s', note: `${Math.round(docsPerS).toLocaleString('en-US')} documents/s of 200 aircraft` }];
}

export const feedsSuite: BenchSuite = {
  name: 'feeds',
  async run({ full }) {
    if (!existsSync(LIVE)) return [{ name: 'feeds: ../shared/data/adsb/live is absent, nothing measured', value: 0, unit: '' }];
    return [...beast(full), ...sbs(full), ...aircraftJson()];
  },
};
