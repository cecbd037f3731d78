/**
 * Fuzzing the ingest pipeline with mutations of the real fixtures (read in place, mutated into a temp
 * folder): truncation, byte flips, line endings, encodings, NUL bytes, blank lines, a zip bomb. For every
 * input, either the file is stored with rows read = stored + quarantined, or it is refused with a
 * message that names the file and where the problem is, holds no engine internals, and records nothing;
 * and the database answers afterwards.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { gzipSync, gunzipSync } from 'node:zlib';
import { ingestFile } from '../src/ingest/ingest.ts';
import { UserError } from '../src/domain/errors.ts';
import { splitCsvLine } from '../src/domain/csv.ts';
import { writeXlsx } from '../src/sources/common/xlsx/index.ts';
import { sharedDataPath } from './helpers/shared-data.ts';
import { existsSync } from 'node:fs';
import { tempStore } from './helpers/store.ts';

const TEXT_FIXTURES = [
  'records/ero-lesa-seattle-aor-removals-expedited-fy2012-2019.csv',
  'records/ddp-arrests-criminality-by-state-month.csv',
  'records/ice-removals-by-citizenship-fy2017-2018.csv',
  'flights/arts/arts-kbfi-missions.csv',
  'adsb/adsbx-csv/raw_abfd8c_2025-02-09.csv',
  'flights/observers/minneapolis-msp-2025-2026.csv',
];
const GZIP_FIXTURE = 'adsb/traffic-samples/guatemala.json.gz';

/** A small deterministic generator, so every run mutates the same bytes. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s = (s * 1664525 + 1013904223) >>> 0; return s / 2 ** 32; };
}

const lines = (b: Buffer) => b.toString('latin1').split('\n');
const fromLines = (l: string[]) => Buffer.from(l.join('\n'), 'latin1');

const TEXT_MUTATIONS: Record<string, (b: Buffer) => Buffer> = {
  'truncated-mid-line': (b) => b.subarray(0, Math.floor(b.length * 0.6)),
  'truncated-in-head': (b) => b.subarray(0, Math.min(150, b.length - 1)),
  'bytes-flipped': (b) => {
    const out = Buffer.from(b);
    const next = random(b.length);
    for (let i = 0; i < 12; i++) { const at = 400 + Math.floor(next() * (b.length - 400)); out[at] ^= 0x55; }
    return out;
  },
  'crlf': (b) => Buffer.from(b.toString('latin1').replace(/\r?\n/g, '\r\n'), 'latin1'),
  'mixed-endings': (b) => { const l = lines(b); for (const i of [2, 9, Math.floor(l.length / 2)]) if (i < l.length - 1) l[i] += '\r'; return fromLines(l); },
  'cr-only': (b) => Buffer.from(b.toString('latin1').replace(/\r?\n/g, '\r'), 'latin1'),
  'utf16': (b) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(b.toString('utf8'), 'utf16le')]),
  'nul-in-head': (b) => Buffer.concat([b.subarray(0, 120), Buffer.from([0]), b.subarray(120)]),
  'bom': (b) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), b]),
  'blank-lines': (b) => { const l = lines(b); l.splice(Math.floor(l.length / 2), 0, '', ''); return fromLines(l); },
};

const BINARY_MUTATIONS: Record<string, (b: Buffer) => Buffer> = {
  'truncated-half': (b) => b.subarray(0, Math.floor(b.length / 2)),
  'truncated-end': (b) => b.subarray(0, b.length - 60),
  'bytes-flipped': (b) => { const out = Buffer.from(b); const next = random(b.length); for (let i = 0; i < 12; i++) out[100 + Math.floor(next() * (b.length - 200))] ^= 0x55; return out; },
  'block-zeroed': (b) => { const out = Buffer.from(b); out.fill(0, Math.floor(b.length / 2), Math.floor(b.length / 2) + 4096); return out; },
  'header-flipped': (b) => { const out = Buffer.from(b); out[1] ^= 0xff; out[3] ^= 0xff; return out; },
  'garbage-appended': (b) => Buffer.concat([b, Buffer.alloc(5000, 0x41)]),
};

/** Where a refusal must point: a line, row, offset, part of a workbook, or what the head holds. */
const PLACE = /\b(line|lines|row|rows|offset|part|sheet|entry|column|cell|byte-order|first 64 KB|first line|its first row|the file ends|zip|inflate|bytes|blank space|UTF-16|header)\b/i;
const INTERNALS = /state machine|Possible fixes|Invalid Input Error|internal error|TypeError|RangeError|\[object|undefined|Set By User/;

interface Tally { files: number; stored: number; refused: number; rowsRead: number; rowsStored: number; rowsQuarantined: number; unclear: string[]; messages: Map<string, number> }

async function fuzz(t: import('node:test').TestContext, inputs: { name: string; bytes: Buffer }[], tally: Tally) {
  const { store, dir } = await tempStore(t);
  for (const { name, bytes } of inputs) {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    const before = Number(await store.scalar('SELECT count(*) FROM sources'));
    tally.files++;
    try {
      const s = await ingestFile(store, path);
      if (s.status === 'already-ingested') continue;
      tally.stored++;
      assert.equal(s.rowsRead, s.rowsStored + s.rowsQuarantined, `${name}: rows read = stored + quarantined`);
      const row = await store.one<{ rows_read: number; rows_stored: number }>(`SELECT rows_read, rows_stored FROM sources WHERE source_id = ${s.sourceId}`);
      assert.deepEqual([Number(row!.rows_read), Number(row!.rows_stored)], [s.rowsRead, s.rowsStored], `${name}: recorded counts`);
      tally.rowsRead += s.rowsRead; tally.rowsStored += s.rowsStored; tally.rowsQuarantined += s.rowsQuarantined;
    } catch (error) {
      assert.ok(error instanceof UserError, `${name}: not a user-facing error: ${(error as Error).stack}`);
      tally.refused++;
      const message = [error.message, ...error.details].join('\n');
      const clear = message.includes(basename(path)) && PLACE.test(error.message) && !INTERNALS.test(message);
      if (!clear) tally.unclear.push(`${name}: ${error.message.slice(0, 300)}`);
      const kind = error.message.slice(path.length + 2).replace(/\d[\d,.]*/g, 'N').slice(0, 60);
      tally.messages.set(kind, (tally.messages.get(kind) ?? 0) + 1);
      assert.equal(Number(await store.scalar('SELECT count(*) FROM sources')), before, `${name}: a refused file records nothing`);
    }
    // The database answers after every input.
    assert.ok(Number(await store.scalar('SELECT count(*) FROM removals')) >= 0);
  }
}

test('fuzz: mutations of every real fixture lose no row and say what is wrong', { timeout: 600_000 }, async (t) => {
  const present = TEXT_FIXTURES.filter((f) => existsSync(sharedDataPath(f)));
  if (present.length === 0) { t.skip('needs ../shared/data, which is absent here'); return; }
  const tally: Tally = { files: 0, stored: 0, refused: 0, rowsRead: 0, rowsStored: 0, rowsQuarantined: 0, unclear: [], messages: new Map() };
  const stem = (f: string) => basename(f).replace(/\.[^.]+$/, '');
  for (const fixture of present) {
    const bytes = readFileSync(sharedDataPath(fixture));
    await fuzz(t, Object.entries(TEXT_MUTATIONS).map(([m, mutate]) => ({ name: `${stem(fixture)}.${m}.csv`, bytes: mutate(bytes) })), tally);
  }
  // A workbook of the real Seattle rows, written by the project's XLSX writer, then damaged.
  const seattle = sharedDataPath(TEXT_FIXTURES[0]);
  if (existsSync(seattle)) {
    const { dir } = await tempStore(t);
    const book = join(dir, 'seattle.xlsx');
    const rows = readFileSync(seattle, 'utf8').split('\n').filter((l) => l !== '').map((l) => splitCsvLine(l, ',').map((c) => c ?? null));
    await writeXlsx(book, [{ name: 'Removals', rows }]);
    const good = readFileSync(book);
    const bomb = join(dir, 'bomb.xlsx');
    const padding = ' '.repeat(32_000);
    await writeXlsx(bomb, [{ name: 'Removals', rows: [...rows.slice(0, 8), ...Array.from({ length: 1300 }, () => [padding, padding])] }], { level: 9 });
    await fuzz(t, [
      { name: 'seattle-workbook.xlsx', bytes: good },
      ...Object.entries(BINARY_MUTATIONS).map(([m, mutate]) => ({ name: `seattle-workbook.${m}.xlsx`, bytes: mutate(good) })),
      { name: 'seattle-workbook.zip-bomb.xlsx', bytes: readFileSync(bomb) },
    ], tally);
  }
  const gz = sharedDataPath(GZIP_FIXTURE);
  if (existsSync(gz)) {
    const bytes = readFileSync(gz);
    const json = gunzipSync(bytes);
    await fuzz(t, [
      ...Object.entries(BINARY_MUTATIONS).map(([m, mutate]) => ({ name: `guatemala.${m}.json.gz`, bytes: mutate(bytes) })),
      { name: 'guatemala.json-truncated.json.gz', bytes: gzipSync(json.subarray(0, Math.floor(json.length * 0.7))) },
    ], tally);
  }
  t.diagnostic(`fuzz: ${tally.files} files, ${tally.stored} stored, ${tally.refused} refused; rows read ${tally.rowsRead} = stored ${tally.rowsStored} + quarantined ${tally.rowsQuarantined}`);
  for (const [kind, n] of [...tally.messages].sort((a, b) => b[1] - a[1])) t.diagnostic(`  ${n} × ${kind}`);
  assert.ok(tally.files >= 60, `at least 60 mutated files (got ${tally.files})`);
  assert.equal(tally.rowsRead, tally.rowsStored + tally.rowsQuarantined);
  assert.deepEqual(tally.unclear, [], 'every refusal names the file and the place, without engine internals');
});
