/**
 * The direction of imports in src/, checked by `npm test` (dependency-cruiser). Folders are layers:
 * a folder imports only folders below it in LAYERS (folders in one entry are siblings and do not import
 * each other; scripts/layers.cjs), so there can be no cycle between folders. docs/architecture.md shows the graph.
 */
const { LAYERS } = require('./scripts/layers.cjs');

const folder = (names) => `^src/(${names.join('|')})/`;

const layerRules = LAYERS.flatMap((layer, i) => {
  const above = LAYERS.slice(0, i).flat();
  const rules = [];
  if (above.length > 0) {
    rules.push({
      name: `${layer.join('-')}-imports-downward`,
      comment: `${layer.join(', ')} may import only folders below it (see LAYERS in .dependency-cruiser.cjs)`,
      severity: 'error',
      from: { path: folder(layer) },
      to: { path: folder(above) },
    });
  }
  for (const sibling of layer) {
    const others = layer.filter((name) => name !== sibling);
    if (others.length === 0) continue;
    rules.push({
      name: `${sibling}-not-into-sibling`,
      comment: `${sibling} and ${others.join(', ')} are siblings: neither imports the other`,
      severity: 'error',
      from: { path: folder([sibling]) },
      to: { path: folder(others) },
    });
  }
  return rules;
});

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'no-folder-outside-layers',
      comment: 'every folder of src/ has its place in LAYERS (web/ is built apart and imports nothing of src/)',
      severity: 'error',
      from: { path: '^src/', pathNot: [folder(LAYERS.flat()), '^src/web/'] },
      to: {},
    },
    {
      name: 'sources-do-not-import-each-other',
      comment: 'a format folder imports only sources/common/ and sources/types.ts, never another format',
      severity: 'error',
      from: { path: '^src/sources/([^/]+)/', pathNot: '^src/sources/common/' },
      to: { path: '^src/sources/[^/]+/', pathNot: ['^src/sources/$1/', '^src/sources/common/'] },
    },
    {
      name: 'web-is-apart',
      comment: 'the dashboard talks to the API over HTTP; it imports nothing of the server code',
      severity: 'error',
      from: { path: '^src/web/' },
      to: { path: '^src/', pathNot: '^src/web/' },
    },
    {
      name: 'only-the-engine-imports-the-driver',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/engine/' },
      to: { path: 'node_modules/@duckdb/' },
    },
    {
      name: 'only-the-clickhouse-engine-imports-its-driver',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/engine/clickhouse/' },
      to: { path: 'node_modules/@clickhouse/' },
    },
    {
      name: 'only-the-api-imports-fastify',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/api/' },
      to: { path: 'node_modules/fastify' },
    },
    {
      name: 'no-circular',
      comment: 'no module imports itself through others',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: ['^src/', '^node_modules/'],
    exclude: { path: '^src/web/vite\\.config\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs'] },
  },
};
