import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { architectureDoc, cliReference, pathwaysDoc } from '../scripts/gen-docs.ts';

const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');

test('docs/cli.md is the current --help of every command (run `npm run docs` after changing a command)', () => {
  assert.equal(read('docs/cli.md'), cliReference());
});

test('docs/pathways.md is the current case-category table (run `npm run docs` after editing the CSV)', () => {
  assert.equal(read('docs/pathways.md'), pathwaysDoc());
});

test('docs/architecture.md shows the current imports between folders (run `npm run docs` after moving code)', () => {
  assert.equal(read('docs/architecture.md'), architectureDoc());
});

test('every folder of src/ has its layer and its row in docs/architecture.md', () => {
  const { LAYERS } = createRequire(import.meta.url)('../scripts/layers.cjs') as { LAYERS: string[][] };
  const folders = readdirSync(new URL('../src/', import.meta.url), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
  const doc = read('docs/architecture.md');
  for (const folder of folders) {
    assert.ok(doc.includes(`| \`src/${folder}/`), `docs/architecture.md has no row for src/${folder}/`);
    if (folder !== 'web') assert.ok(LAYERS.flat().includes(folder), `src/${folder}/ has no layer in scripts/layers.cjs`);
  }
});
