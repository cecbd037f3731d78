/**
 * SYNTHETIC ADS-B: a day of readsb `trace_full_<hex>.json` files in adsb.lol's real layout — a tar of
 * gzip-compressed members `traces/<last two hex digits>/trace_full_<hex>.json`, each
 * `{icao, r, t, desc, ownOp, year, timestamp, trace: [[dt, lat, lon, alt|"ground", gs, track, flags,
 * vrate, details|null, "adsb_icao", geom_alt, geom_rate, ias, roll], …]}` — for the demo, the tests and
 * the benchmark (adsb.lol scale: 50,000 aircraft, 300 million points). Every aircraft flies a day of
 * legs between real airports: taxi on the ground ("ground" altitudes, new-leg flag on the first point),
 * climb, cruise, descent, landing roll; with the imperfections of real recordings in small doses
 * (duplicated points, out-of-order pairs, altitude spikes, position jumps, coverage gaps at cruise).
 *
 * The hexes come from a block no registry uses here and every registration reads SYNTH-…: synthetic
 * flights are never attached to a real airframe. The demo's deportation flights are recognised by
 * their callsigns (TYSON…, GXA6…) through the project's callsign rules, like real ones.
 */
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { availableParallelism } from 'node:os';
import { tsWorker } from '../sources/readsb/thread.ts';
import { gzipSync } from 'node:zlib';
import { airportIndex, type Airport } from '../reference/airports.ts';
import { Random } from './random.ts';

export interface ScheduledLeg {
  callsign: string;
  from: string;
  to: string;
  /** Departure (wheels off) as epoch seconds. */
  offS: number;
}

export interface SyntheticAircraft {
  hex: string;
  registration: string;
  type: string;
  legs: ScheduledLeg[];
}

export interface SyntheticDayOptions {
  aircraft: number;
  /** Average trace points per aircraft (adsb.lol: ~6,000). */
  pointsPerAircraft?: number;
  seed?: number;
  /** UTC day, YYYY-MM-DD. */
  date?: string;
  /** Extra aircraft with fixed schedules (the demo's deportation flights). */
  extra?: SyntheticAircraft[];
  /** Worker threads for generation (default: all cores). */
  threads?: number;
}

export interface SyntheticManifest {
  date: string;
  aircraft: number;
  points: number;
  /** Legs flown, as the generator scheduled them: what segmentation should find. */
  legs: number;
  bytes: number;
}

const KM_PER_DEG = 111.195;

/** Large airports with scheduled service: where the synthetic fleet flies. */
function hubs(): Airport[] {
  return airportIndex().all.filter((a) => a.type === 'large_airport' && a.scheduledService !== false && a.elevationFt !== null && Math.abs(a.latDeg) < 65);
}

function distanceKm(a: Airport, b: Airport): number {
  const dLat = (b.latDeg - a.latDeg) * KM_PER_DEG;
  const dLon = (b.lonDeg - a.lonDeg) * KM_PER_DEG * Math.cos(((a.latDeg + b.latDeg) / 2) * (Math.PI / 180));
  return Math.sqrt(dLat * dLat + dLon * dLon);
}

/** Aircraft `k` of a day: a deterministic hex, registration, type and schedule. */
export function scheduleAircraft(k: number, seed: number, dayStartS: number, airports: Airport[]): SyntheticAircraft {
  const r = new Random(seed * 1_000_003 + k + 1);
  // 0x3f0000 + k: a block no registry entry of this project uses; k < 65,536 per block step.
  const hex = (0x3f0000 + (k % 0xffff) + Math.floor(k / 0xffff) * 0x10000).toString(16).padStart(6, '0').slice(-6);
  const type = r.pick(['B738', 'A320', 'A321', 'B739', 'E190', 'CRJ9', 'B38M', 'A20N']);
  const operator = r.pick(['SYA', 'SYB', 'SYC', 'SYD', 'SYE']);
  let at = airports[r.int(0, airports.length - 1)];
  // A home airport with somewhere to fly to within 300–2,500 km.
  for (let tries = 0; tries < 20 && !airports.some((c) => { const d = distanceKm(at, c); return d > 300 && d < 2500; }); tries++) at = airports[r.int(0, airports.length - 1)];
  let t = dayStartS + r.int(0, 6 * 3600);
  const legs: ScheduledLeg[] = [];
  const count = r.int(2, 5);
  for (let i = 0; i < count; i++) {
    let to = at;
    for (let tries = 0; tries < 200; tries++) {
      const c = airports[r.int(0, airports.length - 1)];
      const d = distanceKm(at, c);
      if (d > 300 && d < 2500) { to = c; break; }
    }
    if (to === at) break;
    legs.push({ callsign: `${operator}${r.int(100, 9999)}`, from: at.icao, to: to.icao, offS: t });
    t += flightSeconds(distanceKm(at, to)) + r.int(40, 120) * 60;
    if (t > dayStartS + 86400 - 4 * 3600) break;
    at = to;
  }
  return { hex, registration: `SYNTH-${hex.toUpperCase()}`, type, legs };
}

