/**
 * The rules in force applied to stored records: the rule_period dimension of removals and arrests, the
 * due-process note of removals, and the share of removals without a judge's decision. Real databases
 * built through the real pipeline; expected numbers come from independent routes: Python's csv module
 * over the real Seattle files, the simulated people behind the synthetic DDP workbooks, and hand-written
 * records whose notes follow from the Federal Register notices named beside them.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { ingestFile } from '../src/ingest/ingest.ts';
import type { XlsxCell } from '../src/sources/common/xlsx/index.ts';
import { dueProcessNote, dueProcessTable, rulePeriodRows } from '../src/legal/index.ts';
import { runReport } from '../src/reports/report.ts';
import { DDP_HEADERS, simulateDdpRelease, writeDdpTableXlsx, writeDdpWorkbook, type SimulatedPerson } from '../src/synthetic/ddp.ts';
import { dayNumberFromIso, isoFromDayNumber } from '../src/synthetic/random.ts';
import { sharedData } from './helpers/shared-data.ts';
import { tempDir, tempStore } from './helpers/store.ts';

const BIN = join(import.meta.dirname, '../src/cli/bin.ts');
const SEATTLE = ['records/ero-lesa-seattle-aor-removals-expedited-fy2012-2019.csv', 'records/ero-lesa-seattle-aor-removals-other-fy2012-2019.csv'];

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', BIN, ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('ref_rule_periods', () => {
  test('is a copy of the rule periods, with the changes of the Federal Register notices and rulings as boundaries', async (t) => {
    const { store } = await tempStore(t);
    const rows = await store.all<{ period: string; start_date: string; end_date: string | null }>(
      'SELECT period, CAST(start_date AS VARCHAR) AS start_date, CAST(end_date AS VARCHAR) AS end_date FROM ref_rule_periods ORDER BY start_date');
    assert.deepEqual(rows.map((r) => ({ period: r.period, startDate: r.start_date, endDate: r.end_date })), rulePeriodRows());
    const starts = rows.map((r) => r.start_date);
    // 69 FR 48877 (2004-08-11); 84 FR 35409 (2019-07-23); 87 FR 16022 (2022-03-21); 90 FR 8139 (2025-01-21);
    // Make the Road New York v. Noem stay (2025-08-29).
    for (const date of ['2004-08-11', '2019-07-23', '2022-03-21', '2025-01-21', '2025-08-29']) assert.ok(starts.includes(date), `a period starts on ${date}`);
    // Contiguous: each period ends the day before the next starts, so a date falls in exactly one.
    for (let i = 1; i < rows.length; i++) {
      const next = new Date(`${rows[i - 1].end_date}T00:00:00Z`);
      next.setUTCDate(next.getUTCDate() + 1);
      assert.equal(next.toISOString().slice(0, 10), rows[i].start_date);
    }
    assert.equal(rows.at(-1)!.end_date, null, 'the last period is open');
  });
});

describe('rule_period and judge_decided on the real Seattle removals', () => {
  test('`report removals --by rule_period,judge_decided` counts what Python counts over the CSV dates and codes', async (t) => {
    const files = SEATTLE.map((f) => sharedData(t, f));
    if (files.some((f) => f === null)) return;
    // Independent count: Python's csv module over the raw files (7 lines before the first record), dates
    // m/d/yyyy placed by hand-written period bounds (69 FR 48877 from 2004-08-11; 84 FR 35409 from
    // 2019-07-23), judge_decided from src/reference/case-categories.csv by the [CODE] of Case Category.
    const python = `
import csv, datetime, json, re, sys, collections
judge = {r['code']: r['judge_decided'] for r in csv.DictReader(open('src/reference/case-categories.csv'))}
counts = collections.Counter()
for path in sys.argv[1:]:
    for row in list(csv.reader(open(path, encoding='utf-8-sig')))[7:]:
        if not row or not row[0].strip():
            continue
        d = datetime.datetime.strptime(row[0].strip(), '%m/%d/%Y').date()
        period = 'er-100mi-2004' if datetime.date(2004, 8, 11) <= d < datetime.date(2019, 7, 23) else 'other'
        m = re.match(r'\\s*\\[\\s*(\\w+)\\s*\\]', row[6])
        counts[period + '|' + (judge.get(m.group(1), 'unclassified') if m else 'unknown')] += 1
print(json.dumps(counts))`;
    const expected = JSON.parse(execFileSync('python3', ['-c', python, ...files as string[]], { encoding: 'utf8' })) as Record<string, number>;
    // Every Seattle removal (2011-11-30 … 2019-07-02) falls under the 2004 designation.
    assert.deepEqual(expected, { 'er-100mi-2004|no': 15027, 'er-100mi-2004|yes': 11671, 'er-100mi-2004|pending': 186, 'er-100mi-2004|unknown': 29 });

    const dir = await tempDir(t);
    const db = join(dir, 'seattle.duckdb');
    const ingest = cli(['--db', db, '-q', 'ingest', ...files as string[]]);
    assert.equal(ingest.status, 0, ingest.stderr);
    const report = cli(['--db', db, 'report', 'removals', '--by', 'rule_period,judge_decided', '--format', 'json']);
    assert.equal(report.status, 0, report.stderr);
    const body = JSON.parse(report.stdout) as { rows: { rule_period: string; judge_decided: string; n: number }[]; definitions: Record<string, string> };
    assert.deepEqual(Object.fromEntries(body.rows.map((r) => [`${r.rule_period}|${r.judge_decided}`, r.n])), expected);
    assert.match(body.definitions.rule_period, /90 FR 8139/);

    // The place of apprehension is in no Seattle row (and neither is the apprehension date): every
    // expedited removal is cannot_tell, never a guess; the other pathways are not_applicable.
    const notes = cli(['--db', db, 'report', 'removals', '--by', 'pathway,due_process_note', '--format', 'json']);
    const noteRows = (JSON.parse(notes.stdout) as { rows: { pathway: string; due_process_note: string; n: number }[] }).rows;
    for (const r of noteRows) assert.equal(r.due_process_note, r.pathway === 'expedited_removal' || r.pathway === 'unknown' || r.pathway === 'unclassified' ? 'cannot_tell' : 'not_applicable', `${r.pathway}`);
    // 8F 3,602 + 8G 2,865 + 8I ... = the expedited file's 6,529 rows (test/ingest-ero-lesa.test.ts).
    assert.equal(noteRows.filter((r) => r.pathway === 'expedited_removal').reduce((s, r) => s + r.n, 0), 6529);
  });
});

/** A synthetic DDP release, January 2025: arrests and the removals that followed (to 2025-06-30). */
let ddp: Promise<{ dir: string; people: SimulatedPerson[]; arrests: string; removals: string }> | undefined;
after(async () => { if (ddp) await rm((await ddp).dir, { recursive: true, force: true }); });
function ddpFixture() {
  ddp ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), 'deportwatch-legal-'));
    const people = simulateDdpRelease({ seed: 6, from: '2025-01-01', to: '2025-01-31' });
    const arrests = join(dir, 'synthetic-ddp-arrests-2025-01.xlsx');
    const removals = join(dir, 'synthetic-ddp-removals-latest-2025.xlsx');
    await writeDdpTableXlsx(arrests, people, 'arrests');
    await writeDdpTableXlsx(removals, people, 'removals_latest');
    return { dir, people, arrests, removals };
  })();
  return ddp;
}

