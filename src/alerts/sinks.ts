/**
 * Where alerts go. A sink delivers one message or throws `DeliveryError` saying why (and whether trying
 * again can help); the dispatcher retries, records every attempt and never drops an alert silently.
 *   webhook — JSON POST, signed with HMAC-SHA256 (header below), for a network's own automation;
 *   ntfy    — a push notification to an ntfy topic (JSON publishing, so Spanish accents survive);
 *   smtp    — e-mail through nodemailer;
 *   jsonl   — one JSON line per alert to a file or stdout, for logs and scripts.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { appendFile } from 'node:fs/promises';
import nodemailer from 'nodemailer';
import type { AlertEvent } from './event.ts';
import type { RenderedAlert } from './messages.ts';

export interface AlertMessage extends RenderedAlert {
  key: string;
  event: AlertEvent;
}

export class DeliveryError extends Error {
  constructor(message: string, readonly retryable = true) {
    super(message);
    this.name = 'DeliveryError';
  }
}

export interface Sink {
  /** Names the sink in delivery records ("webhook https://…", "ntfy deportwatch-alerts"). */
  readonly name: string;
  deliver(message: AlertMessage): Promise<void>;
}

/** The signed payload of webhook and JSON-lines deliveries (a stable, documented shape). */
export function payload(message: AlertMessage): Record<string, unknown> {
  return { key: message.key, kind: message.event.kind, locale: message.locale, title: message.title, text: message.body, event: message.event };
}

export const SIGNATURE_HEADER = 'x-deportwatch-signature';
export const TIMESTAMP_HEADER = 'x-deportwatch-timestamp';

/**
 * `sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`: signing the timestamp with the body lets a
 * receiver refuse an old request replayed later (the scheme Stripe and GitHub-style webhooks use).
 */
export function signBody(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** For receivers: true when the signature matches and the timestamp is within `toleranceS` of now. */
export function verifySignature(secret: string, timestamp: string, body: string, signature: string, toleranceS = 300, nowS = Date.now() / 1000): boolean {
  const t = Number(timestamp);
  if (!Number.isInteger(t) || Math.abs(nowS - t) > toleranceS) return false;
  const expected = Buffer.from(signBody(secret, t, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

async function post(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', body, headers, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new DeliveryError(`connection failed: ${cause?.code ?? cause?.message ?? (error as Error).message}`);
  }
  const text = await response.text().catch(() => '');
  if (!response.ok) {
    // 4xx other than 408/429 will fail the same way again: no point retrying.
    const retryable = response.status >= 500 || response.status === 408 || response.status === 429;
    throw new DeliveryError(`HTTP ${response.status}${text ? `: ${text.slice(0, 200)}` : ''}`, retryable);
  }
}

export interface WebhookOptions {
  url: string;
  secret: string;
  timeoutMs?: number;
  now?: () => number;
}

export function webhookSink(options: WebhookOptions): Sink {
  return {
    // Origin and path name the sink in records; a query string may hold a token, so it is left out.
    name: `webhook ${new URL(options.url).origin}${new URL(options.url).pathname}`,
    async deliver(message) {
      const body = JSON.stringify(payload(message));
      const timestamp = Math.floor((options.now ?? (() => Date.now() / 1000))());
      await post(options.url, body, {
        'content-type': 'application/json', [TIMESTAMP_HEADER]: String(timestamp), [SIGNATURE_HEADER]: signBody(options.secret, timestamp, body),
      }, options.timeoutMs ?? 10_000);
    },
  };
}

export interface NtfyOptions {
  /** e.g. https://ntfy.sh or a self-hosted server. */
  baseUrl: string;
  topic: string;
  /** Access token for a protected topic. */
  token?: string;
  /** ntfy priority 1–5 (default 3). */
  priority?: number;
  timeoutMs?: number;
}

export function ntfySink(options: NtfyOptions): Sink {
  return {
    name: `ntfy ${options.topic}`,
    async deliver(message) {
      // JSON publishing to the server root (ntfy docs, "Publish as JSON") keeps UTF-8 titles intact,
      // which HTTP headers (the Title header) would not.
      const body = JSON.stringify({ topic: options.topic, title: message.title, message: message.body, priority: options.priority ?? 3, tags: ['airplane'] });
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      await post(options.baseUrl.replace(/\/+$/, '') + '/', body, headers, options.timeoutMs ?? 10_000);
    },
  };
}

export interface SmtpOptions {
  host: string;
  port: number;
  /** TLS from the start (port 465); otherwise STARTTLS when the server offers it. */
  secure?: boolean;
  /** Refuse to send without TLS (default true except on loopback). */
  requireTls?: boolean;
  auth?: { user: string; pass: string };
  from: string;
  to: string[];
}

export function smtpSink(options: SmtpOptions): Sink {
  const loopback = options.host === '127.0.0.1' || options.host === 'localhost' || options.host === '::1';
  const transport = nodemailer.createTransport({
    host: options.host, port: options.port, secure: options.secure ?? false, auth: options.auth,
    requireTLS: options.requireTls ?? !loopback, ignoreTLS: loopback && !options.requireTls,
    connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000,
  });
  return {
    name: `smtp ${options.host}:${options.port}`,
    async deliver(message) {
      try {
        await transport.sendMail({ from: options.from, to: options.to, subject: message.title, text: message.body, headers: { 'X-Deportwatch-Key': message.key } });
      } catch (error) {
        const e = error as { responseCode?: number; code?: string; message: string };
        // SMTP 5xx replies are permanent failures (RFC 5321 §4.2.1); the rest may pass later.
        throw new DeliveryError(`SMTP ${e.responseCode ?? e.code ?? ''}: ${e.message}`.trim(), !(e.responseCode && e.responseCode >= 500));
      }
    },
  };
}

/** JSON lines to a file (appended) or to stdout when `path` is "-". */
export function jsonLinesSink(path: string, write: (line: string) => void = (line) => process.stdout.write(line)): Sink {
  return {
    name: path === '-' ? 'jsonl stdout' : `jsonl ${path}`,
    async deliver(message) {
      const line = `${JSON.stringify(payload(message))}\n`;
      if (path === '-') { write(line); return; }
      try {
        await appendFile(path, line, 'utf8');
      } catch (error) {
        throw new DeliveryError(`cannot append to ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
    },
  };
}