function flightSeconds(km: number): number {
  return 20 * 60 + (km / 800) * 3600;
}

/**
 * One aircraft's trace_full JSON text: taxi out (ten ground points, the first flagged as a new leg),
 * climb, cruise, descent and landing roll for every leg, with the recording imperfections mixed in.
 */
export function traceJson(a: SyntheticAircraft, seed: number, pointsTarget: number): { text: string; points: number } {
  const r = new Random(seed ^ parseInt(a.hex, 16));
  const noise = new Random(seed + parseInt(a.hex, 16));
  const index = airportIndex();
  const rows: string[] = [];
  const base = Math.floor((a.legs[0]?.offS ?? 0) - 600);
  const squawk = (1000 + (parseInt(a.hex, 16) % 6000)).toString().slice(0, 4);
  const row = (t: number, lat: number, lon: number, alt: number | null, gs: number, track: number, flags: number, vrate: number, callsign: string | null) => {
    const details = callsign ? `{"type":"adsb_icao","flight":"${callsign.padEnd(8)}","squawk":"${squawk}","category":"A3","nic":8,"rc":186,"version":2}` : 'null';
    const altText = alt === null ? '"ground"' : String(alt);
    const vr = alt === null ? 'null' : String(Math.round(vrate));
    return `[${f2(t - base)},${f6(lat)},${f6(lon)},${altText},${f1(gs)},${f1(track)},${flags},${vr},${details},"adsb_icao",${alt === null ? 'null' : alt + 325},${vr},${Math.round(gs * 0.62)},0.0]`;
  };
  const emit = (t: number, lat: number, lon: number, alt: number | null, gs: number, track: number, flags: number, vrate: number, callsign: string | null) => {
    rows.push(row(t, lat, lon, alt, gs, track, flags, vrate, callsign));
    // Imperfections of real recordings, in small doses.
    const x = noise.next();
    if (x < 0.004) rows.push(rows[rows.length - 1]); // duplicated point
    else if (x < 0.0045 && alt !== null) rows.push(row(t + 0.5, lat, lon, alt + 25000, gs, track, 0, vrate, null)); // altitude spike
    else if (x < 0.0047) rows.push(row(t + 0.5, lat + 3, lon - 3, alt, gs, track, 0, vrate, null)); // position jump
  };
  // Point spacing scaled so the day has about pointsTarget points.
  let airborneS = 0;
  for (const leg of a.legs) airborneS += flightSeconds(distanceKm(index.byIcao(leg.from)!, index.byIcao(leg.to)!));
  const perLeg = pointsTarget / Math.max(1, a.legs.length);
  const stepS = Math.max(2, airborneS / Math.max(1, a.legs.length) / Math.max(50, perLeg));
  for (const leg of a.legs) {
    const from = index.byIcao(leg.from)!, to = index.byIcao(leg.to)!;
    const dist = distanceKm(from, to);
    const total = flightSeconds(dist);
    const cruiseAlt = Math.min(39000, 24000 + Math.round(dist / 3) * 10 - (Math.round(dist / 3) * 10) % 1000);
    const trackDeg = (Math.atan2((to.lonDeg - from.lonDeg) * Math.cos(from.latDeg * Math.PI / 180), to.latDeg - from.latDeg) * 180 / Math.PI + 360) % 360;
    for (let i = 0; i < 10; i++) {
      emit(leg.offS - 600 + i * 60 + r.next(), from.latDeg + (r.next() - 0.5) * 0.004, from.lonDeg + (r.next() - 0.5) * 0.004, null, 5 + r.next() * 15,
        r.next() * 360, i === 0 ? 2 : 0, 0, i === 0 ? leg.callsign : null);
    }
    const fromElev = from.elevationFt ?? 0, toElev = to.elevationFt ?? 0;
    const climbS = (cruiseAlt / 2200) * 60, descentS = (cruiseAlt / 1800) * 60;
    const n = Math.max(20, Math.round(total / stepS));
    for (let i = 0; i <= n; i++) {
      const sec = (i / n) * total;
      const f = sec / total;
      let alt: number, gs: number, vrate: number;
      if (sec < climbS) { alt = fromElev + 150 + (cruiseAlt - fromElev) * (sec / climbS); gs = 150 + 300 * (sec / climbS); vrate = 2200; }
      else if (sec > total - descentS) { const g = (total - sec) / descentS; alt = toElev + 100 + (cruiseAlt - toElev) * g; gs = 140 + 310 * g; vrate = -1800; }
      else { alt = cruiseAlt; gs = 440 + r.next() * 20; vrate = 0; }
      emit(leg.offS + sec, from.latDeg + (to.latDeg - from.latDeg) * f, from.lonDeg + (to.lonDeg - from.lonDeg) * f, Math.round(alt / 25) * 25, gs, trackDeg, 0, vrate,
        i % 40 === 5 ? leg.callsign : null);
    }
    for (let i = 0; i < 8; i++) {
      emit(leg.offS + total + 5 + i * 40 + r.next(), to.latDeg + (r.next() - 0.5) * 0.004, to.lonDeg + (r.next() - 0.5) * 0.004, null,
        i === 0 ? 110 : 5 + r.next() * 15, r.next() * 360, 0, 0, null);
    }
  }
  // A few out-of-order neighbours, as merged feeds deliver them.
  for (let i = 1; i < rows.length; i++) if (noise.next() < 0.001) { const tmp = rows[i]; rows[i] = rows[i - 1]; rows[i - 1] = tmp; }
  const text = `{"icao":"${a.hex}",\n"r":"${a.registration}",\n"t":"${a.type}",\n"dbFlags":0,"desc":"SYNTHETIC ${a.type}",\n"ownOp":"SYNTHETIC OPERATOR",\n"year":"2015",\n"timestamp": ${base},\n"trace":[\n${rows.join(',\n')}\n]\n}\n`;
  return { text, points: rows.length };
}

