import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import type {
  UtilityProcessChildLike,
  UtilityProcessLike,
} from '../../../src-main/electron/utility-worker-channel';
import { readFrames, writeFrame } from './utility-process-wire';

/*
 * A structural stand-in for Electron's utilityProcess, because Electron's binary cannot run on
 * this machine or in CI. fork() starts a real Node child process that runs the real entry script
 * behind utility-process-child.ts, which gives it the utility-process runtime (parentPort, no
 * process.send). The parent side mirrors Electron's UtilityProcess: pid undefined until 'spawn'
 * and again once the process is gone (cleared before 'exit' is emitted, the stricter reading of
 * the docs), 'message' with the posted value, 'exit' with a code only, kill() without a signal
 * (SIGTERM, as Electron sends on POSIX). Messages are structured clones (v8 serialisation).
 * What it cannot show: Chromium's sandboxing, Mojo itself, asar loading, the Electron ABI.
 */
const CHILD = path.join(import.meta.dirname, 'utility-process-child.ts');

export class UtilityProcessStandIn extends EventEmitter implements UtilityProcessChildLike {
  pid: number | undefined;
  private readonly child: ChildProcess;
  private readonly pipe: Duplex;

  constructor(
    readonly modulePath: string,
    readonly args: string[] = [],
    readonly options: Parameters<UtilityProcessLike['fork']>[2] = {},
  ) {
    super();
    // tsx for the bootstrap and .ts entries; the caller's execArgv as Electron passes it.
    const execArgv = ['--import', 'tsx', ...(options?.execArgv ?? [])];
    this.child = spawn(process.execPath, [...execArgv, CHILD, modulePath, ...args], {
      stdio: ['ignore', 'inherit', 'inherit', 'pipe'],
    });
    this.pipe = this.child.stdio[3] as Duplex;
    readFrames(this.pipe, (m) => this.emit('message', m));
    // A write racing the child's death: 'exit' is how the parent learns of it.
    this.pipe.on('error', () => undefined);
    this.child.on('spawn', () => {
      this.pid = this.child.pid;
      this.emit('spawn');
    });
    this.child.on('exit', (code, signal) => {
      this.pid = undefined;
      // waitpid's status as a code: 128 + signal number for a killed process.
      this.emit('exit', code ?? 128 + (signal ? os.constants.signals[signal] : 0));
    });
  }

  postMessage(message: unknown): void {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      writeFrame(this.pipe, message);
    }
  }

  kill(): boolean {
    return this.child.kill('SIGTERM');
  }
}

/** Records every fork, so a test can find the processes it started. */
export function createUtilityProcessStandIn(): UtilityProcessLike & {
  forks: UtilityProcessStandIn[];
} {
  const forks: UtilityProcessStandIn[] = [];
  return {
    forks,
    fork: (modulePath, args, options) => {
      const child = new UtilityProcessStandIn(modulePath, args, options);
      forks.push(child);
      return child;
    },
  };
}
