/**
 * Reading JSON recordings (readsb traces, traffic samples, OpenSky snapshots, ADS-B Exchange exports),
 * shared by the ADS-B sources: gunzip when needed, parse with plain messages, and epoch times.
 */
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { UserError } from '../../domain/errors.ts';

/** A file whose bytes break the format they claim (a cut gzip stream, a trace that ends inside a string). */
export class FormatError extends Error {}

/** Most bytes a gzip file may inflate to (a trace or a recording is tens of MB). */
const MAX_GUNZIPPED = 1 << 30;

/** Gunzip when the bytes are gzip (adsb.lol's .json files are), with a plain message when the stream is cut, damaged or a bomb. */
export function maybeGunzip(bytes: Buffer): Buffer {
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  try {
    // The gzip trailer gives the decompressed size (mod 4 GiB): one output chunk of that size avoids
    // zlib's default 16 KiB chunks and their concatenation (about a third of the gunzip time here). A
    // damaged trailer only makes the hint wrong, which zlib copes with.
    const hint = bytes.readUInt32LE(bytes.length - 4);
    return gunzipSync(bytes, { chunkSize: Math.min(64 << 20, Math.max(64 << 10, hint + 64)), maxOutputLength: MAX_GUNZIPPED });
  } catch (error) {
    const why = (error as Error).message;
    const size = `${bytes.length.toLocaleString('en-US')} bytes`;
    if (/maxOutputLength|larger than|buffer/i.test(why)) throw new FormatError(`the gzip stream inflates to more than ${MAX_GUNZIPPED / (1 << 20)} MB from its ${size}, more than any recording deportwatch reads; it was refused as a possible gzip bomb`);
    throw new FormatError(/unexpected end/i.test(why)
      ? `the gzip stream is truncated: its ${size} end before the compressed data does (${why}); the file was cut short, e.g. by an incomplete download — fetch it again`
      : `the gzip stream is corrupt somewhere in its ${size} (${why}); the file is damaged — fetch it again`);
  }
}

/** The file's JSON document, gunzipped when needed, with plain messages for a cut or invalid file (naming the line and column). */
export async function readJsonDocument(path: string, file: string): Promise<unknown> {
  let text: string;
  try {
    text = maybeGunzip(await readFile(path)).toString('utf8');
  } catch (error) {
    throw new UserError(`${file}: ${(error as Error).message}; nothing from this file was stored`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const at = /position (\d+)/.exec(message);
    const where = at ? lineColumn(text, Number(at[1])) : 'at the end of the text';
    throw new UserError(`${file}: not valid JSON ${where} (${message}); nothing from this file was stored`);
  }
}

/** `at line 3, column 17 (byte 230,890)` for an offset into a text. */
function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `at line ${line}, column ${offset - before.lastIndexOf('\n')} (character ${offset.toLocaleString('en-US')})`;
}

/** Epoch seconds from pandas' epoch milliseconds (or seconds), or an ISO string; NaN when neither. */
export function epochSeconds(value: unknown): number {
  if (typeof value === 'number') return value > 1e11 ? value / 1000 : value;
  if (typeof value === 'string') {
    const t = value.trim();
    if (/^\d+(\.\d+)?$/.test(t)) return epochSeconds(Number(t));
    // ISO without a zone is UTC in traffic's exports (timestamps are UTC throughout the library).
    const ms = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(t) ? t : `${t.replace(' ', 'T')}Z`);
    return Number.isNaN(ms) ? NaN : ms / 1000;
  }
  return NaN;
}
