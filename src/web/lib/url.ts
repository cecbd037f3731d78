/**
 * The view lives in the URL so it can be shared: `#/removals?grain=month&fiscal_year=FY2020`.
 * Hash routing keeps the dashboard independent of where the server mounts it (no fallback route
 * needed); the query after the page name holds the filters, named exactly as the API's dimensions,
 * so a filter in the dashboard's URL is the same `dim=value` in every API call it makes.
 */
import { useEffect, useState } from 'react';

export interface Route {
  page: string;
  params: URLSearchParams;
}

export function parseHash(hash: string): Route {
  const text = hash.replace(/^#\/?/, '');
  const at = text.indexOf('?');
  const page = (at < 0 ? text : text.slice(0, at)) || 'flights';
  return { page, params: new URLSearchParams(at < 0 ? '' : text.slice(at + 1)) };
}

export function hashFor(page: string, params: URLSearchParams | Record<string, string>): string {
  const query = (params instanceof URLSearchParams ? params : new URLSearchParams(params)).toString();
  return `#/${page}${query ? `?${query}` : ''}`;
}

export function useRoute(): Route {
  const [hash, setHash] = useState(() => window.location.hash);
  useEffect(() => {
    const onChange = () => setHash(window.location.hash);
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return parseHash(hash);
}

/** Sets (or, with '' / undefined, removes) URL parameters of the current page; a new history entry each time. */
export function setParams(patch: Record<string, string | undefined>): void {
  const { page, params } = parseHash(window.location.hash);
  for (const [name, value] of Object.entries(patch)) {
    if (value === undefined || value === '') params.delete(name);
    else params.set(name, value);
  }
  window.location.hash = hashFor(page, params);
}