const day = (iso: string) => dayNumberFromIso(iso);

describe('rule_period and the judge share on synthetic DDP records', () => {
  test('arrests before 2025-01-21 fall in er-100mi-2022, from 2025-01-21 in er-nationwide-2025', async (t) => {
    const { people, arrests } = await ddpFixture();
    const { store } = await tempStore(t);
    await ingestFile(store, arrests);
    const report = await runReport(store, { table: 'arrests', by: ['rule_period'], where: [] });
    // 87 FR 16022 (100 miles, 14 days) until 2025-01-20; 90 FR 8139 (nationwide) from 2025-01-21 (in force at the end of that day).
    const before = people.filter((p) => p.arrestDay < day('2025-01-21')).length;
    const from = people.filter((p) => p.arrestDay >= day('2025-01-21')).length;
    assert.ok(before > 0 && from > 0);
    assert.deepEqual(Object.fromEntries(report.rows.map((r) => [r.rule_period, r.n])), { 'er-100mi-2022': before, 'er-nationwide-2025': from });
  });

  test('removals_judge_share: the share removed without a judge, by month, split at 2025-01-21', async (t) => {
    const { people, removals } = await ddpFixture();
    const { store } = await tempStore(t);
    await ingestFile(store, removals);
    // Only rows with a published case category; the generator withholds it on about 5% (blank or (b)(7)(E)).
    const report = await runReport(store, { table: 'removals_judge_share', by: ['month', 'rule_period'], where: [{ dimension: 'case_category', op: '!=', values: ['unknown'] }] });
    // judge_decided = no for these codes (docs/pathways.md): [8F] and [8G] expedited removal, [9] VR under
    // safeguards, [11] administrative removal, [16] reinstatement.
    // judge_decided = unknown for [1A] voluntary departure (DHS or a judge may grant it).
    const noJudge = ['8F', '8G', '9', '11', '16'];
    const unknownJudge = ['1A'];
    const expected = new Map<string, { n: number; without: number; unknown: number }>();
    for (const p of people) {
      if (p.departedDay === null || p.removalCategoryWithheld) continue;
      const iso = isoFromDayNumber(p.departedDay);
      const key = `${iso.slice(0, 7)}|${iso < '2025-01-21' ? 'er-100mi-2022' : 'er-nationwide-2025'}`;
      const e = expected.get(key) ?? { n: 0, without: 0, unknown: 0 };
      const code = /^\[(\w+)\]/.exec(p.category)![1];
      e.n++;
      if (noJudge.includes(code)) e.without++;
      if (unknownJudge.includes(code)) e.unknown++;
      expected.set(key, e);
    }
    assert.ok(expected.has('2025-01|er-100mi-2022') && expected.has('2025-01|er-nationwide-2025'), 'January 2025 has removals on both sides of 2025-01-21');
    const got = new Map(report.rows.map((r) => [`${r.month}|${r.rule_period}`, r]));
    assert.deepEqual([...got.keys()].sort(), [...expected.keys()].sort());
    for (const [key, e] of expected) {
      const r = got.get(key)!;
      assert.equal(r.n, e.n, key);
      assert.equal(r.without_judge, e.without, key);
      assert.equal(r.judge_unknown, e.unknown, key);
      assert.equal(r.without_judge_pct, Math.round((1000 * e.without) / e.n) / 10, key);
      assert.equal(r.without_judge_pct_of_known, e.n === e.unknown ? null : Math.round((1000 * e.without) / (e.n - e.unknown)) / 10, key);
    }
    assert.ok(report.synthetic, 'the report says its rows are synthetic');
  });
});

