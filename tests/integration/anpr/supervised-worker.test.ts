/**
 * The ANPR worker as a real child process (fork + tsx) with the real models: reads work, a killed
 * worker fails its in-flight read with a clear error and the next read works after the restart.
 * Fails (does not skip) when the model files are missing.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import cv from '../../../src-main/camera/opencv';
import { assertModelFiles } from '../../../src-main/anpr/onnx-models';
import {
  AnprWorkerError,
  forkChannelFactory,
  SupervisedPlateReader,
  type SupervisorEvent,
} from '../../../src-main/anpr/supervised-plate-reader';

const MODELS = process.env.ANPR_MODELS ?? 'models';
const frame = (file: string) => ({
  mat: cv.imread(path.join('resources/sample-lanes', file)),
  at: Date.now(),
  sourceName: path.basename(file),
  index: 0,
});
const entryBox = { x: 518, y: 444, w: 262, h: 62 };
const overlaps = (b: { x: number; y: number; w: number; h: number } | null) =>
  !!b &&
  b.x < entryBox.x + entryBox.w &&
  entryBox.x < b.x + b.w &&
  b.y < entryBox.y + entryBox.h &&
  entryBox.y < b.y + b.h;

describe('SupervisedPlateReader with a forked worker', () => {
  let reader: SupervisedPlateReader;
  const events: SupervisorEvent[] = [];
  before(async () => {
    await assertModelFiles(MODELS);
    reader = new SupervisedPlateReader({
      channelFactory: forkChannelFactory({
        worker: { modelsDir: MODELS, formats: { enabled: ['ro'] } },
      }),
      requestTimeoutMs: 30_000,
      backoffInitialMs: 100,
      onEvent: (e) => events.push(e),
    });
    await reader.start();
  });
  after(async () => {
    await reader?.close();
  });

  it('reads a frame in the worker process', async () => {
    const reads = await reader.read(frame('entry/entry-001.jpg'));
    assert.ok(
      reads.some((r) => overlaps(r.box)),
      JSON.stringify(reads.map((r) => r.box)),
    );
    assert.ok(reads.every((r) => r.cropJpeg === null || Buffer.isBuffer(r.cropJpeg)));
    assert.notEqual(reader.stats.pid, process.pid);
  });

  it('survives the worker being killed: in-flight read fails clearly, next read works', async () => {
    const pid = reader.stats.pid!;
    const inflight = reader.read(frame('entry/entry-001.jpg'));
    process.kill(pid, 'SIGKILL'); // an outside crash, not the supervisor's own kill
    await assert.rejects(
      inflight,
      (e: Error) =>
        e instanceof AnprWorkerError && e.code === 'crashed' && e.message.includes(String(pid)),
    );
    const reads = await reader.read(frame('entry/entry-001.jpg'));
    assert.ok(reads.some((r) => overlaps(r.box)));
    assert.notEqual(reader.stats.pid, pid, 'a new worker process serves the read');
    assert.equal(reader.stats.restarts, 1);
    assert.ok(events.some((e) => e.type === 'exited' && e.signal === 'SIGKILL'));
  });

  it('reads a burst in the worker', async () => {
    const vehicles = await reader.readBurst(['exit/exit-003.jpg', 'exit/exit-004.jpg'].map(frame));
    assert.ok(vehicles.length >= 1);
    assert.ok(vehicles.some((v) => v.framesUsed.length === 2));
  });
});
