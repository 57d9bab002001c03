import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PROFILE_PREFIX = 'station-browser-';

/** Best effort: what cannot go now (another user's, say) is left to the next start's sweep. */
function removeProfile(profile: string): void {
  try {
    rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
  } catch {
    // left for removeStaleProfiles
  }
}

/** Whether a Chromium still runs on `profile`: it holds a SingletonLock link to "<host>-<pid>". */
function inUse(profile: string): boolean {
  let target: string;
  try {
    target = readlinkSync(join(profile, 'SingletonLock'));
  } catch {
    return false;
  }
  const pid = Number(/-(\d+)$/.exec(target)?.[1]);
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // alive, but not ours
  }
}

/**
 * Removes the profiles that windows of an earlier station left behind when it could not clean
 * up (SIGKILL, a power cut). A profile that a running Chromium still holds stays.
 */
export function removeStaleProfiles(dir = tmpdir()): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const profile = join(dir, name);
    if (name.startsWith(PROFILE_PREFIX) && !inUse(profile)) removeProfile(profile);
  }
}

/**
 * Chromium app windows this process opened, each on a throwaway profile (cookies, history) that
 * goes when its window closes or the station stops.
 */
export class BrowserWindows {
  private readonly windows = new Map<ChildProcess, string>();

  constructor(private readonly command = process.env.CHROMIUM_PATH ?? 'chromium') {}

  /** Opens `url` in a new window; resolves whether Chromium started. */
  open(url: string): Promise<boolean> {
    const profile = mkdtempSync(join(tmpdir(), PROFILE_PREFIX));
    const child = spawn(
      this.command,
      [
        `--app=${url}`,
        `--user-data-dir=${profile}`,
        '--no-first-run',
        '--disable-background-networking',
        '--disable-sync',
      ],
      // Its own process group, so closeAll() reaches Chromium's helper processes too.
      { stdio: 'ignore', detached: true },
    );
    child.unref();
    this.windows.set(child, profile);
    const gone = () => {
      this.windows.delete(child);
      removeProfile(profile);
    };
    child.once('exit', gone);
    return new Promise((resolve) => {
      child.once('spawn', () => resolve(true));
      child.once('error', () => {
        gone();
        resolve(false);
      });
    });
  }

  /** Ends every window and removes its profile. Synchronous, so an 'exit' listener can do it. */
  closeAll(): void {
    for (const [child, profile] of this.windows) {
      // SIGKILL: a Chromium shutting down gracefully would write into the profile as it goes.
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
      removeProfile(profile);
    }
    this.windows.clear();
  }

  /** Closes every window when this process exits, however it exits short of SIGKILL. */
  closeOnExit(): void {
    process.on('exit', () => this.closeAll());
  }
}