const f1 = (v: number) => String(Math.round(v * 10) / 10);
const f2 = (v: number) => String(Math.round(v * 100) / 100);
const f6 = (v: number) => String(Math.round(v * 1e6) / 1e6);

/** A tar header for one regular file (POSIX ustar). */
export function tarHeader(name: string, size: number, mtimeS: number): Buffer {
  const h = Buffer.alloc(512);
  h.write(name, 0, 100, 'utf8');
  h.write('0000644\0', 100, 'latin1');
  h.write('0000000\0', 108, 'latin1');
  h.write('0000000\0', 116, 'latin1');
  h.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 'latin1');
  h.write(`${Math.floor(mtimeS).toString(8).padStart(11, '0')}\0`, 136, 'latin1');
  h.write('        ', 148, 'latin1');
  h.write('0', 156, 'latin1');
  h.write('ustar\0', 257, 'latin1');
  h.write('00', 263, 'latin1');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return h;
}

export function memberName(hex: string): string {
  return `traces/${hex.slice(-2)}/trace_full_${hex}.json`;
}

/** Gzipped members for aircraft [from, to) of a day (what a generator worker returns). */
export function generateMembers(opts: { from: number; to: number; seed: number; dayStartS: number; pointsPerAircraft: number; extra: SyntheticAircraft[] }): { name: string; data: Buffer; points: number; legs: number }[] {
  const airports = hubs();
  const out: { name: string; data: Buffer; points: number; legs: number }[] = [];
  for (let k = opts.from; k < opts.to; k++) {
    const a = k < opts.extra.length ? opts.extra[k] : scheduleAircraft(k - opts.extra.length, opts.seed, opts.dayStartS, airports);
    if (a.legs.length === 0) continue;
    const { text, points } = traceJson(a, opts.seed, opts.pointsPerAircraft);
    out.push({ name: memberName(a.hex), data: gzipSync(text, { level: 1 }), points, legs: a.legs.length });
  }
  return out;
}

/**
 * Writes a day as a tar archive in adsb.lol's layout and returns what was written. Workers generate
 * batches of aircraft; the main thread writes them in order, so the file is the same on every run.
 */
