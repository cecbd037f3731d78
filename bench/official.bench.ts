/**
 * Official statistics: read all nine ICE detention statistics workbooks of ../shared/data/official-stats
 * (every sheet, every table, facilities, footnotes), then ingest them — through the regular pipeline,
 * into one database — with CBP's encounters CSV; then ingest UWCHR's 928,231-row detention headcount
 * (psv.gz) and the Deportation Data Project's facility daily population (Parquet). Targets: the nine
 * workbooks ingested together in under 10 s; the headcount in under 2 s. Skipped, with a note, when
 * ../shared/data is absent.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { openProject } from '../src/app/project.ts';
import { ingestFile } from '../src/ingest/ingest.ts';
import { parseCbpEncounters } from '../src/official/cbp-encounters.ts';
import { readDetentionWorkbook } from '../src/sources/ice-detention-stats/workbook.ts';
import { cpuSeconds, freshDb, peakRssMb, timedIngest, type BenchResult, type BenchSuite } from './types.ts';

const DATA = resolve(import.meta.dirname, '..', '..', 'shared', 'data');
const DIR = resolve(DATA, 'official-stats');
const HEADCOUNT = resolve(DATA, 'records', 'uwchr-detention-headcount-fy12-fy24ytd.psv.gz');
const DDP = resolve(DATA, 'records', 'ddp-facilities-daily-population-2022-10_2026-03.parquet');

export const officialSuite: BenchSuite = {
  name: 'official',
  async run(): Promise<BenchResult[]> {
    if (!existsSync(DIR)) return [{ name: 'official: nine ICE workbooks', value: 0, unit: 's', note: `skipped: ${DIR} is absent` }];
    const files = readdirSync(DIR).filter((f) => /^FY\d\d.*\.xlsx$/i.test(f)).sort();
    const cpu = process.cpuUsage();
    const started = performance.now();
    let figures = 0, tables = 0, facilities = 0;
    for (const f of files) {
      const w = await readDetentionWorkbook(resolve(DIR, f));
      figures += w.figures.length; tables += w.tables.length; facilities += w.facilities.length;
    }
    const seconds = (performance.now() - started) / 1000;
    const cpuUsed = cpuSeconds(cpu);
    const csvStart = performance.now();
    const cbp = parseCbpEncounters(readFileSync(resolve(DIR, 'cbp-sw-border-encounters-fy22-fy25aug.csv'), 'utf8'), 'cbp-sw-border-encounters-fy22-fy25aug.csv');
    const csvMs = performance.now() - csvStart;

    // Ingested: the nine workbooks into one database, through the pipeline (hash, sniff, one transaction each).
    const store = await openProject(freshDb('official-workbooks'));
    const ingestCpu = process.cpuUsage();
    const ingestStart = performance.now();
    let stored = 0;
    for (const f of files) stored += (await ingestFile(store, resolve(DIR, f))).rowsStored;
    const ingestSeconds = (performance.now() - ingestStart) / 1000;
    const ingestCpuUsed = cpuSeconds(ingestCpu);
    const cbpIngest = performance.now();
    await ingestFile(store, resolve(DIR, 'cbp-sw-border-encounters-fy22-fy25aug.csv'));
    const cbpIngestMs = performance.now() - cbpIngest;
    store.close();

    const out: BenchResult[] = [
      { name: `official: ${files.length} ICE workbooks read, every sheet`, value: seconds, unit: 's',
        note: `${tables} tables, ${figures.toLocaleString('en-US')} figures, ${facilities.toLocaleString('en-US')} facility rows; ${cpuUsed.toFixed(2)} CPU-s` },
      { name: `official: ${files.length} ICE workbooks ingested`, value: ingestSeconds, unit: 's', target: '< 10 s', met: ingestSeconds < 10,
        note: `${stored.toLocaleString('en-US')} rows stored (figures + facilities); ${ingestCpuUsed.toFixed(2)} CPU-s` },
      { name: 'official: CBP encounters CSV read', value: csvMs, unit: 'ms', note: `${cbp.rows.length.toLocaleString('en-US')} rows, ${cbp.issues.length} issues` },
      { name: 'official: CBP encounters CSV ingested', value: cbpIngestMs, unit: 'ms' },
    ];
    if (existsSync(HEADCOUNT)) {
      const h = await timedIngest(HEADCOUNT, 'official-headcount');
      h.store.close();
      out.push({ name: 'official: UWCHR headcount psv.gz ingested', value: h.seconds, unit: 's', target: '< 2 s', met: h.seconds < 2,
        note: `${h.summary.rowsStored.toLocaleString('en-US')} rows; ${h.cpu.toFixed(2)} CPU-s` });
    }
    if (existsSync(DDP)) {
      const d = await timedIngest(DDP, 'official-ddp-population');
      d.store.close();
      out.push({ name: 'official: DDP facility population Parquet ingested', value: d.seconds, unit: 's', note: `${d.summary.rowsStored.toLocaleString('en-US')} rows; ${d.cpu.toFixed(2)} CPU-s` });
    }
    out.push({ name: 'official: peak memory', value: peakRssMb(), unit: 'MB' });
    return out;
  },
};
