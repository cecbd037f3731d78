/**
 * Filters write to the URL (shareable) under the API's own dimension names; each select lists the
 * values the API reports for that dimension, with their counts.
 */
import { useEffect, useState } from 'react';
import { reportUrl, useApi, type Report } from '../lib/api.ts';
import { useCatalog } from '../lib/catalog.ts';
import { formatDimension, formatNumber, valueLabel } from '../lib/format.ts';
import { setParams } from '../lib/url.ts';
import { t } from '../lib/i18n.ts';

/**
 * True once the browser is idle after the page's first requests: a filter's list of values is not
 * needed to draw the page, so it waits and leaves the server and the network to the charts first.
 */
function useIdle(): boolean {
  const [idle, setIdle] = useState(false);
  useEffect(() => {
    const w = window as Window & { requestIdleCallback?: (cb: () => void, o?: { timeout: number }) => number; cancelIdleCallback?: (id: number) => void };
    if (w.requestIdleCallback) {
      const id = w.requestIdleCallback(() => setIdle(true), { timeout: 1500 });
      return () => w.cancelIdleCallback?.(id);
    }
    const id = window.setTimeout(() => setIdle(true), 300);
    return () => window.clearTimeout(id);
  }, []);
  return idle;
}

/** `fixed`: filters the page always applies, so that the counts beside each value match what the page shows. */
export function FilterSelect({ table, dimension, value, label, fixed = {} }: { table: string; dimension: string; value: string | undefined; label?: string; fixed?: Record<string, string> }) {
  const catalog = useCatalog();
  const available = catalog.has(table, dimension, ...Object.keys(fixed));
  const idle = useIdle();
  const options = useApi<Report>(available && idle ? reportUrl(table, [dimension], fixed) : null);
  if (!available) return null;
  const show = valueLabel(table, dimension);
  const values = options.state === 'ok' ? options.data.rows : [];
  const known = values.some((r) => String(r[dimension]) === value);
  return (
    <label className="filter">
      <span>{label ?? formatDimension(dimension)}</span>
      <select
        name={dimension}
        data-testid={`filter-${dimension}`}
        value={value ?? ''}
        onChange={(event) => setParams({ [dimension]: event.target.value })}
        disabled={options.state !== 'ok'}
      >
        <option value="">{t('filter.all')}</option>
        {value && !known && <option value={value}>{show(value)}</option>}
        {values.filter((r) => r[dimension] !== null && r[dimension] !== undefined).map((r) => (
          <option key={String(r[dimension])} value={String(r[dimension])}>{show(r[dimension])} ({formatNumber(r.n)})</option>
        ))}
      </select>
    </label>
  );
}

export function Toggle({ name, value, options, label }: { name: string; value: string; options: { value: string; label: string }[]; label: string }) {
  return (
    <div className="toggle" role="group" aria-label={label}>
      <span>{label}</span>
      {options.map((o) => (
        <button key={o.value} type="button" aria-pressed={o.value === value} data-testid={`toggle-${name}-${o.value}`} onClick={() => setParams({ [name]: o.value })}>
          {o.label}
        </button>
      ))}
    </div>
  );
}

export function ClearFilters({ names, params }: { names: string[]; params: URLSearchParams }) {
  const active = names.filter((n) => params.get(n));
  if (active.length === 0) return null;
  return <button type="button" className="link" onClick={() => setParams(Object.fromEntries(active.map((n) => [n, undefined])))}>{t('filter.clear')}</button>;
}

/** The filter parameters of a page, from the URL, ready to pass to the API. */
export function filtersFrom(params: URLSearchParams, names: string[]): Record<string, string | undefined> {
  return Object.fromEntries(names.map((n) => [n, params.get(n) ?? undefined]));
}
