/**
 * A pair of linked virtual serial ports made by socat: bytes written to one end come out of
 * the other. The station opens `stationPath`; a simulator opens `devicePath`. Used by the demo
 * mode (simulated gate and printer) and by integration tests, so no hardware is needed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { lstat, rm } from 'node:fs/promises';
import { join } from 'node:path';

export interface PtyPair {
  /** The end the station's device driver opens. */
  readonly stationPath: string;
  /** The end a simulator (or test) opens in place of the real device. */
  readonly devicePath: string;
  /** Stops socat (which removes both links). Safe to call more than once. */
  close(): Promise<void>;
}

export interface PtyPairOptions {
  /** How long to wait for socat to create both links. */
  startTimeoutMs?: number;
}

const LINK_POLL_MS = 20;
const STDERR_KEEP_CHARS = 2000;

/** socat processes still running; killed if the station exits without closing them. */
const liveChildren = new Set<ChildProcess>();
let exitHookInstalled = false;

function track(child: ChildProcess): void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    // Without this a crashed station would leave orphaned socat processes holding the links.
    process.once('exit', () => liveChildren.forEach((c) => c.kill('SIGTERM')));
  }
  liveChildren.add(child);
  child.once('exit', () => liveChildren.delete(child));
}

export class SocatMissingError extends Error {
  constructor() {
    super('socat is not installed or not on PATH; install it (Debian: apt-get install socat)');
    this.name = 'SocatMissingError';
  }
}

export async function openPtyPair(
  dir: string,
  name: string,
  options: PtyPairOptions = {},
): Promise<PtyPair> {
  if (!/^[\w.-]+$/.test(name)) {
    // socat parses its address arguments; a comma or colon in the name would change the meaning.
    throw new Error(`invalid pty pair name ${JSON.stringify(name)} (use letters, digits, . _ -)`);
  }
  const stationPath = join(dir, `${name}-a`);
  const devicePath = join(dir, `${name}-b`);
  // Stale links from a crashed run would make us think socat is ready before it is.
  await Promise.all([rm(stationPath, { force: true }), rm(devicePath, { force: true })]);

  const child = spawn(
    'socat',
    ['-d', '-d', `pty,raw,echo=0,link=${stationPath}`, `pty,raw,echo=0,link=${devicePath}`],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  track(child);
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_KEEP_CHARS);
  });
  const exited = waitForExit(child);

  try {
    await waitForLinks(exited, [stationPath, devicePath], options.startTimeoutMs ?? 5000, () =>
      stderr.trim(),
    );
  } catch (error) {
    await stopChild(child, exited);
    throw error;
  }

  let closing: Promise<void> | null = null;
  return {
    stationPath,
    devicePath,
    close() {
      closing ??= stopChild(child, exited).then(() =>
        // socat removes its links on SIGTERM; this covers a socat that was killed harder.
        Promise.all([rm(stationPath, { force: true }), rm(devicePath, { force: true })]).then(
          () => undefined,
        ),
      );
      return closing;
    },
  };
}

type ExitInfo = { error: Error | null; code: number | null; signal: NodeJS.Signals | null };

function waitForExit(child: ChildProcess): Promise<ExitInfo> {
  return new Promise((resolve) => {
    child.once('error', (error) => resolve({ error, code: null, signal: null }));
    child.once('exit', (code, signal) => resolve({ error: null, code, signal }));
  });
}

async function waitForLinks(
  exited: Promise<ExitInfo>,
  paths: string[],
  timeoutMs: number,
  stderr: () => string,
): Promise<void> {
  let exit: ExitInfo | null = null;
  void exited.then((info) => (exit = info));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const seen = exit as ExitInfo | null;
    if (seen) {
      if ((seen.error as NodeJS.ErrnoException | null)?.code === 'ENOENT') {
        throw new SocatMissingError();
      }
      const why = seen.error?.message ?? `exit code ${seen.code}, signal ${seen.signal}`;
      throw new Error(`socat stopped before creating the pty pair (${why}): ${stderr()}`);
    }
    if ((await Promise.all(paths.map(linkExists))).every(Boolean)) return;
    if (Date.now() > deadline) {
      throw new Error(
        `socat did not create ${paths.join(' and ')} within ${timeoutMs} ms: ${stderr()}`,
      );
    }
    await delay(LINK_POLL_MS);
  }
}

async function linkExists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}

async function stopChild(child: ChildProcess, exited: Promise<ExitInfo>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) {
    await exited;
    return;
  }
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
  await exited;
  clearTimeout(timer);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
