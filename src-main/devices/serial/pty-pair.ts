/**
 * A pair of linked virtual serial ports made by socat: bytes written to one end come out of
 * the other. The station opens `stationPath`; a simulator opens `devicePath`. Used by the demo
 * mode (simulated gate and printer) and by integration tests, so no hardware is needed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { constants } from 'node:fs';
import { access, lstat, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, delimiter, join } from 'node:path';

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
  const pidFile = join(dir, `${name}.socat.pid`);
  const stationAddress = `pty,raw,echo=0,link=${stationPath}`;
  await reapStale(pidFile, stationAddress);
  // Stale links from a crashed run would make us think socat is ready before it is.
  await Promise.all([rm(stationPath, { force: true }), rm(devicePath, { force: true })]);

  const socat = await findOnPath('socat');
  if (!socat) throw new SocatMissingError();
  const socatArgs = ['-d', '-d', stationAddress, `pty,raw,echo=0,link=${devicePath}`];
  // A station killed with SIGKILL runs no exit hook; the kernel then sends socat SIGKILL
  // (PR_SET_PDEATHSIG, set by setpriv before it execs socat, so the pid stays socat's). The
  // signal follows the spawning *thread*: libuv spawns from the main thread, which lives as
  // long as the station. setpriv is util-linux, Essential in Debian; plain socat otherwise.
  const setpriv = await findOnPath('setpriv');
  const child = setpriv
    ? spawn(setpriv, ['--pdeathsig', 'KILL', '--', socat, ...socatArgs], {
        stdio: ['ignore', 'ignore', 'pipe'],
      })
    : spawn(socat, socatArgs, { stdio: ['ignore', 'ignore', 'pipe'] });
  track(child);
  // For the next start in this dir, in case neither the exit hook nor the kernel got to it.
  if (child.pid !== undefined) await writeFile(pidFile, `${child.pid}\n`).catch(() => undefined);
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
    await rm(pidFile, { force: true });
    throw error;
  }

  let closing: Promise<void> | null = null;
  return {
    stationPath,
    devicePath,
    close() {
      closing ??= stopChild(child, exited).then(() =>
        // socat removes its links on SIGTERM; this covers a socat that was killed harder.
        Promise.all([stationPath, devicePath, pidFile].map((p) => rm(p, { force: true }))).then(
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

/**
 * Kills the socat a previous run recorded in `pidFile` if it is still running (a station that
 * died before setting, or without, the parent-death signal). Only a process whose command line
 * is socat serving this very link is killed, never one that merely reuses the pid. SIGKILL, not
 * SIGTERM: a socat exiting cleanly would unlink the links, perhaps after the new one made them.
 */
async function reapStale(pidFile: string, stationAddress: string): Promise<void> {
  const pid = Number((await readFile(pidFile, 'utf8').catch(() => '')).trim());
  if (!Number.isInteger(pid) || pid <= 0) return;
  const argv = (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0');
  if (basename(argv[0] ?? '') !== 'socat' || !argv.includes(stationAddress)) return;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Gone between the check and the kill.
  }
}

/** The executable `command` resolves to on PATH, or null. */
async function findOnPath(command: string): Promise<string | null> {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const path = join(dir, command);
    try {
      await access(path, constants.X_OK);
      return path;
    } catch {
      // not here
    }
  }
  return null;
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
