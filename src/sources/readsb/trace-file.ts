/** One trace file's bytes (gzip or not) → columns and row issues. Shared by the in-process and worker paths. */
import type { RowIssue } from '../../domain/provenance.ts';
import { PositionBuilder } from '../../trajectory/columns.ts';
import { parseTrace, type TraceHeader } from './parse.ts';
import { maybeGunzip } from '../common/json-document.ts';


export interface TraceResult {
  header: TraceHeader;
  builder: PositionBuilder;
  rowsRead: number;
  problems: RowIssue[];
}

/** One trace file's bytes → columns and row issues (member names the archive member, or null). */
export function readTraceBytes(raw: Buffer, file: string, member: string | null): TraceResult {
  const bytes = maybeGunzip(raw);
  const builder = new PositionBuilder(Math.max(64, Math.round(bytes.length / 100)));
  const problems: RowIssue[] = [];
  const { header, rowsRead } = parseTrace(bytes, builder, (p) => problems.push({ file, sheet: member, row: p.row, column: p.column, value: p.value, problem: p.problem }));
  return { header, builder, rowsRead, problems };
}

