/**
 * The watch pipeline (docs/performance.md, "Watch"):
 *  1. throughput: SBS text as a socket delivers it (64 KB chunks) → SbsReader → points → streaming
 *     segmentation → finished legs built, with 10,000 aircraft in view (synthetic flights, interleaved in
 *     time); target ≥ 200,000 position updates/s;
 *  2. latency: message in (the socket chunk that completes an event) → webhook out (the receiver on
 *     127.0.0.1 has the signed POST), with the whole watcher (database, dispatcher) on a replayed readsb
 *     trace; target p99 < 1 s;
 *  3. memory over a replayed 24 hours of synthetic traffic with about 1,000 aircraft in view: the heap
 *     after a full GC, hour by hour; target: flat (it grows with aircraft in view, not with time).
 */
import { createServer } from 'node:http';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { loadavg } from 'node:os';
import { runInNewContext } from 'node:vm';
import { SbsReader } from '../src/feeds/sbs.ts';
import { ReplayServer } from '../src/feeds/replay.ts';
import { webhookSink } from '../src/alerts/sinks.ts';
import { openProject } from '../src/app/project.ts';
import { F_GROUND } from '../src/trajectory/columns.ts';
import { PointAssembler } from '../src/watch/points.ts';
import { StreamingSegmenter } from '../src/watch/segmenter.ts';
import { batchFileAsSbs } from '../src/watch/files.ts';
import { Watcher } from '../src/watch/watcher.ts';
import type { BenchResult, BenchSuite } from './types.ts';

const TRACE = resolve(import.meta.dirname, '..', '..', 'shared', 'data', 'adsb', 'readsb', 'trace_full_ac671b.json');
const T0 = Date.UTC(2026, 4, 1) / 1000;

/** A synthetic flight's point k of n (ground, climb, cruise, descent, ground), 10 s apart. */
function flightPoint(a: number, k: number, n: number): { lat: number; lon: number; alt: number; gs: number; ground: boolean } {
  const lat0 = 25 + (a % 100) * 0.2, lon0 = -120 + Math.floor(a / 100) % 100 * 0.5;
  const ground = k < 6 || k >= n - 6;
  const air = Math.min(Math.max(k - 6, 0), n - 12);
  const climb = Math.min(air, 120, n - 12 - air);
  return { lat: lat0 + air * 0.02, lon: lon0 + air * 0.01, alt: ground ? NaN : 1000 + climb * 290, gs: ground ? 12 : 300 + climb, ground };
}

function sbsLine(hex: string, t: number, p: ReturnType<typeof flightPoint>): string {
  const d = new Date(t * 1000).toISOString();
  const date = `${d.slice(0, 4)}/${d.slice(5, 7)}/${d.slice(8, 10)}`, time = d.slice(11, 23);
  return `MSG,3,1,1,${hex},1,${date},${time},${date},${time},TEST${hex.slice(2)},${p.ground ? '' : p.alt},${p.gs},90,${p.lat.toFixed(5)},${p.lon.toFixed(5)},,,0,0,0,${p.ground ? -1 : 0}\r\n`;
}

function throughput(aircraft: number, pointsEach: number): BenchResult[] {
  // Interleaved in time: every aircraft's point k before anyone's point k + 1.
  const chunks: string[] = [];
  let buf = '';
  for (let k = 0; k < pointsEach; k++) {
    for (let a = 0; a < aircraft; a++) {
      buf += sbsLine((0x100000 + a).toString(16).toUpperCase(), T0 + k * 10 + a * 0.0005, flightPoint(a, k, pointsEach));
      if (buf.length >= 65536) { chunks.push(buf); buf = ''; }
    }
  }
  chunks.push(buf);
  let best = 0, legs = 0, points = 0, wallRate = 0;
  for (let round = 0; round < 3; round++) {
    const assembler = new PointAssembler();
    let closed = 0;
    const seg = new StreamingSegmenter({ legClosed: () => { closed++; } });
    const reader = new SbsReader((u) => { const p = assembler.point(u); if (p) seg.add(u.icao24, p); }, () => 0);
    const start = process.cpuUsage();
    const t0 = performance.now();
    for (const c of chunks) reader.push(c);
    seg.flush();
    const cpu = process.cpuUsage(start);
    const cpuS = (cpu.user + cpu.system) / 1e6;
    // Per CPU second of this (single-threaded) pipeline, as bench/feeds.bench.ts measures: the machine is shared.
    const rate = seg.stats.points / cpuS;
    if (rate > best) { best = rate; legs = closed; points = seg.stats.points; wallRate = seg.stats.points / ((performance.now() - t0) / 1000); }
  }
  return [{
    name: `watch: SBS → points → legs, ${aircraft.toLocaleString('en-US')} aircraft in view`, value: Math.round(best), unit: 'updates/s',
    target: '>= 200000 updates/s', met: best >= 200_000, note: `${points.toLocaleString('en-US')} updates, ${legs.toLocaleString('en-US')} legs built; per CPU second, best of 3 (wall clock ${Math.round(wallRate).toLocaleString('en-US')}/s under load ${loadavg()[0].toFixed(1)})`,
  }];
}

