import { Worker } from 'node:worker_threads';
import type { ForecastModel } from '../../src-shared/domain/forecast';
import type { RetrainJob, RetrainMessage } from './worker-protocol';

/**
 * Retrains the forecaster in a worker thread. Progress (0..1) goes to `onProgress` as the worker
 * reports it; the promise settles with the model, or rejects with the worker's error.
 */
export function retrainInBackground(
  job: RetrainJob,
  onProgress: (fraction: number) => void = () => {},
): Promise<ForecastModel> {
  return new Promise((resolve, reject) => {
    const worker = startWorker(job);
    let settled = false;
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      fn();
      void worker.terminate();
    };
    worker.on('message', (msg: RetrainMessage) => {
      if (msg.type === 'progress') onProgress(msg.fraction);
      else if (msg.type === 'done') settle(() => resolve(msg.model));
      else settle(() => reject(new Error(`forecast retraining failed: ${msg.error}`)));
    });
    worker.once('error', (err) => settle(() => reject(err)));
    worker.once('exit', (code) =>
      settle(() => reject(new Error(`forecast worker exited with ${code} before its model`))),
    );
  });
}

function startWorker(job: RetrainJob): Worker {
  if (!import.meta.url.endsWith('.ts')) {
    return new Worker(new URL('./forecast-worker.js', import.meta.url), { workerData: job });
  }
  // From source (tests, CLI under tsx): Node 20 does not hand the TypeScript loader to worker
  // threads, so the worker registers it before importing its module (as verify-parallel does).
  const entry = new URL('./forecast-worker.ts', import.meta.url).href;
  return new Worker(
    `import('tsx/esm/api').then((t) => { t.register(); return import(${JSON.stringify(entry)}); });`,
    { eval: true, workerData: job },
  );
}
