/**
 * Reads what sniffing needs from a file: the first 64 KiB (through gunzip when gzip), its text and
 * lines, and for workbooks the first rows of every sheet.
 */
import { open, readdir, stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { basename } from 'node:path';
import type { FileHead } from '../sources/types.ts';
import { listZipEntries, readWorkbookHead } from '../sources/common/xlsx/index.ts';

const HEAD_BYTES = 64 * 1024;

export async function readHead(path: string): Promise<FileHead> {
  const raw = await readFirstBytes(path, HEAD_BYTES);
  const gzip = raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b;
  const bytes = gzip ? await gunzipHead(path, HEAD_BYTES) : raw;
  const isZip = !gzip && raw.length >= 4 && raw.readUInt32LE(0) === 0x04034b50;
  const looksText = !isZip && !bytes.subarray(0, 8192).includes(0);
  const text = looksText ? bytes.toString('utf8').replace(/^\uFEFF/, '') : null;
  let lines: string[] = [];
  if (text !== null) {
    lines = text.split(/\r?\n/);
    if (bytes.length >= HEAD_BYTES) lines.pop(); // the last line may be cut
  }
  const zipEntries = isZip ? await listZipEntries(path).catch(() => null) : null;
  const workbook = zipEntries?.includes('xl/workbook.xml') ? await readWorkbookHead(path, 40).catch(() => null) : null;
  return { path, fileName: basename(path), bytes, gzip, text, lines, zipEntries, workbook, folder: null };
}

async function readFirstBytes(path: string, count: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(count);
    const { bytesRead } = await handle.read(buffer, 0, count, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Decompresses only as much as the head needs; a truncated gzip still yields its readable start. */
async function gunzipHead(path: string, count: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  const gunzip = createGunzip();
  const input = createReadStream(path);
  input.pipe(gunzip);
  try {
    for await (const chunk of gunzip) {
      chunks.push(chunk as Buffer);
      total += (chunk as Buffer).length;
      if (total >= count) break;
    }
  } catch {
    // A truncated archive: sniff what could be read; the reader reports the damage with the file's name.
  } finally {
    input.destroy();
    gunzip.destroy();
  }
  return Buffer.concat(chunks).subarray(0, count);
}

/** A few words on what a file looks like, for the "unknown format" message. */
export function describeHead(head: FileHead): string {
  if (head.bytes.length === 0) return 'an empty file';
  if (head.workbook) {
    const sheet = head.workbook.sheets[0];
    const firstRow = sheet?.rows.find((r) => r.cells.some((c) => c))?.cells.filter(Boolean).slice(0, 6).join(' | ');
    return `an XLSX workbook with sheets ${head.workbook.sheets.map((s) => JSON.stringify(s.name)).join(', ')}${firstRow ? `; its first row reads "${firstRow}"` : ''}`;
  }
  if (head.zipEntries) return `a zip archive holding ${head.zipEntries.slice(0, 5).join(', ')}${head.zipEntries.length > 5 ? ' …' : ''}`;
  if (head.text === null) return `binary data (first bytes ${head.bytes.subarray(0, 8).toString('hex')})`;
  const first = head.lines.find((l) => l.trim() !== '') ?? '';
  const kind = head.text.trimStart().startsWith('{') || head.text.trimStart().startsWith('[') ? 'JSON text' : 'text';
  return `${head.gzip ? 'gzip-compressed ' : ''}${kind} whose first line reads "${first.slice(0, 120)}"`;
}

/** Every file under a folder (relative paths with "/", sorted, hidden files skipped) and their total size. */
export async function listFolder(path: string): Promise<{ files: string[]; bytes: number }> {
  const files: string[] = [];
  let bytes = 0;
  const walk = async (relative: string) => {
    for (const entry of await readdir(join(path, relative), { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const rel = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(rel);
      else if (entry.isFile()) { files.push(rel); bytes += (await stat(join(path, rel))).size; }
    }
  };
  await walk('');
  files.sort();
  return { files, bytes };
}

/** The identity of a folder: SHA-256 over each file's relative name and content, in sorted order. */
export async function sha256Folder(path: string, files: string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const rel of files) {
    hash.update(`${rel}\0`);
    const handle = await open(join(path, rel), 'r');
    try {
      for await (const chunk of handle.createReadStream({ autoClose: false })) hash.update(chunk as Buffer);
    } finally {
      await handle.close();
    }
  }
  return hash.digest('hex');
}

/** What sniffing sees of a folder: its file list only (no bytes, so formats that do not read folders never claim one). */
export function folderHead(path: string, files: string[]): FileHead {
  return { path, fileName: basename(path), bytes: Buffer.alloc(0), gzip: false, text: null, lines: [], zipEntries: null, workbook: null, folder: files };
}
