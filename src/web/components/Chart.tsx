/**
 * One echarts wrapper for every chart. The SVG renderer keeps text crisp in screenshots and print,
 * and only the chart types used here are bundled (echarts/core), which keeps first load small.
 * Each chart also renders its numbers as a table (ChartNumbers), so a reader can copy them and a
 * screen reader can read them.
 */
import { BarChart as EBar, LineChart as ELine } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkAreaComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { seriesColors, type ChartSeries } from '../lib/colours.ts';
import { formatCompact, formatNumber, formatValue } from '../lib/format.ts';
import type { MonthCoverage } from '../lib/coverage.ts';
import { t } from '../lib/i18n.ts';

export type { ChartSeries };

echarts.use([EBar, ELine, GridComponent, LegendComponent, MarkAreaComponent, TooltipComponent, SVGRenderer]);

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
  /** Per x value: covered in full, in part, or by no source (drawn as a hatched gap). */
  coverage?: (MonthCoverage | null)[] | null;
  /** An x value to highlight (the month a filter chose). */
  highlight?: string;
}

/** Runs of consecutive x values matching `test`, as [first, last] indexes. */
function runs<T>(values: T[], test: (v: T) => boolean): [number, number][] {
  const out: [number, number][] = [];
  values.forEach((v, i) => {
    if (!test(v)) return;
    const last = out[out.length - 1];
    if (last && last[1] === i - 1) last[1] = i; else out.push([i, i]);
  });
  return out;
}

/**
 * Rows the legend needs when it wraps (a paged legend hides series behind "1/6" on a phone): each
 * item is about its text plus the symbol and the gap.
 */
function legendRows(names: string[], width: number): number {
  let rows = 1; let used = 0;
  for (const name of names) {
    const w = name.length * 6.6 + 40;
    if (used + w > width - 16 && used > 0) { rows += 1; used = 0; }
    used += w;
  }
  return rows;
}

export function Chart({ x, bars, lines = [], stacked = true, horizontal = false, height = 320, label, xLabel = formatValue, seriesLabel = formatValue, seriesScope = '', onSelect, coverage, highlight }: ChartProps) {
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
    const width = element.current?.clientWidth ?? 800;
    const narrow = width < 520;
    const labelOf = (v: string, i: number) => `${xLabel(v)}${coverage?.[i] === 'partial' ? ' ◐' : ''}`;
    const categoryAxis = {
      type: 'category' as const, data: x.map(labelOf), axisTick: { alignWithLabel: true },
      axisLabel: { hideOverlap: true, formatter: (v: string) => (highlight && v.startsWith(xLabel(highlight)) ? `{chosen|${v}}` : v), rich: { chosen: { fontWeight: 'bold' as const, color: '#000' } } },
    };
    const valueAxis = { type: 'value' as const, axisLabel: { formatter: (v: number) => formatCompact(v) }, minInterval: 1 };
    const legend = bars.length + lines.length > 1;
    const colours = seriesColors(bars.map((b) => b.name), seriesScope);
    const legendTop = legend ? legendRows([...bars.map((b) => seriesLabel(b.name)), ...lines.map((l) => l.name)], width) * 22 + 14 : 12;
    // Months no source covers are shaded and labelled; the chosen month is outlined.
    const gapAreas = coverage ? runs(coverage, (c) => c === null).map(([a, b]) => [
      { xAxis: labelOf(x[a], a), name: t('coverage.noSource'), itemStyle: { color: 'rgba(120,120,120,0.12)' }, label: { color: '#555', fontSize: 11, position: 'insideTop' as const } },
      { xAxis: labelOf(x[b], b) },
    ]) : [];
    const hi = highlight ? x.indexOf(highlight) : -1;
    const chosenArea = hi >= 0 ? [[{ xAxis: labelOf(x[hi], hi), name: t('chart.chosen'), itemStyle: { color: 'rgba(0,0,0,0)', borderColor: '#111', borderWidth: 1.5, borderType: 'dashed' as const }, label: { color: '#111', fontSize: 11, position: 'insideTop' as const } }, { xAxis: labelOf(x[hi], hi) }]] : [];
    const markArea = !horizontal && (gapAreas.length || chosenArea.length) ? { silent: true, data: [...gapAreas, ...chosenArea] } : undefined;
    instance.setOption({
      animation: false,
      aria: { enabled: true, label: { description: label } },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => formatNumber(v), confine: true },
      legend: legend ? { type: 'plain', top: 0, left: 0, right: 0, textStyle: { fontSize: 12 }, itemGap: 12 } : undefined,
      grid: { left: horizontal ? (narrow ? 90 : 150) : 48, right: 16, top: legendTop, bottom: 28, containLabel: false },
      xAxis: horizontal ? valueAxis : categoryAxis,
      yAxis: horizontal ? { ...categoryAxis, inverse: true, axisLabel: { width: narrow ? 80 : 140, overflow: 'truncate' } } : valueAxis,
      series: [
        ...bars.map((s, i) => ({ type: 'bar' as const, name: seriesLabel(s.name), data: s.values, itemStyle: { color: colours[i] }, stack: stacked ? 'total' : undefined, barMaxWidth: 48, emphasis: { focus: 'series' as const }, ...(i === 0 && markArea ? { markArea } : {}) })),
        ...lines.map((s, i) => ({ type: 'line' as const, name: s.name, data: s.values, connectNulls: false, symbol: 'none', lineStyle: { type: i === 0 ? 'dashed' as const : 'dotted' as const, width: 2, color: i === 0 ? '#222' : '#777' }, itemStyle: { color: i === 0 ? '#222' : '#777' } })),
      ],
    }, true);
  }, [x, bars, lines, stacked, horizontal, label, xLabel, seriesLabel, seriesScope, coverage, highlight]);

  useEffect(() => {
    const instance = chart.current;
    if (!instance || !onSelect) return;
    const handler = (event: { dataIndex?: number }) => { if (event.dataIndex !== undefined && x[event.dataIndex] !== undefined) onSelect(x[event.dataIndex]); };
    instance.on('click', handler);
    return () => { instance.off('click', handler); };
  }, [x, onSelect]);

  const legendExtra = bars.length + lines.length > 1 ? Math.max(0, legendRows([...bars.map((b) => seriesLabel(b.name)), ...lines.map((l) => l.name)], element.current?.clientWidth ?? 800) - 1) * 22 : 0;
  return <div className={`chart${onSelect ? ' selectable' : ''}`} ref={element} style={{ height: height + legendExtra }} role="img" aria-label={label} data-testid="chart" />;
}

