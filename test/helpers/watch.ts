/** Shared by the watch tests: a watcher on a replayed recording, and legs in a comparable shape. */
import type { Store } from '../../src/engine/db.ts';
import { ReplayServer, type ReplayOptions } from '../../src/feeds/replay.ts';
import type { Recording } from '../../src/feeds/recordings.ts';
import { Watcher, type WatcherOptions } from '../../src/watch/watcher.ts';

/** adsb_legs columns that describe the flight (not which file, row or session stored it). */
export const LEG_COLUMNS = [
  'icao24', 'callsigns', 'departure_time', 'arrival_time', 'duration_s', 'start_lat_deg', 'start_lon_deg', 'start_alt_ft', 'end_lat_deg', 'end_lon_deg', 'end_alt_ft',
  'departure_airport', 'departure_basis', 'departure_confidence', 'departure_distance_km', 'departure_height_ft', 'departure_candidates', 'departure_note',
  'arrival_airport', 'arrival_basis', 'arrival_confidence', 'arrival_distance_km', 'arrival_height_ft', 'arrival_candidates', 'arrival_note',
  'start_reason', 'end_reason', 'distance_km', 'path_km', 'max_alt_ft', 'points', 'duplicates', 'bad_positions', 'bad_altitudes', 'phase_noise',
  'gaps', 'longest_gap_s', 'low_passes', 'replay_link',
];

/**
 * The legs of a database in a comparable form. Left out, on purpose: ids, the reorder count and the
 * `time-disorder` flag (a recording is replayed in time order, a file may not be in order), and the
 * registration and type (a file can name them, the feed protocols cannot; the flight model adds them
 * from the dated registry either way).
 */
export async function comparableLegs(store: Store, where = 'true'): Promise<string[]> {
  const rows = await store.all(`SELECT ${LEG_COLUMNS.join(', ')}, quality_flags FROM adsb_legs WHERE ${where} ORDER BY icao24, departure_time`);
  return rows.map((r) => JSON.stringify({ ...r, quality_flags: String(r.quality_flags ?? '').split(',').filter((f) => f && f !== 'time-disorder').join(',') }));
}

/** Serves `recording`, runs a watcher on `feedUrl(port)` until no new position for `idleMs`, then stops it as at the end of a file. */
export async function watchReplay(store: Store, recording: Recording, feedUrl: (port: number) => string, options: {
  replay?: ReplayOptions; idleMs?: number; watcher?: Partial<WatcherOptions>; endOfRecording?: boolean;
} = {}): Promise<{ watcher: Watcher; server: ReplayServer }> {
  const server = new ReplayServer(recording, { speed: Infinity, ...options.replay });
  const port = await server.listen();
  const watcher = new Watcher({ store, feeds: [feedUrl(port)], liveDir: null, checkpointEveryS: 3600, ...options.watcher });
  await watcher.start();
  try {
    await untilIdle(watcher, options.idleMs ?? 1500);
  } finally {
    await watcher.stop({ endOfRecording: options.endOfRecording ?? true });
    await server.close();
  }
  return { watcher, server };
}

export async function untilIdle(watcher: Watcher, idleMs: number, maxMs = 120_000): Promise<void> {
  const started = Date.now();
  let last = -1, since = Date.now();
  while (Date.now() - started < maxMs) {
    await new Promise((r) => setTimeout(r, 100));
    const n = watcher.status().points;
    if (n !== last) { last = n; since = Date.now(); continue; }
    if (n > 0 && Date.now() - since >= idleMs) return;
  }
  throw new Error(`the watcher did not go idle within ${maxMs} ms`);
}
