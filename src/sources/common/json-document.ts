/**
 * Reading JSON recordings (readsb traces, traffic samples, OpenSky snapshots, ADS-B Exchange exports),
 * shared by the ADS-B sources: gunzip when needed, parse with plain messages, and epoch times.
 */
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { UserError } from '../../domain/errors.ts';

/** A file whose bytes break the format they claim (a cut gzip stream, a trace that ends inside a string). */
export class FormatError extends Error {}

/** Gunzip when the bytes are gzip (adsb.lol's .json files are), with a plain message when the stream is cut. */
export function maybeGunzip(bytes: Buffer): Buffer {
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  try {
    // The gzip trailer gives the decompressed size (mod 4 GiB): one output chunk of that size avoids
    // zlib's default 16 KiB chunks and their concatenation (about a third of the gunzip time here). A
    // damaged trailer only makes the hint wrong, which zlib copes with.
    const hint = bytes.readUInt32LE(bytes.length - 4);
    return gunzipSync(bytes, { chunkSize: Math.min(64 << 20, Math.max(64 << 10, hint + 64)) });
  } catch (error) {
    const why = (error as Error).message;
    throw new FormatError(/unexpected end/i.test(why) ? `the gzip stream is truncated (${why})` : `the gzip stream is corrupt (${why})`);
  }
}

/** The file's JSON document, gunzipped when needed, with plain messages for a cut or invalid file. */
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
    throw new UserError(`${file}: not valid JSON (${(error as Error).message}); nothing from this file was stored`);
  }
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
