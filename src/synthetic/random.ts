/** A seeded generator, so synthetic files are the same on every machine and tests can rely on them. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0 || 1;
  }

  /** mulberry32: small, fast, and good enough for test data. */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(min: number, maxInclusive: number): number {
    return min + Math.floor(this.next() * (maxInclusive - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** Picks from `[value, weight]` pairs in proportion to the weights. */
export class Weighted<T> {
  private readonly cumulative: number[] = [];
  private readonly values: T[] = [];

  constructor(pairs: readonly (readonly [T, number])[]) {
    let sum = 0;
    for (const [value, weight] of pairs) {
      sum += weight;
      this.values.push(value);
      this.cumulative.push(sum);
    }
    this.cumulative = this.cumulative.map((c) => c / sum);
  }

  pick(random: Random): T {
    const r = random.next();
    let lo = 0, hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid] < r) lo = mid + 1; else hi = mid;
    }
    return this.values[lo];
  }
}

/** Days since 1970-01-01 ↔ ISO date, in UTC arithmetic only (no local time zone involved). */
export function isoFromDayNumber(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

export function dayNumberFromIso(iso: string): number {
  return Math.round(Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000);
}
