/**
 * A temporary database for API tests, filled with SYNTHETIC files in the real ERO-LESA layout through the
 * real ingest pipeline, and an app built on it (requests go through `app.inject`, no port).
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, type App, type AppOptions } from '../../src/api/app.ts';
import { ingestFile } from '../../src/ingest/ingest.ts';
import { Store } from '../../src/engine/db.ts';
import { ServedDatabase } from '../../src/engine/served.ts';
import { writeEroLesaCsv } from '../../src/synthetic/ero-lesa.ts';
import { ERO_LESA_HEADER, eroLesaBanner } from '../../src/synthetic/ero-lesa.ts';
import { openProject } from '../../src/app/project.ts';

export interface TestData {
  dir: string;
  dbPath: string;
  /** 3,000 generated rows, FY2014–FY2016, two with the impossible date 13/45/2019. */
  csvPath: string;
  /** Six hand-written rows whose cells start with = + - @ (spreadsheet formulas). */
  formulaPath: string;
  cleanup(): Promise<void>;
}

/** Hand-written rows in the ERO-LESA CSV layout; each country cell would run as a formula in a spreadsheet. */
export const FORMULA_ROWS = [
  ['1/5/2016', '(b)(6),(b)(7)(c )', 'Male', '=HYPERLINK("http://example.invalid","x")', '(b)(7)(E )', '', '[16] Reinstated Final Order'],
  ['1/6/2016', '(b)(6),(b)(7)(c )', 'Male', '+SUM(1,2)', '(b)(7)(E )', '', '[16] Reinstated Final Order'],
  ['1/7/2016', '(b)(6),(b)(7)(c )', 'Female', '-2+3', '(b)(7)(E )', '', '[8F] Expedited Removal'],
  ['1/8/2016', '(b)(6),(b)(7)(c )', 'Female', '@SUM(A1)', '(b)(7)(E )', '', '[8F] Expedited Removal'],
  ['1/9/2016', '(b)(6),(b)(7)(c )', 'Male', 'MEXICO', '(b)(7)(E )', '=cmd|calc', '[8C] Excludable / Inadmissible - Administrative Final Order Issued'],
  ['1/10/2016', '(b)(6),(b)(7)(c )', 'Male', 'MEXICO', '(b)(7)(E )', '', '[3] Deportable - Administratively Final Order'],
];

function csvLine(cells: string[]): string {
  return cells.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',');
}

export async function makeTestData(options: { ingest?: boolean } = {}): Promise<TestData> {
  const dir = await mkdtemp(join(tmpdir(), 'deportwatch-api-'));
  const dbPath = join(dir, 'test.duckdb');
  const csvPath = join(dir, 'synthetic-ero-lesa-fy2014-2016.csv');
  const formulaPath = join(dir, 'synthetic-ero-lesa-formulas.csv');
  await writeEroLesaCsv(csvPath, { rows: 3000, seed: 7, from: '2013-10-01', to: '2016-09-30', badRows: 2 });
  const pad = (line: string) => line + ','.repeat(ERO_LESA_HEADER.length - 1);
  await writeFile(formulaPath, [...eroLesaBanner('SYNTHETIC test rows with formula-like cells').map(pad), ERO_LESA_HEADER.join(','), ...FORMULA_ROWS.map(csvLine)].join('\n') + '\n');
  if (options.ingest !== false) {
    const store = await openProject(dbPath);
    try {
      await ingestFile(store, csvPath);
      await ingestFile(store, formulaPath);
    } finally {
      store.close();
    }
  }
  return { dir, dbPath, csvPath, formulaPath, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export interface TestApp extends App {
  db: ServedDatabase;
  close(): Promise<void>;
}

export async function openApp(dbPath: string, options: Omit<AppOptions, 'db'> & { uploadDir?: string } = {}): Promise<TestApp> {
  const writable = options.token !== undefined && options.token !== null;
  const db = await ServedDatabase.open({ openWritable: (file) => openProject(file), path: dbPath, writable, uploadDir: options.uploadDir ?? `${dbPath}.uploads` });
  const built = await buildApp({ webDir: null, ...options, db });
  return { ...built, db, async close() { await built.app.close(); await db.close(); } };
}

/**
 * Independent count of the generated CSV's rows by fiscal year, with awk (not DuckDB, not our parser):
 * data lines start after the 6 banner lines and the header; the first cell is m/d/yyyy; October to
 * September is one fiscal year, named for the year it ends; impossible dates (13/45/2019) are skipped.
 */
export function awkFiscalYears(csvPath: string): Map<string, number> {
  const out = execFileSync('awk', ['-F,', `NR > 7 { n = split($1, d, "/"); if (n == 3 && d[1] >= 1 && d[1] <= 12 && d[2] >= 1 && d[2] <= 31) { fy = (d[1] >= 10) ? d[3] + 1 : d[3]; c["FY" fy]++ } } END { for (k in c) print k, c[k] }`, csvPath], { encoding: 'utf8' });
  return new Map(out.trim().split('\n').map((line) => { const [k, v] = line.split(' '); return [k, Number(v)] as [string, number]; }));
}

export function awkCount(csvPath: string, program: string): number {
  return Number(execFileSync('awk', ['-F,', program, csvPath], { encoding: 'utf8' }).trim());
}

export async function getJson(app: App['app'], url: string, headers: Record<string, string> = {}) {
  const response = await app.inject({ method: 'GET', url, headers });
  return { status: response.statusCode, headers: response.headers, body: response.json() as Record<string, any>, text: response.body };
}
