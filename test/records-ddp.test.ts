/**
 * Deportation Data Project sources on the synthetic fixture: a simulated release (22–24 January
 * 2025 arrests and what followed) written in the publisher's layouts. Expected counts come from
 * the simulation's people (the generator's own objects), an independent route from the workbook →
 * staging → SQL path under test.
 */
import { after, test } from 'node:test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ingestFile } from '../src/ingest/ingest.ts';
import { runReport } from '../src/reports/report.ts';
import { openWorkbook } from '../src/sources/common/xlsx/index.ts';
import { dayNumberFromIso, isoFromDayNumber } from '../src/synthetic/random.ts';
import {
  CRIMINALITY_TEXT, DDP_HEADERS, ddpRows, simulateDdpRelease, writeDdpParquet, writeDdpRemovals2012Xlsx, writeDdpTableXlsx, type SimulatedPerson,
} from '../src/synthetic/ddp.ts';
import { tempStore } from './helpers/store.ts';
import { CHUNKS } from '../src/sources/common/layout-ingest.ts';

const CLAIM_DAY = dayNumberFromIso('2025-01-23');

/** The fixture is written once for the file; each test gets a fresh database. */
let fixture: Promise<{ dir: string; people: SimulatedPerson[]; files: Record<string, string> }> | undefined;
after(async () => { if (fixture) await rm((await fixture).dir, { recursive: true, force: true }); });

function writeFixture() {
  fixture ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), 'deportwatch-ddp-'));
    const people = simulateDdpRelease({ seed: 11, from: '2025-01-22', to: '2025-01-24' });
    const files: Record<string, string> = {};
    for (const table of ['arrests', 'encounters', 'detention_stays', 'removals_latest'] as const) {
      files[table] = join(dir, `synthetic-ddp-${table}.xlsx`);
      await writeDdpTableXlsx(files[table], people, table, 3);
    }
    files.detainers = join(dir, 'synthetic-ddp-detainers.parquet');
    await writeDdpParquet(files.detainers, DDP_HEADERS.detainers, ddpRows(people, 'detainers'));
    return { dir, people, files };
  })();
  return fixture;
}

async function release(t: Parameters<typeof tempStore>[0]) {
  const { store, dir } = await tempStore(t);
  return { store, dir, ...(({ people, files }) => ({ people, files }))(await writeFixture()) };
}

const expectedRows = (people: SimulatedPerson[], table: Parameters<typeof ddpRows>[1]) => [...ddpRows(people, table)].length;

test('each DDP table is detected from its header and every data row is stored; banner rows are not data', async (t) => {
  const { store, people, files } = await release(t);
  const expectedKinds: Record<string, string> = {
    arrests: 'ddp-arrests', encounters: 'ddp-encounters', detention_stays: 'ddp-detention-stays', removals_latest: 'ddp-removals-latest', detainers: 'ddp-parquet',
  };
  for (const [table, path] of Object.entries(files)) {
    const summary = await ingestFile(store, path);
    // The latest removals header also has Departed Date and Case Category, which the ERO-LESA reader knows: DDP must win.
    assert.equal(summary.kind, expectedKinds[table], table);
    const expected = expectedRows(people, table as Parameters<typeof ddpRows>[1]);
    assert.deepEqual([summary.rowsRead, summary.rowsStored, summary.rowsQuarantined], [expected, expected, 0], table);
  }
  // Sheet 1 of the arrests workbook: 6 banner rows, the header on row 7, the first arrest on row 8.
  const workbook = await openWorkbook(files.arrests);
  assert.equal(workbook.sheets.length, 3, 'the rows are split over three sheets');
  const first = await store.one<{ source_sheet: string; r: number }>(`SELECT source_sheet, min(source_row) AS r FROM arrests GROUP BY 1 ORDER BY 1 LIMIT 1`);
  assert.deepEqual(first, { source_sheet: 'Arrests 1', r: 8 });
  assert.equal(await store.scalar(`SELECT count(DISTINCT source_sheet) FROM arrests`), 3);
});

