/**
 * Deportation Data Project tables of ICE data (FOIA): arrests, encounters, detainers, detention
 * stays and removals (the 2012–2023 and the latest layout), as the publisher's XLSX workbooks (banner
 * rows above the header, several sheets, FOIA redaction markers, date-times that are really dates) or
 * as Parquet, which DuckDB reads directly. Layouts: ./layouts.ts and ../shared/SCHEMAS.md.
 *
 * One Source per table for workbooks (detected from a sheet's header), and one for Parquet, which
 * picks the table from the file's column names (a Parquet footer is not in the sniffed head).
 */
import { UserError } from '../../domain/errors.ts';
import { parquetColumns, PARQUET_MAGIC } from '../../engine/bulk-staging.ts';
import { refreshJourneyLinks } from '../../records/views.ts';
import type { IngestContext, SourceCounts } from '../types.ts';
import { isLayoutHeader } from '../common/layout.ts';
import { ingestParquetLayout, ingestWorkbookLayout, looseHeaderShare, workbookLayoutConfidence } from '../common/layout-ingest.ts';
import type { FileHead, Source } from '../types.ts';
import { DDP_TABLES, type DdpTable } from './layouts.ts';

/** Arrests, stays and removals feed the journeys: their links are rebuilt inside the file's transaction. */
async function withJourneys(table: DdpTable, context: IngestContext, counts: SourceCounts): Promise<SourceCounts> {
  if (['arrests', 'detention_stays', 'ddp_removals'].includes(table.layout.table) && counts.rowsStored > 0) {
    await refreshJourneyLinks(context.store, { table: table.layout.table, release: table.release });
  }
  return counts;
}

/** The table users query for a layout's rows: DDP removals are stored in ddp_removals and read through the view removals. */
function queriedTable(table: DdpTable): string {
  return table.layout.table === 'ddp_removals' ? 'removals' : table.layout.table;
}

function workbookSource(table: DdpTable): Source {
  return {
    kind: table.kind,
    title: `${table.layout.name} workbook (XLSX, banner rows, several sheets)`,
    tables: [queriedTable(table)],
    sniff(head) {
      if (!head.workbook) return { confidence: 0 };
      // Above the ERO-LESA reader's 0.9: DDP arrests and removals headers also have Departed Date and Case Category.
      return workbookLayoutConfidence(head, table.layout);
    },
    async ingest(head, context) {
      return withJourneys(table, context, await ingestWorkbookLayout(head, context, table.layout, { release: table.release }));
    },
  };
}

export function isParquet(head: FileHead): boolean {
  return !head.gzip && head.bytes.length >= 4 && head.bytes.subarray(0, 4).toString('latin1') === PARQUET_MAGIC;
}

export const ddpParquet: Source = {
  kind: 'ddp-parquet',
  title: 'Deportation Data Project table as Parquet (arrests, encounters, detainers, detention stays, removals, facility daily population)',
  tables: [...new Set(DDP_TABLES.map(queriedTable))],
  sniff(head) {
    return isParquet(head) ? { confidence: 0.75, reason: 'a Parquet file (PAR1); the table is chosen from its column names' } : { confidence: 0 };
  },
  async ingest(head, context) {
    const columns = await parquetColumns(context.store, head.path);
    const names = columns.map((c) => c.name);
    // The exact header, else the layout that knows most of a damaged one (its rows then say what is missing).
    const match = DDP_TABLES.find((t) => isLayoutHeader(t.layout, names))
      ?? DDP_TABLES.map((t) => ({ t, share: looseHeaderShare(t.layout, names) })).filter((c) => c.share > 0).sort((a, b) => b.share - a.share)[0]?.t;
    if (!match) {
      throw new UserError(`${context.file}: a Parquet file whose ${names.length} columns (${names.slice(0, 8).join(', ')}${names.length > 8 ? ', …' : ''}) match none of the Deportation Data Project tables; nothing was stored`, 1,
        ['A table is recognised by these columns (any case, spaces or underscores):',
          ...DDP_TABLES.map((t) => `  ${t.kind.padEnd(24)} ${t.layout.signature.map((s) => s.split('|').join(' or ')).join(' + ')}`)]);
    }
    const counts = await withJourneys(match, context, await ingestParquetLayout(context, head.path, match.layout, { release: match.release }));
    return { ...counts, notes: [`read as ${match.layout.name} (release ${match.release})`, ...(counts.notes ?? [])] };
  },
};

export const DDP_SOURCES: Source[] = [...DDP_TABLES.map(workbookSource), ddpParquet];
