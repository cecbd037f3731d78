/**
 * The segmentation rules on hand-built tracks: each test builds one situation the real recordings
 * have (rules.ts, docs/trajectory.md) and checks the legs the engine cuts.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { analyse } from '../src/trajectory/analyse.ts';
import { Q_BAD_ALTITUDE, Q_BAD_POSITION, Q_DUPLICATE } from '../src/trajectory/columns.ts';
import { columns, cruise, ground, KAEX, KHRL, MGGT, type P } from './helpers/tracks.ts';

/**
 * A whole flight, physically plausible: taxi (6 ground points), climb at 3,520 ft/min over the first 4 %
 * of the route, cruise at FL350, descent over the last 4 %, landing roll and taxi. 192 points, 7,520 s.
 */
function flight(t0: number, from: [number, number], to: [number, number], callsign = 'TYSON91', fromElev = 89, toElev = 4952): P[] {
  const at = (f: number): [number, number] => [from[0] + (to[0] - from[0]) * f, from[1] + (to[1] - from[1]) * f];
  return [
    ...ground(t0, 6, 30, from, { callsign }),
    ...cruise(t0 + 200, 40, 15, from, at(0.04), 0, 250).map((p, k) => ({ ...p, alt: fromElev + 300 + k * 880 })),
    ...cruise(t0 + 800, 100, 60, at(0.045), at(0.955), 35000),
    ...cruise(t0 + 6800, 40, 15, at(0.96), to, 0, 250).map((p, k) => ({ ...p, alt: toElev + 300 + (39 - k) * 880 })),
    ...ground(t0 + 7400, 6, 20, to),
  ];
}

test('a whole flight is one leg from the ground at AEX to the ground at MGGT', () => {
  const a = analyse(columns(flight(0, KAEX, MGGT)));
  assert.equal(a.legs.length, 1);
  const [leg] = a.legs;
  // Take-off and landing are seen (ground points on both sides), so both airports come from ground points.
  assert.equal(leg.startReason, 'takeoff');
  assert.equal(leg.endReason, 'landing');
  assert.equal(leg.departure.icao, 'KAEX');
  assert.equal(leg.departure.basis, 'ground');
  assert.equal(leg.arrival.icao, 'MGGT');
  assert.deepEqual(leg.callsigns, ['TYSON91'], 'the callsign heard on the ground before take-off names the leg');
  // 6 + 40 + 100 + 40 + 6 points: the 12 ground points are not in the leg.
  assert.equal(leg.points, 180);
});

test('ground points alone (an aircraft parked all day) make no leg', () => {
  const a = analyse(columns(ground(0, 50, 60, KAEX)));
  assert.equal(a.legs.length, 0);
});

test('a touch-and-go reported on the ground is a landing and a take-off at the same airport', () => {
  // AEX → HRL, touch (three ground points at 100 kt) and go, then climbing away north-east.
  const out = flight(0, KAEX, KHRL, 'TYSON91', 89, 36).slice(0, -6);
  const touch: P[] = [0, 1, 2].map((k) => ({ t: 7410 + k * 4, lat: KHRL[0] + k * 0.002, lon: KHRL[1], alt: 'ground', gs: 100 }));
  const back = cruise(7430, 30, 20, [KHRL[0] + 0.01, KHRL[1]], [KHRL[0] + 0.5, KHRL[1] + 0.3], 0, 180).map((p, k) => ({ ...p, alt: 400 + k * 500 }));
  const a = analyse(columns([...out, ...touch, ...back]));
  assert.equal(a.legs.length, 2);
  assert.equal(a.legs[0].arrival.icao, 'KHRL');
  assert.equal(a.legs[0].endReason, 'landing');
  assert.equal(a.legs[1].departure.icao, 'KHRL');
  assert.equal(a.legs[1].startReason, 'takeoff');
});

