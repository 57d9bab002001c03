/**
 * ANPR worker process entry (child_process.fork; in Electron this would be a utilityProcess).
 * Loads the models once, then serves read / readBurst requests one at a time. Inference here can
 * crash or stall without touching the station's main process; the supervisor restarts us.
 *
 * argv[2]: JSON AnprWorkerOptions. Exits when the parent disconnects.
 */
import type { CameraFrame } from '../camera/camera-source';
import { releaseMats } from '../camera/opencv';
import { OnnxPlateReader } from './onnx-plate-reader';
import {
  wireToMat,
  type AnprWorkerOptions,
  type WireFrame,
  type WorkerRequest,
  type WorkerResponse,
} from './worker-protocol';

function send(msg: WorkerResponse): void {
  process.send?.(msg);
}

function toFrame(w: WireFrame): CameraFrame {
  return { mat: wireToMat(w), at: w.at, sourceName: w.sourceName, index: w.index };
}

async function main(): Promise<void> {
  if (!process.send) {
    console.error('anpr-worker must be started with child_process.fork (IPC channel missing)');
    process.exit(2);
  }
  process.on('disconnect', () => process.exit(0));
  let reader: OnnxPlateReader;
  try {
    const options = JSON.parse(process.argv[2] ?? '{}') as AnprWorkerOptions;
    reader = await OnnxPlateReader.load(options);
  } catch (err) {
    send({ type: 'fatal', error: err instanceof Error ? err.message : String(err) });
    // Let the IPC message flush before exiting.
    setTimeout(() => process.exit(3), 50);
    return;
  }
  // Requests are serialised: one ORT call at a time keeps per-lane latency predictable.
  let queue: Promise<void> = Promise.resolve();
  process.on('message', (msg: WorkerRequest) => {
    if (msg.type === 'shutdown') {
      void reader.dispose().finally(() => process.exit(0));
      return;
    }
    queue = queue.then(() => handle(reader, msg));
  });
  send({ type: 'ready', loadMs: reader.loadMs, pid: process.pid });
}

async function handle(
  reader: OnnxPlateReader,
  msg: Exclude<WorkerRequest, { type: 'shutdown' }>,
): Promise<void> {
  const frames: CameraFrame[] = [];
  // The request's frames are freed once it is answered (see releaseMats).
  const decode = (w: WireFrame): CameraFrame => {
    const frame = toFrame(w);
    frames.push(frame);
    return frame;
  };
  try {
    switch (msg.type) {
      case 'ping':
        send({ type: 'pong', id: msg.id });
        return;
      case 'read':
        send({
          type: 'reads',
          id: msg.id,
          reads: await reader.read(decode(msg.frame), msg.options),
        });
        return;
      case 'readBurst':
        send({
          type: 'vehicles',
          id: msg.id,
          vehicles: await reader.readBurst(msg.frames.map(decode), msg.options),
        });
        return;
    }
  } catch (err) {
    send({ type: 'error', id: msg.id, error: err instanceof Error ? err.message : String(err) });
  } finally {
    releaseMats(frames.map((f) => f.mat));
  }
}

void main();
