/**
 * The demo files of the current record releases: one simulated Deportation Data Project release (January 2025 arrests and
 * what followed to 2025-06-30) as the publisher's workbooks and one table as Parquet, a 2012–2023
 * removals workbook, and an ICE Air ARTS passenger table (pipe-separated) and mission workbook.
 * Registered in demo-files.ts with one line.
 */
import type { DemoFile } from './demo-file.ts';
import { DDP_HEADERS, ddpRows, demoRelease, writeDdpParquet, writeDdpRemovals2012Xlsx, writeDdpTableXlsx } from './ddp.ts';
import { writeArtsMissionsXlsx, writeArtsPassengersPsv } from './arts.ts';

export const DDP_DEMO_FILES: DemoFile[] = [
  {
    name: 'synthetic-ddp-arrests-2025-01.xlsx',
    description: 'DDP arrests, January 2025 (about 300 a day, about 700 a day from 2025-01-21), 6 banner rows, 2 sheets',
    write: async (path) => { await writeDdpTableXlsx(path, demoRelease(), 'arrests'); },
  },
  {
    name: 'synthetic-ddp-encounters-2025-01.xlsx',
    description: 'DDP encounters of the same people, 2 sheets',
    write: async (path) => { await writeDdpTableXlsx(path, demoRelease(), 'encounters'); },
  },
  {
    name: 'synthetic-ddp-detainers-2025-01.parquet',
    description: 'DDP detainers of the same people, as Parquet (snake_case columns, TIMESTAMP dates)',
    write: async (path) => { await writeDdpParquet(path, DDP_HEADERS.detainers, ddpRows(demoRelease(), 'detainers')); },
  },
  {
    name: 'synthetic-ddp-detention-stays-2025.xlsx',
    description: 'DDP detention stays of the same people (book-in date-times, transfers), 2 sheets',
    write: async (path) => { await writeDdpTableXlsx(path, demoRelease(), 'detention_stays'); },
  },
  {
    name: 'synthetic-ddp-removals-latest-2025.xlsx',
    description: 'DDP removals (latest layout) of the same people up to 2025-06-30; 5% without a case category',
    write: async (path) => { await writeDdpTableXlsx(path, demoRelease(), 'removals_latest'); },
  },
  {
    name: 'synthetic-ddp-removals-fy2013-2023.xlsx',
    description: 'DDP removals, 2012–2023 layout (5 banner rows, "Anonymized Identifer"), 3,000 rows',
    write: (path) => writeDdpRemovals2012Xlsx(path, { rows: 3_000, seed: 2013 }),
  },
  {
    name: 'synthetic-arts-passengers-2019.psv',
    description: 'ICE Air ARTS passengers, pipe-separated, 120 missions in 2019',
    write: (path) => writeArtsPassengersPsv(path, { missions: 120, seed: 2019 }),
  },
  {
    name: 'synthetic-arts-missions-2019.xlsx',
    description: 'ICE Air ARTS missions, workbook, the same 120 missions',
    write: (path) => writeArtsMissionsXlsx(path, { missions: 120, seed: 2019 }),
  },
];
