/**
 * Many rows into ClickHouse's RowBinary input format, column arrays in, one buffer out: the ClickHouse
 * twin of the DuckDB columnar appender (../columnar-appender.ts). Values are little-endian fixed-width
 * integers taken byte for byte from typed arrays; a Nullable column is a 0/1 null byte before the value
 * (none when null). `rows` picks the rows (a shard's share), in order.
 */
export type RbColumn =
  | { kind: 'raw'; data: ArrayBufferView; width: 1 | 2 | 4 | 8; validity?: Uint32Array }
  | { kind: 'const-i32'; value: number };

export function rowBinary(columns: RbColumn[], rows: Int32Array | null, n: number): Buffer {
  const count = rows ? rows.length : n;
  let perRow = 0;
  for (const c of columns) perRow += c.kind === 'raw' ? c.width + (c.validity ? 1 : 0) : 4;
  const out = Buffer.allocUnsafe(perRow * count);
  const views = columns.map((c) => (c.kind === 'raw' ? new Uint8Array(c.data.buffer, c.data.byteOffset, c.data.byteLength) : null));
  let o = 0;
  for (let k = 0; k < count; k++) {
    const i = rows ? rows[k] : k;
    for (let j = 0; j < columns.length; j++) {
      const c = columns[j];
      if (c.kind === 'const-i32') { out.writeInt32LE(c.value, o); o += 4; continue; }
      if (c.validity) {
        if ((c.validity[i >>> 5] & (1 << (i & 31))) === 0) { out[o++] = 1; continue; }
        out[o++] = 0;
      }
      const v = views[j]!, w = c.width, from = i * w;
      for (let b = 0; b < w; b++) out[o + b] = v[from + b];
      o += w;
    }
  }
  return o === out.length ? out : out.subarray(0, o);
}

/** Row indexes per shard by a 32-bit key: shard = key % shards (the Distributed tables' sharding rule, equal weights). */
export function splitByShard(keys: Uint32Array, n: number, shards: number): Int32Array[] {
  if (shards === 1) return [Int32Array.from({ length: n }, (_, i) => i)];
  const counts = new Int32Array(shards);
  for (let i = 0; i < n; i++) counts[keys[i] % shards]++;
  const out = Array.from(counts, (c) => new Int32Array(c));
  const fill = new Int32Array(shards);
  for (let i = 0; i < n; i++) { const s = keys[i] % shards; out[s][fill[s]++] = i; }
  return out;
}
