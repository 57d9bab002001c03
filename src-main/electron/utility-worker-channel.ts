import type { WorkerChannel, WorkerChannelFactory } from '../anpr/supervised-plate-reader';
import type { AnprWorkerOptions, WorkerResponse } from '../anpr/worker-protocol';

/*
 * Structural slices of Electron's utilityProcess and UtilityProcess, so this transport can be
 * exercised under plain Node (the Electron binary cannot run in CI or on the dev box).
 */
export interface UtilityProcessChildLike {
  /** undefined until 'spawn' (and, in Electron, again after 'exit'). */
  readonly pid: number | undefined;
  postMessage(message: unknown): void;
  /** No signal argument: SIGTERM on POSIX, TerminateProcess on Windows. */
  kill(): boolean;
  on(event: 'spawn', listener: () => void): unknown;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
}

export interface UtilityProcessLike {
  fork(
    modulePath: string,
    args?: string[],
    options?: { serviceName?: string; stdio?: 'inherit' | 'pipe' | 'ignore'; execArgv?: string[] },
  ): UtilityProcessChildLike;
}

export interface UtilityChannelOptions {
  utilityProcess: UtilityProcessLike;
  /** dist/main/anpr-utility-worker.cjs: the worker behind the parentPort adapter. */
  workerPath: string;
  worker: AnprWorkerOptions;
  execArgv?: string[];
}

/**
 * The SupervisedPlateReader's transport under Electron: the same WorkerChannel as
 * forkChannelFactory, over utilityProcess.fork. The supervisor's crash handling is unchanged:
 * an exit fails the in-flight reads and schedules a restart, a stuck read is killed.
 */
export function utilityProcessChannelFactory(options: UtilityChannelOptions): WorkerChannelFactory {
  return (): WorkerChannel => {
    const child = options.utilityProcess.fork(
      options.workerPath,
      [JSON.stringify(options.worker)],
      {
        serviceName: 'Station Console plate reader',
        stdio: 'inherit',
        ...(options.execArgv ? { execArgv: options.execArgv } : {}),
      },
    );
    // Electron clears child.pid once the process is gone; the supervisor's exit report still
    // wants to say which process it was.
    let lastPid: number | undefined;
    let exited = false;
    const exitListeners: ((code: number | null, signal: string | null) => void)[] = [];
    child.on('spawn', () => (lastPid = child.pid));
    child.on('exit', (code) => {
      if (exited) return;
      exited = true;
      // A utility process reports an exit code only; a signal shows up in it, not separately.
      for (const l of exitListeners) l(code, null);
    });
    return {
      get pid() {
        return child.pid ?? lastPid;
      },
      send: (msg) => {
        if (!exited) child.postMessage(msg);
      },
      onMessage: (l) => child.on('message', (m) => l(m as WorkerResponse)),
      onExit: (l) => exitListeners.push(l),
      kill: () => {
        if (!exited) child.kill();
      },
    };
  };
}
