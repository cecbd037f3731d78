import type { ChartSeries } from '../lib/colours.ts';
import { formatNumber, formatValue } from '../lib/format.ts';
import { t } from '../lib/i18n.ts';
import type { MonthCoverage } from '../lib/coverage.ts';

/** The chart's numbers as a table under a disclosure: same values, for copying and for screen readers. */
export function ChartNumbers({ x, bars, lines = [], xLabel, xValue = formatValue, seriesValue = formatValue, coverage, highlight }: {
  x: string[]; bars: ChartSeries[]; lines?: ChartSeries[]; xLabel: string; xValue?: (v: unknown) => string; seriesValue?: (v: unknown) => string;
  /** Per x value: covered in full, in part, or by no source (null: the total is unknown, not 0). */
  coverage?: (MonthCoverage | null)[] | null; highlight?: string;
}) {
  const totals = x.map((_, i) => (coverage && coverage[i] === null ? null : bars.reduce((sum, s) => sum + (s.values[i] ?? 0), 0)));
  return (
    <details className="numbers">
      <summary>{t('panel.numbers')}</summary>
      <div className="table-scroll" tabIndex={0} role="region" aria-label={t('panel.numbers')}>
        <table className="data" data-testid="chart-numbers">
          <thead>
            <tr><th>{xLabel}</th>{bars.length > 1 && bars.map((s) => <th key={s.name} className="num">{seriesValue(s.name)}</th>)}<th className="num">{t('panel.total')}</th>{lines.map((s) => <th key={s.name} className="num">{s.name}</th>)}</tr>
          </thead>
          <tbody>
            {x.map((label, i) => (
              <tr key={label} data-coverage={coverage ? coverage[i] ?? 'none' : undefined} className={label === highlight ? 'chosen' : undefined}>
                <td data-label={xValue(label)}>{xValue(label)}{coverage?.[i] === 'partial' ? <span className="muted"> ◐ {t('coverage.partialMark')}</span> : null}</td>
                {bars.length > 1 && bars.map((s) => <td key={s.name} className="num">{formatNumber(s.values[i])}</td>)}
                <td className="num" data-total={totals[i] ?? ''}>{totals[i] === null ? <span className="muted">{t('coverage.noSource')}</span> : formatNumber(totals[i])}</td>
                {lines.map((s) => <td key={s.name} className="num">{formatNumber(s.values[i])}</td>)}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
