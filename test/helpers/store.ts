/** A fresh database file in a temp folder per test, removed afterwards. */
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { Store } from '../../src/engine/db.ts';
import { openProject } from '../../src/app/project.ts';

export async function tempDir(t: TestContext, prefix = 'deportwatch-test-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

export async function tempStore(t: TestContext): Promise<{ store: Store; dir: string; dbPath: string }> {
  const dir = await tempDir(t);
  const dbPath = join(dir, 'test.duckdb');
  const store = await openProject(dbPath);
  t.after(() => store.close());
  return { store, dir, dbPath };
}

const scratchDirs: string[] = [];
process.on('exit', () => {
  for (const dir of scratchDirs) rmSync(dir, { recursive: true, force: true });
});

/** A temp folder removed when the test file's process exits (for fixtures shared by several tests). */
export function scratchDirSync(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  scratchDirs.push(dir);
  return dir;
}
