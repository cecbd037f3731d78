/**
 * Detention population per facility per day: UWCHR's headcount (psv.gz) and the Deportation Data
 * Project's daily population (Parquet) ingested whole, with every row's line or Parquet row, and the
 * facility-population report against independent counts: awk over the decompressed headcount, and SQL
 * written here over read_parquet (DuckDB reading the file itself, not deportwatch's stored rows).
 */
import assert from 'node:assert/strict';
import { execSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Store } from '../src/engine/db.ts';
import { ingestFile } from '../src/ingest/ingest.ts';
import { runReport } from '../src/reports/report.ts';
import { sharedData } from './helpers/shared-data.ts';
import { tempStore } from './helpers/store.ts';

const HEADCOUNT = 'records/uwchr-detention-headcount-fy12-fy24ytd.psv.gz';
const DDP = 'records/ddp-facilities-daily-population-2022-10_2026-03.parquet';

const byKey = (rows: Record<string, unknown>[], key: string, value: string) => Object.fromEntries(rows.map((r) => [String(r[key]), Number(r[value])]));

test('UWCHR headcount (psv.gz): every line stored with its line number; totals by fiscal year and facility equal awk', async (t) => {
  const path = sharedData(t, HEADCOUNT);
  if (!path) return;
  const { store } = await tempStore(t);
  const s = await ingestFile(store, path);
  const awk = (program: string) => execSync(`gzip -dc '${path}' | awk -F'|' '${program}'`, { encoding: 'utf8', maxBuffer: 1 << 26 }).trim();
  const lines = Number(awk('NR>1{n++} END{print n}'));
  assert.equal(s.kind, 'uwchr-headcount');
  assert.deepEqual([s.rowsRead, s.rowsStored, s.rowsQuarantined], [lines, lines, 0]);
  // Fiscal year of a day: October–December belong to the next year.
  const expected = Object.fromEntries(awk('NR>1{y=substr($3,1,4)+0; m=substr($3,6,2)+0; if (m>=10) y++; s["FY" y]+=$2} END{for (k in s) print k "\\t" s[k]}')
    .split('\n').map((l) => l.split('\t')).map(([k, v]) => [k, Number(v)]));
  const fy = await runReport(store, { table: 'facility-population', by: ['fiscal_year'], where: [] });
  assert.deepEqual(byKey(fy.rows, 'fiscal_year', 'population'), expected);
  // One facility, one month, and one day, with the line the row came from.
  const [code, day, n] = awk('NR==500000{print $1 "\\t" $3 "\\t" $2}').split('\t');
  const month = await runReport(store, { table: 'facility-population', by: ['month'], where: [{ dimension: 'facility_code', op: '=', values: [code] }, { dimension: 'month', op: '=', values: [day.slice(0, 7)] }] });
  assert.equal(month.rows[0].population, Number(awk(`NR>1 && $1=="${code}" && substr($3,1,7)=="${day.slice(0, 7)}"{s+=$2} END{print s}`)));
  const row = await store.one<{ source_row: bigint; n: number }>('SELECT source_row, n_detained AS n FROM facility_population_daily WHERE facility_code = $1 AND date = $2::DATE', [code, day]);
  assert.deepEqual([Number(row!.source_row), row!.n], [500000, Number(n)]);
});

test('a headcount line that does not parse is quarantined with its line and column; nothing lost', async (t) => {
  const { store, dir } = await tempStore(t);
  const path = join(dir, 'headcount-synthetic.psv');
  writeFileSync(path, 'detention_facility_code|n|date\nAAA|3|2020-01-01\nAAA|x|2020-01-02\nBBB|2|2020-13-01\nBBB|4|2020-01-03\n');
  const s = await ingestFile(store, path);
  assert.deepEqual([s.kind, s.rowsRead, s.rowsStored, s.rowsQuarantined], ['uwchr-headcount', 4, 2, 2]);
  const issues = await store.all<{ row: bigint; column: string; value: string }>('SELECT "row", "column", value FROM row_issues WHERE source_id = $1 ORDER BY "row"', [s.sourceId]);
  assert.deepEqual(issues.map((i) => [Number(i.row), i.column, i.value]), [[3, 'n', 'x'], [4, 'date', '2020-13-01']]);
});

test('DDP facility daily population (Parquet): every row stored; totals by month, facility, and state where known', async (t) => {
  const path = sharedData(t, DDP);
  const workbook = sharedData(t, 'official-stats/FY26_detentionStats_02122026.xlsx');
  if (!path || !workbook) return;
  const { store } = await tempStore(t);
  const s = await ingestFile(store, path);
  // Independent: DuckDB over the Parquet file itself, in a separate in-memory database.
  const raw = await Store.memory();
  t.after(() => raw.close());
  const file = `read_parquet('${path.replace(/'/g, "''")}')`;
  const rows = Number(await raw.scalar(`SELECT count(*) FROM ${file}`));
  assert.equal(rows, 888_699);
  assert.deepEqual([s.kind, s.rowsRead, s.rowsStored, s.rowsQuarantined], ['ddp-parquet', rows, rows, 0]);
  const months = await raw.all<{ m: string; s: bigint }>(`SELECT strftime(date, '%Y-%m') AS m, sum(n_detained) AS s FROM ${file} GROUP BY 1`);
  const byMonth = await runReport(store, { table: 'facility-population', by: ['month'], where: [] });
  assert.deepEqual(byKey(byMonth.rows, 'month', 'population'), Object.fromEntries(months.map((r) => [r.m, Number(r.s)])));
  const day = await raw.all<{ c: string; s: bigint }>(`SELECT detention_facility_code AS c, sum(n_detained) AS s FROM ${file} WHERE date = DATE '2025-06-01' GROUP BY 1`);
  const onDay = await runReport(store, { table: 'facility-population', by: ['facility_code'], where: [{ dimension: 'day', op: '=', values: ['2025-06-01'] }] });
  assert.deepEqual(byKey(onDay.rows, 'facility_code', 'population'), Object.fromEntries(day.map((r) => [r.c, Number(r.s)])));

  // State and AOR: from the codes the FY2026 workbook prints beside facility names, and that facility's row on the Facilities sheet.
  await ingestFile(store, workbook);
  const known = await store.all<{ facility_code: string; state: string }>('SELECT facility_code, state FROM facility_code_attributes');
  assert.ok(known.length > 20, `${known.length} codes with a state`);
  const states = await runReport(store, { table: 'facility-population', by: ['state'], where: [{ dimension: 'day', op: '=', values: ['2025-06-01'] }] });
  const expected = new Map<string, number>();
  for (const r of day) {
    const state = known.find((k) => k.facility_code === r.c)?.state ?? 'null';
    expected.set(state, (expected.get(state) ?? 0) + Number(r.s));
  }
  assert.deepEqual(byKey(states.rows, 'state', 'population'), Object.fromEntries(expected));
});
