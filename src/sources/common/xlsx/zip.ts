/**
 * Just enough ZIP (APPNOTE.TXT 6.3.x) to read an XLSX package: the central directory is found from
 * the end of the file, and one entry at a time is read from disk and inflated as a stream, so memory
 * stays bounded by one chunk, not by the size of a sheet. Node's own zlib does the inflating: it is
 * native (several times faster than a JavaScript inflater, which took a third of the reader's time)
 * and runs in libuv's thread pool, so the next slice inflates on the other core while this thread
 * scans the text of the previous one. The zip structure is parsed here (zlib knows no zip).
 */
import { open, type FileHandle } from 'node:fs/promises';
import { isAscii } from 'node:buffer';
import { basename } from 'node:path';
import { createInflateRaw, type InflateRaw } from 'node:zlib';
import { UserError } from '../../../domain/errors.ts';

/** A file that is not a readable workbook. The message names the file and says what is wrong. */
export class XlsxError extends UserError {
  constructor(readonly file: string, problem: string) {
    super(`${basename(file)}: ${problem}`);
    this.name = 'XlsxError';
  }
}

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

/** Part names in a package are case-insensitive (ECMA-376 Part 2, §6.2.2.3), so the map is keyed lower-case. */
export type ZipDirectory = Map<string, ZipEntry>;

const EOCD_SIG = 0x06054b50;
const EOCD64_LOCATOR_SIG = 0x07064b50;
const EOCD64_SIG = 0x06064b50;
const CDH_SIG = 0x02014b50;
const LFH_SIG = 0x04034b50;
const EOCD_SIZE = 22;
const MAX_COMMENT = 0xffff;
/** Compressed bytes per read from disk. */
const READ_CHUNK = 256 << 10;
/**
 * Compressed bytes per write into the inflater: one slice is inflated ahead of the one being scanned,
 * so this bounds what a head read inflates beyond what it needs, and (with the output chunk size) the
 * text held at once: sheet XML inflates five- to fortyfold.
 */
const INFLATE_SLICE = 64 << 10;
/** Largest inflation ratio accepted for a part of more than MAX_RATIO_FROM bytes (zip bombs). */
export const MAX_RATIO = 500;
const MAX_RATIO_FROM = 16 << 20;

function mbText(bytes: number): string {
  return bytes >= 1 << 20 ? `${Math.round(bytes / (1 << 20))} MB` : `${Math.round(bytes / 1024)} KB`;
}

/** Inflated bytes per chunk handed to the decoder and scanner. */
const OUTPUT_CHUNK = 256 << 10;

const TRUNCATED = "not a complete XLSX workbook (the zip's central directory is missing; the file may be truncated)";

export async function readZipDirectory(path: string, fh: FileHandle): Promise<ZipDirectory> {
  const stat = await fh.stat();
  if (!stat.isFile()) throw new XlsxError(path, 'not a regular file, so not an XLSX workbook');
  const size = stat.size;
  const head = await readAt(fh, 0, Math.min(8, size));
  if (head.length >= 4 && head.readUInt32LE(0) === 0xe011cfd0) {
    // D0 CF 11 E0: an OLE2 compound file. Excel saves both legacy .xls and password-protected
    // .xlsx this way, so either is possible; neither is a zip.
    throw new XlsxError(path, 'not an XLSX workbook: it is an OLE2 compound file (a legacy .xls, or an .xlsx encrypted with a password); save it as an unprotected .xlsx');
  }
  if (head.length < 2 || head[0] !== 0x50 || head[1] !== 0x4b) {
    throw new XlsxError(path, `not an XLSX workbook (an XLSX file is a zip archive, and this one does not start like one${size === 0 ? '; it is empty' : ''})`);
  }
  const tailLength = Math.min(size, EOCD_SIZE + MAX_COMMENT);
  const tail = await readAt(fh, size - tailLength, tailLength);
  let at = -1;
  for (let i = tail.length - EOCD_SIZE; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD_SIG && i + EOCD_SIZE + tail.readUInt16LE(i + 20) <= tail.length) { at = i; break; }
  }
  if (at < 0) throw new XlsxError(path, TRUNCATED);
  let entries = tail.readUInt16LE(at + 10);
  let cdSize = tail.readUInt32LE(at + 12);
  let cdOffset = tail.readUInt32LE(at + 16);
  const eocdOffset = size - tailLength + at;
  if (entries === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    // ZIP64: the real values sit in the ZIP64 end record, found through the locator just before.
    const locator = eocdOffset >= 20 ? await readAt(fh, eocdOffset - 20, 20) : Buffer.alloc(0);
    if (locator.length < 20 || locator.readUInt32LE(0) !== EOCD64_LOCATOR_SIG) throw new XlsxError(path, TRUNCATED);
    const rec = await readAt(fh, Number(locator.readBigUInt64LE(8)), 56);
    if (rec.length < 56 || rec.readUInt32LE(0) !== EOCD64_SIG) throw new XlsxError(path, TRUNCATED);
    entries = Number(rec.readBigUInt64LE(32));
    cdSize = Number(rec.readBigUInt64LE(40));
    cdOffset = Number(rec.readBigUInt64LE(48));
  }
  if (cdOffset + cdSize > size) throw new XlsxError(path, TRUNCATED);
  const cd = await readAt(fh, cdOffset, cdSize);
  const dir: ZipDirectory = new Map();
  let p = 0;
  for (let n = 0; n < entries; n++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== CDH_SIG) {
      throw new XlsxError(path, `corrupt zip: central directory entry ${n + 1} of ${entries} is damaged`);
    }
    const nameLength = cd.readUInt16LE(p + 28);
    const extraLength = cd.readUInt16LE(p + 30);
    const commentLength = cd.readUInt16LE(p + 32);
    const entry: ZipEntry = {
      name: cd.toString('utf8', p + 46, p + 46 + nameLength),
      method: cd.readUInt16LE(p + 10),
      compressedSize: cd.readUInt32LE(p + 20),
      uncompressedSize: cd.readUInt32LE(p + 24),
      localHeaderOffset: cd.readUInt32LE(p + 42),
    };
    if (entry.compressedSize === 0xffffffff || entry.uncompressedSize === 0xffffffff || entry.localHeaderOffset === 0xffffffff) {
      readZip64Extra(cd, p + 46 + nameLength, extraLength, entry);
    }
    if (cd.readUInt16LE(p + 8) & 1) throw new XlsxError(path, `${entry.name} is encrypted inside the zip; XLSX parts are never zip-encrypted, so this is not a workbook Excel wrote`);
    dir.set(entry.name.toLowerCase(), entry);
    p += 46 + nameLength + extraLength + commentLength;
  }
  return dir;
}

