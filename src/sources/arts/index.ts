/**
 * ICE Air ARTS (Alien Repatriation Tracking System) passenger and mission tables, as released to
 * UWCHR under FOIA: pipe-separated text (the installments' usual export; comma and tab also read)
 * or XLSX. Layouts: ./layouts.ts. Status words (ER, REINST …) are normalised to case categories by
 * src/reference/status-codes.csv in the views, not here, so a corrected row applies at once.
 */
import { splitCsvLine } from '../../domain/csv.ts';
import { isLayoutHeader, type Layout } from '../common/layout.ts';
import { ingestDelimitedLayout, ingestWorkbookLayout, workbookHasLayout } from '../common/layout-ingest.ts';
import { artsFlightLegs } from '../../flights/arts-store.ts';
import type { FileHead, Source } from '../types.ts';
import { ARTS_MISSIONS, ARTS_PASSENGERS } from './layouts.ts';

const DELIMITERS = ['|', '\t', ','];

function textHeader(head: FileHead, layout: Layout): { index: number; delimiter: string } | null {
  for (let i = 0; i < Math.min(head.lines.length, 40); i++) {
    for (const delimiter of DELIMITERS) {
      if (head.lines[i].includes(delimiter) && isLayoutHeader(layout, splitCsvLine(head.lines[i], delimiter))) return { index: i, delimiter };
    }
  }
  return null;
}

function artsSource(kind: string, layout: Layout): Source {
  return {
    kind,
    title: `ICE Air ${layout.name} table (pipe-separated text or XLSX; ${layout.signature.join(', ')} …)`,
    tables: [layout.table],
    sniff(head) {
      if (head.workbook) return workbookHasLayout(head, layout) ? { confidence: 0.95, reason: `a sheet has the ${layout.name} header` } : { confidence: 0 };
      if (head.text === null) return { confidence: 0 };
      const found = textHeader(head, layout);
      return found ? { confidence: 0.95, reason: `${layout.name} header on line ${found.index + 1}, separated by "${found.delimiter}"` } : { confidence: 0 };
    },
    async ingest(head, context) {
      const counts = head.workbook ? await ingestWorkbookLayout(head, context, layout, { release: 'arts' })
        : await ingestDelimitedLayout(head, context, layout, textHeader(head, layout)?.delimiter ?? '|', { release: 'arts' });
      // ICE's own mission records are flight legs too (ICE link "manifest"; docs/flights.md "ARTS missions").
      return { ...counts, notes: [...(counts.notes ?? []), ...await artsFlightLegs(context.store, context.sourceId, layout.table)] };
    },
  };
}

export const ARTS_SOURCES: Source[] = [artsSource('arts-passengers', ARTS_PASSENGERS), artsSource('arts-missions', ARTS_MISSIONS)];
