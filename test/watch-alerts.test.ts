/**
 * Events and alerts from the watcher: the acceptance drill on the OpenSky ICE-hub snapshot months
 * (TYSON/GlobalX charters alert, Southwest airliners never), departures and arrivals of a watched
 * airframe from a replayed readsb trace, a webhook with its signature, and every delivery recorded.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import { openProject } from '../src/app/project.ts';
import { jsonLinesSink, verifySignature, webhookSink } from '../src/alerts/sinks.ts';
import { loadRecording } from '../src/feeds/recordings.ts';
import { batchFileAsSbs } from '../src/watch/files.ts';
import { watchReplay } from './helpers/watch.ts';
import { sharedData } from './helpers/shared-data.ts';

interface Alert { key: string; kind: string; text: string; event: { aircraft: { icao24: string; callsign?: string }; airport?: { icao?: string } } }

const body = (req: IncomingMessage) => new Promise<string>((resolve) => { let s = ''; req.on('data', (c) => { s += c; }); req.on('end', () => resolve(s)); });

test('OpenSky ICE-hub months replayed as a feed: TYSON and GlobalX charters alert, Southwest airliners never', async (t) => {
  const months = ['02', '03', '05'].map((m) => sharedData(t, `adsb/opensky-snapshots/ice-hubs-2026-${m}.json`));
  if (months.some((m) => !m)) return;
  const store = await openProject(':memory:');
  const alerts: Alert[] = [];
  const received: { ok: boolean; key: string }[] = [];
  const server = createServer(async (req, res) => {
    const raw = await body(req);
    const ok = verifySignature('s3cret', String(req.headers['x-deportwatch-timestamp']), raw, String(req.headers['x-deportwatch-signature']));
    received.push({ ok, key: (JSON.parse(raw) as Alert).key });
    res.writeHead(204).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  try {
    for (const path of months) {
      const { watcher } = await watchReplay(store, loadRecording(path!, 'opensky'), (p) => `opensky://127.0.0.1:${p}?interval=0&tls=0`, {
        replay: { pace: 'request' },
        watcher: {
          sinks: [
            { sink: jsonLinesSink('-', (line) => alerts.push(JSON.parse(line) as Alert)), locale: 'en' },
            { sink: webhookSink({ url: `http://127.0.0.1:${port}/hook`, secret: 's3cret' }), locale: 'es' },
          ],
        },
      });
      await watcher.deliveries();
    }
    const hexes = new Set(alerts.map((a) => a.event.aircraft.icao24));
    for (const hex of ['acb2ba', 'a2f016', 'a2f9dd', 'a82727']) assert.ok(hexes.has(hex), `an alert names ${hex}`);
    // No Southwest airliner: no alert names an SWA callsign, and every alerted hex is a watchlist airframe or flew a watchlist callsign.
    assert.equal(alerts.filter((a) => /^SWA/.test(a.event.aircraft.callsign ?? '')).length, 0);
    const swaHexes = await store.all<{ n: number }>("SELECT count(*) AS n FROM watch_events WHERE event LIKE '%\"callsign\":\"SWA%'");
    assert.equal(Number(swaHexes[0].n), 0);
    // Every alerted airframe is in the dated registry as flying ICE missions, or flew a watchlist callsign.
    const registry = new Set((await store.all<{ icao24: string }>("SELECT icao24 FROM aircraft_registry WHERE ice_service <> 'none' AND icao24 IS NOT NULL")).map((r) => r.icao24));
    for (const a of alerts) assert.ok(registry.has(a.event.aircraft.icao24) || /^(TYSON|GXA6|BBQ82)/.test(a.event.aircraft.callsign ?? ''), a.text);
    // Every alert reached the webhook, signed, and every delivery is recorded.
    assert.equal(received.length, alerts.length);
    assert.ok(received.every((r) => r.ok));
    const delivered = await store.all<{ sink: string; n: number }>("SELECT sink, count(*) AS n FROM alert_deliveries WHERE outcome = 'delivered' GROUP BY sink ORDER BY sink");
    assert.deepEqual(delivered.map((r) => [r.sink, Number(r.n)]), [['jsonl stdout', alerts.length], [`webhook http://127.0.0.1:${port}/hook`, alerts.length]]);
    t.diagnostic(`${alerts.length} alerts: ${[...hexes].sort().join(', ')}`);
  } finally {
    server.close();
    store.close();
  }
});

test('a watched airframe (readsb trace): departed and arrived with airports, new airports, one alert per event; a failing sink is recorded', async (t) => {
  const path = sharedData(t, 'adsb/readsb/trace_full_ac671b.json');
  if (!path) return;
  const store = await openProject(':memory:');
  const alerts: Alert[] = [];
  try {
    const { watcher } = await watchReplay(store, { kind: 'sbs', items: batchFileAsSbs(path).items }, (p) => `sbs://127.0.0.1:${p}`, {
      watcher: {
        watchHexes: ['ac671b'],
        sinks: [
          { sink: jsonLinesSink('-', (line) => alerts.push(JSON.parse(line) as Alert)), locale: 'en' },
          // Nothing listens on port 9 of the loopback: every attempt fails, and each is recorded.
          { sink: webhookSink({ url: 'http://127.0.0.1:9/hook', secret: 'x', timeoutMs: 500 }), locale: 'en', retry: { attempts: 2, initialMs: 20 } },
        ],
      },
    });
    await watcher.deliveries();
    const legs = await store.all<{ departure_airport: string; arrival_airport: string; start_reason: string; end_reason: string }>(
      'SELECT departure_airport, arrival_airport, start_reason, end_reason FROM adsb_legs ORDER BY departure_time');
    const departed = alerts.filter((a) => a.kind === 'departed').map((a) => a.event.airport?.icao);
    const arrived = alerts.filter((a) => a.kind === 'arrived').map((a) => a.event.airport?.icao);
    assert.deepEqual(departed, legs.filter((l) => l.start_reason === 'takeoff' && l.departure_airport).map((l) => l.departure_airport));
    assert.deepEqual(arrived, legs.filter((l) => l.arrival_airport).map((l) => l.arrival_airport));
    assert.ok(departed.length >= 1 && arrived.length >= 1);
    assert.ok(alerts.some((a) => a.kind === 'watchlist-seen'));
    // One alert per event: each accepted event is alerted once, nothing else is.
    const accepted = await store.all<{ event_key: string }>("SELECT event_key FROM watch_events WHERE dispatch = 'accepted' ORDER BY event_id");
    assert.deepEqual(alerts.map((a) => a.key), accepted.map((r) => r.event_key));
    const failed = await store.all<{ outcome: string; n: number }>("SELECT outcome, count(*) AS n FROM alert_deliveries WHERE sink LIKE 'webhook%' GROUP BY outcome ORDER BY outcome");
    assert.deepEqual(failed.map((r) => [r.outcome, Number(r.n)]), [['failed', alerts.length * 2], ['gave-up', alerts.length]]);
    const reasons = await store.all<{ reason: string }>("SELECT DISTINCT reason FROM alert_deliveries WHERE outcome = 'failed'");
    assert.ok(reasons.every((r) => /ECONNREFUSED|connect/i.test(r.reason)), JSON.stringify(reasons));
    t.diagnostic(`${legs.length} legs, alerts: ${alerts.map((a) => `${a.kind} ${a.event.airport?.icao ?? ''}`).join('; ')}`);
  } finally {
    store.close();
  }
});

/** A synthetic flight (made here, no callsign) of a registry airframe, Harlingen → Guatemala City, as SBS lines. */
function harlingenToGuatemala(hex: string): { t: number; data: Buffer }[] {
  const from = { lat: 26.2285, lon: -97.6544 }, to = { lat: 14.5833, lon: -90.5275 };
  const t0 = Date.UTC(2026, 4, 12, 14, 0, 0) / 1000;
  const out: { t: number; data: Buffer }[] = [];
  const line = (t: number, lat: number, lon: number, alt: number | null, gs: number) => {
    const d = new Date(t * 1000).toISOString();
    const date = `${d.slice(0, 4)}/${d.slice(5, 7)}/${d.slice(8, 10)}`, time = d.slice(11, 23);
    out.push({ t, data: Buffer.from(`MSG,3,1,1,${hex.toUpperCase()},1,${date},${time},${date},${time},,${alt ?? ''},${gs},180,${lat.toFixed(5)},${lon.toFixed(5)},,,0,0,0,${alt === null ? -1 : 0}\r\n`) });
  };
  for (let k = 0; k < 10; k++) line(t0 + k * 10, from.lat, from.lon + k * 0.0003, null, 12);
  const n = 300;
  for (let k = 0; k <= n; k++) {
    const f = k / n, alt = Math.round(Math.min(35000, 200 + 600 * Math.min(k, n - k)));
    line(t0 + 100 + k * 30, from.lat + (to.lat - from.lat) * f, from.lon + (to.lon - from.lon) * f, alt, 300);
  }
  for (let k = 1; k <= 10; k++) line(t0 + 100 + n * 30 + k * 10, to.lat, to.lon + k * 0.0003, null, 12);
  return out;
}