test('report arrests --by date,criminality on 2025-01-23 gives the three ICE categories and names the definition', async (t) => {
  const { store, people, files } = await release(t);
  await ingestFile(store, files.arrests);
  // Independent count: the simulated people arrested that day, by their criminality text.
  const expected = Object.fromEntries(CRIMINALITY_TEXT.map((c) => [c, people.filter((p) => p.arrestDay === CLAIM_DAY && p.criminality === c).length]));
  const report = await runReport(store, { table: 'arrests', by: ['date', 'criminality'], where: [{ dimension: 'date', op: '=', values: ['2025-01-23'] }] });
  const got = Object.fromEntries(report.rows.map((r) => [r.criminality, r.n]));
  assert.deepEqual(got, {
    convicted: expected['1 Convicted Criminal'], pending_charges: expected['2 Pending Criminal Charges'], other_immigration_violator: expected['3 Other Immigration Violator'],
  });
  // A realistic day's count: several hundred (the simulation's mean is 700 from 2025-01-21), not the official claim copied.
  assert.ok(report.total > 500 && report.total < 900, `${report.total} arrests on 2025-01-23`);
  assert.match(report.definitions.criminality, /"1 Convicted Criminal"/);
  assert.match(report.definitions.criminality, /convicted \+ pending_charges/);
  assert.ok(report.caveats.some((c) => /Apprehension Criminality/.test(c) && /convicted only or convicted \+ pending_charges/.test(c)));
  assert.ok(report.synthetic, 'rows from a synthetic file are flagged');
});

test('date-times that are really dates, redactions and columns not kept', async (t) => {
  const { store, people, files } = await release(t);
  await ingestFile(store, files.detention_stays);
  await ingestFile(store, files.arrests);
  // Book-in cells read "2025-01-23 14:02:51": stored as the date alone, the day the simulation booked the person in.
  const stays = people.flatMap((p) => p.stays.map((s) => ({ id: p.id, day: isoFromDayNumber(s.inDay) })));
  const stored = await store.all<{ person_id: string; d: string }>(`SELECT person_id, CAST(book_in_date AS VARCHAR) AS d FROM detention_stays ORDER BY source_sheet, source_row`);
  assert.deepEqual(stored.map((s) => `${s.person_id} ${s.d}`), stays.map((s) => `${s.id} ${s.day}`));
  // Apprehension Site Landmark is "(b)(7)(E)" for every arrest not made in a jail (CAP): missing, never a value.
  const nonCap = people.filter((p) => !p.method.startsWith('CAP')).length;
  assert.equal(await store.scalar(`SELECT count(*) FROM arrests WHERE apprehension_landmark IS NULL`), nonCap);
  assert.equal(await store.scalar(`SELECT count(*) FROM arrests WHERE apprehension_landmark LIKE '%(b)%'`), 0);
  // Birth dates and A-numbers are not kept: the tables have no such column.
  const columns = (await store.all<{ column_name: string }>(`SELECT column_name FROM information_schema.columns WHERE table_name = 'arrests'`)).map((c) => c.column_name);
  assert.ok(!columns.includes('birth_date') && !columns.some((c) => c.includes('alien')));
});

