/**
 * The API's twins of the official tables: the report routes of the new report tables, their rows
 * (`/{table}.json`, `.csv`), and the tables served as stored (`official_tables`, `official_releases`,
 * `source_fetches`). Expected figures: python3's read of the workbook (Detention FY26, the cell under
 * "Total" on the Total row of the processing-disposition table).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { openProject } from '../src/app/project.ts';
import { ingestFile } from '../src/ingest/ingest.ts';
import { getJson, openApp } from './helpers/api.ts';
import { readWorkbookWithPython } from './helpers/xlsx-python.ts';
import { sharedData } from './helpers/shared-data.ts';
import { tempDir } from './helpers/store.ts';

test('official tables over HTTP: report, rows, CSV and the tables served as stored', async (t) => {
  const xlsx = sharedData(t, 'official-stats/FY26_detentionStats_02122026.xlsx');
  const csv = sharedData(t, 'official-stats/cbp-sw-border-encounters-fy22-fy25aug.csv');
  if (!xlsx || !csv) return;
  const dbPath = join(await tempDir(t), 'api.duckdb');
  const store = await openProject(dbPath);
  await ingestFile(store, xlsx);
  await ingestFile(store, csv);
  store.close();
  const api = await openApp(dbPath);
  t.after(() => api.close());
  const py = readWorkbookWithPython(xlsx).cells['Detention FY26'];
  const total = Number(Object.entries(py).find(([ref]) => ref === 'D10')![1]);
  assert.equal(py.A10.trim(), 'Total');
  assert.equal(py.D9.trim(), 'Total');

  const report = await getJson(api.app, '/reports/detention-current.json?by=processing_disposition&facility_type=Total&processing_disposition=Total');
  assert.equal(report.status, 200);
  assert.deepEqual(report.body.rows.map((r: Record<string, unknown>) => r.value), [total]);
  const rows = await getJson(api.app, '/official-figures.json?measure=currently_detained&processing_disposition=Total&facility_type=Total&latest=yes');
  assert.equal(rows.status, 200);
  assert.deepEqual(rows.body.rows.map((r: Record<string, unknown>) => [r.source_sheet, r.source_range, r.value]), [['Detention FY26', 'D10', total]]);
  const tables = await getJson(api.app, '/official_tables.json?_size=5000');
  assert.equal(tables.status, 200);
  assert.ok(tables.body.rows.length > 30);
  const releases = await getJson(api.app, '/official_releases.json');
  assert.deepEqual(releases.body.rows.map((r: Record<string, unknown>) => [r.workbook, r.release_date]), [['FY26_detentionStats_02122026.xlsx', '2026-02-12']]);
  const fetches = await getJson(api.app, '/source_fetches.json');
  assert.deepEqual([fetches.status, fetches.body.rows], [200, []]);
  const cbp = await api.app.inject({ method: 'GET', url: '/cbp-encounters.csv?fiscal_year=FY2022' });
  assert.equal(cbp.statusCode, 200);
  const lines = cbp.body.trim().split('\n');
  assert.ok(lines.length > 100 && lines.slice(1).every((l) => l.includes('2022')));
});
