/**
 * From events to delivered alerts: one alert per event (deduplicated by `eventKey` within a time
 * window, whichever feed reported it), then per sink: quiet hours hold it until they end, a rate limit
 * delays it (never drops it), and a failed delivery is retried with exponential backoff. Every step
 * is reported to the injected recorder — delivered, failed and why, held until when, given up — so no
 * alert is lost without a record (docs/feeds.md, "Alerts").
 */
import { DEDUP_WINDOW_S, MemorySeenEvents, eventKey, type AlertEvent, type SeenEvents } from './event.ts';
import { renderAlert, type Locale } from './messages.ts';
import { DeliveryError, type AlertMessage, type Sink } from './sinks.ts';

export type DeliveryOutcome = 'delivered' | 'failed' | 'gave-up' | 'held-quiet-hours' | 'held-rate-limit' | 'duplicate';

export interface DeliveryRecord {
  key: string;
  /** The sink's name, or "*" for a duplicate (refused before any sink). */
  sink: string;
  outcome: DeliveryOutcome;
  /** 1 for the first attempt at this sink. */
  attempt: number;
  /** Epoch seconds of the record. */
  at: number;
  /** Why it failed or was held; for a duplicate, the key's earlier event time. */
  reason?: string;
  /** When it will be tried again (failed, held). */
  retryAt?: number;
}

export interface DeliveryRecorder {
  record(entry: DeliveryRecord): void;
}

/** Local clock times "HH:MM" in an IANA zone; `from` after `to` spans midnight (22:00–07:00). */
export interface QuietHours {
  from: string;
  to: string;
  timeZone: string;
}

export interface RetryOptions {
  /** Attempts in all, the first included (default 5). */
  attempts?: number;
  initialMs?: number;
  factor?: number;
  maxMs?: number;
}

export interface SinkConfig {
  sink: Sink;
  locale: Locale;
  quietHours?: QuietHours;
  /** At most `max` alerts per `perS` seconds; the rest wait their turn. */
  rateLimit?: { max: number; perS: number };
  retry?: RetryOptions;
}

function minutes(hhmm: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) throw new RangeError(`quiet hours: "${hhmm}" is not HH:MM`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** Minutes past local midnight in `timeZone` at epoch second `t`. */
export function localMinutes(t: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(t * 1000));
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  return get('hour') * 60 + get('minute');
}

/**
 * If `t` falls in the quiet hours, the epoch second they end; else null. The end is counted in local
 * minutes from `t`, so a daylight-saving change inside the quiet hours shifts it by that hour.
 */
export function quietUntil(q: QuietHours, t: number): number | null {
  const from = minutes(q.from);
  const to = minutes(q.to);
  const now = localMinutes(t, q.timeZone);
  const quiet = from < to ? now >= from && now < to : from > to ? now >= from || now < to : false;
  if (!quiet) return null;
  return Math.floor(t / 60) * 60 + ((to - now + 1440) % 1440) * 60;
}

interface Held {
  config: SinkConfig;
  message: AlertMessage;
  attempt: number;
  until: number;
}

export interface DispatcherOptions {
  seen?: SeenEvents;
  /** Epoch seconds; injectable so tests can move through quiet hours. */
  now?: () => number;
}

export class AlertDispatcher {
  private readonly seen: SeenEvents;
  private readonly now: () => number;
  private readonly held: Held[] = [];
  private readonly sent = new Map<Sink, number[]>();
  private readonly inFlight = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  /** Records the recorder refused (each also written to stderr). */
  recorderFailures = 0;

  constructor(private readonly sinks: SinkConfig[], private readonly recorder: DeliveryRecorder, options: DispatcherOptions = {}) {
    this.seen = options.seen ?? new MemorySeenEvents();
    this.now = options.now ?? (() => Date.now() / 1000);
    for (const s of sinks) if (s.quietHours) quietUntil(s.quietHours, 0); // invalid HH:MM fails here, not at 3 a.m.
  }

  /** Takes one event: `duplicate` when the same event was alerted within its window, else every sink gets it. */
  submit(event: AlertEvent): 'accepted' | 'duplicate' {
    const key = eventKey(event);
    const last = this.seen.lastAt(key);
    if (last !== undefined && Math.abs(event.at - last) <= DEDUP_WINDOW_S[event.kind]) {
      this.record({ key, sink: '*', outcome: 'duplicate', attempt: 0, reason: `same event at ${new Date(last * 1000).toISOString()}` });
      return 'duplicate';
    }
    this.seen.remember(key, event.at);
    for (const config of this.sinks) {
      const message: AlertMessage = { ...renderAlert(event, config.locale), key, event };
      this.track(this.attempt(config, message, 1));
    }
    return 'accepted';
  }

