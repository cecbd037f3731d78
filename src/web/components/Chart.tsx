/**
 * One echarts wrapper for every chart. The SVG renderer keeps text crisp in screenshots and print,
 * and only the chart types used here are bundled (echarts/core), which keeps first load small.
 * Each chart also renders its numbers as a table (ChartNumbers), so a reader can copy them and a
 * screen reader can read them.
 */
import { BarChart as EBar, LineChart as ELine } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { formatCompact, formatNumber, formatValue } from '../lib/format.ts';

echarts.use([EBar, ELine, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

/** Tableau 10: distinguishable, print-safe, no colour implies a judgement. */
export const PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac', '#86bcb6', '#d4a6c8'];

export interface ChartSeries { name: string; values: (number | null)[] }

/** Values that mean "no answer" are drawn grey, so they never read as a category of their own. */
const NO_ANSWER = /^(unknown|not recorded|unclassified|other \(\d+\)|none)$/i;
const GREYS = ['#bab0ac', '#9d9590', '#d3cdca', '#847c78'];

export function seriesColors(names: string[]): string[] {
  let colour = 0;
  let grey = 0;
  return names.map((name) => (NO_ANSWER.test(name.replace(/_/g, ' ')) ? GREYS[grey++ % GREYS.length] : COLOURS[colour++ % COLOURS.length]));
}
const COLOURS = PALETTE.filter((c) => !GREYS.includes(c));

export interface ChartProps {
  x: string[];
  bars: ChartSeries[];
  /** Reference lines drawn over the bars (baselines), dashed. */
  lines?: ChartSeries[];
  stacked?: boolean;
  horizontal?: boolean;
  height?: number;
  label: string;
}

export function Chart({ x, bars, lines = [], stacked = true, horizontal = false, height = 320, label }: ChartProps) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    if (!element.current) return;
    const instance = echarts.init(element.current, undefined, { renderer: 'svg' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element.current);
    return () => { observer.disconnect(); instance.dispose(); chart.current = null; };
  }, []);

  useEffect(() => {
    const instance = chart.current;
    if (!instance) return;
    const narrow = (element.current?.clientWidth ?? 800) < 520;
    const categoryAxis = { type: 'category' as const, data: x.map(formatValue), axisLabel: { hideOverlap: true }, axisTick: { alignWithLabel: true } };
    const valueAxis = { type: 'value' as const, axisLabel: { formatter: (v: number) => formatCompact(v) }, minInterval: 1 };
    const legend = bars.length + lines.length > 1;
    const colours = seriesColors(bars.map((b) => b.name));
    instance.setOption({
      color: PALETTE,
      animation: false,
      aria: { enabled: true, label: { description: label } },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => formatNumber(v), confine: true },
      legend: legend ? { type: 'scroll', top: 0, textStyle: { fontSize: 12 } } : undefined,
      grid: { left: horizontal ? (narrow ? 90 : 150) : 48, right: 16, top: legend ? 36 : 12, bottom: 28, containLabel: false },
      xAxis: horizontal ? valueAxis : categoryAxis,
      yAxis: horizontal ? { ...categoryAxis, inverse: true, axisLabel: { width: narrow ? 80 : 140, overflow: 'truncate' } } : valueAxis,
      series: [
        ...bars.map((s, i) => ({ type: 'bar' as const, name: formatValue(s.name), data: s.values, itemStyle: { color: colours[i] }, stack: stacked ? 'total' : undefined, barMaxWidth: 48, emphasis: { focus: 'series' as const } })),
        ...lines.map((s, i) => ({ type: 'line' as const, name: s.name, data: s.values, connectNulls: false, symbol: 'none', lineStyle: { type: i === 0 ? 'dashed' as const : 'dotted' as const, width: 2, color: i === 0 ? '#222' : '#777' }, itemStyle: { color: i === 0 ? '#222' : '#777' } })),
      ],
    }, true);
  }, [x, bars, lines, stacked, horizontal, label]);

  return <div className="chart" ref={element} style={{ height }} role="img" aria-label={label} data-testid="chart" />;
}

/** The chart's numbers as a table under a disclosure: same values, for copying and for screen readers. */
export function ChartNumbers({ x, bars, lines = [], xLabel }: { x: string[]; bars: ChartSeries[]; lines?: ChartSeries[]; xLabel: string }) {
  const totals = x.map((_, i) => bars.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  return (
    <details className="numbers">
      <summary>Numbers</summary>
      <div className="table-scroll">
        <table className="data" data-testid="chart-numbers">
          <thead>
            <tr><th>{xLabel}</th>{bars.length > 1 && bars.map((s) => <th key={s.name} className="num">{formatValue(s.name)}</th>)}<th className="num">Total</th>{lines.map((s) => <th key={s.name} className="num">{s.name}</th>)}</tr>
          </thead>
          <tbody>
            {x.map((label, i) => (
              <tr key={label}>
                <td>{formatValue(label)}</td>
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