test('DDP removals: pathway from the processing disposition when no case category is published, and the incompleteness caveat travels', async (t) => {
  const { store, dir, people, files } = await release(t);
  await ingestFile(store, files.removals_latest);
  const withheld = people.filter((p) => p.departedDay !== null && p.removalCategoryWithheld);
  assert.ok(withheld.length > 0, 'the fixture has removals without a case category');
  const byBasis = await runReport(store, { table: 'removals', by: ['pathway_basis'], where: [] });
  assert.equal(byBasis.rows.find((r) => r.pathway_basis === 'processing_disposition')?.n, withheld.length);
  // "Reinstatement of Deport Order I-871" → [16] → reinstatement (src/reference/status-codes.csv).
  const reinstated = withheld.filter((p) => p.disposition.startsWith('Reinstatement')).length;
  const pathways = await runReport(store, { table: 'removals', by: ['pathway'], where: [{ dimension: 'pathway_basis', op: '=', values: ['processing_disposition'] }] });
  assert.equal(pathways.rows.find((r) => r.pathway === 'reinstatement')?.n ?? 0, reinstated);
  assert.ok(byBasis.caveats.some((c) => /incomplete/.test(c)), 'a removals figure from the latest release carries the publisher\'s warning');

  const old = join(dir, 'synthetic-ddp-removals-2012-2023.xlsx');
  await writeDdpRemovals2012Xlsx(old, { rows: 500 });
  const summary = await ingestFile(store, old);
  assert.equal(summary.kind, 'ddp-removals-2012-2023');
  assert.ok(summary.notes.some((n) => n.includes('"Anonymized Identifer" read as "Anonymized Identifier"')));
  assert.equal(await store.scalar(`SELECT count(*) FROM removals WHERE release = 'ddp-2012-2023' AND person_id IS NOT NULL`), 500);
  const oldOnly = await runReport(store, { table: 'removals', by: ['release'], where: [{ dimension: 'release', op: '=', values: ['ddp-2012-2023'] }] });
  assert.ok(!oldOnly.caveats.some((c) => /incomplete/.test(c)), 'the warning is about the latest release only');
});

test('journeys link arrest, book-in and removal of one person within the release', async (t) => {
  const { store, people, files } = await release(t);
  for (const table of ['arrests', 'detention_stays', 'removals_latest']) await ingestFile(store, files[table]);
  const removed = people.filter((p) => p.departedDay !== null);
  const rows = await store.all<{ person_id: string; days: number; removed: string }>(`SELECT person_id, days_arrest_to_removal AS days, removed FROM journeys`);
  assert.equal(rows.length, people.length, 'one journey per person (each was arrested once)');
  const byId = new Map(rows.map((r) => [r.person_id, r]));
  for (const p of removed) assert.equal(byId.get(p.id)?.days, p.departedDay! - p.arrestDay, p.id);
  assert.equal(rows.filter((r) => r.removed === 'yes').length, removed.length);
  const report = await runReport(store, { table: 'journeys', by: ['pathway'], where: [{ dimension: 'removed', op: '=', values: ['yes'] }] });
  assert.deepEqual(report.measures, ['median_days_arrest_to_removal', 'median_days_arrest_to_book_in', 'median_days_arrest_to_final_order']);
  assert.equal(report.sources.length, 3, 'arrests, stays and removals files are all cited');
  assert.ok(report.caveats.some((c) => /incomplete/.test(c)));
});

test('large files go through chunks: the same rows and row numbers as in one piece', async (t) => {
  const { store, people, files } = await release(t);
  const saved = { ...CHUNKS };
  CHUNKS.workbookRows = 97;
  t.after(() => Object.assign(CHUNKS, saved));
  const arrests = await ingestFile(store, files.arrests);
  const detainers = await ingestFile(store, files.detainers);
  assert.equal(arrests.rowsStored, expectedRows(people, 'arrests'));
  assert.equal(detainers.rowsStored, expectedRows(people, 'detainers'));
  // Parquet rows keep their row number in the file (1-based), with none missing or repeated.
  const rows = await store.one<{ n: number; lo: number; hi: number; distinct: number }>(`SELECT count(*) AS n, min(source_row) AS lo, max(source_row) AS hi, count(DISTINCT source_row) AS distinct FROM detainers`);
  assert.deepEqual(rows, { n: detainers.rowsStored, lo: 1, hi: detainers.rowsStored, distinct: detainers.rowsStored });
  const ids = (await store.all<{ person_id: string }>(`SELECT person_id FROM arrests ORDER BY source_sheet, source_row`)).map((r) => r.person_id);
  assert.deepEqual(ids, people.map((p) => p.id), 'every arrest once, in the workbook\'s order');
});