  /** Resolves when no delivery or retry is under way (held alerts wait for `releaseDue`). */
  async idle(): Promise<void> {
    while (this.inFlight.size) await Promise.all([...this.inFlight]);
  }

  /** Alerts waiting for quiet hours to end or for the rate limit. */
  waiting(): { key: string; sink: string; until: number }[] {
    return this.held.map((h) => ({ key: h.message.key, sink: h.config.sink.name, until: h.until }));
  }

  /** Sends the held alerts whose time has come (called by a timer, and by tests after moving the clock). */
  releaseDue(): void {
    const now = this.now();
    for (let i = 0; i < this.held.length;) {
      const h = this.held[i]!;
      if (h.until <= now) {
        this.held.splice(i, 1);
        this.track(this.attempt(h.config, h.message, h.attempt));
      } else i++;
    }
    this.schedule();
  }

  /** Stops the release timer; alerts still waiting are returned so the caller can persist them. */
  close(): { key: string; sink: string; until: number }[] {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    return this.waiting();
  }

  private track(p: Promise<void>): void {
    const settled = p.catch((error: unknown) => {
      process.stderr.write(`deportwatch alerts: delivery stopped by an unexpected error: ${(error as Error).message}\n`);
    }).finally(() => this.inFlight.delete(settled));
    this.inFlight.add(settled);
  }

  private record(entry: Omit<DeliveryRecord, 'at'>): void {
    const full = { ...entry, at: this.now() };
    try {
      this.recorder.record(full);
    } catch (error) {
      // The record could not be kept: say so where an operator will see it, and count it.
      this.recorderFailures++;
      process.stderr.write(`deportwatch alerts: could not record ${JSON.stringify(full)}: ${(error as Error).message}\n`);
    }
  }

  private hold(config: SinkConfig, message: AlertMessage, attempt: number, until: number, outcome: DeliveryOutcome, reason: string): void {
    this.held.push({ config, message, attempt, until });
    this.record({ key: message.key, sink: config.sink.name, outcome, attempt, reason, retryAt: until });
    this.schedule();
  }

  private async attempt(config: SinkConfig, message: AlertMessage, attempt: number): Promise<void> {
    const now = this.now();
    const quiet = config.quietHours ? quietUntil(config.quietHours, now) : null;
    if (quiet !== null) return this.hold(config, message, attempt, quiet, 'held-quiet-hours', `quiet hours ${config.quietHours!.from}–${config.quietHours!.to} ${config.quietHours!.timeZone}`);
    if (config.rateLimit) {
      const times = (this.sent.get(config.sink) ?? []).filter((t) => t > now - config.rateLimit!.perS);
      this.sent.set(config.sink, times);
      if (times.length >= config.rateLimit.max) {
        return this.hold(config, message, attempt, times[0]! + config.rateLimit.perS, 'held-rate-limit', `${config.rateLimit.max} per ${config.rateLimit.perS} s`);
      }
      times.push(now);
    }
    let error: unknown = null;
    try {
      await config.sink.deliver(message);
    } catch (e) {
      error = e ?? new Error('rejected without a reason');
    }
    // Recorded outside the try: a recorder that throws must not turn a delivered alert into a retry.
    if (error === null) {
      this.record({ key: message.key, sink: config.sink.name, outcome: 'delivered', attempt });
      return;
    }
    const reason = error instanceof DeliveryError ? error.message : `unexpected: ${(error as Error).message}`;
    const retryable = !(error instanceof DeliveryError) || error.retryable;
    const r = config.retry ?? {};
    if (!retryable || attempt >= (r.attempts ?? 5)) {
      this.record({ key: message.key, sink: config.sink.name, outcome: 'failed', attempt, reason });
      this.record({ key: message.key, sink: config.sink.name, outcome: 'gave-up', attempt, reason: retryable ? `no success in ${attempt} attempts` : 'permanent failure' });
      return;
    }
    const waitMs = Math.min(r.maxMs ?? 300_000, (r.initialMs ?? 2_000) * (r.factor ?? 2) ** (attempt - 1));
    this.record({ key: message.key, sink: config.sink.name, outcome: 'failed', attempt, reason, retryAt: this.now() + waitMs / 1000 });
    await new Promise((resolve) => setTimeout(resolve, waitMs));
    await this.attempt(config, message, attempt + 1);
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.held.length === 0) return;
    const next = Math.min(...this.held.map((h) => h.until));
    this.timer = setTimeout(() => this.releaseDue(), Math.max(0, (next - this.now()) * 1000) + 10);
    this.timer.unref(); // a waiting alert does not keep a finished process alive; `close()` hands it back
  }
}
