/**
 * PlateReader that runs the ANPR pipeline in a separate process and keeps it alive.
 *
 * Why: a native crash (ORT, OpenCV) or a stuck inference must never take the station down or
 * block its event loop. Requests carry ids and timeouts; when the worker dies every in-flight
 * request fails with AnprWorkerError('crashed'), the worker is restarted with exponential backoff,
 * and later reads wait for the new worker. The transport is the WorkerChannel interface, so an
 * Electron utilityProcess can replace the fork-based channel without touching this class.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CameraFrame } from '../camera/camera-source';
import type { PlateRead, PlateReader, ReadOptions } from './plate-reader';
import type { VehicleRead } from './track-vote';
import {
  frameToWire,
  reviveBuffer,
  type AnprWorkerOptions,
  type FrameTransport,
  type WorkerRequest,
  type WorkerResponse,
} from './worker-protocol';

/** What the supervisor needs from a worker process, whatever starts it. */
export interface WorkerChannel {
  readonly pid: number | undefined;
  send(msg: WorkerRequest): void;
  onMessage(listener: (msg: WorkerResponse) => void): void;
  /** Called once when the process is gone (crash, kill, normal exit). */
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  kill(signal?: NodeJS.Signals): void;
}

export type WorkerChannelFactory = () => WorkerChannel;

export interface ForkChannelOptions {
  worker: AnprWorkerOptions;
  /** Defaults to anpr-worker.ts/.js next to this module. */
  workerPath?: string;
  /** Defaults to ['--import', 'tsx'] when the worker is a .ts file (dev/tests). */
  execArgv?: string[];
}