test('a registry airframe flies Harlingen → Guatemala City: departed, left the United States toward GT, arrived', async () => {
  const store = await openProject(':memory:');
  const alerts: Alert[] = [];
  try {
    const { watcher } = await watchReplay(store, { kind: 'sbs', items: harlingenToGuatemala('a2f016') }, (p) => `sbs://127.0.0.1:${p}`, {
      watcher: { sinks: [{ sink: jsonLinesSink('-', (line) => alerts.push(JSON.parse(line) as Alert)), locale: 'es' }] },
    });
    await watcher.deliveries();
    const kinds = alerts.map((a) => `${a.kind} ${a.event.airport?.icao ?? (a.event as { towardCountryCode?: string }).towardCountryCode ?? ''}`.trim());
    assert.deepEqual(kinds.sort(), ['arrived MGGT', 'departed KHRL', 'left-us GT', 'watchlist-seen'].sort());
    const left = alerts.find((a) => a.kind === 'left-us')!;
    assert.match(left.text, /N289GX/);
    assert.match(left.text, /Guatemala/);
    const leg = await store.one<{ ice_link: string; category: string }>("SELECT ice_link, category FROM flight_legs WHERE icao24 = 'a2f016'");
    assert.equal(leg?.ice_link, 'registry');
  } finally {
    store.close();
  }
});
