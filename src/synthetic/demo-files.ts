/**
 * The synthetic files the demo generates and ingests through the real pipeline. Each area adds its
 * own generator here; every file name starts with `synthetic-` so the store marks its rows synthetic.
 */
import { writeEroLesaCsv, writeEroLesaXlsx } from './ero-lesa.ts';
import { DDP_DEMO_FILES } from './ddp-demo.ts';
import { FLIGHT_DEMO_FILES } from './flights.ts';
import { ADSB_DEMO_FILES } from './adsb-demo.ts';

import type { DemoFile } from './demo-file.ts';

export const DEMO_FILES: DemoFile[] = [
  {
    name: 'synthetic-ero-lesa-removals-fy2012-2019.csv',
    description: 'ERO-LESA removals, CSV export layout, 20,000 rows (2 with impossible dates, to show quarantine)',
    write: (path) => writeEroLesaCsv(path, { rows: 20_000, seed: 2012, from: '2011-10-01', to: '2019-09-30', badRows: 2 }),
  },
  {
    name: 'synthetic-ero-lesa-removals-fy2020-2022.xlsx',
    description: 'ERO-LESA removals, workbook layout (one sheet per fiscal year + footnotes), 6,000 rows',
    write: (path) => writeEroLesaXlsx(path, { rows: 6_000, seed: 2020, from: '2019-10-01', to: '2022-09-30' }),
  },
  ...DDP_DEMO_FILES,
  ...FLIGHT_DEMO_FILES,
  ...ADSB_DEMO_FILES,
];
