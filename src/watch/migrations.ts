import type { Migration } from '../engine/migrations.ts';

/**
 * The watcher's tables (docs/watch.md): the live evidence of each leg (which feeds, first and last
 * message time, points, gaps that touch it), the events and every delivery attempt of their alerts,
 * the keys already alerted (so one event is one alert across feeds and restarts), and the checkpoint
 * of the watcher's state. Legs themselves go to adsb_legs and flight_legs like any ADS-B leg.
 */
export const watch: Migration = {
  id: 30,
  name: 'watch: live_leg_evidence, watch_events, alert_deliveries, alert_keys, watch_checkpoints',
  statements: [
    `CREATE TABLE live_leg_evidence (
      adsb_leg_id BIGINT NOT NULL,
      source_id INTEGER NOT NULL,
      icao24 VARCHAR NOT NULL,
      feeds VARCHAR NOT NULL,
      first_message_time TIMESTAMP NOT NULL,
      last_message_time TIMESTAMP NOT NULL,
      points INTEGER NOT NULL,
      -- Feed interruptions (drops, silences, restarts of the watcher) inside the leg's time span, as JSON.
      gaps VARCHAR NOT NULL,
      stored_at TIMESTAMP NOT NULL DEFAULT current_timestamp
    )`,
    `CREATE TABLE watch_events (
      event_id BIGINT PRIMARY KEY,
      event_key VARCHAR NOT NULL,
      kind VARCHAR NOT NULL,
      icao24 VARCHAR NOT NULL,
      event_time TIMESTAMP NOT NULL,
      -- accepted (sent to the sinks) or duplicate (the same event was alerted within its window).
      dispatch VARCHAR NOT NULL,
      event VARCHAR NOT NULL,
      recorded_at TIMESTAMP NOT NULL DEFAULT current_timestamp
    )`,
    `CREATE TABLE alert_deliveries (
      event_key VARCHAR NOT NULL,
      sink VARCHAR NOT NULL,
      outcome VARCHAR NOT NULL,
      attempt INTEGER NOT NULL,
      recorded_time TIMESTAMP NOT NULL,
      reason VARCHAR,
      retry_at TIMESTAMP
    )`,
    `CREATE TABLE alert_keys (
      event_key VARCHAR PRIMARY KEY,
      last_at DOUBLE NOT NULL
    )`,
    `CREATE TABLE watch_checkpoints (
      name VARCHAR PRIMARY KEY,
      saved_at TIMESTAMP NOT NULL,
      state VARCHAR NOT NULL
    )`,
  ],
};
