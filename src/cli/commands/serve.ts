import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { startServer, type RunningServer, type ServeOptions } from '../../api/server.ts';
import { UsageError, UserError } from '../../domain/errors.ts';
import { resolveDbPath } from '../../engine/db.ts';
import { globalOptions, out } from '../context.ts';

export interface ServeFlags {
  port: number;
  host: string;
  tokenFile?: string;
  sqlTimeout: number;
  sqlMaxRows: number;
  sqlMemory: number;
  sqlMaxResult: number;
  cors?: boolean;
  cache: boolean;
}

/** The token from --token-file, else $DEPORTWATCH_TOKEN, else none (read-only). */
export async function readToken(tokenFile: string | undefined): Promise<string | null> {
  if (tokenFile) {
    const text = await readFile(tokenFile, 'utf8').catch((error: Error) => { throw new UserError(`cannot read the token file ${tokenFile}: ${error.message}`); });
    const token = text.trim();
    if (!token) throw new UserError(`the token file ${tokenFile} is empty`);
    return token;
  }
  const env = process.env.DEPORTWATCH_TOKEN?.trim();
  return env ? env : null;
}

export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new UsageError(`--port must be a number from 0 to 65535 (got "${value}")`);
  return port;
}

/** Starts the server and keeps it running until SIGINT/SIGTERM, then closes the database cleanly. */
export async function serveUntilStopped(options: ServeOptions, print: (line: string) => void): Promise<void> {
  let server: RunningServer;
  try {
    server = await startServer(options);
  } catch (error) {
    if (error instanceof UserError) throw error;
    const message = (error as Error).message;
    if (/EADDRINUSE/.test(message)) throw new UserError(`port ${options.port} on ${options.host} is already in use: pick another with --port`);
    if (/token is too short/.test(message)) throw new UsageError(message);
    throw error;
  }
  const mode = options.token ? 'writable with a token (uploads and claims need "Authorization: Bearer <token>")' : 'read-only (no token configured)';
  print(`deportwatch serve: ${server.url}  database ${options.dbPath}, ${mode}`);
  print(`  API: ${server.url}health.json  ${server.url}reports.json  ${server.url}openapi.json${server.context.webDir ? '' : '  (dashboard not built: npm run build:web)'}`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      print('deportwatch serve: stopping');
      void server.close().then(resolve, resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export function registerServe(program: Command): void {
  program.command('serve')
    .description('serve the database over HTTP: data twins of every table and report (JSON, CSV, NDJSON, GeoJSON), read-only SQL, the dashboard (docs/api.md). The server holds the database file while it runs.')
    .option('--port <port>', 'port to listen on (0 = any free port)', parsePort, 8787)
    .option('--host <host>', 'address to listen on (127.0.0.1 = this machine only)', '127.0.0.1')
    .option('--token-file <file>', 'file holding the write token (else $DEPORTWATCH_TOKEN); without a token the server is read-only')
    .option('--sql-timeout <seconds>', 'time limit of /sql queries', (v) => Number.parseFloat(v), 10)
    .option('--sql-max-rows <n>', 'row limit of /sql queries', (v) => Number.parseInt(v, 10), 10_000)
    .option('--sql-memory <MB>', 'memory limit of one /sql query\'s process, in MB', (v) => Number.parseFloat(v), 1536)
    .option('--sql-max-result <MB>', 'largest /sql answer, in MB', (v) => Number.parseFloat(v), 64)
    .option('--cors', 'let web pages on other origins read the API (Access-Control-Allow-Origin: *); off by default, since any page a user visits could then read the database')
    .option('--no-cache', 'do not cache aggregate responses')
    .action(async (flags: ServeFlags, command: Command) => {
      const globals = globalOptions(command);
      const token = await readToken(flags.tokenFile);
      if (!(flags.sqlTimeout > 0)) throw new UsageError('--sql-timeout must be a positive number of seconds');
      if (!(flags.sqlMaxRows > 0)) throw new UsageError('--sql-max-rows must be a positive number');
      if (!(flags.sqlMemory >= 128)) throw new UsageError('--sql-memory must be at least 128 (MB)');
      if (!(flags.sqlMaxResult > 0)) throw new UsageError('--sql-max-result must be a positive number of MB');
      await serveUntilStopped({
        dbPath: resolveDbPath(globals.db), port: flags.port, host: flags.host, token,
        sqlLimits: { maxRows: flags.sqlMaxRows, timeoutMs: flags.sqlTimeout * 1000, memoryBytes: flags.sqlMemory * 1024 ** 2, resultBytes: flags.sqlMaxResult * 1024 ** 2 },
        cache: flags.cache, cors: flags.cors === true,
      }, out);
    });
}
