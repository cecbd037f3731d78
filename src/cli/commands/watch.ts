/**
 * `deportwatch watch --feed URL …`: watches live ADS-B feeds, stores the legs as they finish (with the
 * batch rules, so `report flights` and the dashboard include them) and alerts on watchlist airframes
 * (docs/watch.md). `watch --status` prints the status a running watcher writes beside the database.
 */
import type { Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { LOCALES, type Locale } from '../../alerts/messages.ts';
import { jsonLinesSink, ntfySink, webhookSink } from '../../alerts/sinks.ts';
import type { SinkConfig } from '../../alerts/dispatcher.ts';
import { UsageError, UserError } from '../../domain/errors.ts';
import { resolveDbPath } from '../../engine/db.ts';
import { openProject } from '../../app/project.ts';
import { liveDirFor, Watcher, type WatchStatus } from '../../watch/watcher.ts';
import { globalOptions, out } from '../context.ts';

interface WatchFlags {
  feed?: string[];
  webhook?: string[];
  secret?: string;
  ntfy?: string[];
  jsonl?: string[];
  locale: string;
  watchHex?: string;
  reappearDays: string;
  checkpointS: string;
  exitWhenIdle?: string;
  status?: boolean;
  json?: boolean;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

function statusText(s: WatchStatus): string {
  const t = (v: number | null) => (v === null ? '—' : new Date(v * 1000).toISOString().replace('.000Z', 'Z'));
  const lines = [
    `watcher "${s.name}", status of ${t(s.updatedAt)}; feed time ${t(s.feedTime)}${s.restoredFromCheckpoint ? ' (restored from a checkpoint)' : ''}`,
    `${s.aircraft} aircraft in view, ${s.points} positions, ${s.legsStored} legs stored (${s.legsMerged} were already known from another source), ${s.events} events`,
  ];
  for (const f of s.feeds) {
    const errors = Object.entries(f.errors).map(([k, v]) => `${k} ${v}`).join(', ') || 'none';
    lines.push(`  ${f.name}: ${f.state}, last message ${t(f.lastMessageAt)}, ${f.messages} messages, ${f.messagesPerS.toFixed(1)}/s, ` +
      `${f.gaps.length} gaps, ${f.reconnects} reconnects, ${f.silences} silences, ${f.lateMessages} late, errors: ${errors}`);
  }
  const alerts = Object.entries(s.alerts).map(([k, v]) => `${k} ${v}`).join(', ');
  if (alerts) lines.push(`  alerts: ${alerts}`);
  for (const a of s.airborne) lines.push(`  airborne: ${a.icao24}${a.callsign ? ` ${a.callsign}` : ''} at ${a.latDeg.toFixed(3)}, ${a.lonDeg.toFixed(3)}${a.altFt !== null ? `, ${a.altFt} ft` : ''}`);
  return lines.join('\n');
}

export function registerWatch(program: Command): void {
  program.command('watch')
    .description('watch live ADS-B feeds: legs as they finish, stored with the batch rules; alerts on watchlist airframes (docs/watch.md)')
    .option('--feed <url>', 'a feed: sbs://HOST:30003, beast://HOST:30005, http://HOST/data/aircraft.json, adsbx-v2://HOST?hex=…, opensky://HOST?lamin=… (repeatable)', collect)
    .option('--webhook <url>', 'POST each alert, signed with --secret (repeatable)', collect)
    .option('--secret <secret>', 'HMAC secret of the webhook signature (or DEPORTWATCH_WEBHOOK_SECRET)')
    .option('--ntfy <url>', 'publish to ntfy: https://ntfy.sh/TOPIC (repeatable)', collect)
    .option('--jsonl <file>', 'append each alert as a JSON line ("-" = stdout) (repeatable)', collect)
    .option('--locale <locale>', `language of the alerts: ${LOCALES.join(', ')}`, 'en')
    .option('--watch-hex <hexes>', 'more airframes to watch (comma-separated Mode S hexes) besides the registry and callsign rules')
    .option('--reappear-days <n>', 'alert when a watchlist airframe is seen for the first time in this many days', '30')
    .option('--checkpoint-s <s>', 'seconds between checkpoints of the watcher state', '10')
    .option('--exit-when-idle <s>', 'a replayed recording: stop after this many seconds without a message and close the open legs as at the end of a file')
    .option('--status', 'print the status of the watcher running on this database, and exit')
    .option('--json', 'with --status: the status as JSON')
    .action(async (flags: WatchFlags, command: Command) => {
      const dbPath = resolveDbPath(globalOptions(command).db);
      const liveDir = liveDirFor(dbPath);
      if (flags.status) {
        const path = liveDir ? `${liveDir}/status.json` : null;
        if (!path || !existsSync(path)) throw new UserError(`no watcher status for ${dbPath} (a running watcher writes ${path ?? '<db>.live/status.json'} every second)`);
        const s = JSON.parse(readFileSync(path, 'utf8')) as WatchStatus;
        out(flags.json ? JSON.stringify(s, null, 2) : statusText(s));
        return;
      }
      if (!flags.feed?.length) throw new UsageError('give at least one --feed URL (or --status)');
      if (!(LOCALES as readonly string[]).includes(flags.locale)) throw new UsageError(`--locale must be one of ${LOCALES.join(', ')}`);
      const locale = flags.locale as Locale;
      const sinks: SinkConfig[] = [];
      const secret = flags.secret ?? process.env.DEPORTWATCH_WEBHOOK_SECRET;
      for (const url of flags.webhook ?? []) {
        if (!secret) throw new UsageError('--webhook needs --secret (or DEPORTWATCH_WEBHOOK_SECRET) to sign its alerts');
        sinks.push({ sink: webhookSink({ url, secret }), locale });
      }
      for (const url of flags.ntfy ?? []) {
        const u = new URL(url);
        sinks.push({ sink: ntfySink({ baseUrl: u.origin, topic: u.pathname.replace(/^\//, '') }), locale });
      }
      for (const path of flags.jsonl ?? []) sinks.push({ sink: jsonLinesSink(path), locale });
      const idleS = flags.exitWhenIdle !== undefined ? Number(flags.exitWhenIdle) : null;
      if (idleS !== null && !(idleS > 0)) throw new UsageError('--exit-when-idle must be a positive number of seconds');
      const quiet = Boolean(globalOptions(command).quiet);
      const note = (line: string): void => { if (!quiet) process.stderr.write(`${line}\n`); };
      const store = await openProject(dbPath);
      const watcher = new Watcher({
        store, feeds: flags.feed, sinks, liveDir,
        watchHexes: flags.watchHex?.split(',').map((h) => h.trim().toLowerCase()).filter(Boolean),
        reappearDays: Number(flags.reappearDays), checkpointEveryS: Number(flags.checkpointS),
        onEvent: (e) => note(`${e.dispatch === 'duplicate' ? 'duplicate ' : ''}${e.event.kind} ${e.event.aircraft.icao24} ${new Date(e.event.at * 1000).toISOString()}`),
      });
      try {
        await watcher.start();
        note(`watching ${flags.feed.join(', ')} into ${dbPath}${watcher.status().restoredFromCheckpoint ? ' (resumed from the checkpoint)' : ''}; Ctrl-C to stop`);
        const endOfRecording = await new Promise<boolean>((resolve) => {
          let idleTimer: NodeJS.Timeout | null = null;
          const stop = (end: boolean): void => {
            process.off('SIGINT', onSignal);
            process.off('SIGTERM', onSignal);
            if (idleTimer) clearInterval(idleTimer);
            resolve(end);
          };
          const onSignal = (): void => stop(false);
          process.on('SIGINT', onSignal);
          process.on('SIGTERM', onSignal);
          if (idleS !== null) {
            let last = -1, since = Date.now();
            idleTimer = setInterval(() => {
              const n = watcher.status().points;
              if (n !== last) { last = n; since = Date.now(); return; }
              if (n > 0 && Date.now() - since >= idleS * 1000) stop(true);
            }, 200);
          }
        });
        await watcher.stop({ endOfRecording });
        const s = watcher.status();
        note(`watch stopped: ${s.points} positions, ${s.legsStored} legs stored (${s.legsMerged} already known), ${s.events} events`);
        if (endOfRecording) out(statusText(s));
      } finally {
        store.close();
      }
    });
}
