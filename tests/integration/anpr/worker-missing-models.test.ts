/** A forked worker whose models are missing reports that clearly; the station process stays up. */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import cv from '../../../src-main/camera/opencv';
import {
  AnprWorkerError,
  forkChannelFactory,
  SupervisedPlateReader,
} from '../../../src-main/anpr/supervised-plate-reader';

describe('forked ANPR worker without models', () => {
  it('fails reads with the missing file names and keeps retrying', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'anpr-no-models-'));
    const reader = new SupervisedPlateReader({
      channelFactory: forkChannelFactory({ worker: { modelsDir: empty } }),
      backoffInitialMs: 50,
    });
    const frame = { mat: new cv.Mat(72, 128, cv.CV_8UC3), at: 0, sourceName: 'x', index: 0 };
    await assert.rejects(
      reader.read(frame),
      (e: Error) =>
        e instanceof AnprWorkerError &&
        e.code === 'unavailable' &&
        e.message.includes('plate-detector.onnx'),
    );
    assert.match(reader.stats.lastFatal ?? '', /missing/);
    await reader.close();
  });
});
