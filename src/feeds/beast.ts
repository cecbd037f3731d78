/**
 * Beast binary (readsb/dump1090 TCP 30005; Mode-S Beast "binary format"): every frame is
 *   0x1a, type ('1' Mode A/C 2 bytes, '2' Mode S short 7, '3' Mode S long 14, '4' receiver status),
 *   6-byte big-endian 12 MHz timestamp, 1 signal byte, the frame bytes,
 * and any 0x1a inside the timestamp, signal or frame is sent twice. A lone 0x1a therefore always starts
 * a frame, which is how a reader resynchronises after garbage or a truncated frame.
 *
 * `BeastFramer` splits a byte stream (in chunks of any size) into unescaped frames without allocating
 * per frame; `BeastReader` decodes them through the Mode S decoder into `PositionUpdate`s.
 */
import { readFileSync } from 'node:fs';
import { ModeSDecoder } from './modes/decoder.ts';
import { ErrorCounts, type PositionUpdate, type UpdateSink } from './types.ts';

const ESC = 0x1a;
/** Data bytes after the timestamp and signal byte, by type byte. */
function frameBytes(type: number): number {
  return type === 0x33 ? 14 : type === 0x32 ? 7 : type === 0x31 ? 2 : -1;
}

/** Called per frame: `data` holds 6 timestamp bytes, the signal byte, then `bytes` frame bytes (reused buffer). */
export type BeastFrameHandler = (type: number, data: Uint8Array, bytes: number) => void;

export class BeastFramer {
  readonly errors: ErrorCounts;
  /** Frames of each type seen ('1', '2', '3', '4' …), for the status report. */
  frames = 0;
  private pending: Uint8Array = new Uint8Array(0);
  private readonly scratch = new Uint8Array(6 + 1 + 14);

  constructor(private readonly onFrame: BeastFrameHandler, errors = new ErrorCounts()) {
    this.errors = errors;
  }

  /** Feeds the next chunk; bytes of an incomplete frame at the end wait for the next chunk. */
  push(chunk: Uint8Array): void {
    let buf = chunk;
    if (this.pending.length) {
      buf = new Uint8Array(this.pending.length + chunk.length);
      buf.set(this.pending, 0);
      buf.set(chunk, this.pending.length);
    }
    const used = this.scan(buf);
    this.pending = used < buf.length ? buf.slice(used) : new Uint8Array(0);
  }

  /** At the end of a stream: what is left is a truncated frame. */
  end(): void {
    if (this.pending.length) this.errors.add('beast-truncated-at-end');
    this.pending = new Uint8Array(0);
  }

  /** Returns how many bytes were consumed (the rest is an incomplete frame). */
  private scan(buf: Uint8Array): number {
    const n = buf.length;
    const out = this.scratch;
    let i = 0;
    while (i < n) {
      if (buf[i] !== ESC) {
        // Bytes outside a frame: count one desync per run of them, then skip to the next 0x1a.
        this.errors.add('beast-out-of-frame-bytes');
        while (i < n && buf[i] !== ESC) i++;
        continue;
      }
      if (i + 1 >= n) return i;
      const type = buf[i + 1]!;
      if (type === ESC) { i += 2; continue; } // an escaped 0x1a outside a frame: part of garbage
      const bytes = frameBytes(type);
      if (bytes < 0) {
        // '4' (receiver status) and unknown types: skip to the next lone 0x1a without decoding.
        let j = i + 2;
        for (; j < n; j++) {
          if (buf[j] !== ESC) continue;
          if (j + 1 >= n) return i;
          if (buf[j + 1] === ESC) { j++; continue; }
          break;
        }
        if (j >= n) return i;
        this.errors.add(type === 0x34 ? 'beast-status-frame' : 'beast-unknown-type');
        i = j;
        continue;
      }
      const need = 7 + bytes;
      let j = i + 2;
      let k = 0;
      let truncated = false;
      while (k < need) {
        if (j >= n) return i;
        const b = buf[j]!;
        if (b === ESC) {
          if (j + 1 >= n) return i;
          if (buf[j + 1] !== ESC) { truncated = true; break; } // a new frame starts inside this one
          j++;
        }
        out[k++] = b;
        j++;
      }
      if (truncated) { this.errors.add('beast-truncated-frame'); i = j; continue; }
      this.frames++;
      this.onFrame(type, out, bytes);
      i = j;
    }
    return i;
  }
}

export interface BeastReaderOptions {
  /**
   * Epoch seconds of the first frame, for a recording: message times are then this plus the 12 MHz
   * timestamp's offset from the first frame (the way beastblackbox's `--init-time-unix` decodes a
   * capture). Without it, a message's time is when it was read.
   */
  startTimeS?: number;
  /**
   * Live feeds: time messages by the receiver's 12 MHz clock from the wall-clock time of the first
   * frame, instead of by when each chunk was read (chunks bunch messages together). The clock of a
   * receiver can restart; then the reader falls back to the wall clock for frames before the restart.
   */
  receiverClock?: boolean;
  /** Wall clock, seconds; injectable for recordings. */
  now?: () => number;
}

/** Beast bytes → `PositionUpdate`s; counts malformed input in `errors` and undecoded frames in `ignored`. */
export class BeastReader {
  readonly errors = new ErrorCounts();
  readonly decoder = new ModeSDecoder({ feed: 'beast', errors: this.errors });
  readonly ignored = this.decoder.ignored;
  private readonly framer: BeastFramer;
  private firstTicks = -1;
  private clockStart: number | undefined;
  private receivedAt = 0;

  constructor(private readonly emit: UpdateSink, private readonly options: BeastReaderOptions = {}) {
    this.framer = new BeastFramer((type, data, bytes) => this.frame(type, data, bytes), this.errors);
  }

  get frames(): number {
    return this.framer.frames;
  }

  push(chunk: Uint8Array): void {
    this.receivedAt = (this.options.now ?? wallClock)();
    this.framer.push(chunk);
  }

  end(): void {
    this.framer.end();
  }

  private frame(type: number, data: Uint8Array, bytes: number): void {
    if (type === 0x31) { this.ignored.add('mode-ac'); return; } // Mode A/C replies carry no address
    // 48-bit timestamp: high 16 bits × 2^32 + low 32 bits stays exact in a double.
    const ticks = ((data[0]! << 8) | data[1]!) * 4294967296 + (((data[2]! << 24) | (data[3]! << 16) | (data[4]! << 8) | data[5]!) >>> 0);
    let time = this.receivedAt;
    if ((this.options.startTimeS !== undefined || this.options.receiverClock) && ticks !== 0) {
      if (this.firstTicks < 0 || ticks < this.firstTicks) {
        // The first frame, or a receiver whose counter restarted: re-anchor on the wall clock.
        this.firstTicks = ticks;
        this.clockStart = this.options.startTimeS ?? this.receivedAt;
      }
      time = (this.options.startTimeS ?? this.clockStart!) + (ticks - this.firstTicks) / 12e6;
    }
    this.decoder.decode(data, 7, bytes, time, this.options.startTimeS !== undefined ? time : this.receivedAt, this.emit);
  }
}

function wallClock(): number {
  return Date.now() / 1000;
}

/** Reads a whole Beast recording. */
export function readBeastFile(path: string, options: BeastReaderOptions = {}): { updates: PositionUpdate[]; reader: BeastReader } {
  const updates: PositionUpdate[] = [];
  const reader = new BeastReader((u) => updates.push(u), options);
  reader.push(readFileSync(path));
  reader.end();
  return { updates, reader };
}