export async function writeSyntheticReadsbDay(path: string, options: SyntheticDayOptions): Promise<SyntheticManifest> {
  if (!/synthetic/i.test(path)) throw new Error(`synthetic output must have "synthetic" in its name (got ${path})`);
  const date = options.date ?? '2025-06-02';
  const dayStartS = Date.parse(`${date}T00:00:00Z`) / 1000;
  const seed = options.seed ?? 2025;
  const pointsPerAircraft = options.pointsPerAircraft ?? 6000;
  const extra = options.extra ?? [];
  const total = options.aircraft + extra.length;
  mkdirSync(dirname(path), { recursive: true });
  const out = createWriteStream(path);
  let failed: Error | null = null;
  out.on('error', (e) => { failed = e; });
  const write = (b: Buffer) => new Promise<void>((resolve, reject) => {
    if (failed) { reject(failed); return; }
    if (out.write(b)) resolve(); else out.once('drain', resolve);
  });
  const manifest: SyntheticManifest = { date, aircraft: 0, points: 0, legs: 0, bytes: 0 };
  const emit = async (members: { name: string; data: Buffer; points: number; legs: number }[]) => {
    for (const m of members) {
      await write(tarHeader(m.name, m.data.length, dayStartS + 86400));
      await write(m.data);
      const pad = (512 - (m.data.length % 512)) % 512;
      if (pad) await write(Buffer.alloc(pad));
      manifest.aircraft++; manifest.points += m.points; manifest.legs += m.legs; manifest.bytes += m.data.length;
    }
  };
  const batch = 20;
  const threads = Math.max(1, Math.min(options.threads ?? availableParallelism(), Math.ceil(total / batch)));
  if (threads === 1 || total < 40) {
    for (let from = 0; from < total; from += batch) await emit(generateMembers({ from, to: Math.min(total, from + batch), seed, dayStartS, pointsPerAircraft, extra }));
  } else {
    const ranges: [number, number][] = [];
    for (let from = 0; from < total; from += batch) ranges.push([from, Math.min(total, from + batch)]);
    const results = new Map<number, { name: string; data: Buffer; points: number; legs: number }[]>();
    let next = 0, written = 0;
    await new Promise<void>((resolve, reject) => {
      let active = 0;
      // Batches are written in order, one pump at a time (two interleaved would corrupt the tar).
      let chain = Promise.resolve();
      const pump = () => {
        chain = chain.then(async () => {
          while (results.has(written)) {
            const members = results.get(written)!;
            results.delete(written);
            written++;
            await emit(members);
          }
        });
        return chain;
      };
      for (let w = 0; w < threads; w++) {
        const worker = tsWorker(new URL('./adsb-worker.ts', import.meta.url));
        active++;
        const feed = () => {
          // At most a few batches waiting to be written: memory stays bounded.
          if (next < ranges.length && next - written < threads * 3) {
            const id = next++;
            worker.postMessage({ id, from: ranges[id][0], to: ranges[id][1], seed, dayStartS, pointsPerAircraft, extra });
          } else if (next >= ranges.length) { void worker.terminate(); if (--active === 0) pump().then(resolve, reject); }
          else setTimeout(feed, 5);
        };
        worker.on('message', (m: { id: number; members: { name: string; data: Uint8Array; points: number; legs: number }[] }) => {
          results.set(m.id, m.members.map((x) => ({ ...x, data: Buffer.from(x.data.buffer, x.data.byteOffset, x.data.byteLength) })));
          pump().then(feed, reject);
        });
        worker.on('error', reject);
        feed();
      }
    });
  }
  await write(Buffer.alloc(1024));
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  return manifest;
}

/** The demo's deportation flights: ICE callsigns (TYSON…, GXA6…) to and from Guatemala City (MGGT). */
export function demoDeportationAircraft(date: string): SyntheticAircraft[] {
  const t = (hhmm: string) => Date.parse(`${date}T${hhmm}:00Z`) / 1000;
  return [
    { hex: '3fff01', registration: 'SYNTH-ICE1', type: 'B738', legs: [
      { callsign: 'TYSON91', from: 'KAEX', to: 'MGGT', offS: t('13:05') },
      { callsign: 'TYSON91', from: 'MGGT', to: 'KAEX', offS: t('17:40') },
    ] },
    { hex: '3fff02', registration: 'SYNTH-ICE2', type: 'A320', legs: [
      { callsign: 'GXA6901', from: 'KIWA', to: 'KHRL', offS: t('09:20') },
      { callsign: 'TYSON92', from: 'KHRL', to: 'MGGT', offS: t('14:10') },
      { callsign: 'TYSON92', from: 'MGGT', to: 'KHRL', offS: t('18:30') },
    ] },
    { hex: '3fff03', registration: 'SYNTH-ICE3', type: 'B737', legs: [
      { callsign: 'TYSON93', from: 'KELP', to: 'MGGT', offS: t('11:45') },
    ] },
  ];
}
