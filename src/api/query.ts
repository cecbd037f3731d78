/**
 * Query strings. Filters are written as on the command line (`--where`), one per parameter, and parsed
 * by the same parseFilter: `?fiscal_year=FY2015`, `?month>=2019-01`, `?pathway=expedited_removal,reinstatement`,
 * `?pathway!=unknown`. A URL parser would split `month>=2019-01` at its `=`, so the raw query string is
 * read here: each `&`-separated part is decoded whole and given to parseFilter. Parameters that start
 * with `_` are options (`_size`, `_after`, `_shape`, `_limit`), as are the few named ones a route
 * declares (`by`, `sql`, `date`, `name`, `kind`).
 */
import { isIsoDate } from '../domain/dates.ts';
import { UsageError } from '../domain/errors.ts';
import { parseFilter } from '../reports/report.ts';
import type { Filter } from '../reports/types.ts';
import { HttpError } from './errors.ts';

export interface ParsedQuery {
  options: Record<string, string>;
  filters: Filter[];
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part.replace(/\+/g, ' '));
  } catch {
    throw new HttpError(400, `the query parameter "${part}" is not valid URL encoding`);
  }
}

/** Splits a raw query into options (`_x=…` and the route's named options) and filters. */
export function parseQuery(rawQuery: string, named: string[] = []): ParsedQuery {
  const options: Record<string, string> = {};
  const filters: Filter[] = [];
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const text = decode(part);
    const name = /^[^=<>!]*/.exec(text)![0].trim();
    if (name.startsWith('_') || named.includes(name)) {
      const at = text.indexOf('=');
      if (at < 0 || text.slice(0, at).trim() !== name) throw new HttpError(400, `option "${name}" takes a value: ${name}=…`);
      options[name] = text.slice(at + 1);
      continue;
    }
    filters.push(parseFilter(text));
  }
  return { options, filters };
}

/** Rejects options the route does not know (a typo such as `_sise` should not be ignored silently). */
export function checkOptions(options: Record<string, string>, known: string[]): void {
  for (const name of Object.keys(options)) {
    if (!known.includes(name)) throw new HttpError(400, `unknown option "${name}"; this route takes: ${known.join(', ') || 'no options'}`);
  }
}

export interface FilterTarget {
  column: string;
  /** DuckDB type of the column, for value checks. */
  type: string;
}

/**
 * Checks filters against what a table offers: an unknown dimension is a 400 that lists the known ones
 * (the same words as the CLI's report), and a value that cannot be a date, month or fiscal year where
 * the dimension is one is a 400 too — a filter that can match nothing because of a typo should say so.
 */
export function checkFilters(filters: Filter[], targets: Record<string, FilterTarget>, table: string): { column: string; op: Filter['op']; values: string[] }[] {
  const known = Object.keys(targets);
  return filters.map((filter) => {
    const target = targets[filter.dimension];
    if (!target) throw new UsageError(`"${filter.dimension}" is not a dimension of ${table}; dimensions: ${known.join(', ')}`);
    for (const value of filter.values) checkValue(filter.dimension, target.type, value);
    return { column: target.column, op: filter.op, values: filter.values };
  });
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const FISCAL_YEAR = /^FY\d{4}$/;
const YEAR = /^\d{4}$/;

export function checkValue(dimension: string, type: string, value: string): void {
  if (/^(DATE|TIMESTAMP)/.test(type) && !isIsoDate(value.slice(0, 10))) {
    throw new UsageError(`${dimension}: "${value}" is not a date; write YYYY-MM-DD (e.g. 2019-01-31)`);
  }
  if ((dimension === 'month' || dimension.endsWith('_month')) && !MONTH.test(value)) {
    throw new UsageError(`${dimension}: "${value}" is not a month; write YYYY-MM (e.g. 2019-01)`);
  }
  if ((dimension === 'fiscal_year' || dimension.endsWith('_fiscal_year')) && !FISCAL_YEAR.test(value)) {
    throw new UsageError(`${dimension}: "${value}" is not a fiscal year; write FY and four digits (e.g. FY2019 = 2018-10-01 … 2019-09-30)`);
  }
  if ((dimension === 'calendar_year' || dimension === 'year') && !YEAR.test(value)) {
    throw new UsageError(`${dimension}: "${value}" is not a year; write four digits (e.g. 2019)`);
  }
}

export function intOption(options: Record<string, string>, name: string, fallback: number, min: number, max: number): number {
  const text = options[name];
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text)) throw new HttpError(400, `${name} must be a whole number (got "${text}")`);
  const value = Number(text);
  if (value < min || value > max) throw new HttpError(400, `${name} must be between ${min} and ${max} (got ${value})`);
  return value;
}

export type Shape = 'objects' | 'arrays';

export function shapeOption(options: Record<string, string>): Shape {
  const shape = options._shape ?? 'objects';
  if (shape !== 'objects' && shape !== 'arrays') throw new HttpError(400, `_shape must be objects or arrays (got "${shape}")`);
  return shape;
}

/** The keyset token of `_after`: the key values of a row, as base64url JSON (opaque to clients). */
export function encodeKey(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeKey(token: string, length: number): unknown[] {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    values = undefined;
  }
  if (!Array.isArray(values) || values.length !== length || values.some((v) => v !== null && typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean')) {
    throw new HttpError(400, '_after is not a key this route gave out: pass the `next` value of the previous page unchanged');
  }
  return values;
}
