/**
 * Per-feed status (docs/feeds.md, "Status"): connection state, last message time, messages per
 * second, errors and ignored input by kind, the gaps in the data with their start and end, and how
 * often the feed fell silent. One `FeedMonitor` per feed; the TCP and HTTP feeds update it.
 */
import { ErrorCounts } from './types.ts';

export type FeedState = 'idle' | 'connecting' | 'connected' | 'polling' | 'backing-off' | 'stopped';

/** A stretch without data: from the last message before a drop (or the drop) to the first one after. */
export interface FeedGap {
  /** Epoch seconds of the last message before the gap (the drop itself when none had arrived). */
  start: number;
  /** Epoch seconds of the first message after it; null while the gap lasts. */
  end: number | null;
  /** Why it began: `connection-closed`, `connection-error: ECONNREFUSED`, `silent`, `http-429` … */
  reason: string;
}

export interface FeedStatus {
  name: string;
  state: FeedState;
  connectedAt: number | null;
  lastMessageAt: number | null;
  messages: number;
  /** Messages over the last `RATE_WINDOW_S` seconds, per second. */
  messagesPerS: number;
  errors: Record<string, number>;
  ignored: Record<string, number>;
  gaps: FeedGap[];
  /** Times the feed sent nothing for the silence limit while connected. */
  silences: number;
  reconnects: number;
  /** When the feed will try again, while backing off. */
  retryAt: number | null;
}

const RATE_WINDOW_S = 10;
const MAX_GAPS_KEPT = 1000;

export class FeedMonitor {
  state: FeedState = 'idle';
  connectedAt: number | null = null;
  lastMessageAt: number | null = null;
  messages = 0;
  silences = 0;
  reconnects = 0;
  retryAt: number | null = null;
  readonly gaps: FeedGap[] = [];
  private readonly buckets = new Map<number, number>();
  private openGap: FeedGap | null = null;

  constructor(readonly name: string, readonly errors = new ErrorCounts(), readonly ignored = new ErrorCounts(), private readonly now: () => number = () => Date.now() / 1000) {}

  setState(state: FeedState): void {
    this.state = state;
    if (state === 'connected' || state === 'polling') { this.connectedAt = this.now(); this.retryAt = null; }
  }

  /** Counts `n` messages that just arrived; closes an open gap. */
  message(n = 1): void {
    if (n <= 0) return;
    const t = this.now();
    this.messages += n;
    this.lastMessageAt = t;
    const second = Math.floor(t);
    this.buckets.set(second, (this.buckets.get(second) ?? 0) + n);
    if (this.buckets.size > RATE_WINDOW_S * 2) for (const k of this.buckets.keys()) if (k <= second - RATE_WINDOW_S) this.buckets.delete(k);
    if (this.openGap) { this.openGap.end = t; this.openGap = null; }
  }

  /** The feed stopped delivering (drop, error, silence): opens a gap unless one is open. */
  interrupted(reason: string): void {
    if (this.openGap) return;
    this.openGap = { start: this.lastMessageAt ?? this.now(), end: null, reason };
    this.gaps.push(this.openGap);
    if (this.gaps.length > MAX_GAPS_KEPT) this.gaps.shift();
  }

  messagesPerS(): number {
    const second = Math.floor(this.now());
    let n = 0;
    for (const [k, v] of this.buckets) if (k > second - RATE_WINDOW_S) n += v;
    return n / RATE_WINDOW_S;
  }

  status(): FeedStatus {
    return {
      name: this.name, state: this.state, connectedAt: this.connectedAt, lastMessageAt: this.lastMessageAt, messages: this.messages,
      messagesPerS: this.messagesPerS(), errors: this.errors.toJSON(), ignored: this.ignored.toJSON(),
      gaps: this.gaps.map((g) => ({ ...g })), silences: this.silences, reconnects: this.reconnects, retryAt: this.retryAt,
    };
  }
}

export interface BackoffOptions {
  /** First wait after a failure, ms (default 500). */
  initialMs?: number;
  /** Longest wait, ms (default 60,000). */
  maxMs?: number;
  /** Growth per consecutive failure (default 2). */
  factor?: number;
}

/** Exponential backoff: initial × factor^(failures−1), capped; no jitter, so tests and logs are reproducible. */
export function backoffMs(failures: number, options: BackoffOptions = {}): number {
  const initial = options.initialMs ?? 500;
  const max = options.maxMs ?? 60_000;
  const factor = options.factor ?? 2;
  return Math.min(max, initial * factor ** Math.max(0, failures - 1));
}
