/**
 * Writes need the token from the server's configuration (`--token-file` or $DEPORTWATCH_TOKEN), sent
 * as `Authorization: Bearer <token>`. Without a configured token the server is read-only: the database
 * is even opened read-only (src/engine/served.ts), and a write route answers 403 saying so.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { HttpError } from './errors.ts';

/** Shorter tokens are refused at start-up: a guessable token is worse than none. */
export const MIN_TOKEN_LENGTH = 16;

export function checkTokenStrength(token: string): void {
  if (token.length < MIN_TOKEN_LENGTH) {
    throw new Error(`the token is too short (${token.length} characters); use at least ${MIN_TOKEN_LENGTH}, e.g. from \`openssl rand -hex 24\``);
  }
}

/**
 * Compares in constant time. Both sides are hashed first so that their lengths are equal (timingSafeEqual
 * needs that) and the comparison leaks neither the token's content nor its length.
 */
export function tokenMatches(expected: string, given: string): boolean {
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
}

export function authorize(expected: string | null, header: string | string[] | undefined): void {
  if (expected === null) {
    throw new HttpError(403, 'this server is read-only: writes need a token in its configuration (start it with --token-file FILE or $DEPORTWATCH_TOKEN)');
  }
  const value = Array.isArray(header) ? header[0] : header;
  const match = value ? /^Bearer\s+(\S+)\s*$/i.exec(value) : null;
  if (!match) throw new HttpError(401, 'this route writes: send the token as "Authorization: Bearer <token>"', [], { 'www-authenticate': 'Bearer' });
  if (!tokenMatches(expected, match[1])) throw new HttpError(401, 'the token does not match the server\'s', [], { 'www-authenticate': 'Bearer error="invalid_token"' });
}