/** The ZIP64 extended-information extra field (0x0001) holds, in this order, only the fields that overflowed. */
function readZip64Extra(cd: Buffer, start: number, length: number, entry: ZipEntry): void {
  for (let q = start; q + 4 <= start + length;) {
    const id = cd.readUInt16LE(q);
    const len = cd.readUInt16LE(q + 2);
    if (id === 0x0001) {
      let r = q + 4;
      if (entry.uncompressedSize === 0xffffffff) { entry.uncompressedSize = Number(cd.readBigUInt64LE(r)); r += 8; }
      if (entry.compressedSize === 0xffffffff) { entry.compressedSize = Number(cd.readBigUInt64LE(r)); r += 8; }
      if (entry.localHeaderOffset === 0xffffffff) entry.localHeaderOffset = Number(cd.readBigUInt64LE(r));
      return;
    }
    q += 4 + len;
  }
}

async function readAt(fh: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await fh.read(buf, done, length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return done === length ? buf : buf.subarray(0, done);
}

/**
 * Writes one slice into the inflater (or ends its input, for null) and resolves once zlib has
 * consumed it, its output delivered to the 'data' listener. zlib reports corrupt data as an 'error'
 * event without calling the write's callback, so both are listened to.
 */
function inflateStep(inflater: InflateRaw, slice: Buffer | null): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    inflater.once('error', onError);
    const done = (error?: Error | null) => { inflater.off('error', onError); if (error) reject(error); else resolve(); };
    if (slice) inflater.write(slice, done);
    else { inflater.once('end', () => done()); inflater.end(); }
  });
}

/**
 * The entry's uncompressed bytes, chunk by chunk. Stop iterating to stop reading and inflating
 * (that is how a head read stays cheap on a large sheet).
 */
