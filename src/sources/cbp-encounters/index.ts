/**
 * CBP's southwest land border encounters CSV (CBP public data portal: `Fiscal Year, Month Grouping,
 * Month (abbv), Component, Demographic, Citizenship Grouping, Title of Authority, Encounter Type,
 * Encounter Count`), recognised by that header. Read by src/official/cbp-encounters.ts; every line is a
 * row of `cbp_encounters` (with its physical line) or a quarantined line with its line and column.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { UserError } from '../../domain/errors.ts';
import { parseCbpEncounters, totalsByFiscalYear } from '../../official/cbp-encounters.ts';
import { appendOfficialRows } from '../../official/store.ts';
import { cbpEncounterRow } from '../../official/tables.ts';
import type { Source } from '../types.ts';

const REQUIRED = ['Fiscal Year', 'Month (abbv)', 'Component', 'Citizenship Grouping', 'Title of Authority', 'Encounter Type', 'Encounter Count'];

export const cbpEncounters: Source = {
  kind: 'cbp-encounters',
  title: 'CBP southwest land border encounters (CSV from CBP\'s public data portal)',
  tables: ['cbp_encounters'],
  sniff(head) {
    const first = head.lines.find((l) => l.trim() !== '');
    if (head.text === null || !first) return { confidence: 0 };
    const found = REQUIRED.filter((c) => first.includes(c)).length;
    return found === REQUIRED.length ? { confidence: 0.95, reason: 'the header of CBP\'s encounters CSV' } : { confidence: 0 };
  },
  async ingest(head, context) {
    if (head.gzip) throw new UserError(`${context.file}: a gzip-compressed CBP file is not read; decompress it first`);
    const parsed = parseCbpEncounters(await readFile(head.path, 'utf8'), basename(context.file));
    if (parsed.rowsRead === 0 && parsed.issues.length > 0) throw new UserError(`${context.file}: ${parsed.issues[0].problem}`);
    await appendOfficialRows(context.store, 'cbp_encounters', context.sourceId, parsed.rows.map(cbpEncounterRow));
    await context.quarantine(parsed.issues.map((i) => ({ ...i, file: context.file })));
    context.progress(parsed.rowsRead);
    const totals = [...totalsByFiscalYear(parsed.rows)].sort((a, b) => a[0] - b[0]);
    return {
      rowsRead: parsed.rowsRead, rowsStored: parsed.rows.length, rowsQuarantined: new Set(parsed.issues.map((i) => i.row)).size,
      notes: [`encounters by fiscal year: ${totals.map(([fy, n]) => `FY${fy} ${n.toLocaleString('en-US')}`).join(', ')}${parsed.rows.some((r) => r.fytd) ? ' (the last year is fiscal year to date)' : ''}`],
    };
  },
};
