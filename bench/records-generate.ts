/**
 * Writes the synthetic files the records benchmarks ingest, in a process of its own so that
 * generating them counts against neither the time nor the memory measured.
 *   npx tsx bench/records-generate.ts stays-xlsx <rows> <path>
 *   npx tsx bench/records-generate.ts stays-parquet <rows> <path>
 *   npx tsx bench/records-generate.ts release-parquet <people> <dir>   (arrests, stays, removals of one release)
 */
import { join } from 'node:path';
import { DDP_HEADERS, ddpRows, ddpStayRowsAtScale, simulateDdpRelease, writeDdpParquet, writeDdpWorkbook } from '../src/synthetic/ddp.ts';

const [what, count, out] = process.argv.slice(2);
const n = Number(count);
if (what === 'stays-xlsx') {
  // Excel holds 1,048,576 rows a sheet: a 3M-row release spans three sheets, as the publisher's do.
  await writeDdpWorkbook(out, { header: DDP_HEADERS.detention_stays, rows: ddpStayRowsAtScale(n), rowCount: n, title: 'ICE Detention Stays (SYNTHETIC, benchmark)', sheetName: 'Stays', sheetRows: 1_000_000 });
} else if (what === 'stays-parquet') {
  await writeDdpParquet(out, DDP_HEADERS.detention_stays, ddpStayRowsAtScale(n));
} else if (what === 'release-parquet') {
  // About 700 arrests a day: `n` people span n / 700 days from 2023-09-01.
  const days = Math.ceil(n / 700);
  const from = new Date(Date.UTC(2023, 8, 1));
  const to = new Date(from.getTime() + (days - 1) * 86_400_000).toISOString().slice(0, 10);
  const people = simulateDdpRelease({ seed: 7, from: '2023-09-01', to, releaseEnd: '2027-12-31', dailyArrests: () => 700 });
  await writeDdpParquet(join(out, 'synthetic-bench-arrests.parquet'), DDP_HEADERS.arrests, ddpRows(people, 'arrests'));
  await writeDdpParquet(join(out, 'synthetic-bench-stays.parquet'), DDP_HEADERS.detention_stays, ddpRows(people, 'detention_stays'));
  await writeDdpParquet(join(out, 'synthetic-bench-removals.parquet'), DDP_HEADERS.removals_latest, ddpRows(people, 'removals_latest'));
  process.stderr.write(`${people.length} people\n`);
} else {
  throw new Error(`unknown benchmark file "${what}"`);
}
