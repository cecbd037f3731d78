/**
 * Airport names for ICAO codes (`/airports.json?codes=`, from the project's airport reference), so a
 * page shows "Yakima Air Terminal (KYKM)" rather than a bare code. Names are asked for once per code.
 */
import { useEffect, useState } from 'react';
import { apiUrl, cachedJson } from './api.ts';

interface AirportRow { code: string; name: string | null; city: string | null; country: string | null }
const known = new Map<string, AirportRow>();
let version = 0;
const listeners = new Set<() => void>();

async function load(codes: string[]): Promise<void> {
  const wanted = [...new Set(codes.filter((c) => c && /^[A-Z0-9]{3,4}$/.test(c) && !known.has(c)))].sort();
  if (wanted.length === 0) return;
  for (let i = 0; i < wanted.length; i += 200) {
    const body = await cachedJson<{ rows: AirportRow[] }>(apiUrl('/airports.json', { codes: wanted.slice(i, i + 200).join(',') })).catch(() => ({ rows: [] as AirportRow[] }));
    for (const row of body.rows) known.set(row.code, row);
  }
  version += 1;
  for (const listener of listeners) listener();
}

/** `code → "Name (CODE)"`, or the code alone until (or unless) the reference knows it. */
export function airportLabel(code: string, short = false): string {
  const a = known.get(code);
  if (!a?.name) return code;
  return short ? `${a.city || a.name} (${code})` : `${a.name}${a.city && !a.name.includes(a.city) ? `, ${a.city}` : ''} (${code})`;
}

/** Asks for the names of `codes` and re-renders when they arrive; returns `airportLabel`. */
export function useAirportNames(codes: string[] = []): (code: string, short?: boolean) => string {
  const [, setVersion] = useState(version);
  const key = [...new Set(codes)].sort().join(',');
  useEffect(() => {
    const listener = () => setVersion(version);
    listeners.add(listener);
    void load(key ? key.split(',') : []);
    return () => { listeners.delete(listener); };
  }, [key]);
  return airportLabel;
}
