/**
 * One error shape for every route: `{ok: false, status, error, errors}` (DESIGN.md, style rule 6).
 * Routes throw HttpError (or a UserError from the layers below); app.ts converts once.
 */
import { UsageError, UserError } from '../domain/errors.ts';

export class HttpError extends Error {
  constructor(readonly status: number, message: string, readonly errors: string[] = [], readonly headers: Record<string, string> = {}) {
    super(message);
    this.name = 'HttpError';
  }
}

export interface ErrorBody {
  ok: false;
  status: number;
  error: string;
  errors: string[];
}

/**
 * What the layers below mean, as HTTP: a malformed request (unknown dimension, bad date, SQL that is
 * not one SELECT) is 400; a well-formed request the data or a limit refuses (a query stopped by the
 * time limit, a file that is not a known format) is 422; a busy database is 503. Fastify's own errors
 * (body too large, bad JSON) keep their status; anything else is a bug: 500, message without internals.
 */
export function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof UsageError) return new HttpError(400, error.message, error.details);
  if (error instanceof UserError) return new HttpError(error.exitCode === 3 ? 503 : 422, error.message, error.details);
  const status = (error as { statusCode?: unknown })?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) return new HttpError(status, (error as Error).message);
  return new HttpError(500, 'internal error: the server hit a bug; the details are in its log');
}

export function errorBody(error: HttpError): ErrorBody {
  return { ok: false, status: error.status, error: error.message, errors: error.errors };
}
