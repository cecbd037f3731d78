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
import { seriesColors, type ChartSeries } from '../lib/colours.ts';
import { formatCompact, formatNumber, formatValue } from '../lib/format.ts';

export type { ChartSeries };

echarts.use([EBar, ELine, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export interface ChartProps {
  x: string[];
  bars: ChartSeries[];
  /** Reference lines drawn over the bars (baselines), dashed. */
  lines?: ChartSeries[];
  stacked?: boolean;
  horizontal?: boolean;
  height?: number;
  label: string;
  /** How to show an x value and a series name (default formatValue). */
  xLabel?: (value: unknown) => string;
  seriesLabel?: (value: unknown) => string;
  /** The dimension the series are values of (keeps each value's colour across charts). */
  seriesScope?: string;
  /** Called with the x value of a clicked bar. */
  onSelect?: (x: string) => void;
}

export function Chart({ x, bars, lines = [], stacked = true, horizontal = false, height = 320, label, xLabel = formatValue, seriesLabel = formatValue, seriesScope = '', onSelect }: ChartProps) {
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
    const categoryAxis = { type: 'category' as const, data: x.map(xLabel), axisLabel: { hideOverlap: true }, axisTick: { alignWithLabel: true } };
    const valueAxis = { type: 'value' as const, axisLabel: { formatter: (v: number) => formatCompact(v) }, minInterval: 1 };
    const legend = bars.length + lines.length > 1;
    const colours = seriesColors(bars.map((b) => b.name), seriesScope);
    instance.setOption({
      animation: false,
      aria: { enabled: true, label: { description: label } },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => formatNumber(v), confine: true },
      legend: legend ? { type: 'scroll', top: 0, textStyle: { fontSize: 12 } } : undefined,
      grid: { left: horizontal ? (narrow ? 90 : 150) : 48, right: 16, top: legend ? 36 : 12, bottom: 28, containLabel: false },
      xAxis: horizontal ? valueAxis : categoryAxis,
      yAxis: horizontal ? { ...categoryAxis, inverse: true, axisLabel: { width: narrow ? 80 : 140, overflow: 'truncate' } } : valueAxis,
      series: [
        ...bars.map((s, i) => ({ type: 'bar' as const, name: seriesLabel(s.name), data: s.values, itemStyle: { color: colours[i] }, stack: stacked ? 'total' : undefined, barMaxWidth: 48, emphasis: { focus: 'series' as const } })),
        ...lines.map((s, i) => ({ type: 'line' as const, name: s.name, data: s.values, connectNulls: false, symbol: 'none', lineStyle: { type: i === 0 ? 'dashed' as const : 'dotted' as const, width: 2, color: i === 0 ? '#222' : '#777' }, itemStyle: { color: i === 0 ? '#222' : '#777' } })),
      ],
    }, true);
  }, [x, bars, lines, stacked, horizontal, label, xLabel, seriesLabel, seriesScope]);

  useEffect(() => {
    const instance = chart.current;
    if (!instance || !onSelect) return;
    const handler = (event: { dataIndex?: number }) => { if (event.dataIndex !== undefined && x[event.dataIndex] !== undefined) onSelect(x[event.dataIndex]); };
    instance.on('click', handler);
    return () => { instance.off('click', handler); };
  }, [x, onSelect]);

  return <div className={`chart${onSelect ? ' selectable' : ''}`} ref={element} style={{ height }} role="img" aria-label={label} data-testid="chart" />;
}

