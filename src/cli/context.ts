/** What every command shares: the global options and the store they open. */
import type { Command } from 'commander';
import { resolveDbPath, type OpenOptions, type Store } from '../engine/db.ts';
import { openProject } from '../app/project.ts';

export interface GlobalOptions {
  db?: string;
  debug?: boolean;
  quiet?: boolean;
}

export function globalOptions(command: Command): GlobalOptions {
  return command.optsWithGlobals() as GlobalOptions;
}

export async function withStore<T>(command: Command, work: (store: Store) => Promise<T>, options: OpenOptions = {}): Promise<T> {
  const store = await openProject(resolveDbPath(globalOptions(command).db), options);
  try {
    return await work(store);
  } finally {
    store.close();
  }
}

/** Results go to stdout; progress and notes to stderr, so `--format csv > file` stays clean. */
export function out(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}
