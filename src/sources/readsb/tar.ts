/**
 * The members of a tar archive (POSIX ustar, GNU long names, pax headers), listed by reading only the
 * 512-byte headers, so a day of adsb.lol traces (one tar of ~50,000 members, several GB) is never read
 * into memory: each member is read by position when its turn comes.
 */
import { open } from 'node:fs/promises';

export interface TarMember {
  name: string;
  offset: number;
  size: number;
}

/** A numeric header field: octal text, or GNU base-256 for sizes of 8 GiB and more. */
export function octal(b: Buffer, from: number, length: number): number {
  // GNU base-256 for sizes of 8 GiB and more.
  if (b[from] & 0x80) {
    let v = 0;
    for (let i = from + 1; i < from + length; i++) v = v * 256 + b[i];
    return v;
  }
  const text = b.toString('latin1', from, from + length).replace(/\0.*$/s, '').trim();
  return text === '' ? 0 : parseInt(text, 8);
}

/** A text header field, cut at its first NUL. */
export function cString(b: Buffer, from: number, length: number): string {
  const end = b.indexOf(0, from);
  return b.toString('utf8', from, end < 0 || end > from + length ? from + length : end);
}

export function looksLikeTar(head: Uint8Array): boolean {
  return head.length >= 262 && Buffer.from(head.buffer, head.byteOffset, head.length).toString('latin1', 257, 262) === 'ustar';
}

/** A file of zero bytes in 512-byte blocks: what `tar` writes for an archive with nothing in it. */
export function looksLikeEmptyTar(head: Uint8Array, size: number): boolean {
  if (size < 1024 || size % 512 !== 0) return false;
  for (let i = 0; i < Math.min(head.length, 1024); i++) if (head[i] !== 0) return false;
  return true;
}

/** Regular-file members, in archive order. */
export async function listTar(path: string): Promise<TarMember[]> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const members: TarMember[] = [];
    const header = Buffer.alloc(512);
    let offset = 0, longName: string | null = null, paxPath: string | null = null;
    while (offset + 512 <= size) {
      await handle.read(header, 0, 512, offset);
      if (header.every((b) => b === 0)) break;
      const magic = header.toString('latin1', 257, 262);
      if (magic !== 'ustar' && !header.toString('latin1', 257, 263).startsWith('ustar')) {
        throw new Error(`byte ${offset}: not a tar header (an archive member is damaged or the file is not a tar)`);
      }
      const memberSize = octal(header, 124, 12);
      const type = String.fromCharCode(header[156] || 48);
      const data = offset + 512;
      if (data + memberSize > size) throw new Error(`member at byte ${offset} claims ${memberSize} bytes but the archive ends at ${size} (truncated archive)`);
      if (type === 'L') {
        const b = Buffer.alloc(memberSize);
        await handle.read(b, 0, memberSize, data);
        longName = cString(b, 0, memberSize);
      } else if (type === 'x') {
        const b = Buffer.alloc(memberSize);
        await handle.read(b, 0, memberSize, data);
        const m = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(b.toString('utf8'));
        if (m) paxPath = m[1];
      } else {
        const prefix = cString(header, 345, 155);
        const name = paxPath ?? longName ?? (prefix ? `${prefix}/${cString(header, 0, 100)}` : cString(header, 0, 100));
        if (type === '0' || type === '7') members.push({ name: name.replace(/^\.\//, ''), offset: data, size: memberSize });
        longName = null; paxPath = null;
      }
      offset = data + Math.ceil(memberSize / 512) * 512;
    }
    return members;
  } finally {
    await handle.close();
  }
}

export async function readMember(path: string, member: TarMember): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const b = Buffer.alloc(member.size);
    await handle.read(b, 0, member.size, member.offset);
    return b;
  } finally {
    await handle.close();
  }
}
