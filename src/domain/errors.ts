/**
 * Errors a user can act on. Anything else is a bug and is reported as such by the CLI and API.
 * `exitCode` follows docs/cli.md: 1 = the input or the data is at fault, 2 = usage, 3 = database busy.
 */
export class UserError extends Error {
  constructor(message: string, readonly exitCode: 1 | 2 | 3 = 1, readonly details: string[] = []) {
    super(message);
    this.name = 'UserError';
  }
}

/** A request that names something that does not exist or is malformed (an unknown dimension, a bad date). */
export class UsageError extends UserError {
  constructor(message: string, details: string[] = []) {
    super(message, 2, details);
    this.name = 'UsageError';
  }
}
