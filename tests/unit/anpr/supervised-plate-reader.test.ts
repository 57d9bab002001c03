import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import cv from '../../../src-main/camera/opencv';
import {
  AnprWorkerError,
  SupervisedPlateReader,
  type WorkerChannel,
} from '../../../src-main/anpr/supervised-plate-reader';
import type { WorkerRequest, WorkerResponse } from '../../../src-main/anpr/worker-protocol';
import { wireToMat } from '../../../src-main/anpr/worker-protocol';

type Mode = 'ok' | 'hang' | 'fatal';

/** In-process stand-in for the worker process: answers like anpr-worker.ts, can crash or hang. */
class FakeChannel implements WorkerChannel {
  static nextPid = 1000;
  readonly pid = FakeChannel.nextPid++;
  private msgL: ((m: WorkerResponse) => void)[] = [];
  private exitL: ((c: number | null, s: string | null) => void)[] = [];
  dead = false;
  received: WorkerRequest[] = [];
  constructor(private readonly mode: Mode) {
    setTimeout(() => {
      if (this.dead) return;
      if (mode === 'fatal') {
        this.emit({ type: 'fatal', error: 'ANPR model file(s) missing: models/plate-ocr.onnx' });
        setTimeout(() => this.die(3, null), 1);
      } else this.emit({ type: 'ready', loadMs: 5, pid: this.pid });
    }, 2);
  }
  send(msg: WorkerRequest): void {
    if (this.dead) return;
    this.received.push(msg);
    if (msg.type === 'shutdown') return void setTimeout(() => this.die(0, null), 1);
    if (this.mode === 'hang') return;
    setTimeout(() => {
      if (this.dead) return;
      if (msg.type === 'read') {
        const mat = wireToMat(msg.frame);
        this.emit({
          type: 'reads',
          id: msg.id,
          reads: [
            {
              text: `W${mat.cols}`,
              confidence: 0.9,
              box: null,
              alternates: [],
              cropJpeg: new Uint8Array([1, 2]) as Buffer,
            },
          ],
        });
      } else if (msg.type === 'ping') this.emit({ type: 'pong', id: msg.id });
    }, 5);
  }
  onMessage(l: (m: WorkerResponse) => void): void {
    this.msgL.push(l);
  }
  onExit(l: (c: number | null, s: string | null) => void): void {
    this.exitL.push(l);
  }
  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    setTimeout(() => this.die(null, signal), 1);
  }
  private emit(m: WorkerResponse): void {
    for (const l of this.msgL) l(m);
  }
  private die(code: number | null, signal: string | null): void {
    if (this.dead) return;
    this.dead = true;
    for (const l of this.exitL) l(code, signal);
  }
}

const frame = () => ({
  mat: new cv.Mat(20, 40, cv.CV_8UC3, [1, 2, 3]),
  at: 1,
  sourceName: 'test',
  index: 0,
});

function setup(
  modes: Mode[],
  extra: Partial<ConstructorParameters<typeof SupervisedPlateReader>[0]> = {},
) {
  const channels: FakeChannel[] = [];
  const events: string[] = [];
  const reader = new SupervisedPlateReader({
    channelFactory: () => {
      const c = new FakeChannel(modes[Math.min(channels.length, modes.length - 1)]!);
      channels.push(c);
      return c;
    },
    backoffInitialMs: 10,
    backoffMaxMs: 40,
    requestTimeoutMs: 200,
    onEvent: (e) => events.push(e.type),
    ...extra,
  });
  return { reader, channels, events };
}

describe('SupervisedPlateReader', () => {
  it('reads through the worker and returns Buffers for crops', async () => {
    const { reader } = setup(['ok']);
    const [r] = await reader.read(frame());
    assert.equal(r!.text, 'W40');
    assert.ok(Buffer.isBuffer(r!.cropJpeg));
    await reader.close();
  });

  it('fails in-flight requests when the worker dies, restarts it, and serves the next read', async () => {
    const { reader, channels, events } = setup(['hang', 'ok']);
    await reader.start();
    const inflight = reader.read(frame());
    await new Promise((r) => setTimeout(r, 20));
    reader.killWorker();
    await assert.rejects(
      inflight,
      (e: Error) =>
        e instanceof AnprWorkerError && e.code === 'crashed' && /restarting/.test(e.message),
    );
    const [r] = await reader.read(frame());
    assert.equal(r!.text, 'W40');
    assert.equal(channels.length, 2);
    assert.equal(reader.stats.restarts, 1);
    assert.ok(events.includes('exited') && events.includes('restart-scheduled'));
    await reader.close();
  });

  it('times out a stuck worker, kills it and recovers', async () => {
    const { reader, channels } = setup(['hang', 'ok'], { requestTimeoutMs: 50 });
    await assert.rejects(
      reader.read(frame()),
      (e: Error) => e instanceof AnprWorkerError && e.code === 'timeout',
    );
    assert.equal((await reader.read(frame()))[0]!.text, 'W40');
    assert.ok(channels[0]!.dead);
    await reader.close();
  });

  it('reports a worker that cannot load its models, and keeps retrying with backoff', async () => {
    const { reader, channels } = setup(['fatal', 'fatal', 'ok']);
    await assert.rejects(
      reader.read(frame()),
      (e: Error) =>
        e instanceof AnprWorkerError &&
        e.code === 'unavailable' &&
        /plate-ocr\.onnx/.test(e.message),
    );
    assert.match(reader.stats.lastFatal ?? '', /missing/);
    // Later attempts reach the third (healthy) worker.
    let text: string | null = null;
    for (let i = 0; i < 5 && !text; i++) {
      try {
        text = (await reader.read(frame()))[0]!.text;
      } catch {
        await new Promise((r) => setTimeout(r, 20));
      }
    }
    assert.equal(text, 'W40');
    assert.ok(channels.length >= 3);
    await reader.close();
  });

  it('rejects reads after close', async () => {
    const { reader } = setup(['ok']);
    await reader.start();
    await reader.close();
    await assert.rejects(
      reader.read(frame()),
      (e: Error) => e instanceof AnprWorkerError && e.code === 'closed',
    );
  });
});
