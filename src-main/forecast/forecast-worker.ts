/**
 * Worker-thread entry for retraining: fits the forecaster on workerData and posts its progress
 * and the model. Fitting a year of hours takes seconds of CPU, which must never be the cashier's
 * event loop.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { trainForecaster } from '../../src-shared/domain/forecast';
import type { RetrainJob, RetrainMessage } from './worker-protocol';

const post = (msg: RetrainMessage): void => parentPort?.postMessage(msg);
const job = workerData as RetrainJob;
try {
  const model = trainForecaster(job.series, job.site, job.options, (fraction) =>
    post({ type: 'progress', fraction }),
  );
  post({ type: 'done', model });
} catch (err) {
  post({ type: 'failed', error: err instanceof Error ? err.message : String(err) });
}
