/**
 * Responses of aggregate routes, keyed by URL and valid for one data version: the server owns the
 * database file, so the version (sources max id and count, writes through this server, start time —
 * src/engine/served.ts) changes exactly when an answer may change, and a new version drops every entry.
 * Bounded by entries and bytes; the oldest entry goes first (Map keeps insertion order).
 */
export interface CachedResponse {
  headers: Record<string, string>;
  /** Encoded once, so a hit costs no string encoding. */
  body: Buffer;
}

export class ResponseCache {
  private version = '';
  private readonly entries = new Map<string, CachedResponse>();
  private bytes = 0;

  constructor(private readonly maxEntries = 2000, private readonly maxBytes = 64 * 1024 * 1024, private readonly maxEntryBytes = 4 * 1024 * 1024) {}

  get(version: string, url: string): CachedResponse | undefined {
    if (version !== this.version) return undefined;
    return this.entries.get(url);
  }

  set(version: string, url: string, response: CachedResponse): CachedResponse {
    if (version !== this.version) {
      this.entries.clear();
      this.bytes = 0;
      this.version = version;
    }
    const size = response.body.length;
    if (size > this.maxEntryBytes) return response;
    const old = this.entries.get(url);
    if (old) { this.bytes -= old.body.length; this.entries.delete(url); }
    this.entries.set(url, response);
    this.bytes += size;
    while (this.entries.size > this.maxEntries || this.bytes > this.maxBytes) {
      const [oldest, entry] = this.entries.entries().next().value as [string, CachedResponse];
      this.entries.delete(oldest);
      this.bytes -= entry.body.length;
    }
    return response;
  }

  get size(): number {
    return this.entries.size;
  }
}
