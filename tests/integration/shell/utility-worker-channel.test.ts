/**
 * The plate reader's worker as the Electron shell starts it: utilityProcessChannelFactory over a
 * utilityProcess stand-in (utility-process-standin.ts; Electron cannot run here) that runs the
 * real src-main/electron/anpr-utility-worker.ts, with the real models, in a child process that
 * has only process.parentPort. The supervisor's promises hold over it: reads work, a crash fails
 * the read in flight and a new process serves the next one.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { build } from 'esbuild';
import cv from '../../../src-main/camera/opencv';
import { assertModelFiles } from '../../../src-main/anpr/onnx-models';
import {
  AnprWorkerError,
  SupervisedPlateReader,
  type SupervisorEvent,
} from '../../../src-main/anpr/supervised-plate-reader';
import { utilityProcessChannelFactory } from '../../../src-main/electron/utility-worker-channel';
import { createUtilityProcessStandIn } from './utility-process-standin';

const MODELS = process.env.ANPR_MODELS ?? 'models';
const WORKER = path.resolve('src-main/electron/anpr-utility-worker.ts');
const worker = { modelsDir: MODELS, formats: { enabled: ['ro'] } };
const frame = () => ({
  mat: cv.imread('resources/sample-lanes/entry/entry-001.jpg'),
  at: Date.now(),
  sourceName: 'entry-001.jpg',
  index: 0,
});
// The plate in entry-001.jpg (as in tests/integration/anpr/supervised-worker.test.ts).
const onPlate = (b: { x: number; y: number; w: number; h: number } | null) =>
  !!b && b.x < 780 && 518 < b.x + b.w && b.y < 506 && 444 < b.y + b.h;

describe('SupervisedPlateReader over utilityProcess (stand-in)', () => {
  const utilityProcess = createUtilityProcessStandIn();
  const events: SupervisorEvent[] = [];
  let reader: SupervisedPlateReader;

  before(async () => {
    await assertModelFiles(MODELS);
    reader = new SupervisedPlateReader({
      channelFactory: utilityProcessChannelFactory({ utilityProcess, workerPath: WORKER, worker }),
      requestTimeoutMs: 30_000,
      backoffInitialMs: 100,
      onEvent: (e) => events.push(e),
    });
    await reader.start();
  });
  after(async () => {
    await reader?.close();
  });

  it('forks the bundled worker entry with the worker options and reads a frame there', async () => {
    const [child] = utilityProcess.forks;
    assert.equal(utilityProcess.forks.length, 1);
    assert.equal(child!.modulePath, WORKER);
    assert.deepEqual(child!.args, [JSON.stringify(worker)]);
    assert.equal(child!.options?.serviceName, 'Station Console plate reader');
    const reads = await reader.read(frame());
    assert.ok(
      reads.some((r) => onPlate(r.box)),
      JSON.stringify(reads.map((r) => r.box)),
    );
    assert.ok(reads.every((r) => r.cropJpeg === null || Buffer.isBuffer(r.cropJpeg)));
    assert.equal(reader.stats.pid, child!.pid);
    assert.notEqual(reader.stats.pid, process.pid);
  });

  it('a crashed utility process fails the read in flight, and a new one serves the next', async () => {
    const pid = reader.stats.pid!;
    const inflight = reader.read(frame());
    process.kill(pid, 'SIGKILL'); // a native crash, not the supervisor's own kill
    await assert.rejects(
      inflight,
      (e: Error) =>
        e instanceof AnprWorkerError && e.code === 'crashed' && e.message.includes(String(pid)),
    );
    const reads = await reader.read(frame());
    assert.ok(reads.some((r) => onPlate(r.box)));
    assert.notEqual(reader.stats.pid, pid);
    assert.equal(utilityProcess.forks.length, 2);
    assert.ok(events.some((e) => e.type === 'exited' && e.pid === pid && e.code === 137));
  });

  it("the supervisor's kill (a stuck read) ends the utility process, and it is restarted", async () => {
    const pid = reader.killWorker();
    assert.ok(pid);
    await reader.ping();
    assert.notEqual(reader.stats.pid, pid);
    assert.equal(utilityProcess.forks.length, 3);
    assert.equal(reader.stats.restarts, 2);
  });
});

describe('anpr-worker.ts on its own in a utility process', () => {
  it('cannot answer (no process.send there): the adapter entry is what makes it work', async () => {
    const utilityProcess = createUtilityProcessStandIn();
    const reader = new SupervisedPlateReader({
      channelFactory: utilityProcessChannelFactory({
        utilityProcess,
        workerPath: path.resolve('src-main/anpr/anpr-worker.ts'),
        worker,
      }),
      backoffInitialMs: 60_000,
    });
    // Its complaint on stderr ("must be started with child_process.fork") is expected here.
    await assert.rejects(
      reader.start(),
      (e: Error) =>
        e instanceof AnprWorkerError && /exited during start \(code 2\)/.test(e.message),
    );
    await reader.close();
  });
});

describe('the bundled worker entry (CJS, as scripts/build.mjs makes it)', () => {
  // Inside the repo, so the bundle's external packages resolve from node_modules.
  const dir = path.resolve('.test-tmp', `utility-worker-${process.pid}`);
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps the adapter ahead of the worker and answers in a utility process', async () => {
    const outfile = path.join(dir, 'anpr-utility-worker.cjs');
    await build({
      entryPoints: [WORKER],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'es2022',
      packages: 'external',
      logLevel: 'silent',
    });
    const reader = new SupervisedPlateReader({
      channelFactory: utilityProcessChannelFactory({
        utilityProcess: createUtilityProcessStandIn(),
        workerPath: outfile,
        worker,
      }),
      requestTimeoutMs: 30_000,
    });
    try {
      await reader.start();
      await reader.ping();
    } finally {
      await reader.close();
    }
  });
});
