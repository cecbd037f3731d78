/**
 * What the segmentation kernel (segment.ts) writes: the legs it finds, as parallel arrays, and the
 * local altitude minima it notes for the airport step. Both grow by doubling, so the kernel allocates
 * nothing per point.
 */
/** Legs found by the kernel, as parallel arrays (struct of arrays). Indices point into the columns. */
export class LegSpans {
  count = 0;
  private capacity: number;
  aircraft: Int32Array;
  /** First and last airborne point of the leg. */
  first: Int32Array;
  last: Int32Array;
  /** Last ground point before the take-off, first ground point after the landing (-1 when not seen). */
  takeoffGround: Int32Array;
  landingGround: Int32Array;
  startReason: Uint8Array;
  endReason: Uint8Array;
  /** Accepted airborne-phase points in the leg. */
  points: Int32Array;
  maxAltFt: Float32Array;
  pathKm: Float64Array;
  /** Points rejected inside the leg's time span: duplicates, position jumps, altitude spikes, phase noise. */
  duplicates: Int32Array;
  badPositions: Int32Array;
  badAltitudes: Int32Array;
  phaseNoise: Int32Array;
  /** Gaps of more than a minute inside the leg (coverage holes that did not end it). */
  gaps: Int32Array;
  /** Longest gap inside the leg, seconds. */
  longestGapS: Float32Array;
  /** False for airborne fragments below `minLegPoints` / `minLegSeconds`. */
  valid: Uint8Array;

  constructor(capacity = 64) {
    this.capacity = capacity;
    this.aircraft = new Int32Array(capacity);
    this.first = new Int32Array(capacity);
    this.last = new Int32Array(capacity);
    this.takeoffGround = new Int32Array(capacity);
    this.landingGround = new Int32Array(capacity);
    this.startReason = new Uint8Array(capacity);
    this.endReason = new Uint8Array(capacity);
    this.points = new Int32Array(capacity);
    this.maxAltFt = new Float32Array(capacity);
    this.pathKm = new Float64Array(capacity);
    this.duplicates = new Int32Array(capacity);
    this.badPositions = new Int32Array(capacity);
    this.badAltitudes = new Int32Array(capacity);
    this.phaseNoise = new Int32Array(capacity);
    this.gaps = new Int32Array(capacity);
    this.longestGapS = new Float32Array(capacity);
    this.valid = new Uint8Array(capacity);
  }

  clear(): void {
    this.count = 0;
  }

  /** Reserves one leg and returns its index. */
  add(): number {
    if (this.count === this.capacity) this.grow();
    return this.count++;
  }

  private grow(): void {
    const c = this.capacity * 2;
    const g = <T extends Int32Array | Uint8Array | Float32Array | Float64Array>(a: T): T => {
      const b = new (a.constructor as { new (n: number): T })(c);
      b.set(a as never);
      return b;
    };
    this.aircraft = g(this.aircraft); this.first = g(this.first); this.last = g(this.last);
    this.takeoffGround = g(this.takeoffGround); this.landingGround = g(this.landingGround);
    this.startReason = g(this.startReason); this.endReason = g(this.endReason); this.points = g(this.points);
    this.maxAltFt = g(this.maxAltFt); this.pathKm = g(this.pathKm); this.duplicates = g(this.duplicates);
    this.badPositions = g(this.badPositions); this.badAltitudes = g(this.badAltitudes); this.phaseNoise = g(this.phaseNoise);
    this.gaps = g(this.gaps); this.longestGapS = g(this.longestGapS); this.valid = g(this.valid);
    this.capacity = c;
  }
}

/** Local altitude minima inside airborne phases (candidate low passes and touch-and-goes). */
export class Minima {
  count = 0;
  index = new Int32Array(64);
  add(i: number): void {
    if (this.count === this.index.length) { const b = new Int32Array(this.count * 2); b.set(this.index); this.index = b; }
    this.index[this.count++] = i;
  }
  clear(): void { this.count = 0; }
}

export interface SegmentOutput {
  legs: LegSpans;
  minima: Minima;
  /** One byte per point: Q_* bits (columns.ts). Must be zeroed by the caller or hold only Q_REORDERED. */
  quality: Uint8Array;
}
