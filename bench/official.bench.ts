/**
 * Official statistics: read all nine ICE detention statistics workbooks of ../shared/data/official-stats
 * (every sheet, every table, facilities, footnotes) and CBP's encounters CSV. Target: the nine
 * workbooks together in under 10 s. Skipped, with a note, when ../shared/data is absent.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseCbpEncounters } from '../src/official/cbp-encounters.ts';
import { readDetentionWorkbook } from '../src/sources/ice-detention-stats/workbook.ts';
import { cpuSeconds, peakRssMb, type BenchResult, type BenchSuite } from './types.ts';

const DIR = resolve(import.meta.dirname, '..', '..', 'shared', 'data', 'official-stats');

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
    return [
      { name: `official: ${files.length} ICE workbooks, every sheet`, value: seconds, unit: 's', target: '< 10 s', met: seconds < 10,
        note: `${tables} tables, ${figures.toLocaleString('en-US')} figures, ${facilities.toLocaleString('en-US')} facility rows; ${cpuUsed.toFixed(2)} CPU-s` },
      { name: 'official: CBP encounters CSV', value: csvMs, unit: 'ms', note: `${cbp.rows.length.toLocaleString('en-US')} rows, ${cbp.issues.length} issues` },
      { name: 'official: peak memory', value: peakRssMb(), unit: 'MB' },
    ];
  },
};
