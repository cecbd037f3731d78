/**
 * Fills the output block of every recipe in docs/recipes.md by running its command against a database
 * holding the recipes' files (`tsx scripts/recipes.ts --db FILE`). test/recipes.test.ts runs the same
 * commands and fails when an output printed in the doc differs.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const RECIPES_DOC = join(import.meta.dirname, '../docs/recipes.md');
const BIN = join(import.meta.dirname, '../src/cli/bin.ts');

export interface Recipe { id: string; args: string[]; output: string }

const BLOCK = /<!-- recipe: ([a-z0-9-]+) -->[\s\S]*?```sh\ndeportwatch (.+)\n```\n\n```csv\n([\s\S]*?)```/g;

/** Shell words of a recipe command: plain words and '…' single-quoted ones (the only quoting the doc uses). */
export function shellWords(line: string): string[] {
  return [...line.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]);
}

export function readRecipes(text = readFileSync(RECIPES_DOC, 'utf8')): Recipe[] {
  return [...text.matchAll(BLOCK)].map((m) => ({ id: m[1], args: shellWords(m[2]), output: m[3] }));
}

export function runRecipe(db: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, ['--import', 'tsx', BIN, '--db', db, '-q', ...args], { encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

if (process.argv[1] === import.meta.filename) {
  const at = process.argv.indexOf('--db');
  if (at < 0) throw new Error('usage: tsx scripts/recipes.ts --db FILE');
  const db = process.argv[at + 1];
  let text = readFileSync(RECIPES_DOC, 'utf8');
  text = text.replace(BLOCK, (whole, id: string, command: string, output: string) => {
    const run = runRecipe(db, shellWords(command));
    if (run.status !== 0) throw new Error(`recipe ${id} failed: ${run.stderr}`);
    return whole.slice(0, whole.length - output.length - 3) + run.stdout + '```';
  });
  writeFileSync(RECIPES_DOC, text);
  console.log(`${readRecipes(text).length} recipes filled`);
}
