/**
 * XLSX throughput: write a sheet shaped like an ICE ERO-LESA removals release (seven columns:
 * departed date, redacted date of birth, gender, country, redacted event number, conviction, case
 * category), then read every row back. Targets: read ≥ 200,000 rows/s with peak memory < 400 MB
 * at 1,000,000 rows. Run alone: `npx tsx bench/xlsx.bench.ts --rows 1000000`.
 */
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openWorkbook, writeXlsx, type XlsxCell } from '../src/sources/common/xlsx/index.ts';
import type { BenchSuite, BenchResult } from './types.ts';

const COUNTRIES = ['MEXICO', 'MEXICO', 'MEXICO', 'MEXICO', 'MEXICO', 'GUATEMALA', 'HONDURAS', 'EL SALVADOR', 'CANADA', 'INDIA', 'CHINA, PEOPLES REPUBLIC OF', 'DOMINICAN REPUBLIC', 'PHILIPPINES', 'KOREA, SOUTH', 'VIETNAM', 'ECUADOR', 'BRAZIL', 'RUSSIA', 'UKRAINE', 'SOMALIA'];
const CONVICTIONS = [null, null, null, 'Driving Under Influence Liquor', 'Illegal Entry (INA SEC.101(a)(43)(O), 8USC1325 only)', 'Dangerous Drugs', 'Assault', 'Traffic Offense', 'Burglary', 'Larceny', 'Illegal Re-Entry (INA SEC.101(a)(43)(O), 8USC1326 only)', 'Weapon Offense', 'Fraudulent Activities', 'Obstructing Judiciary, Congress, Legislature, Etc.'];
const CATEGORIES = ['[8C] Excludable / Inadmissible - Administrative Final Order Issued', '[3] Deportable - Administratively Final Order', '[16] Reinstated Final Order', '[8F] Expedited Removal (Inadmissible)', '[10] Visa Waiver Deportation / Removal'];
const BANNER = ['ERO-LESA Statistical Tracking Unit', 'For Official Use Only (FOUO)/Pre-decisional', 'UW v. DHS - ICE Productions', 'Please review the last tab for footnotes.'];
const HEADER = ['Departed Date', 'Date of Birth', 'Gender', 'Country of Citizenship', 'Event Number', 'Most Serious Conviction', 'Case Category'];

/** Deterministic rows (a linear congruential generator), so every run writes the same file. */
function* removals(count: number): Generator<XlsxCell[]> {
  for (const line of BANNER) yield [line];
  yield [];
  yield ['FY2012 - FY2019 YTD Other ICE Removals (synthetic, for benchmarking)'];
  yield HEADER;
  let seed = 12345;
  const next = (n: number): number => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; };
  // Departures spread evenly over FY2012–FY2019, oldest first, as the releases are sorted.
  const days = Array.from({ length: 2800 }, (_, d) => ({ date: new Date(Date.UTC(2011, 9, 1 + d)).toISOString().slice(0, 10) }));
  for (let i = 0; i < count; i++) {
    yield [days[Math.floor((i / count) * days.length)], '(b)(6),(b)(7)(c )', next(10) < 8 ? 'Male' : 'Female', COUNTRIES[next(COUNTRIES.length)], '(b)(7)(E )', CONVICTIONS[next(CONVICTIONS.length)], CATEGORIES[next(CATEGORIES.length)]];
  }
}

export async function benchXlsx(opts: { rows: number }): Promise<BenchResult[]> {
  const dir = resolve(import.meta.dirname, '../.tmp');
  mkdirSync(dir, { recursive: true });
  const path = resolve(dir, `xlsx-bench-${opts.rows}.xlsx`);
  const size = opts.rows.toLocaleString('en-US');

  const writeStart = performance.now();
  await writeXlsx(path, [{ name: 'Removals', rows: removals(opts.rows) }, { name: 'Footnotes', rows: [['Footnotes'], ['1. Synthetic data.']] }]);
  const writeSeconds = (performance.now() - writeStart) / 1000;
  const megabytes = statSync(path).size / 1e6;

  (globalThis as { gc?: () => void }).gc?.();
  // Peak resident memory during the read alone: sampled on a timer and at every chunk of rows,
  // since maxRSS would also count the writer above.
  let peakRss = process.memoryUsage.rss();
  const timer = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage.rss()); }, 20);
  const readStart = performance.now();
  const cpuStart = process.cpuUsage();
  let rows = 0;
  let cells = 0;
  let lastRow = 0;
  try {
    const workbook = await openWorkbook(path);
    for await (const row of workbook.rows('Removals')) {
      rows++;
      cells += row.cells.length;
      lastRow = row.row;
      if ((rows & 4095) === 0) peakRss = Math.max(peakRss, process.memoryUsage.rss());
    }
  } finally {
    clearInterval(timer);
  }
  const readSeconds = (performance.now() - readStart) / 1000;
  // CPU time as well as wall time: on a shared machine the wall clock also counts other work.
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
  // Banner (4) + blank row left out + title + header + data rows: the reader must see them all.
  const expectedRows = opts.rows + 6;
  if (rows !== expectedRows || lastRow !== opts.rows + 7) throw new Error(`read ${rows} rows ending at row ${lastRow}; expected ${expectedRows} ending at ${opts.rows + 7}`);

  const readRate = Math.round(rows / readSeconds);
  const peakMb = Math.round(peakRss / 1048576);
  const full = opts.rows >= 1_000_000;
  return [
    { name: `xlsx write ${size} rows × 7 columns`, value: Math.round(opts.rows / writeSeconds), unit: 'rows/s', note: `${writeSeconds.toFixed(1)} s, ${megabytes.toFixed(1)} MB file` },
    { name: `xlsx read ${size} rows × 7 columns`, value: readRate, unit: 'rows/s', target: '>= 200000 rows/s', met: full ? readRate >= 200_000 : undefined, note: `${readSeconds.toFixed(2)} s wall, ${cpuSeconds.toFixed(2)} s CPU = ${Math.round(rows / cpuSeconds).toLocaleString('en-US')} rows per CPU-second, ${cells.toLocaleString('en-US')} cells${full ? '' : '; target applies at 1,000,000 rows'}` },
    { name: `xlsx read ${size} rows peak RSS`, value: peakMb, unit: 'MB', target: '< 400 MB', met: full ? peakMb < 400 : undefined, note: `process maxRSS incl. writing ${Math.round(process.resourceUsage().maxRSS / 1024)} MB` },
  ];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const args = process.argv.slice(2);
  const rows = args.includes('--rows') ? Number(args[args.indexOf('--rows') + 1]) : 1_000_000;
  if (!Number.isInteger(rows) || rows < 1) throw new Error(`--rows wants a positive whole number, not ${args[args.indexOf('--rows') + 1]}`);
  const results = await benchXlsx({ rows });
  for (const r of results) console.log(`${r.name.padEnd(42)} ${r.value.toLocaleString('en-US').padStart(12)} ${r.unit.padEnd(7)} ${r.target ? `target ${r.target}${r.met === undefined ? '' : r.met ? ' ok' : ' MISSED'}` : ''}  (${r.note})`);
  if (!args.includes('--keep')) rmSync(resolve(import.meta.dirname, `../.tmp/xlsx-bench-${rows}.xlsx`), { force: true });
}

/** The reader and writer alone (the XLSX ingest figure without the database): 1M rows with --full, 250k by default. */
export const xlsxReaderSuite: BenchSuite = {
  name: 'xlsx-reader',
  run: ({ full }) => benchXlsx({ rows: full ? 1_000_000 : 250_000 }),
};
