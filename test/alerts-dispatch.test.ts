/**
 * Alerts: one alert per event across feeds, quiet hours and rate limits that delay but never drop,
 * retries recorded attempt by attempt, signed webhooks, ntfy, e-mail to a real SMTP server on
 * loopback, and the English and Spanish wording.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import { SMTPServer } from 'smtp-server';
import { AlertDispatcher, quietUntil, type DeliveryRecord, type SinkConfig } from '../src/alerts/dispatcher.ts';
import type { AlertEvent } from '../src/alerts/event.ts';
import { renderAlert } from '../src/alerts/messages.ts';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, jsonLinesSink, ntfySink, smtpSink, verifySignature, webhookSink } from '../src/alerts/sinks.ts';

// TYSON54 = acb2ba (N917XA), an ICE Air charter in the OpenSky snapshots of May 2026 (data README).
const DEPARTED: AlertEvent = {
  kind: 'departed', aircraft: { icao24: 'acb2ba', registration: 'N917XA', callsign: 'TYSON54' },
  airport: { icao: 'KAEX', name: 'Alexandria International Airport', city: 'Alexandria', countryCode: 'US' },
  at: Date.UTC(2026, 4, 1, 14, 5) / 1000,
  evidence: { feeds: ['aircraft-json'], firstMessageTime: Date.UTC(2026, 4, 1, 13, 50) / 1000, lastMessageTime: Date.UTC(2026, 4, 1, 14, 10) / 1000, positions: 212 },
};

class Records {
  readonly all: DeliveryRecord[] = [];
  record(r: DeliveryRecord): void { this.all.push(r); }
  outcomes(): string[] { return this.all.map((r) => `${r.outcome}#${r.attempt}`); }
}

function memorySink(): { config: SinkConfig; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  return { config: { sink: jsonLinesSink('-', (l) => lines.push(JSON.parse(l) as Record<string, unknown>)), locale: 'en' }, lines };
}

async function httpReceiver(respond: (n: number) => [number, string]): Promise<{ url: string; bodies: { headers: IncomingMessage['headers']; body: string }[]; close: () => Promise<void> }> {
  const bodies: { headers: IncomingMessage['headers']; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString('utf8'); });
    req.on('end', () => {
      bodies.push({ headers: req.headers, body });
      const [status, text] = respond(bodies.length);
      res.writeHead(status).end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`;
  return { url, bodies, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

test('one alert per event: the same take-off from two feeds is alerted once; a later one again', async () => {
  const records = new Records();
  const { config, lines } = memorySink();
  const d = new AlertDispatcher([config], records);
  assert.equal(d.submit(DEPARTED), 'accepted');
  // The ADS-B Exchange poll timed the same take-off 90 s later.
  assert.equal(d.submit({ ...DEPARTED, at: DEPARTED.at + 90, evidence: { ...DEPARTED.evidence, feeds: ['adsbx-v2'] } }), 'duplicate');
  // Another airframe's take-off from the same airport is another event.
  assert.equal(d.submit({ ...DEPARTED, aircraft: { icao24: 'a2f016' } }), 'accepted');
  // The same airframe leaving KAEX again three hours later is a new event.
  assert.equal(d.submit({ ...DEPARTED, at: DEPARTED.at + 3 * 3600 }), 'accepted');
  await d.idle();
  assert.equal(lines.length, 3);
  assert.deepEqual(lines.map((l) => l.key), ['departed:acb2ba:KAEX', 'departed:a2f016:KAEX', 'departed:acb2ba:KAEX']);
  // Records arrive as deliveries finish; their order across events is not the point.
  assert.deepEqual(records.all.map((r) => r.outcome).sort(), ['delivered', 'delivered', 'delivered', 'duplicate']);
  assert.deepEqual(records.all.filter((r) => r.outcome === 'duplicate').map((r) => r.key), ['departed:acb2ba:KAEX']);
});

test('a recorder that throws does not turn a delivered alert into a second delivery', async () => {
  const { config, lines } = memorySink();
  let calls = 0;
  const d = new AlertDispatcher([{ ...config, retry: { attempts: 3, initialMs: 1 } }], { record: () => { calls++; throw new Error('disk full'); } });
  d.submit(DEPARTED);
  await d.idle();
  assert.equal(lines.length, 1);
  assert.equal(calls, 1);
  assert.equal(d.recorderFailures, 1, 'counted, and written to stderr');
});

test('quiet hours hold an alert until they end, then it is delivered', async () => {
  const records = new Records();
  const { config, lines } = memorySink();
  // 03:00 in Chicago (CDT, UTC−5) on 1 May 2026 = 08:00 UTC; quiet 22:00–07:00 ends at 12:00 UTC.
  let clock = Date.UTC(2026, 4, 1, 8, 0) / 1000;
  const d = new AlertDispatcher([{ ...config, quietHours: { from: '22:00', to: '07:00', timeZone: 'America/Chicago' } }], records, { now: () => clock });
  d.submit(DEPARTED);
  await d.idle();
  assert.equal(lines.length, 0);
  assert.deepEqual(d.waiting().map((w) => w.until), [Date.UTC(2026, 4, 1, 12, 0) / 1000]);
  assert.equal(records.all[0]!.outcome, 'held-quiet-hours');
  clock = Date.UTC(2026, 4, 1, 11, 59) / 1000;
  d.releaseDue();
  assert.equal(lines.length, 0, 'still quiet at 06:59 local');
  clock = Date.UTC(2026, 4, 1, 12, 0) / 1000;
  d.releaseDue();
  await d.idle();
  assert.equal(lines.length, 1);
  assert.deepEqual(records.outcomes(), ['held-quiet-hours#1', 'delivered#1']);
  d.close();
  // Quiet hours not spanning midnight, and an empty span.
  assert.equal(quietUntil({ from: '12:00', to: '13:00', timeZone: 'UTC' }, Date.UTC(2026, 0, 1, 12, 30) / 1000), Date.UTC(2026, 0, 1, 13, 0) / 1000);
  assert.equal(quietUntil({ from: '12:00', to: '13:00', timeZone: 'UTC' }, Date.UTC(2026, 0, 1, 13, 0) / 1000), null);
  assert.equal(quietUntil({ from: '08:00', to: '08:00', timeZone: 'UTC' }, Date.UTC(2026, 0, 1, 8, 0) / 1000), null);
});

test('the rate limit delays the second alert to the end of the window instead of dropping it', async () => {
  const records = new Records();
  const { config, lines } = memorySink();
  let clock = 1_000_000;
  const d = new AlertDispatcher([{ ...config, rateLimit: { max: 1, perS: 60 } }], records, { now: () => clock });
  d.submit(DEPARTED);
  d.submit({ ...DEPARTED, kind: 'arrived', airport: { icao: 'MGGT', countryCode: 'GT' } });
  await d.idle();
  assert.equal(lines.length, 1);
  assert.deepEqual(d.waiting(), [{ key: 'arrived:acb2ba:MGGT', sink: 'jsonl stdout', until: 1_000_060 }]);
  clock = 1_000_060;
  d.releaseDue();
  await d.idle();
  assert.equal(lines.length, 2);
  assert.deepEqual(records.all.map((r) => `${r.key} ${r.outcome}`).sort(), ['arrived:acb2ba:MGGT delivered', 'arrived:acb2ba:MGGT held-rate-limit', 'departed:acb2ba:KAEX delivered']);
  d.close();
});

test('a failing webhook is retried with backoff and every attempt is recorded with its reason', async () => {
  const down = await httpReceiver(() => [503, 'receiver down']);
  const flaky = await httpReceiver((n) => (n < 3 ? [500, 'try later'] : [204, '']));
  const refusing = await httpReceiver(() => [400, 'unknown topic']);
  try {
    const records = new Records();
    const retry = { attempts: 3, initialMs: 5 };
    const d = new AlertDispatcher([
      { sink: webhookSink({ url: down.url, secret: 's' }), locale: 'en', retry },
      { sink: webhookSink({ url: flaky.url, secret: 's' }), locale: 'en', retry },
      { sink: webhookSink({ url: refusing.url, secret: 's' }), locale: 'en', retry },
    ], records);
    d.submit(DEPARTED);
    await d.idle();
    const of = (url: string) => records.all.filter((r) => r.sink === `webhook ${url}`).map((r) => `${r.outcome}#${r.attempt} ${r.reason ?? ''}`.trim());
    assert.deepEqual(of(down.url), ['failed#1 HTTP 503: receiver down', 'failed#2 HTTP 503: receiver down', 'failed#3 HTTP 503: receiver down', 'gave-up#3 no success in 3 attempts']);
    assert.deepEqual(of(flaky.url), ['failed#1 HTTP 500: try later', 'failed#2 HTTP 500: try later', 'delivered#3']);
    // A 4xx other than 408/429 will not pass on a retry: recorded and not retried.
    assert.deepEqual(of(refusing.url), ['failed#1 HTTP 400: unknown topic', 'gave-up#1 permanent failure']);
    assert.equal(down.bodies.length, 3);
    // Each failed record with a retry says when.
    assert.ok(records.all.filter((r) => r.outcome === 'failed' && r.attempt < 3 && r.sink.includes(new URL(down.url).port)).every((r) => r.retryAt !== undefined && r.retryAt >= r.at));
    // Nothing listening: a connection failure is a reason too.
    const records2 = new Records();
    const gone = await httpReceiver(() => [200, '']);
    await gone.close(); // its port is now closed
    const closed = new AlertDispatcher([{ sink: webhookSink({ url: gone.url, secret: 's' }), locale: 'en', retry: { attempts: 1 } }], records2);
    closed.submit(DEPARTED);
    await closed.idle();
    assert.match(records2.all[0]!.reason!, /^connection failed: ECONNREFUSED/);
  } finally {
    await Promise.all([down.close(), flaky.close(), refusing.close()]);
  }
});

test('webhook signature: HMAC-SHA256 of "<timestamp>.<body>" verifies; a changed body, secret or old timestamp does not', async () => {
  const hook = await httpReceiver(() => [200, 'ok']);
  try {
    const records = new Records();
    const d = new AlertDispatcher([{ sink: webhookSink({ url: hook.url, secret: 'network-secret' }), locale: 'es' }], records);
    d.submit(DEPARTED);
    await d.idle();
    const { headers, body } = hook.bodies[0]!;
    const ts = String(headers[TIMESTAMP_HEADER]);
    const sig = String(headers[SIGNATURE_HEADER]);
    // Computed here independently of the code under test, as a receiver would.
    assert.equal(sig, `sha256=${createHmac('sha256', 'network-secret').update(`${ts}.${body}`).digest('hex')}`);
    assert.equal(verifySignature('network-secret', ts, body, sig), true);
    assert.equal(verifySignature('network-secret', ts, body.replace('KAEX', 'KIWA'), sig), false);
    assert.equal(verifySignature('another-secret', ts, body, sig), false);
    assert.equal(verifySignature('network-secret', ts, body, sig, 300, Number(ts) + 301), false, 'older than the tolerance');
    const payload = JSON.parse(body) as { key: string; locale: string; title: string; event: AlertEvent };
    assert.equal(payload.key, 'departed:acb2ba:KAEX');
    assert.equal(payload.locale, 'es');
    assert.equal(payload.event.aircraft.icao24, 'acb2ba');
  } finally {
    await hook.close();
  }
});

test('English and Spanish wording from the ICU templates', () => {
  const en = renderAlert(DEPARTED, 'en');
  const es = renderAlert(DEPARTED, 'es');
  assert.equal(en.title, 'N917XA (acb2ba), callsign TYSON54 departed KAEX');
  assert.equal(en.body, 'N917XA (acb2ba), callsign TYSON54 departed from Alexandria International Airport (KAEX), Alexandria, United States on May 1, 2026 at 14:05 UTC.\nSeen on 1 feed (aircraft-json) in 212 positions between 13:50 and 14:10 UTC.');
  assert.equal(es.body, 'N917XA (acb2ba), indicativo TYSON54 despegó de Alexandria International Airport (KAEX), Alexandria, Estados Unidos el 1 de mayo de 2026 a las 14:05 UTC.\nObservada en 1 fuente (aircraft-json) con 212 posiciones entre las 13:50 y las 14:10 UTC.');
  const left: AlertEvent = { kind: 'left-us', aircraft: { icao24: 'a2f016' }, towardCountryCode: 'GT', at: DEPARTED.at, evidence: DEPARTED.evidence };
  assert.equal(renderAlert(left, 'en').title, 'aircraft a2f016 left the United States toward Guatemala');
  assert.equal(renderAlert(left, 'es').title, 'aeronave a2f016 salió de Estados Unidos con rumbo a Guatemala');
  const seen: AlertEvent = { kind: 'watchlist-seen', aircraft: { icao24: 'a2f016', registration: 'N289GX' }, daysSinceLastSeen: 12, at: DEPARTED.at, evidence: DEPARTED.evidence };
  assert.match(renderAlert(seen, 'en').body, /for the first time in 12 days\./);
  assert.match(renderAlert({ ...seen, daysSinceLastSeen: 1 }, 'es').body, /por primera vez en 1 día\./);
  assert.match(renderAlert({ ...seen, daysSinceLastSeen: null }, 'en').body, /for the first time in this record\./);
  const airport: AlertEvent = { kind: 'new-airport', aircraft: { icao24: 'a2f016' }, airport: { icao: 'MHLM', name: 'Ramón Villeda Morales International Airport', city: 'San Pedro Sula', countryCode: 'HN' }, at: DEPARTED.at, evidence: DEPARTED.evidence };
  assert.match(renderAlert(airport, 'es').body, /\(MHLM\), San Pedro Sula, Honduras el 1 de mayo de 2026/);
});

test('ntfy: the alert is published as JSON to the topic, accents intact', async () => {
  const ntfy = await httpReceiver(() => [200, '{}']);
  try {
    const records = new Records();
    const d = new AlertDispatcher([{ sink: ntfySink({ baseUrl: ntfy.url.replace('/hook', ''), topic: 'rapid-response-test', token: 'tk' }), locale: 'es' }], records);
    d.submit(DEPARTED);
    await d.idle();
    assert.deepEqual(records.outcomes(), ['delivered#1']);
    const sent = JSON.parse(ntfy.bodies[0]!.body) as { topic: string; title: string; message: string };
    assert.equal(sent.topic, 'rapid-response-test');
    assert.equal(sent.title, 'N917XA (acb2ba), indicativo TYSON54 despegó de KAEX');
    assert.equal(ntfy.bodies[0]!.headers.authorization, 'Bearer tk');
  } finally {
    await ntfy.close();
  }
});

test('e-mail: the alert arrives at a local SMTP server', async () => {
  const received: string[] = [];
  const server = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
    onData(stream, _session, callback) {
      let raw = '';
      stream.on('data', (c: Buffer) => { raw += c.toString('utf8'); });
      stream.on('end', () => { received.push(raw); callback(); });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  try {
    const records = new Records();
    const d = new AlertDispatcher([{ sink: smtpSink({ host: '127.0.0.1', port, from: 'alerts@example.org', to: ['network@example.org'] }), locale: 'en' }], records);
    d.submit(DEPARTED);
    await d.idle();
    assert.deepEqual(records.outcomes(), ['delivered#1']);
    assert.equal(received.length, 1);
    const raw = received[0]!.replace(/=\r\n/g, '');
    assert.match(raw, /^Subject: N917XA \(acb2ba\), callsign TYSON54 departed KAEX\r?$/m);
    assert.match(raw, /^To: network@example\.org\r?$/m);
    assert.match(raw, /^X-Deportwatch-Key: departed:acb2ba:KAEX\r?$/m);
    assert.match(raw, /departed from Alexandria International Airport \(KAEX\)/);
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
