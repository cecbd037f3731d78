/** A plain, scrollable table: numbers right-aligned and formatted, every cell copyable. */
import type { ReactNode } from 'react';
import { formatNumber, formatValue } from '../lib/format.ts';

export interface Column<T> {
  key: string;
  label: string;
  numeric?: boolean;
  /** Dates, codes and times read badly when wrapped. */
  nowrap?: boolean;
  render?: (row: T) => ReactNode;
}

export function DataTable<T extends Record<string, unknown>>({ columns, rows, testId, caption, className, label }: {
  columns: Column<T>[]; rows: T[]; testId?: string; caption?: string; className?: string; label?: string;
}) {
  // On a phone each row becomes a card: every column label beside its value, nothing cut off.
  return (
    // Focusable, so a keyboard can scroll a table wider than the screen.
    <div className="table-scroll" tabIndex={0} role="region" aria-label={caption ?? label ?? testId}>
      <table className={`data${className ? ` ${className}` : ''}`} data-testid={testId}>
        {caption && <caption>{caption}</caption>}
        <thead><tr>{columns.map((c) => <th key={c.key} className={c.numeric ? 'num' : undefined} scope="col">{c.label}</th>)}</tr></thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={i}>
              {columns.map((c) => (
                <td key={c.key} className={c.numeric ? 'num' : c.nowrap ? 'nowrap' : undefined} data-label={c.label}>
                  {c.render ? c.render(row) : c.numeric ? formatNumber(row[c.key]) : cellText(row[c.key])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  if (typeof value === 'boolean') return formatValue(value);
  return String(value);
}
