/** The catalog of publisher URLs that `deportwatch fetch NAME` downloads from (./fetch-catalog.json). */
import { readFileSync } from 'node:fs';

export interface FetchEntry {
  name: string;
  title: string;
  publisher: string;
  /** The publisher's page that links the file (where a changed URL is found). */
  page: string;
  /** The file's URL; may hold {date}, {yyyy}, {mm}, {dd}, {hex}, {hex2}. */
  url: string;
  /** The local file name; {basename} is the URL's last path segment. */
  file: string;
  /** The source kind the file is expected to be read as (the pipeline still sniffs it). */
  kind: string;
  license: string;
  /** Whether the URL was confirmed from this project (false: written from the publisher's page, unconfirmed). */
  checked: boolean;
  /** One file per airframe of the watchlist (src/reference/aircraft-registry.csv). */
  perAirframe?: boolean;
  /** A snapshot with no stable validator: fetched every time. */
  snapshot?: boolean;
  /** A SHA-256 the file must have, when the publisher states one. */
  sha256?: string;
  notes?: string;
}

let cached: FetchEntry[] | undefined;

export function fetchCatalog(): FetchEntry[] {
  cached ??= (JSON.parse(readFileSync(new URL('./fetch-catalog.json', import.meta.url), 'utf8')) as { entries: FetchEntry[] }).entries;
  return cached;
}

/** `{yyyy}/{mm}/{dd}`, `{date}`, `{hex}`, `{hex2}`, `{basename}` filled in. */
export function fillTemplate(template: string, values: { date?: string; hex?: string; url?: string }): string {
  const [yyyy, mm, dd] = (values.date ?? '').split('-');
  const hex = (values.hex ?? '').toLowerCase();
  const basename = values.url ? decodeURIComponent(new URL(values.url).pathname.split('/').filter(Boolean).pop() ?? 'download') : '';
  return template.replace(/\{(date|yyyy|mm|dd|hex2|hex|basename)\}/g, (_, key: string) => ({
    date: values.date ?? '', yyyy, mm, dd, hex, hex2: hex.slice(-2), basename,
  } as Record<string, string | undefined>)[key] ?? '');
}
