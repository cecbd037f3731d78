/**
 * A TCP feed (SBS on 30003, Beast on 30005) that stays up: it reconnects with exponential backoff
 * when the connection drops or is refused, records each gap in the data, and treats a connection
 * that sends nothing for `silenceS` seconds as dead (counted, then reconnected) instead of waiting
 * forever on a half-open socket.
 */
import { connect, type Socket } from 'node:net';
import { StringDecoder } from 'node:string_decoder';
import { BeastReader } from './beast.ts';
import { SbsReader } from './sbs.ts';
import { FeedMonitor, backoffMs, type BackoffOptions, type FeedStatus } from './status.ts';
import type { UpdateSink } from './types.ts';

export interface TcpFeedOptions {
  name?: string;
  protocol: 'sbs' | 'beast';
  host: string;
  port: number;
  backoff?: BackoffOptions;
  /** Beast: time messages by the receiver's 12 MHz clock (see `BeastReaderOptions.receiverClock`). */
  receiverClock?: boolean;
  /** Beast, a replayed capture: message times are this epoch second plus the 12 MHz clock's offset from the first frame. */
  startTimeS?: number;
  /** No byte for this long while connected = a silent feed (default 60 s). */
  silenceS?: number;
  now?: () => number;
}

export class TcpFeed {
  readonly monitor: FeedMonitor;
  private socket: Socket | null = null;
  private stopped = true;
  private failures = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private silenceTimer: NodeJS.Timeout | null = null;
  private readonly sbs: SbsReader | null;
  private readonly beast: BeastReader | null;
  private decoder = new StringDecoder('utf8');
  private closed: Promise<void> = Promise.resolve();
  private silent = false;
  private readonly now: () => number;
  /** Updates emitted since the last call (counted per chunk, so the monitor costs nothing per message). */
  private readonly countSince: () => number;

  constructor(private readonly options: TcpFeedOptions, onUpdate: UpdateSink) {
    const now = options.now ?? (() => Date.now() / 1000);
    this.now = now;
    let counted = 0;
    const emit: UpdateSink = (u) => { counted++; onUpdate(u); };
    this.sbs = options.protocol === 'sbs' ? new SbsReader(emit, now) : null;
    this.beast = options.protocol === 'beast' ? new BeastReader(emit, { now, receiverClock: options.receiverClock, startTimeS: options.startTimeS }) : null;
    const reader = (this.sbs ?? this.beast)!;
    this.monitor = new FeedMonitor(options.name ?? `${options.protocol}://${options.host}:${options.port}`, reader.errors, reader.ignored, now);
    this.countSince = () => { const n = counted; counted = 0; return n; };
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  /** Closes the connection and stops reconnecting; resolves when the socket is closed. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.clearSilence();
    this.socket?.destroy();
    await this.closed;
    this.monitor.setState('stopped');
  }

  status(): FeedStatus {
    return this.monitor.status();
  }

  private connect(): void {
    this.monitor.setState('connecting');
    const socket = connect({ host: this.options.host, port: this.options.port });
    this.socket = socket;
    this.silent = false;
    let failure = 'connection-closed';
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.on('connect', () => {
      this.monitor.setState('connected');
      this.armSilence();
    });
    socket.on('data', (chunk: Buffer) => {
      // Backoff resets on data, not on connect: a server that accepts and hangs up at once still backs off.
      this.failures = 0;
      this.armSilence();
      if (this.beast) this.beast.push(chunk); else this.sbs!.push(this.decoder.write(chunk));
      this.monitor.message(this.countSince());
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      failure = `connection-error: ${error.code ?? error.message}`;
    });
    socket.on('close', () => this.onClose(this.silent ? 'silent' : failure));
  }

  private onClose(reason: string): void {
    this.clearSilence();
    this.socket = null;
    // A frame or line cut by the drop is incomplete: counted, not decoded with the next connection's bytes.
    if (this.beast) this.beast.end();
    if (this.sbs) { this.sbs.discardPartial(); this.decoder = new StringDecoder('utf8'); }
    if (this.stopped) return;
    this.monitor.errors.add(reason.startsWith('connection-error') ? reason : reason === 'silent' ? 'silent-feed' : 'connection-dropped');
    this.monitor.interrupted(reason);
    this.failures++;
    const wait = backoffMs(this.failures, this.options.backoff);
    this.monitor.setState('backing-off');
    this.monitor.retryAt = this.now() + wait / 1000;
    this.retryTimer = setTimeout(() => { this.retryTimer = null; this.monitor.reconnects++; this.connect(); }, wait);
  }

  private armSilence(): void {
    this.clearSilence();
    const limitS = this.options.silenceS ?? 60;
    this.silenceTimer = setTimeout(() => {
      this.monitor.silences++;
      const socket = this.socket;
      if (!socket) return;
      this.silent = true;
      socket.destroy();
    }, limitS * 1000);
  }

  private clearSilence(): void {
    if (this.silenceTimer) clearTimeout(this.silenceTimer);
    this.silenceTimer = null;
  }
}
