/**
 * The Beast reader and its Mode S decoder: hand-decoded frames, malformed bytes counted, and the real
 * capture (../shared/data/adsb/live/beast-capture-2018-04-03.bin) decoded to the same messages as the
 * SBS decode of the same minute made by beastblackbox (dump1090's decoder) — `…sbs` beside it.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { BeastReader, readBeastFile } from '../src/feeds/beast.ts';
import { ModeSDecoder } from '../src/feeds/modes/decoder.ts';
import { parseSbsLine } from '../src/feeds/sbs.ts';
import type { PositionUpdate } from '../src/feeds/types.ts';
import { sharedData } from './helpers/shared-data.ts';

/** Wraps a Mode S frame (hex) in a Beast '3'/'2' frame, doubling any 0x1a as the protocol requires. */
function beastFrame(hex: string, ticks = 0, signal = 0x80): Buffer {
  const frame = Buffer.from(hex, 'hex');
  const ts = Buffer.alloc(6);
  ts.writeUIntBE(ticks, 0, 6);
  const body = Buffer.concat([ts, Buffer.from([signal]), frame]);
  const escaped: number[] = [];
  for (const b of body) { escaped.push(b); if (b === 0x1a) escaped.push(0x1a); }
  return Buffer.from([0x1a, frame.length === 14 ? 0x33 : 0x32, ...escaped]);
}

function decodeAll(frames: Buffer[]): { updates: PositionUpdate[]; reader: BeastReader } {
  const updates: PositionUpdate[] = [];
  const reader = new BeastReader((u) => updates.push(u), { startTimeS: 1_000_000 });
  reader.push(Buffer.concat(frames));
  reader.end();
  return { updates, reader };
}

test('hand-decoded velocity frame (the example in beastblackbox\'s README, aircraft 400159)', () => {
  // 8f 400159 | ME 99 09 ba 0e 38 04 c5 | parity ad7195. TC = 0x99 >> 3 = 19, subtype 0x99 & 7 = 1.
  // East-west: direction bit 0 (east), raw (0x09 & 3) << 8 | 0xba = 442 → 441 kt east.
  // North-south: byte 0x0e: direction bit 0 (north), raw (0x0e & 0x7f) << 3 | 0x38 >> 5 = 113 → 112 kt north.
  // Ground speed √(441² + 112²) = √207025 = 455 kt exactly; track atan2(441, 112) = 75.75°.
  // Vertical rate raw (0x38 & 7) << 6 | 0x04 >> 2 = 1 → (1 − 1) × 64 = 0 ft/min.
  const { updates, reader } = decodeAll([beastFrame('8f4001599909ba0e3804c5ad7195')]);
  assert.deepEqual(reader.errors.toJSON(), {});
  assert.equal(updates.length, 1);
  const u = updates[0]!;
  assert.equal(u.icao24, '400159');
  assert.equal(u.groundspeedKt, 455);
  assert.ok(Math.abs(u.trackDeg! - 75.7499) < 1e-3, String(u.trackDeg));
  assert.equal(u.verticalRateFpm, 0);
});

test('identification and CPR: the published worked examples decode to their published answers', () => {
  // "The 1090 Megahertz Riddle" (J. Sun), identification example: 8D4840D6202CC371C32CE0576098 = KLM1023.
  // Its position example: even 8D40621D58C382D690C8AC2863A7 and odd 8D40621D58C386435CC412692AD6,
  // the even one received last → 52.25720° N, 3.91937° E at 38,000 ft.
  const d = new ModeSDecoder();
  const out: PositionUpdate[] = [];
  const feed = (hex: string, t: number): void => d.decode(Buffer.from(hex, 'hex'), 0, 14, t, t, (u) => out.push(u));
  feed('8D4840D6202CC371C32CE0576098', 0);
  feed('8D40621D58C386435CC412692AD6', 1);
  feed('8D40621D58C382D690C8AC2863A7', 2);
  assert.equal(out[0]!.callsign, 'KLM1023');
  assert.equal(out[1]!.latDeg, undefined, 'one half of a pair gives no position');
  assert.equal(out[1]!.altitudeFt, 38000);
  assert.equal(out[2]!.latDeg!.toFixed(5), '52.25720');
  assert.equal(out[2]!.lonDeg!.toFixed(5), '3.91937');
  // A later odd message alone decodes locally against that fix; the same pair more than 10 s apart
  // must not be paired globally (DO-260B: 10 s), so a fresh decoder waits for a new pair.
  const d2 = new ModeSDecoder();
  const out2: PositionUpdate[] = [];
  d2.decode(Buffer.from('8D40621D58C386435CC412692AD6', 'hex'), 0, 14, 0, 0, (u) => out2.push(u));
  d2.decode(Buffer.from('8D40621D58C382D690C8AC2863A7', 'hex'), 0, 14, 11, 11, (u) => out2.push(u));
  assert.equal(out2.filter((u) => u.latDeg !== undefined).length, 0);
});

