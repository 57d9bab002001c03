import { join } from 'node:path';
import type { PlateReader } from '../anpr/plate-reader';
import { SampleLabelPlateReader } from '../anpr/sample-label-reader';
import {
  forkChannelFactory,
  SupervisedPlateReader,
  type WorkerChannelFactory,
} from '../anpr/supervised-plate-reader';
import type { AnprWorkerOptions } from '../anpr/worker-protocol';
import type { StationConfig } from './config';
import type { DeviceRegistry } from './device-registry';
import type { Logger } from '../platform/logger';

/** How the worker process is started: child_process.fork by default, utilityProcess in Electron. */
export type AnprChannelFactory = (worker: AnprWorkerOptions) => WorkerChannelFactory;

export interface StationPlateReader {
  reader: PlateReader;
  close(): Promise<void>;
}

/**
 * The configured plate reader. The ONNX pipeline runs in its own process so inference never
 * blocks the booth, and a crash there only restarts the reader; manual entry always works.
 */
export async function createPlateReader(
  config: StationConfig,
  registry: DeviceRegistry,
  log: Logger,
  workerPath?: string,
  channel: AnprChannelFactory = (worker) => forkChannelFactory({ workerPath, worker }),
): Promise<StationPlateReader> {
  if (config.plateReader.kind === 'sample-labels') {
    const reader = new SampleLabelPlateReader(
      join(config.resourcesDir, config.plateReader.labelsCsv),
    );
    return { reader, close: async () => undefined };
  }
  const status = (health: 'ok' | 'fault' | 'offline', detail: string) =>
    registry.update({ id: 'anpr', kind: 'anpr', label: 'Plate reader', health, detail });
  const reader = new SupervisedPlateReader({
    channelFactory: channel({
      modelsDir: config.modelsDir,
      formats: { enabled: config.plateReader.formats },
    }),
    onEvent: (e) => {
      if (e.type === 'started') status('ok', `models loaded in ${Math.round(e.loadMs)} ms`);
      else if (e.type === 'exited') status('fault', 'reader process stopped; restarting');
      else if (e.type === 'fatal') status('offline', e.error);
      log.info('plate reader', { ...e });
    },
  });
  try {
    await reader.start();
  } catch (err) {
    // The booth keeps working on manual entry; the status strip says why reads are missing.
    status('offline', String(err instanceof Error ? err.message : err));
    log.error('plate reader failed to start', { err: String(err) });
  }
  return { reader, close: () => reader.close() };
}
