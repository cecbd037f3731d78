import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { cliReference, pathwaysDoc } from '../scripts/gen-docs.ts';

const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');

test('docs/cli.md is the current --help of every command (run `npm run docs` after changing a command)', () => {
  assert.equal(read('docs/cli.md'), cliReference());
});

test('docs/pathways.md is the current case-category table (run `npm run docs` after editing the CSV)', () => {
  assert.equal(read('docs/pathways.md'), pathwaysDoc());
});
