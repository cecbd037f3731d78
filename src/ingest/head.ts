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
  let damage: string | null = null;
  const why = (error: unknown) => { damage = reason(path, error); return null; };
  const zipEntries = isZip ? await listZipEntries(path).catch(why) : null;
  const workbook = zipEntries?.includes('xl/workbook.xml') ? await readWorkbookHead(path, 40).catch(why) : null;
  return { path, fileName: basename(path), bytes, gzip, text, lines, zipEntries, workbook, folder: null, damage };
}

/** An error's message without the file's path in front (the caller names the file). */
function reason(path: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.startsWith(`${path}: `) ? message.slice(path.length + 2) : message;
}

/**
 * What is wrong with a file no format claims, when its bytes say so: damage, an encoding deportwatch
 * does not read, line endings, a head without a line. Null when it is simply another kind of file.
 */
export function headProblem(head: FileHead): string | null {
  const b = head.bytes;
  if (head.damage) {
    const what = head.zipEntries?.includes('xl/workbook.xml') ? 'an XLSX workbook' : 'a zip archive (XLSX workbooks are zip archives)';
    return `${what} that cannot be read: ${head.damage}. If it opens in a spreadsheet program, save it again as .xlsx or export the sheet as CSV, and ingest that`;
  }
  if (head.zipEntries && head.zipEntries.some((e) => e.startsWith('xl/')) && !head.zipEntries.includes('xl/workbook.xml')) {
    return 'an XLSX workbook without its xl/workbook.xml part (damaged or incomplete); save it again from a spreadsheet program';
  }
  if (head.text === null && !head.zipEntries && b.length >= 2) {
    if ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff) || utf16Like(b)) {
      return 'UTF-16 text (two bytes per character); deportwatch reads UTF-8. Save it as "CSV UTF-8" or convert it, e.g. `iconv -f UTF-16 -t UTF-8 FILE > FILE-utf8.csv`';
    }
    const nul = b.subarray(0, 8192).indexOf(0);
    if (nul !== -1 && !head.gzip) {
      const line = b.subarray(0, nul).toString('latin1').split('\n').length;
      return `a NUL byte at offset ${nul} (line ${line}): the file is binary, or text damaged by NUL bytes; if it is a text export, remove them (e.g. \`tr -d '\\000'\`) and ingest it again`;
    }
  }
  if (head.text !== null) {
    if (head.text.length === 0 && b.length > 0) return 'only a byte-order mark and no text';
    if (head.text.trim() === '') return 'only blank space, no text';
    if (!head.text.includes('\n') && head.text.includes('\r')) {
      return 'lines that end in a carriage return only (\\r, an old Mac format); convert them to LF, e.g. `tr \'\\r\' \'\\n\' < FILE > FILE-lf.csv`, and ingest that';
    }
    if (head.lines.length === 0 && b.length >= 64 * 1024) return 'no line break in its first 64 KB: one line longer than 64 KB, which no table deportwatch reads has';
  }
  return null;
}

/** Text in UTF-16 without a byte-order mark: NUL bytes in every other position of the first bytes. */
function utf16Like(b: Buffer): boolean {
  const n = Math.min(b.length, 512) & ~1;
  if (n < 8) return false;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) { if (b[i] === 0) even++; if (b[i + 1] === 0) odd++; }
  return Math.max(even, odd) > n / 2 * 0.8 && Math.min(even, odd) < n / 2 * 0.1;
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
