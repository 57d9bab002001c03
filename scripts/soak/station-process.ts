import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { IpcResult } from '../../src-shared';

export type ParentMessage =
  | { type: 'invoke'; id: number; channel: string; payload: unknown; callerId: string }
  | { type: 'printer'; id: number; responding: boolean; cutOffNextJob?: boolean };

export type ChildMessage =
  | { type: 'ready'; pid: number }
  | { type: 'result'; id: number; result: IpcResult<unknown> }
  | { type: 'printer'; id: number };

const CHILD = fileURLToPath(new URL('./station-child.ts', import.meta.url));

/** Thrown to a caller whose request was in flight when the station died. */
export class StationDied extends Error {
  constructor(signal: string | null, code: number | null) {
    super(`the station process ended (${signal ?? `exit ${code}`}) before answering`);
  }
}

/** A station running in a child process (see station-child.ts) and the means to kill it. */
export interface StationProcess {
  readonly pid: number;
  call(channel: string, payload: unknown, callerId?: string): Promise<IpcResult<unknown>>;
  setPrinterResponding(responding: boolean): Promise<void>;
  /** The printer answers until the next job is part-way through, then stops (cable pulled). */
  cutOffNextPrint(): Promise<void>;
  /** SIGKILL: no handler runs, nothing is flushed; like pulling the booth PC's power cord. */
  kill(): void;
  readonly exited: Promise<{ code: number | null; signal: string | null }>;
  /** A clean stop: closes the IPC channel; the child stops its station and exits. */
  stop(): Promise<void>;
}

/**
 * `cardTerminalPort`: a card terminal (simulator) on this loopback port, outside the station's
 * process, as a real terminal is: a kill of the station leaves what it charged standing.
 */
export async function startStationProcess(
  dataDir: string,
  opts: { cardTerminalPort?: number } = {},
): Promise<StationProcess> {
  const child: ChildProcess = fork(CHILD, [dataDir], {
    execArgv: ['--import', 'tsx'],
    env: {
      ...process.env,
      SOAK_CARD_TERMINAL_PORT: opts.cardTerminalPort ? String(opts.cardTerminalPort) : '',
    },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (d: string) => {
    stderr = (stderr + d).slice(-4000);
  });
  const waiting = new Map<number, { resolve(m: ChildMessage): void; reject(e: Error): void }>();
  let nextId = 0;
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      const err = new StationDied(signal, code);
      for (const w of waiting.values()) w.reject(err);
      waiting.clear();
      resolve({ code, signal });
    }),
  );
  const ready = new Promise<number>((resolve, reject) => {
    child.on('message', (m: ChildMessage) => {
      if (m.type === 'ready') resolve(m.pid);
      else {
        waiting.get(m.id)?.resolve(m);
        waiting.delete(m.id);
      }
    });
    void exited.then(({ code, signal }) =>
      reject(new Error(`station child ended before it was ready (${signal ?? code}): ${stderr}`)),
    );
  });
  const pid = await ready;
  const ask = (m: ParentMessage) =>
    new Promise<ChildMessage>((resolve, reject) => {
      waiting.set(m.id, { resolve, reject });
      child.send(m, (err) => {
        if (err && waiting.delete(m.id)) reject(err);
      });
    });
  return {
    pid,
    exited,
    async call(channel, payload, callerId = 'soak') {
      const m = await ask({ type: 'invoke', id: ++nextId, channel, payload, callerId });
      if (m.type !== 'result') throw new Error('unexpected answer from the station child');
      return m.result;
    },
    async setPrinterResponding(responding) {
      await ask({ type: 'printer', id: ++nextId, responding });
    },
    async cutOffNextPrint() {
      await ask({ type: 'printer', id: ++nextId, responding: true, cutOffNextJob: true });
    },
    kill() {
      child.kill('SIGKILL');
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.disconnect();
      await exited;
    },
  };
}

/**
 * Signs the demo cashier in and, when no shift is open (a fresh file; a kill leaves the shift
 * open), opens the drawer with a float of 0, so payments can be taken. Throws on a refusal.
 */
export async function signInToTakeMoney(st: StationProcess): Promise<void> {
  const ok = (r: IpcResult<unknown>, what: string) => {
    if (!r.ok) throw new Error(`${what}: ${r.error.code} ${r.error.message}`);
    return r.value;
  };
  ok(await st.call('operator:signIn', { name: 'cashier', pin: '123456' }), 'sign-in');
  const drawer = ok(await st.call('shifts:drawer', {}), 'drawer') as { shift: unknown };
  if (!drawer.shift) ok(await st.call('shifts:open', { count: [] }), 'open the shift');
}
