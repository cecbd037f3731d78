/**
 * The layers of src/, top to bottom: a folder imports only folders below it; folders in one entry are
 * siblings and do not import each other. Checked by dependency-cruiser (.dependency-cruiser.cjs) in
 * `npm test`; docs/architecture.md explains each layer.
 */
const LAYERS = [
  ['cli'],
  ['api'],
  ['app'],
  ['synthetic'],
  ['watch'],
  ['ingest'],
  ['sources'],
  ['claims'],
  ['reports'],
  ['records', 'flights', 'official'],
  ['legal'],
  ['trajectory', 'feeds', 'alerts'],
  ['engine'],
  ['reference'],
  ['domain'],
];

module.exports = { LAYERS };