export async function* entryChunks(path: string, fh: FileHandle, entry: ZipEntry): AsyncGenerator<Uint8Array> {
  const local = await readAt(fh, entry.localHeaderOffset, 30);
  if (local.length < 30 || local.readUInt32LE(0) !== LFH_SIG) {
    throw new XlsxError(path, `corrupt zip: the data of ${entry.name} is not where the central directory says it is`);
  }
  let position = entry.localHeaderOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  const end = position + entry.compressedSize;
  if (entry.method !== 0 && entry.method !== 8) {
    throw new XlsxError(path, `${entry.name} is compressed with zip method ${entry.method}; only stored (0) and deflate (8) are used in XLSX files`);
  }
  // A zip bomb: real sheet XML inflates five- to fortyfold (a sheet of empty cells a few hundredfold);
  // a part that claims far more is refused before any of it is inflated.
  if (entry.uncompressedSize > MAX_RATIO_FROM && entry.uncompressedSize > MAX_RATIO * Math.max(1, entry.compressedSize)) {
    throw new XlsxError(path, `${entry.name} would inflate ${Math.round(entry.uncompressedSize / Math.max(1, entry.compressedSize))} times its compressed size (${mbText(entry.uncompressedSize)} from ${mbText(entry.compressedSize)}), more than any real workbook (at most ${MAX_RATIO}×); it was refused as a possible zip bomb`);
  }
  let produced = 0;
  if (entry.method === 0) {
    while (position < end) {
      const length = Math.min(READ_CHUNK, end - position);
      const chunk = await readAt(fh, position, length);
      if (chunk.length < length) throw new XlsxError(path, `${entry.name} is cut short: the file ends inside it (the file may be truncated)`);
      position += length;
      produced += chunk.length;
      yield chunk;
    }
  } else {
    const inflater = createInflateRaw({ chunkSize: OUTPUT_CHUNK });
    let out: Buffer[] = [];
    let lied = false;
    inflater.on('data', (data: Buffer) => {
      produced += data.length;
      // More than the directory says: stop at once rather than inflate whatever the part holds.
      if (produced > entry.uncompressedSize) { lied = true; inflater.pause(); return; }
      out.push(data);
    });
    const corrupt = (error: unknown) => new XlsxError(path, `${entry.name} is corrupt (its compressed data cannot be inflated: ${(error as Error).message})`);
    // One slice in flight: it inflates in the thread pool while the consumer scans the output of the one before.
    let inFlight: Promise<void> | null = null;
    try {
      while (position < end || inFlight) {
        let next: Promise<void> | null = null;
        if (position < end) {
          const length = Math.min(INFLATE_SLICE, end - position);
          const slice = await readAt(fh, position, length);
          if (slice.length < length) throw new XlsxError(path, `${entry.name} is cut short: the file ends inside it (the file may be truncated)`);
          position += length;
          next = inflateStep(inflater, slice);
          next.catch(() => undefined); // awaited below; this only keeps an early return from leaving it unhandled
        }
        if (inFlight) {
          try { await inFlight; } catch (error) { throw corrupt(error); }
          if (lied) throw new XlsxError(path, `${entry.name} is corrupt (it inflates to more than the ${entry.uncompressedSize} bytes the zip says); it was refused as a possible zip bomb`);
          const ready = out;
          out = [];
          for (let i = 0; i < ready.length; i++) yield ready[i];
        }
        inFlight = next;
      }
      try { await inflateStep(inflater, null); } catch (error) { throw corrupt(error); }
      for (let i = 0; i < out.length; i++) yield out[i];
    } finally {
      inflater.destroy();
    }
  }
  if (produced !== entry.uncompressedSize) {
    throw new XlsxError(path, `${entry.name} is corrupt (it inflates to ${produced} bytes, the zip says ${entry.uncompressedSize})`);
  }
}

/** A whole (small) part as text: workbook.xml, rels, styles. */
export async function readEntryText(path: string, fh: FileHandle, entry: ZipEntry): Promise<string> {
  const decoder = new XmlDecoder();
  let text = '';
  for await (const chunk of entryChunks(path, fh, entry)) text += decoder.decode(chunk);
  return text + decoder.end();
}

/**
 * Bytes to text, chunk by chunk. XML parts are UTF-8 in practice (XML allows UTF-16 with a
 * byte-order mark, and a few generators write it; the first bytes decide). Sheet XML is nearly all
 * ASCII, and an ASCII chunk decodes as Latin-1 — a plain copy, several times faster than UTF-8
 * decoding. A multi-byte character split across two chunks is carried over whole.
 */
export class XmlDecoder {
  private utf16: TextDecoder | null = null;
  private started = false;
  private carry: Uint8Array | null = null;

  decode(chunk: Uint8Array): string {
    if (!this.started) {
      this.started = true;
      if (chunk.length >= 2 && ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff))) {
        this.utf16 = new TextDecoder(chunk[0] === 0xff ? 'utf-16le' : 'utf-16be');
      } else if (chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) {
        chunk = chunk.subarray(3); // the UTF-8 byte-order mark is not text
      }
    }
    if (this.utf16) return this.utf16.decode(chunk, { stream: true });
    if (this.carry) {
      const joined = new Uint8Array(this.carry.length + chunk.length);
      joined.set(this.carry);
      joined.set(chunk, this.carry.length);
      chunk = joined;
      this.carry = null;
    }
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    if (isAscii(chunk)) return bytes.toString('latin1');
    // Hold back a character whose bytes run past the end of this chunk.
    let end = bytes.length;
    let lead = end - 1;
    while (lead > 0 && lead > end - 4 && (bytes[lead] & 0xc0) === 0x80) lead--;
    const first = bytes[lead];
    const needed = first >= 0xf0 ? 4 : first >= 0xe0 ? 3 : first >= 0xc0 ? 2 : 1;
    if (lead + needed > end) {
      this.carry = bytes.subarray(lead);
      end = lead;
    }
    return bytes.toString('utf8', 0, end);
  }

  end(): string {
    if (this.utf16) return this.utf16.decode();
    const rest = this.carry ? Buffer.from(this.carry).toString('utf8') : '';
    this.carry = null;
    return rest;
  }
}

export async function openFile(path: string): Promise<FileHandle> {
  try {
    return await open(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new XlsxError(path, 'no such file');
    throw error;
  }
}

/** The names of a zip's entries, in central-directory order (for sniffing what an archive holds). */
export async function listZipEntries(path: string): Promise<string[]> {
  const fh = await openFile(path);
  try {
    return [...(await readZipDirectory(path, fh)).values()].map((entry) => entry.name);
  } finally {
    await fh.close();
  }
}
