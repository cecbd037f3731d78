/**
 * Starts a worker thread on a TypeScript module. Node 20 does not apply tsx's loader to a worker's
 * entry file, so the worker starts from a one-line script that registers tsx first (resolved from
 * this project, whatever the current directory) and then imports the module.
 */
import { Worker } from 'node:worker_threads';

export function tsWorker(module: URL): Worker {
  if (module.pathname.endsWith('.js') || module.pathname.endsWith('.mjs')) return new Worker(module);
  const tsx = import.meta.resolve('tsx/esm/api');
  const code = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(module.href)}); });`;
  return new Worker(code, { eval: true });
}
