/**
 * Output formats of the data twins: JSON (`_shape=objects|arrays`), CSV (spreadsheet-safe: the CLI's
 * toCsv/csvCell neutralise cells starting with = + - @), newline-delimited JSON for large exports, and
 * GeoJSON where a table is geographic.
 */
import { Readable } from 'node:stream';
import { csvCell, toCsv } from '../reports/format.ts';
import type { Row } from '../engine/db.ts';
import type { ApiReply } from './route.ts';
import type { Shape } from './query.ts';

export function json(value: unknown, status = 200): ApiReply {
  return { status, format: 'json', body: JSON.stringify(value) };
}

export function shapeRows(columns: string[], rows: Row[], shape: Shape): unknown[] {
  return shape === 'objects' ? rows : rows.map((row) => columns.map((c) => row[c]));
}

export function csv(columns: string[], rows: Row[], fileName: string): ApiReply {
  return { format: 'csv', body: toCsv(columns, rows), headers: { 'content-disposition': `attachment; filename="${fileName}"` } };
}

export type RowBatch = { columns: string[] } | { rows: Row[] };

/** A streamed CSV: the header line, then each batch of rows as it comes. */
export function csvStream(batches: AsyncIterable<RowBatch>, fileName: string): ApiReply {
  async function* lines(): AsyncGenerator<string> {
    let columns: string[] = [];
    for await (const batch of batches) {
      if ('columns' in batch) {
        columns = batch.columns;
        yield `${columns.map(csvCell).join(',')}\n`;
      } else if (batch.rows.length) {
        yield batch.rows.map((row) => columns.map((c) => csvCell(row[c])).join(',')).join('\n') + '\n';
      }
    }
  }
  // One batch read ahead at most: a client that stops reading holds one batch, not sixteen.
  return { format: 'csv', body: Readable.from(lines(), { highWaterMark: 1 }), headers: { 'content-disposition': `attachment; filename="${fileName}"` } };
}

/** Newline-delimited JSON: one object per line, nothing else, so `jq -c` and pandas `lines=True` read it. */
export function ndjsonStream(batches: AsyncIterable<RowBatch>): ApiReply {
  async function* lines(): AsyncGenerator<string> {
    for await (const batch of batches) {
      if ('rows' in batch && batch.rows.length) yield batch.rows.map((row) => JSON.stringify(row)).join('\n') + '\n';
    }
  }
  return { format: 'ndjson', body: Readable.from(lines(), { highWaterMark: 1 }) };
}

export interface GeoFeature {
  type: 'Feature';
  geometry: { type: 'Point'; coordinates: [number, number] } | { type: 'LineString'; coordinates: [number, number][] } | null;
  properties: Row;
}

/**
 * A point for one position, a line through two or more (origin → destination); a row whose positions
 * are unknown keeps its properties with a null geometry (valid GeoJSON), so counts are not lost.
 */
export function feature(positions: ([number, number] | undefined)[], properties: Row): GeoFeature {
  const known = positions.every((p) => p !== undefined && Number.isFinite(p[0]) && Number.isFinite(p[1]));
  if (!known || positions.length === 0) return { type: 'Feature', geometry: null, properties };
  const coordinates = positions as [number, number][];
  return { type: 'Feature', geometry: coordinates.length === 1 ? { type: 'Point', coordinates: coordinates[0] } : { type: 'LineString', coordinates }, properties };
}

export function geojson(features: GeoFeature[], extra: Record<string, unknown> = {}): ApiReply {
  return { format: 'geojson', body: JSON.stringify({ type: 'FeatureCollection', ...extra, features }) };
}
