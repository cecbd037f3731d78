/**
 * The dashboard build: `npm run build:web` writes dist/web/, which `deportwatch serve` serves next to
 * the API. `base: './'` keeps every asset path relative, so the same build works wherever the server
 * mounts it. For development, `npx vite --config src/web/vite.config.ts` proxies the API's data routes
 * (anything ending in .json/.csv/.geojson/.ndjson) to a `deportwatch serve` on port 8787.
 */
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  // maplibre-gl 6 starts its worker as a module worker; build the worker as ES too.
  worker: { format: 'es' },
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    // The maplibre worker bundles slowly on a busy machine; the timing note is not a problem to report.
    rolldownOptions: { checks: { pluginTimings: false } },
  },
  server: {
    proxy: { '^/.*\\.(json|csv|geojson|ndjson)(\\?.*)?$': 'http://127.0.0.1:8787' },
  },
});
