import type { ChartSeries } from '../lib/colours.ts';
import { formatNumber, formatValue } from '../lib/format.ts';

/** The chart's numbers as a table under a disclosure: same values, for copying and for screen readers. */
export function ChartNumbers({ x, bars, lines = [], xLabel, xValue = formatValue, seriesValue = formatValue }: {
  x: string[]; bars: ChartSeries[]; lines?: ChartSeries[]; xLabel: string; xValue?: (v: unknown) => string; seriesValue?: (v: unknown) => string;
}) {
  const totals = x.map((_, i) => bars.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  return (
    <details className="numbers">
      <summary>Numbers</summary>
      <div className="table-scroll">
        <table className="data" data-testid="chart-numbers">
          <thead>
            <tr><th>{xLabel}</th>{bars.length > 1 && bars.map((s) => <th key={s.name} className="num">{seriesValue(s.name)}</th>)}<th className="num">Total</th>{lines.map((s) => <th key={s.name} className="num">{s.name}</th>)}</tr>
          </thead>
          <tbody>
            {x.map((label, i) => (
              <tr key={label}>
                <td>{xValue(label)}</td>
                {bars.length > 1 && bars.map((s) => <td key={s.name} className="num">{formatNumber(s.values[i])}</td>)}
                <td className="num" data-total={totals[i]}>{formatNumber(totals[i])}</td>
                {lines.map((s) => <td key={s.name} className="num">{formatNumber(s.values[i])}</td>)}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