/** child_process.fork transport (structured-clone IPC, so byte arrays stay binary). */
export function forkChannelFactory(options: ForkChannelOptions): WorkerChannelFactory {
  const workerPath = options.workerPath ?? defaultWorkerPath();
  const execArgv = options.execArgv ?? (workerPath.endsWith('.ts') ? ['--import', 'tsx'] : []);
  return () => {
    const child: ChildProcess = fork(workerPath, [JSON.stringify(options.worker)], {
      execArgv,
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let exited = false;
    const exitListeners: ((code: number | null, signal: string | null) => void)[] = [];
    const fireExit = (code: number | null, signal: string | null): void => {
      if (exited) return;
      exited = true;
      for (const l of exitListeners) l(code, signal);
    };
    child.on('exit', fireExit);
    // A spawn failure emits 'error' and may never emit 'exit'.
    child.on('error', () => fireExit(null, 'spawn-error'));
    return {
      get pid() {
        return child.pid;
      },
      send: (msg) => {
        if (child.connected) child.send(msg);
      },
      onMessage: (l) => child.on('message', (m) => l(m as WorkerResponse)),
      onExit: (l) => exitListeners.push(l),
      kill: (signal) => {
        if (!exited) child.kill(signal ?? 'SIGKILL');
      },
    };
  };
}

function defaultWorkerPath(): string {
  const ts = fileURLToPath(new URL('./anpr-worker.ts', import.meta.url));
  if (existsSync(ts)) return ts;
  return fileURLToPath(new URL('./anpr-worker.js', import.meta.url));
}

export type AnprWorkerErrorCode = 'crashed' | 'timeout' | 'unavailable' | 'worker' | 'closed';

export class AnprWorkerError extends Error {
  override readonly name = 'AnprWorkerError';
  constructor(
    readonly code: AnprWorkerErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface SupervisorOptions {
  channelFactory: WorkerChannelFactory;
  /** Per request, from send to answer (default 15 s). A timed-out worker is killed and restarted. */
  requestTimeoutMs?: number;
  /** Model load budget for a (re)started worker (default 60 s). */
  startTimeoutMs?: number;
  /** Restart delay: initial, doubling per consecutive failure, capped (defaults 250 ms / 10 s). */
  backoffInitialMs?: number;
  backoffMaxMs?: number;
  transport?: FrameTransport;
  /** Lifecycle notes for the station log (restarts, crashes, fatal load errors). */
  onEvent?: (event: SupervisorEvent) => void;
}

export type SupervisorEvent =
  | { type: 'started'; pid: number | undefined; loadMs: number }
  | {
      type: 'exited';
      pid: number | undefined;
      code: number | null;
      signal: string | null;
      failedRequests: number;
    }
  | { type: 'restart-scheduled'; inMs: number; attempt: number }
  | { type: 'fatal'; error: string };

interface Pending {
  resolve: (msg: WorkerResponse) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

interface Worker {
  channel: WorkerChannel;
  ready: Promise<void>;
  /** False from the moment we kill it (or it exits): no new requests go to it. */
  alive: boolean;
  /** Resolves after the exit handler ran (restart scheduled). */
  exited: Promise<void>;
  pending: Map<number, Pending>;
}

export class SupervisedPlateReader implements PlateReader {
  readonly name = 'onnx-anpr (worker process)';
  private readonly opts: Required<Omit<SupervisorOptions, 'onEvent'>> &
    Pick<SupervisorOptions, 'onEvent'>;
  private worker: Worker | null = null;
  private restart: { timer: NodeJS.Timeout; promise: Promise<void>; fire: () => void } | null =
    null;
  private failures = 0;
  private nextId = 1;
  private closed = false;
  private restartCount = 0;
  private lastFatal: string | null = null;

  constructor(options: SupervisorOptions) {
    this.opts = {
      requestTimeoutMs: 15_000,
      startTimeoutMs: 60_000,
      backoffInitialMs: 250,
      backoffMaxMs: 10_000,
      transport: 'raw',
      ...options,
    };
  }

  /** Starts the worker and waits until its models are loaded (optional: reads start it lazily). */
  async start(): Promise<void> {
    await this.ensureWorker();
  }

  get stats(): {
    pid: number | undefined;
    restarts: number;
    alive: boolean;
    lastFatal: string | null;
  } {
    return {
      pid: this.worker?.channel.pid,
      restarts: this.restartCount,
      alive: this.worker?.alive ?? false,
      lastFatal: this.lastFatal,
    };
  }

  async read(frame: CameraFrame, options?: ReadOptions): Promise<PlateRead[]> {
    const wire = await frameToWire(frame, this.opts.transport);
    const res = await this.request((id) => ({ type: 'read', id, frame: wire, options }));
    if (res.type !== 'reads')
      throw new AnprWorkerError('worker', `unexpected worker answer ${res.type}`);
    return res.reads.map((r) => ({ ...r, cropJpeg: reviveBuffer(r.cropJpeg) }));
  }

  async readBurst(frames: readonly CameraFrame[], options?: ReadOptions): Promise<VehicleRead[]> {
    const wires = await Promise.all(frames.map((f) => frameToWire(f, this.opts.transport)));
    const res = await this.request(
      (id) => ({ type: 'readBurst', id, frames: wires, options }),
      frames.length,
    );
    if (res.type !== 'vehicles')
      throw new AnprWorkerError('worker', `unexpected worker answer ${res.type}`);
    return res.vehicles.map((v) => ({ ...v, cropJpeg: reviveBuffer(v.cropJpeg) }));
  }

  async ping(): Promise<void> {
    await this.request((id) => ({ type: 'ping', id }));
  }

  /** Stops the worker; pending and later requests fail with code 'closed'. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.restart) {
      clearTimeout(this.restart.timer);
      this.restart.fire();
      this.restart = null;
    }
    const w = this.worker;
    if (!w) return;
    this.failAll(w, new AnprWorkerError('closed', 'ANPR reader closed'));
    const gone = new Promise<void>((resolve) => w.channel.onExit(() => resolve()));
    w.channel.send({ type: 'shutdown' });
    const force = setTimeout(() => w.channel.kill('SIGKILL'), 2000);
    await Promise.race([gone, new Promise((r) => setTimeout(r, 2500))]);
    clearTimeout(force);
    this.worker = null;
  }

  /** Kills the current worker (tests, or the UI's "restart recogniser" button). */
  killWorker(signal: NodeJS.Signals = 'SIGKILL'): number | undefined {
    const w = this.worker;
    if (!w) return undefined;
    this.retire(w, signal);
    return w.channel.pid;
  }

  /** Stops routing requests to `w` and kills it; the exit handler fails its requests and restarts. */
  private retire(w: Worker, signal: NodeJS.Signals = 'SIGKILL'): void {
    w.alive = false;
    w.channel.kill(signal);
  }

  private async request(make: (id: number) => WorkerRequest, weight = 1): Promise<WorkerResponse> {
    const w = await this.ensureWorker();
    const id = this.nextId++;
    return new Promise<WorkerResponse>((resolve, reject) => {
      const timeoutMs = this.opts.requestTimeoutMs * Math.max(1, weight);
      const timer = setTimeout(() => {
        w.pending.delete(id);
        reject(
          new AnprWorkerError(
            'timeout',
            `ANPR worker did not answer within ${timeoutMs} ms; restarting it`,
          ),
        );
        // A stuck inference would stall every later frame: kill, the exit handler restarts.
        this.retire(w);
      }, timeoutMs);
      w.pending.set(id, {
        timer,
        resolve: (msg) => {
          if (msg.type === 'error')
            reject(new AnprWorkerError('worker', `ANPR worker failed: ${msg.error}`));
          else {
            this.failures = 0; // a served request proves the worker healthy: reset backoff
            resolve(msg);
          }
        },
        reject,
      });
      w.channel.send(make(id));
    });
  }

  /** The live worker once ready; spawns or waits for a scheduled restart as needed. */
  private async ensureWorker(): Promise<Worker> {
    for (;;) {
      if (this.closed) throw new AnprWorkerError('closed', 'ANPR reader closed');
      const current = this.worker;
      if (current?.alive) {
        await current.ready;
        if (current.alive && this.worker === current) return current;
        continue;
      }
      if (current) {
        await current.exited; // being killed: wait for its exit, which schedules the restart
        continue;
      }
      if (this.restart) {
        await this.restart.promise;
        continue;
      }
      this.spawn();
    }
  }

  private spawn(): void {
    const channel = this.opts.channelFactory();
    let readyResolve!: () => void;
    let readyReject!: (e: Error) => void;
    const ready = new Promise<void>((res, rej) => {
      readyResolve = res;
      readyReject = rej;
    });
    ready.catch(() => undefined); // observed via ensureWorker; avoid unhandled rejections
    let exitedResolve!: () => void;
    const exited = new Promise<void>((res) => (exitedResolve = res));
    const w: Worker = { channel, ready, alive: true, exited, pending: new Map() };
    this.worker = w;
    const startTimer = setTimeout(() => {
      readyReject(
        new AnprWorkerError(
          'unavailable',
          `ANPR worker did not load its models within ${this.opts.startTimeoutMs} ms`,
        ),
      );
      this.retire(w);
    }, this.opts.startTimeoutMs);

    channel.onMessage((msg) => {
      switch (msg.type) {
        case 'ready':
          clearTimeout(startTimer);
          this.lastFatal = null;
          this.opts.onEvent?.({ type: 'started', pid: channel.pid, loadMs: msg.loadMs });
          readyResolve();
          return;
        case 'fatal':
          clearTimeout(startTimer);
          this.lastFatal = msg.error;
          this.opts.onEvent?.({ type: 'fatal', error: msg.error });
          readyReject(
            new AnprWorkerError('unavailable', `ANPR worker could not start: ${msg.error}`),
          );
          return;
        default: {
          const p = w.pending.get(msg.id);
          if (!p) return; // answer after a timeout: already failed
          clearTimeout(p.timer);
          w.pending.delete(msg.id);
          p.resolve(msg);
        }
      }
    });

    channel.onExit((code, signal) => {
      clearTimeout(startTimer);
      w.alive = false;
      const failed = w.pending.size;
      const how = signal ? `signal ${signal}` : `code ${code}`;
      this.failAll(
        w,
        new AnprWorkerError(
          'crashed',
          `ANPR worker (pid ${channel.pid}) exited (${how}); the read was lost and the worker is restarting`,
        ),
      );
      readyReject(
        new AnprWorkerError(
          'unavailable',
          this.lastFatal
            ? `ANPR worker could not start: ${this.lastFatal}`
            : `ANPR worker exited during start (${how})`,
        ),
      );
      this.opts.onEvent?.({
        type: 'exited',
        pid: channel.pid,
        code,
        signal,
        failedRequests: failed,
      });
      if (this.worker === w) this.worker = null;
      if (!this.closed) this.scheduleRestart();
      exitedResolve();
    });
  }

  private scheduleRestart(): void {
    if (this.restart) return;
    const delay = Math.min(this.opts.backoffMaxMs, this.opts.backoffInitialMs * 2 ** this.failures);
    this.failures++;
    this.restartCount++;
    this.opts.onEvent?.({ type: 'restart-scheduled', inMs: delay, attempt: this.failures });
    let fire!: () => void;
    const promise = new Promise<void>((res) => (fire = res));
    const timer = setTimeout(() => {
      this.restart = null;
      if (!this.closed && !this.worker) this.spawn();
      fire();
    }, delay);
    this.restart = { timer, promise, fire };
  }

  private failAll(w: Worker, err: Error): void {
    for (const [, p] of w.pending) {
      clearTimeout(p.timer);
      p.reject(err);
    }
    w.pending.clear();
  }
}