test('aircraft not heard for 10 minutes are forgotten, so a months-long feed keeps a bounded state', () => {
  const d = new ModeSDecoder();
  d.decode(Buffer.from('8D4840D6202CC371C32CE0576098', 'hex'), 0, 14, 0, 0, () => {});
  d.decode(Buffer.from('8D40621D58C382D690C8AC2863A7', 'hex'), 0, 14, 300, 300, () => {});
  assert.equal(d.tracked, 2);
  d.decode(Buffer.from('8D40621D58C382D690C8AC2863A7', 'hex'), 0, 14, 700, 700, () => {});
  assert.equal(d.tracked, 1, '4840d6, last heard at 0 s, is forgotten at 700 s; 40621d is kept');
});

test('malformed Beast input is counted by kind, never thrown, and the good frames around it decode', () => {
  const good = beastFrame('8f4001599909ba0e3804c5ad7195');
  const badCrc = beastFrame('8f4001599909ba0e3804c5ad7196'); // last parity bit flipped
  const truncated = good.subarray(0, 12); // a frame cut before its end, then a new frame starts
  const status = Buffer.from([0x1a, 0x34, 1, 2, 3, 4, 5, 6, 7, 8]);
  const unknown = Buffer.from([0x1a, 0x39, 0, 0, 0]);
  const garbage = Buffer.from('hello');
  const { updates, reader } = decodeAll([garbage, good, badCrc, truncated, good, status, unknown, good, good.subarray(0, 5)]);
  assert.equal(updates.length, 3, 'the three intact frames');
  assert.deepEqual(reader.errors.toJSON(), {
    'beast-out-of-frame-bytes': 1,
    'beast-status-frame': 1,
    'beast-truncated-at-end': 1,
    'beast-truncated-frame': 1,
    'beast-unknown-type': 1,
    'crc-mismatch': 1,
  });
});

test('a frame split across chunks at every byte position decodes once', () => {
  const frame = beastFrame('8f4001599909ba0e3804c5ad7195', 0x1a1a1a1a1a1a); // timestamp full of escapes
  for (let cut = 1; cut < frame.length; cut++) {
    const updates: PositionUpdate[] = [];
    const reader = new BeastReader((u) => updates.push(u));
    reader.push(frame.subarray(0, cut));
    reader.push(frame.subarray(cut));
    reader.end();
    assert.equal(updates.length, 1, `cut at ${cut}`);
    assert.equal(reader.errors.total(), 0, `cut at ${cut}`);
  }
});

const BIN = 'adsb/live/beast-capture-2018-04-03.bin';
const SBS = 'adsb/live/beast-capture-2018-04-03.sbs';
// The capture's original name in denzen84/beastblackbox is ulss7-beast-bin-utc--1522782148.136310917--.log:
// it started at 1522782148.136310917 s (2018-04-03 19:02:28.136 UTC), the first time in the SBS decode.
const START_S = 1522782148.136310917;

