/**
 * The members of a tar archive read from a stream (a pipe, a download), one at a time: nothing is
 * unpacked to disk and memory holds one member and the 512-byte headers. POSIX ustar, GNU long names
 * and pax `path` headers, as ./tar.ts reads them from a file.
 */
import type { Readable } from 'node:stream';
import { cString, octal } from './tar.ts';

export interface StreamedMember { name: string; data: Buffer }

/** Regular-file members in archive order; `onBytes` sees every byte read (for the file's SHA-256). */
export async function* tarStream(input: Readable, onBytes?: (chunk: Buffer) => void): AsyncGenerator<StreamedMember> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let offset = 0;
  const iterator = input[Symbol.asyncIterator]();
  let ended = false;
  /** Exactly n bytes, or null at the end of the stream. */
  const take = async (n: number): Promise<Buffer | null> => {
    while (pendingBytes < n && !ended) {
      const next = await iterator.next();
      if (next.done) { ended = true; break; }
      const chunk = next.value as Buffer;
      onBytes?.(chunk);
      pending.push(chunk);
      pendingBytes += chunk.length;
    }
    if (pendingBytes < n) return null;
    const all = pending.length === 1 ? pending[0] : Buffer.concat(pending, pendingBytes);
    const out = Buffer.from(all.subarray(0, n));
    const rest = all.subarray(n);
    pending = rest.length ? [rest] : [];
    pendingBytes = rest.length;
    offset += n;
    return out;
  };
  let longName: string | null = null, paxPath: string | null = null;
  for (;;) {
    const header = await take(512);
    if (!header) {
      if (offset === 0) throw new Error('the stream is empty: not a tar archive');
      throw new Error(`the archive ends at byte ${offset + pendingBytes} without its end-of-archive blocks (truncated archive)`);
    }
    if (header.every((b) => b === 0)) break;
    if (!header.toString('latin1', 257, 263).startsWith('ustar')) throw new Error(`byte ${offset - 512}: not a tar header (an archive member is damaged or the stream is not a tar)`);
    const size = octal(header, 124, 12);
    const type = String.fromCharCode(header[156] || 48);
    const data = await take(size);
    if (!data) throw new Error(`member at byte ${offset - 512} claims ${size} bytes but the stream ends first (truncated archive)`);
    const pad = (512 - (size % 512)) % 512;
    if (pad && !(await take(pad))) throw new Error('the archive ends inside a member\'s padding (truncated archive)');
    if (type === 'L') { longName = cString(data, 0, size); continue; }
    if (type === 'x') { const m = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(data.toString('utf8')); if (m) paxPath = m[1]; continue; }
    const prefix = cString(header, 345, 155);
    const name = paxPath ?? longName ?? (prefix ? `${prefix}/${cString(header, 0, 100)}` : cString(header, 0, 100));
    longName = null; paxPath = null;
    if (type === '0' || type === '7') yield { name: name.replace(/^\.\//, ''), data };
  }
  // Read to the end, so that the hash covers every byte of the file.
  for (;;) { const next = await iterator.next(); if (next.done) break; onBytes?.(next.value as Buffer); }
}
