/**
 * What the polled feeds (aircraft.json, ADS-B Exchange v2–compatible APIs, OpenSky) share: a JSON GET
 * through Node's own `fetch` that turns every failure into a named kind, a request-rate limiter, and a
 * poll loop that backs off after failures and honours `Retry-After` on HTTP 429 (RFC 9110 §10.2.3:
 * seconds or an HTTP date).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { FeedMonitor, backoffMs, type BackoffOptions, type FeedStatus } from './status.ts';

/** A failed request, with the error kind counted in the feed's status. */
export class HttpFailure extends Error {
  constructor(readonly kind: string, readonly retryAfterS: number | null = null) {
    super(kind);
    this.name = 'HttpFailure';
  }
}

/** `Retry-After` → seconds to wait, or null when absent or unreadable. */
export function retryAfterSeconds(header: string | null, nowMs = Date.now()): number | null {
  if (!header) return null;
  const s = header.trim();
  if (/^\d+$/.test(s)) return Number(s);
  const date = Date.parse(s);
  return Number.isNaN(date) ? null : Math.max(0, (date - nowMs) / 1000);
}

export async function getJson(url: string, headers: Record<string, string> = {}, timeoutMs = 15_000): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: 'application/json', ...headers }, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const name = (error as Error).name;
    throw new HttpFailure(name === 'TimeoutError' ? 'http-timeout' : `connection-error: ${cause?.code ?? cause?.message ?? (error as Error).message}`);
  }
  if (response.status === 429) {
    await response.body?.cancel();
    throw new HttpFailure('http-429', retryAfterSeconds(response.headers.get('retry-after')));
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new HttpFailure(`http-${response.status}`, response.status === 503 ? retryAfterSeconds(response.headers.get('retry-after')) : null);
  }
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpFailure('bad-json');
  }
}

/** At most `perS` requests a second: each `wait()` returns no earlier than 1/perS after the previous one. */
export class RateLimiter {
  private next = 0;

  constructor(private readonly perS: number) {
    if (!(perS > 0)) throw new RangeError('requests per second must be positive');
  }

  async wait(signal?: AbortSignal): Promise<void> {
    const now = Date.now();
    const at = Math.max(now, this.next);
    this.next = at + 1000 / this.perS;
    if (at > now) await sleep(at - now, undefined, { signal });
  }

  /** Nothing before `ms` from now (after a 429). */
  holdFor(ms: number): void {
    this.next = Math.max(this.next, Date.now() + ms);
  }
}

export interface PollingOptions {
  name: string;
  /** Seconds between the starts of two polls. */
  intervalS: number;
  backoff?: BackoffOptions;
  now?: () => number;
}

/**
 * Runs `pollOnce` every `intervalS` until stopped. A failure opens a gap, counts its kind and waits
 * (Retry-After when the server gave one, else exponential backoff) before polling again.
 */
export class PollingFeed {
  readonly monitor: FeedMonitor;
  private controller: AbortController | null = null;
  private loop: Promise<void> = Promise.resolve();
  private failures = 0;
  private readonly now: () => number;

  constructor(private readonly options: PollingOptions, private readonly pollOnce: (signal: AbortSignal) => Promise<void>, monitor?: FeedMonitor) {
    this.now = options.now ?? (() => Date.now() / 1000);
    this.monitor = monitor ?? new FeedMonitor(options.name, undefined, undefined, this.now);
  }

  start(): void {
    if (this.controller) return;
    this.controller = new AbortController();
    this.loop = this.run(this.controller.signal);
  }

  async stop(): Promise<void> {
    this.controller?.abort();
    await this.loop;
    this.controller = null;
    this.monitor.setState('stopped');
  }

  status(): FeedStatus {
    return this.monitor.status();
  }

  private async run(signal: AbortSignal): Promise<void> {
    this.monitor.setState('polling');
    while (!signal.aborted) {
      const started = Date.now();
      let waitMs: number;
      try {
        await this.pollOnce(signal);
        this.failures = 0;
        if (this.monitor.state !== 'polling') this.monitor.setState('polling');
        waitMs = Math.max(0, this.options.intervalS * 1000 - (Date.now() - started));
      } catch (error) {
        if (signal.aborted) break;
        waitMs = this.failed(error);
      }
      try {
        await sleep(waitMs, undefined, { signal });
      } catch {
        break; // aborted
      }
    }
  }

  /** Counts the failure and returns how long to wait before the next poll. */
  failed(error: unknown): number {
    const kind = error instanceof HttpFailure ? error.kind : `unexpected: ${(error as Error).message}`;
    this.monitor.errors.add(kind);
    this.monitor.interrupted(kind);
    this.failures++;
    const retryAfter = error instanceof HttpFailure ? error.retryAfterS : null;
    const waitMs = retryAfter !== null ? retryAfter * 1000 : backoffMs(this.failures, this.options.backoff);
    this.monitor.setState('backing-off');
    this.monitor.retryAt = this.now() + waitMs / 1000;
    return waitMs;
  }
}
