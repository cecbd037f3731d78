/**
 * The real public files in ../shared/data are read in place, never copied into the repository.
 * Tests that need them call `sharedData(t, 'records/…')`, which skips the test with a visible
 * message when the folder is absent (a user's fresh clone) instead of failing or passing silently.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { TestContext } from 'node:test';

export const SHARED_DATA = resolve(import.meta.dirname, '../../../shared/data');

export function sharedDataPath(relative: string): string {
  return resolve(SHARED_DATA, relative);
}

/** The absolute path of a shared data file, or null after marking the test skipped. */
export function sharedData(t: TestContext, relative: string): string | null {
  const path = sharedDataPath(relative);
  if (!existsSync(path)) {
    t.skip(`needs ../shared/data/${relative}, which is absent here`);
    return null;
  }
  return path;
}