test('real capture: every frame is read and nothing is malformed', (t) => {
  const bin = sharedData(t, BIN);
  const sbs = sharedData(t, SBS);
  if (!bin || !sbs) return;
  const { updates, reader } = readBeastFile(bin, { startTimeS: START_S });
  // beastblackbox's own summary line at the end of the SBS decode: "Total processed 13954 messages".
  const total = /Total processed (\d+) messages/.exec(readFileSync(sbs, 'utf8'))![1];
  assert.equal(reader.frames, Number(total));
  assert.deepEqual(reader.errors.toJSON(), {});
  // 5,026 Mode A/C replies carry no address; 6 address/parity replies name no aircraft heard before —
  // the "6 messages that might be valid" of beastblackbox's warning line.
  assert.equal(reader.ignored.get('mode-ac'), 5026);
  assert.equal(reader.ignored.get('df0-unknown-address') + reader.ignored.get('df20-unknown-address'), 6);
  assert.equal(new Set(updates.map((u) => u.icao24)).size, 11, '11 addresses in the SBS decode');
});

test('Beast vs SBS: positions, callsigns, altitudes, velocities and squawks agree message by message', (t) => {
  const bin = sharedData(t, BIN);
  const sbsPath = sharedData(t, SBS);
  if (!bin || !sbsPath) return;
  const { updates } = readBeastFile(bin, { startTimeS: START_S });
  // MSG,8 (DF11 all-call) carries only the address; the reader emits no update for it.
  const lines = readFileSync(sbsPath, 'utf8').split('\n').filter((l) => l.startsWith('MSG,') && !l.startsWith('MSG,8,'));
  assert.equal(lines.length, 4644);
  assert.equal(updates.length, lines.length, 'one update per SBS message of types 1–7');
  let positions = 0;
  let callsigns = 0;
  let altitudes = 0;
  let velocities = 0;
  for (let i = 0; i < lines.length; i++) {
    const s = parseSbsLine(lines[i]!, 0) as PositionUpdate;
    const b = updates[i]!;
    const where = `SBS message ${i}: ${lines[i]}`;
    assert.equal(b.icao24, s.icao24, where);
    // beastblackbox truncates the time to whole milliseconds.
    const dt = b.messageTime - s.messageTime;
    assert.ok(dt > -1e-6 && dt < 0.001 + 1e-6, `${where}: Δt ${dt}`);
    assert.equal(b.callsign, s.callsign, where);
    assert.equal(b.altitudeFt, s.altitudeFt, where);
    assert.equal(b.squawk, s.squawk, where);
    assert.equal(b.verticalRateFpm, s.verticalRateFpm, where);
    assert.equal(b.latDeg === undefined, s.latDeg === undefined, where);
    if (s.latDeg !== undefined) {
      // SBS writes positions with 5 decimals ("%1.5f"): half a unit of the last digit.
      assert.ok(Math.abs(b.latDeg! - s.latDeg) <= 5e-6 + 1e-9 && Math.abs(b.lonDeg! - s.lonDeg!) <= 5e-6 + 1e-9, where);
      positions++;
    }
    if (s.groundspeedKt !== undefined) {
      // dump1090 (mutability, which beastblackbox builds on) writes whole numbers:
      // speed = (unsigned) sqrt(ns² + ew² + 0.5); heading = (int)(atan2(ew, ns) · 180/π + 0.5), +360 if negative.
      const theta = b.trackDeg! > 180 ? b.trackDeg! - 360 : b.trackDeg!;
      const heading = Math.trunc(theta + 0.5);
      assert.equal(Math.trunc(Math.sqrt(b.groundspeedKt! ** 2 + 0.5)), s.groundspeedKt, where);
      assert.equal((heading + 360) % 360, s.trackDeg, where);
      velocities++;
    }
    if (s.callsign) callsigns++;
    if (s.altitudeFt !== undefined) altitudes++;
  }
  // The counts compared, found with awk on the .sbs file (types 1–7): 1,456 lines with a position,
  // 1,492 velocities, 196 callsigns (146 MSG,1 plus Comm-B identifications), 2,584 altitudes.
  assert.equal(positions, 1456);
  assert.equal(velocities, 1492);
  assert.equal(callsigns, 196);
  assert.equal(altitudes, 2584);
  t.diagnostic(`compared ${lines.length} messages: ${positions} positions, ${callsigns} callsigns, ${altitudes} altitudes, ${velocities} velocities`);
});