async function latency(runs: number): Promise<BenchResult[]> {
  if (!existsSync(TRACE)) return [{ name: 'watch: message in → webhook out', value: NaN, unit: 's', note: 'needs ../shared/data/adsb/readsb/trace_full_ac671b.json' }];
  const samples: number[] = [];
  for (let r = 0; r < runs; r++) {
    const arrived = new Map<string, number>();
    const hook = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => { body += c; });
      req.on('end', () => { arrived.set(`${(JSON.parse(body) as { key: string; event: { at: number } }).key}@${(JSON.parse(body) as { event: { at: number } }).event.at}`, performance.timeOrigin + performance.now()); res.writeHead(204).end(); });
    });
    await new Promise<void>((ok) => hook.listen(0, '127.0.0.1', ok));
    const port = (hook.address() as { port: number }).port;
    const replay = new ReplayServer({ kind: 'sbs', items: batchFileAsSbs(TRACE).items }, { speed: 6000 });
    const rport = await replay.listen();
    const store = await openProject(':memory:');
    const sent = new Map<string, number>();
    const watcher = new Watcher({
      store, feeds: [`sbs://127.0.0.1:${rport}`], liveDir: null, watchHexes: ['ac671b'],
      sinks: [{ sink: webhookSink({ url: `http://127.0.0.1:${port}/hook`, secret: 'bench' }), locale: 'en' }],
      onEvent: (e) => { if (e.dispatch === 'accepted' && e.messageReceivedAt !== undefined) sent.set(`${e.key}@${e.event.at}`, e.messageReceivedAt * 1000); },
    });
    await watcher.start();
    await new Promise<void>((ok) => { const i = setInterval(() => { if (replay.stats.messagesSent >= batchFileAsSbs(TRACE).items.length) { clearInterval(i); ok(); } }, 100); });
    await new Promise((ok) => setTimeout(ok, 1500));
    await watcher.stop();
    await watcher.deliveries();
    for (const [k, t] of sent) { const a = arrived.get(k); if (a !== undefined) samples.push((a - t) / 1000); }
    await replay.close();
    hook.close();
    store.close();
  }
  samples.sort((a, b) => a - b);
  const q = (p: number) => samples[Math.min(samples.length - 1, Math.ceil(p * samples.length) - 1)];
  return [
    { name: 'watch: message in → webhook out, p99', value: Math.round(q(0.99) * 1000) / 1000, unit: 's', target: '< 1 s', met: q(0.99) < 1, note: `${samples.length} alerts over ${runs} replays of the readsb trace at 6,000×; median ${Math.round(q(0.5) * 1000)} ms` },
  ];
}

function memory(hours: number, inView: number): BenchResult[] {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const seg = new StreamingSegmenter({ legClosed: () => {} });
  const flightPoints = 360; // one hour at 10 s
  const heap: number[] = [];
  let next = 0;
  // Aircraft a flies from (a * 3600 / inView) s for an hour, then leaves: about `inView` in view at once.
  const starts: number[] = [];
  for (let t = 0; t < hours * 3600; t += 10) {
    while (next * 3600 / inView <= t) starts.push(next++);
    while (starts.length && (t - starts[0] * 3600 / inView) / 10 >= flightPoints) starts.shift();
    for (const a of starts) {
      const k = Math.floor((t - a * 3600 / inView) / 10);
      const p = flightPoint(a, k, flightPoints);
      seg.add(`a${a}`, { timeS: T0 + t + (a % 10) * 0.1, latDeg: p.lat, lonDeg: p.lon, altFt: p.alt, gsKt: p.gs, trackDeg: 90, vrateFpm: NaN, flags: p.ground ? F_GROUND : 0, callsign: `T${a}`, row: 0 });
    }
    if (t % 60 === 0) seg.expire(T0 + t);
    if (t % 3600 === 0 && t > 0) { gc(); heap.push(process.memoryUsage().heapUsed / 2 ** 20); }
  }
  gc();
  heap.push(process.memoryUsage().heapUsed / 2 ** 20);
  const steady = heap.slice(Math.floor(heap.length / 2));
  const growth = Math.max(...steady) - Math.min(...steady);
  return [{
    name: `watch: heap over ${hours} replayed hours, ~${inView.toLocaleString('en-US')} aircraft in view`, value: Math.round(heap[heap.length - 1]), unit: 'MB',
    target: 'flat', met: growth < 0.15 * Math.max(...steady),
    note: `hourly heap after GC (MB): ${heap.map((h) => Math.round(h)).join(' ')}; ${seg.stats.points.toLocaleString('en-US')} points, ${seg.tracks.size.toLocaleString('en-US')} tracks kept at the end`,
  }];
}

export const watchSuite: BenchSuite = {
  name: 'watch',
  async run({ full }) {
    return [
      ...throughput(10_000, full ? 100 : 40),
      ...(await latency(full ? 5 : 2)),
      ...memory(24, full ? 2000 : 1000),
    ];
  },
};