describe('due-process notes on removals', () => {
  test('hand-written DDP removals get the note the designation in force on the apprehension date gives', async (t) => {
    const dir = await tempDir(t);
    const path = join(dir, 'synthetic-ddp-removals-fy2013-2023-due-process.xlsx');
    // [case category, apprehension date, entry date, entry status] → expected note, with the rule behind it.
    const cases: [string, string | null, string | null, string | null, string, string][] = [
      ['[8F] Expedited Removal', '2021-03-01', '2021-02-20', 'PWA Present Without Admission', 'consistent_with_rules', '84 FR 35409: anywhere, under two years; 9 days'],
      ['[8F] Expedited Removal', '2021-03-01', '2017-01-01', 'PWA Present Without Admission', 'outside_designation', '84 FR 35409: more than two years in the U.S. (1,520 days), by land or by sea'],
      ['[8F] Expedited Removal', '2023-05-01', '2023-01-01', 'PWA Present Without Admission', 'cannot_tell', '87 FR 16022: 120 days is beyond 14 if over land, but a sea arrival (67 FR 68924, two years) is not ruled out'],
      ['[8F] Expedited Removal', '2023-05-01', '2023-04-25', 'PWA Present Without Admission', 'cannot_tell', '69 FR 48877 limits: 6 days, but the place of apprehension (within 100 miles?) is not published'],
      ['[8F] Expedited Removal', '2025-01-21', '2025-01-10', 'PWA Present Without Admission', 'cannot_tell', '90 FR 8139 took effect at 18:00 that day; the hour of the encounter is unknown'],
      ['[8F] Expedited Removal', null, null, null, 'cannot_tell', 'no apprehension date'],
      ['[8F] Expedited Removal', '2021-03-01', null, 'PWA Present Without Admission', 'cannot_tell', 'no entry date: days in the U.S. unknown'],
      ['[16] Reinstated Final Order', '2023-05-01', '2023-04-25', 'PWA Present Without Admission', 'not_applicable', 'reinstatement is not expedited removal'],
    ];
    const header = DDP_HEADERS.removals_2012_2023;
    const rows = cases.map(([category, apprehended, entered, status], i) => header.map((h) => ({
      'Departure Date': { date: `2025-0${(i % 5) + 2}-1${i}` }, 'Departure Country': 'GUATEMALA', 'Citizenship Country': 'GUATEMALA', 'Case Category': category,
      'Apprehension Date': apprehended ? { date: apprehended } : null, 'Entry Date': entered ? { date: entered } : null, 'Entry Status': status,
      'Anonymized Identifer': `p${i}`,
    } as Record<string, XlsxCell>)[h] ?? null));
    await writeDdpWorkbook(path, { header, rows, rowCount: rows.length, title: 'ICE Removals (SYNTHETIC, due-process cases)', sheetName: 'Removals', sheetRows: 100, bannerRows: 5 });
    const { store } = await tempStore(t);
    const summary = await ingestFile(store, path);
    assert.equal(summary.rowsStored, cases.length);
    const got = await store.all<{ source_row: number; due_process_note: string; due_process_why: string }>(
      'SELECT source_row, due_process_note, due_process_why FROM removals_due_process ORDER BY source_row');
    assert.equal(got.length, cases.length);
    got.forEach((g, i) => assert.equal(g.due_process_note, cases[i][4], `${cases[i][0]} apprehended ${cases[i][1]}: ${cases[i][5]} (${g.due_process_why})`));
    assert.match(got[2].due_process_why, /by sea/);
    assert.match(got[5].due_process_why, /apprehension date is not published/);
    // The report dimension and the view agree.
    const report = await runReport(store, { table: 'removals', by: ['due_process_note'], where: [] });
    assert.deepEqual(Object.fromEntries(report.rows.map((r) => [r.due_process_note, r.n])), { cannot_tell: 5, consistent_with_rules: 1, not_applicable: 1, outside_designation: 1 });
  });

  test('the lookup table gives what dueProcessNote gives for any day and any number of days within each row', () => {
    // The store looks notes up by (date segment, pathway, presence bucket, arrival) instead of calling
    // dueProcessNote per record; this checks that the note cannot change within a segment or a bucket, by
    // asking dueProcessNote directly at the last day of each segment and the largest days of each bucket.
    const table = dueProcessTable();
    const arrivals: Record<string, ('land' | 'sea' | 'port_of_entry')[]> = { without_inspection: ['land', 'sea'], not_stated: ['land', 'sea', 'port_of_entry'] };
    let compared = 0;
    for (const s of table.segments) {
      const last = s.endDate ?? '2030-12-31';
      for (const b of table.buckets) {
        const days = b.minDays === null ? null : b.maxDays ?? b.minDays + 5000;
        for (const [arrival, ways] of Object.entries(arrivals)) {
          const row = table.rows.find((r) => r.segment === s.segment && r.pathway === 'expedited_removal' && r.presence === b.label && r.arrival === arrival)!;
          const notes = new Set(ways.map((arrivedBy) => dueProcessNote({ pathway: 'expedited_removal', date: last, daysInUs: days, apprehensionDistanceMilesFromBorder: null, arrivedBy }).note));
          assert.equal(row.note, notes.size === 1 ? [...notes][0] : 'cannot_tell', `${s.segment} on ${last}, ${b.label} (${days} days), ${arrival}`);
          compared++;
        }
      }
    }
    assert.equal(compared, table.segments.length * table.buckets.length * 2);
    // One call per input combination, not per record: the number of calls is fixed by the timeline.
    assert.ok(table.calls < table.rows.length, `${table.calls} calls for ${table.rows.length} lookup rows`);
  });
});
