/** Worker thread: runs batches of trace files (./batch.ts) and posts each result back, arrays moved. */
import { parentPort } from 'node:worker_threads';
import { runBatch, transferables, type BatchTask } from './batch.ts';

parentPort!.on('message', (task: BatchTask | null) => {
  if (task === null) { process.exit(0); }
  try {
    const result = runBatch(task);
    parentPort!.postMessage({ ok: true, result }, transferables(result));
  } catch (error) {
    parentPort!.postMessage({ ok: false, id: task.id, error: (error as Error).stack ?? String(error) });
  }
});
