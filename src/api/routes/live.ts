/**
 * The live watcher's public, read-only face (docs/watch.md): `/live/events` streams server-sent events —
 * the events of the last 24 hours, then each new one as the watcher records it — and `/live/status.json`
 * gives each feed's state and the watchlist aircraft airborne now. Both read what `deportwatch watch`
 * writes beside the database (`<db>.live/status.json`, `events.jsonl`), so the server needs no write
 * access and the watcher no HTTP server.
 */
import { existsSync, openSync, readSync, closeSync, statSync, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import type { ApiContext } from '../context.ts';
import { json } from '../output.ts';
import type { RouteSpec } from '../route.ts';

const DAY_S = 86400;

interface StatusFile {
  updatedAt: number;
  feedTime: number | null;
  feeds: { name: string; state: string; lastMessageAt: number | null; messagesPerS: number; messages: number; gaps: unknown[]; errors: Record<string, number>; reconnects: number; silences: number }[];
  airborne: unknown[];
}

function readStatus(dir: string | null): StatusFile | null {
  if (!dir || !existsSync(`${dir}/status.json`)) return null;
  try {
    return JSON.parse(readFileSync(`${dir}/status.json`, 'utf8')) as StatusFile;
  } catch {
    return null;
  }
}

/** The watcher's feeds for /health.json: state, last message, messages per second, gaps, errors by kind. */
export function watcherHealth(dir: string | null): unknown {
  const s = readStatus(dir);
  if (!s) return null;
  return {
    status_age_s: Math.round(Date.now() / 1000 - s.updatedAt),
    feed_time: s.feedTime === null ? null : new Date(s.feedTime * 1000).toISOString(),
    feeds: s.feeds.map((f) => ({
      name: f.name, state: f.state, last_message: f.lastMessageAt === null ? null : new Date(f.lastMessageAt * 1000).toISOString(),
      messages: f.messages, messages_per_s: f.messagesPerS, gaps: f.gaps.length, reconnects: f.reconnects, silences: f.silences, errors: f.errors,
    })),
  };
}

/** Reads events.jsonl from `offset`; returns complete lines and the new offset. */
function readLines(path: string, offset: number): { lines: string[]; offset: number } {
  if (!existsSync(path)) return { lines: [], offset };
  const size = statSync(path).size;
  if (size < offset) offset = 0; // the file was replaced
  if (size === offset) return { lines: [], offset };
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(size - offset);
    readSync(fd, buf, 0, buf.length, offset);
    const text = buf.toString('utf8');
    const end = text.lastIndexOf('\n') + 1;
    return { lines: text.slice(0, end).split('\n').filter(Boolean), offset: offset + Buffer.byteLength(text.slice(0, end)) };
  } finally {
    closeSync(fd);
  }
}

function sse(line: string): string {
  const e = JSON.parse(line) as { id: number; event: { kind: string } };
  return `id: ${e.id}\nevent: ${e.event.kind}\ndata: ${line}\n\n`;
}

export function liveRoutes(ctx: ApiContext): RouteSpec[] {
  return [
    {
      method: 'GET', path: '/live/status.json', template: '/live/status.json', tag: 'live', format: 'json', params: [],
      summary: 'the live watcher: each feed\'s state, last message, messages per second, gaps and errors; watchlist aircraft airborne now',
      async handler() {
        const s = readStatus(ctx.liveDir);
        return json(s ?? { watcher: null, note: 'no watcher writes its status for this database' });
      },
    },
    {
      method: 'GET', path: '/live/events', template: '/live/events', tag: 'live', format: 'sse', params: [],
      summary: 'server-sent events: the watcher\'s events of the last 24 hours, then each new one (departed, arrived, left-us, watchlist-seen, new-airport)',
      async handler(request) {
        const path = ctx.liveDir ? `${ctx.liveDir}/events.jsonl` : null;
        const first = path ? readLines(path, 0) : { lines: [], offset: 0 };
        const events = first.lines.map((l) => ({ l, e: JSON.parse(l) as { event: { at: number } } }));
        const newest = events.reduce((m, x) => Math.max(m, x.e.event.at), 0);
        let offset = first.offset;
        const stream = new Readable({ read() {} });
        stream.push(': deportwatch live events\nretry: 5000\n\n');
        for (const { l, e } of events) if (e.event.at >= newest - DAY_S) stream.push(sse(l));
        let ticks = 0;
        const timer = setInterval(() => {
          if (++ticks % 15 === 0) stream.push(': keep-alive\n\n');
          if (!path) return;
          const next = readLines(path, offset);
          offset = next.offset;
          for (const l of next.lines) stream.push(sse(l));
        }, 1000);
        const stop = () => { clearInterval(timer); stream.push(null); };
        request.signal.addEventListener('abort', stop, { once: true });
        return { format: 'sse', body: stream, headers: { 'cache-control': 'no-store', 'x-accel-buffering': 'no' } };
      },
    },
  ];
}
