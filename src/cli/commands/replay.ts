/**
 * `deportwatch replay FILE --as KIND`: serves a recording on 127.0.0.1 as a live feed (TCP for SBS and
 * Beast, HTTP for aircraft.json, ADS-B Exchange v2 and OpenSky) at N× speed, until Ctrl-C. For trying
 * the live readers and the alerting on real data without a receiver or an API account (docs/feeds.md).
 */
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { UsageError, UserError } from '../../domain/errors.ts';
import { REPLAY_KINDS, loadRecording, type Recording, type ReplayKind } from '../../feeds/recordings.ts';
import { ReplayServer } from '../../feeds/replay.ts';
import { formatCount } from '../progress.ts';
import { batchFileAsSbs, batchFileKind } from '../../watch/files.ts';

interface ReplayFlags {
  as: string;
  speed: string;
  port: string;
  loop?: boolean;
  pace: string;
  rateLimit?: string;
}

function size(recording: Recording): string {
  if ('items' in recording) return `${formatCount(recording.items.length)} messages`;
  if ('snapshots' in recording) return `${formatCount(recording.snapshots.length)} snapshots`;
  return `${formatCount(recording.responses.length)} responses`;
}

function routes(kind: ReplayKind, port: number): string {
  switch (kind) {
    case 'sbs': return `tcp://127.0.0.1:${port} (SBS lines, like port 30003)`;
    case 'beast': return `tcp://127.0.0.1:${port} (Beast binary, like port 30005)`;
    case 'aircraft.json': return `http://127.0.0.1:${port}/data/aircraft.json`;
    case 'adsbx-v2': return `http://127.0.0.1:${port}/v2/hex/<hex>  /v2/callsign/<callsign>  /v2/point/<lat>/<lon>/<nm>`;
    case 'opensky': return `http://127.0.0.1:${port}/api/states/all (optional box: ?lamin=&lomin=&lamax=&lomax=)`;
  }
}

function parseFlags(flags: ReplayFlags): { kind: ReplayKind; speed: number; port: number; rateLimit?: number } {
  if (!(REPLAY_KINDS as readonly string[]).includes(flags.as)) throw new UsageError(`--as must be one of ${REPLAY_KINDS.join(', ')} (got "${flags.as}")`);
  const speed = flags.speed === 'max' ? Infinity : Number(flags.speed);
  if (!(speed > 0)) throw new UsageError(`--speed must be a positive number or "max" (got "${flags.speed}")`);
  const port = Number(flags.port);
  if (!/^\d+$/.test(flags.port) || port > 65535) throw new UsageError(`--port must be a number from 0 to 65535 (got "${flags.port}")`);
  if (flags.pace !== 'clock' && flags.pace !== 'request') throw new UsageError(`--pace must be clock or request (got "${flags.pace}")`);
  let rateLimit: number | undefined;
  if (flags.rateLimit !== undefined) {
    rateLimit = Number(flags.rateLimit);
    if (!(rateLimit > 0)) throw new UsageError(`--rate-limit must be a positive number of requests per second (got "${flags.rateLimit}")`);
  }
  return { kind: flags.as as ReplayKind, speed, port, rateLimit };
}

export function registerReplay(program: Command): void {
  program.command('replay')
    .description('serve an ADS-B recording on 127.0.0.1 as a live feed (SBS, Beast, aircraft.json, ADS-B Exchange v2, OpenSky) at N× speed, until Ctrl-C (docs/feeds.md)')
    .argument('<file>', 'the recording: SBS text (or, --as sbs, a readsb trace, traffic JSON or ADS-B Exchange CSV), a Beast capture, JSON lines in aircraft.json vocabulary (.gz accepted), OpenSky responses or snapshots')
    .requiredOption('--as <kind>', `what to serve it as: ${REPLAY_KINDS.join(', ')}`)
    .option('--speed <n>', 'replay speed, 1 = real time, "max" = as fast as the client reads (TCP)', '1')
    .option('--port <port>', 'port on 127.0.0.1 (0 = any free port)', '0')
    .option('--pace <pace>', 'HTTP: clock (the snapshot at the replay time) or request (one snapshot per request)', 'clock')
    .option('--loop', 'start again at the end')
    .option('--rate-limit <perS>', 'HTTP adsbx-v2/opensky: answer 429 (Retry-After: 1) to requests faster than this')
    .action(async (file: string, flags: ReplayFlags, command: Command) => {
      const { kind, speed, port, rateLimit } = parseFlags(flags);
      if (!existsSync(file)) throw new UserError(`no such file: ${file}`);
      const quiet = Boolean((command.optsWithGlobals() as { quiet?: boolean }).quiet);
      const note = (line: string): void => { if (!quiet) process.stderr.write(`${line}\n`); };
      let recording: Recording;
      try {
        // A batch ADS-B file (readsb trace, traffic JSON, ADS-B Exchange CSV) is served as SBS lines in time order.
        recording = kind === 'sbs' && batchFileKind(file) !== null ? { kind: 'sbs', items: batchFileAsSbs(file).items } : loadRecording(file, kind);
      } catch (error) {
        throw new UserError(`cannot read ${file} as ${kind}: ${(error as Error).message}`);
      }
      const server = new ReplayServer(recording, {
        speed, port, loop: flags.loop, pace: flags.pace as 'clock' | 'request',
        rateLimit: rateLimit ? { requestsPerS: rateLimit, retryAfterS: 1 } : undefined,
      });
      let bound: number;
      try {
        bound = await server.listen();
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new UserError(`port ${port} on 127.0.0.1 is already in use: pick another with --port`);
        throw error;
      }
      // The address goes to stdout, so a script can read it; notes go to stderr.
      process.stdout.write(`${routes(kind, bound)}\n`);
      note(`replay ${file} → ${kind}: ${size(recording)} at ${speed === Infinity ? 'full' : `${speed}×`} speed${flags.loop ? ', looping' : ''}; Ctrl-C to stop`);
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          const s = server.stats;
          note(kind === 'sbs' || kind === 'beast'
            ? `replay stopped: ${formatCount(s.connections)} connections, ${formatCount(s.messagesSent)} messages sent`
            : `replay stopped: ${formatCount(s.requests)} requests, ${formatCount(s.rateLimited)} answered 429`);
          void server.close().then(resolve, resolve);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
}
