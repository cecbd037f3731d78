/**
 * Starting and stopping the server: open the database once (read-only without a token, writable and
 * locked down with one), build the app, listen. Used by `deportwatch serve` and `deportwatch demo --serve`.
 */
import { ServedDatabase } from '../engine/served.ts';
import { openProject } from '../app/project.ts';
import { buildApp, type App, type AppOptions } from './app.ts';
import { checkTokenStrength } from './auth.ts';

export interface ServeOptions extends Omit<AppOptions, 'db'> {
  dbPath: string;
  port: number;
  host: string;
  /** Where uploaded files are kept (default: <database>.uploads/). */
  uploadDir?: string;
}

export interface RunningServer extends App {
  url: string;
  close(): Promise<void>;
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const token = options.token ?? null;
  if (token !== null) checkTokenStrength(token);
  const db = await ServedDatabase.open({ openWritable: (file) => openProject(file), path: options.dbPath, writable: token !== null, uploadDir: options.uploadDir ?? `${options.dbPath}.uploads` });
  let built: App;
  try {
    built = await buildApp({ ...options, db, token });
    await built.app.listen({ port: options.port, host: options.host });
  } catch (error) {
    await db.close();
    throw error;
  }
  const address = built.app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    ...built,
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}/`,
    async close() {
      await built.app.close();
      await db.close();
    },
  };
}