test('a touch-and-go seen only in the altitude (no ground report) splits the leg at the airport', () => {
  // traffic-style records without on-ground flags: down to the field elevation of HRL (36 ft) and up again.
  const approach = cruise(0, 30, 20, [KHRL[0] - 0.5, KHRL[1] - 0.3], KHRL, 0, 150).map((p, k) => ({ ...p, alt: 36 + (29 - k) * 200 }));
  const away = cruise(600, 30, 20, [KHRL[0] + 0.01, KHRL[1]], [KHRL[0] + 0.5, KHRL[1] + 0.3], 0, 150).map((p, k) => ({ ...p, alt: 150 + k * 200 }));
  const noFlags = [...approach, ...away].map((p) => ({ ...p }));
  const c = columns(noFlags);
  c.flags.fill(0);
  const a = analyse(c);
  assert.equal(a.legs.length, 2);
  assert.equal(a.legs[0].arrival.icao, 'KHRL');
  assert.equal(a.legs[0].endReason, 'touch-and-go');
  assert.equal(a.legs[1].departure.icao, 'KHRL');
});

test('one isolated ground report in flight is noise, not a landing (debounce of 2 points)', () => {
  const pts = cruise(0, 40, 30, [30, -92], [29, -93], 9000, 180);
  pts[20] = { ...pts[20], alt: 'ground' };
  const a = analyse(columns(pts));
  assert.equal(a.legs.length, 1);
  assert.equal(a.legs[0].quality.phaseNoise, 1);
});

test('a ground report at 420 kt is not believed (a squat-switch fault), the point has no phase', () => {
  const pts = cruise(0, 40, 30, [30, -92], [28, -93], 35000, 420);
  pts[20] = { ...pts[20], alt: 'ground' };
  pts[21] = { ...pts[21], alt: 'ground' };
  const a = analyse(columns(pts));
  assert.equal(a.legs.length, 1, 'two ground reports at cruise speed do not make a landing');
});

test('gap rules: 6 min below 10,000 ft ends a leg; 2 h at FL350 does not; 11 h does (private-jets study)', () => {
  const low = [...cruise(0, 20, 10, [30, -92], [30.1, -92], 6000, 250), ...cruise(200 + 360, 20, 10, [30.2, -92], [30.3, -92], 6000, 250)];
  assert.equal(analyse(columns(low)).legs.length, 2, 'a 6-minute gap at 6,000 ft: the aircraft may have landed unseen');
  // 2 h over the ocean at FL350, reappearing 1,600 km further on (≈ 430 kt): the same flight.
  const ocean = [...cruise(0, 20, 30, [40, -60], [40, -57], 35000), ...cruise(570 + 7200, 20, 30, [40, -38], [40, -35], 35000)];
  const o = analyse(columns(ocean));
  assert.equal(o.legs.length, 1);
  assert.equal(o.legs[0].quality.gaps, 1);
  const long = [...cruise(0, 20, 30, [40, -60], [40, -57], 35000), ...cruise(570 + 11 * 3600, 20, 30, [40, -57], [40, -54], 35000)];
  assert.equal(analyse(columns(long)).legs.length, 2, 'more than 10 h apart even at altitude');
});

test('at altitude, a long gap with the aircraft found where it was is a stop (mean speed under 100 kt)', () => {
  // 3 h gap at FL350, reappearing 50 km away: it cannot have cruised, it landed and came back up.
  const pts = [...cruise(0, 20, 30, [40, -100], [40, -99], 35000), ...cruise(570 + 3 * 3600, 20, 30, [40, -98.6], [40, -98], 35000)];
  const a = analyse(columns(pts));
  assert.equal(a.legs.length, 2);
  assert.equal(a.legs[0].endReason, 'stopped');
});

test('without altitudes, traffic\'s 10-minute gap applies', () => {
  const pts = [...cruise(0, 10, 30, [30, -92], [30.2, -92], 0, 300), ...cruise(270 + 660, 10, 30, [30.5, -92], [30.7, -92], 0, 300)].map((p) => ({ ...p, alt: null }));
  assert.equal(analyse(columns(pts)).legs.length, 2);
});

test('readsb\'s new-leg flag (bit value 2) starts a new leg', () => {
  const pts = cruise(0, 40, 20, [30, -92], [31, -93], 20000);
  pts[20] = { ...pts[20], newLeg: true };
  const a = analyse(columns(pts));
  assert.equal(a.legs.length, 2);
  assert.equal(a.legs[1].startReason, 'new-leg-flag');
});

test('an altitude spike, a position jump and a duplicate are flagged and change nothing', () => {
  const pts = cruise(0, 40, 20, [30, -92], [31, -93], 20000);
  const spiked = [...pts.slice(0, 10), { ...pts[10], t: pts[10].t + 1, alt: 45000 }, ...pts.slice(10, 20), { ...pts[20], t: pts[20].t + 1, lat: 50, lon: 10 },
    ...pts.slice(20, 30), pts[29], ...pts.slice(30)];
  const a = analyse(columns(spiked));
  assert.equal(a.legs.length, 1);
  // The spike's position is good (only its altitude is rejected): 40 real points + the spike's = 41.
  assert.equal(a.legs[0].points, 41, 'the jump and the duplicate are left out');
  assert.equal(a.legs[0].maxAltFt, 20000, 'the 45,000 ft spike is not the maximum altitude');
  const count = (bit: number) => Array.from(a.quality).filter((q) => q & bit).length;
  assert.equal(count(Q_BAD_ALTITUDE), 1);
  assert.equal(count(Q_BAD_POSITION), 1);
  assert.equal(count(Q_DUPLICATE), 1);
});

test('38,000 ft reported while taxiing (the noisy_ground pattern) makes no flight', () => {
  // On the ground at Zurich (1,550 ft, 8 kt), then 50 s of "airborne" 38,000 ft with no speed.
  const taxi: P[] = ground(0, 100, 1, [47.455, 8.5588]).map((p) => ({ ...p, alt: 1550, gs: 8 }));
  for (let k = 40; k < 90; k++) taxi[k] = { ...taxi[k], alt: 38000, gs: undefined };
  const a = analyse(columns(taxi));
  assert.equal(a.legs.length, 0);
});

test('points out of time order are sorted and counted; the legs are those of the ordered track', () => {
  const pts = flight(0, KAEX, MGGT);
  const shuffled = [...pts];
  for (let k = 10; k < shuffled.length - 1; k += 7) [shuffled[k], shuffled[k + 1]] = [shuffled[k + 1], shuffled[k]];
  const a = analyse(columns(shuffled));
  assert.equal(a.legs.length, 1);
  assert.ok(a.reordered > 0);
  assert.equal(a.legs[0].departure.icao, 'KAEX');
});

test('a callsign change in flight keeps one leg and lists both callsigns in order', () => {
  const pts = cruise(0, 40, 20, [30, -92], [31, -93], 20000).map((p, k) => ({ ...p, callsign: k < 20 ? 'GXA6901' : 'TYSON92' }));
  const a = analyse(columns(pts));
  assert.equal(a.legs.length, 1);
  assert.deepEqual(a.legs[0].callsigns, ['GXA6901', 'TYSON92']);
});

test('two aircraft interleaved in one file are separated before segmentation', () => {
  const one = flight(0, KAEX, MGGT).map((p) => ({ ...p, hex: 'aaaaaa' }));
  const two = flight(30, KHRL, MGGT, 'TYSON92', 36).map((p) => ({ ...p, hex: 'bbbbbb' }));
  const mixed = one.flatMap((p, k) => (two[k] ? [p, two[k]] : [p]));
  const a = analyse(columns(mixed));
  assert.deepEqual(a.legs.map((l) => `${l.icao24} ${l.departure.icao}-${l.arrival.icao}`).sort(), ['aaaaaa KAEX-MGGT', 'bbbbbb KHRL-MGGT']);
});

test('a leg that starts at cruise altitude far from any airport has an unknown departure, never a guess', () => {
  const a = analyse(columns([...cruise(0, 30, 30, [16.78, -88.04], [20, -89], 32000), ...ground(900, 5, 20, MGGT)]));
  assert.equal(a.legs[0].departure.icao, null);
  assert.equal(a.legs[0].departure.basis, 'none');
  assert.match(a.legs[0].departure.note, /32,000 ft/);
});
