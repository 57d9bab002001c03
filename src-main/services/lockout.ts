export interface LockoutOptions {
  /** Wrong PINs in a row (for one name, or at one console) before the first lockout. */
  afterFailures: number;
  /** The first lockout; each later one in the same run of failures lasts twice as long. */
  firstLockMs: number;
  maxLockMs: number;
  /** Names (and consoles) tracked; past it the one that failed longest ago is forgotten. */
  maxKeys?: number;
}

/** A lockout that has just begun. */
export interface LockoutStart {
  scope: 'name' | 'console';
  key: string;
  failures: number;
  lockedForMs: number;
  until: number;
}

interface Run {
  failures: number;
  lockouts: number;
  lockedUntil: number;
}

/** Wrong PINs in a row per key, and the growing lockout they earn. */
class Backoff {
  /** Insertion order is last-failure order (a failure re-inserts), so the stalest lead. */
  private readonly runs = new Map<string, Run>();

  constructor(
    private readonly scope: LockoutStart['scope'],
    private readonly opts: LockoutOptions,
  ) {}

  remainingMs(key: string, now: number): number {
    const run = this.runs.get(key);
    return run && run.lockedUntil > now ? run.lockedUntil - now : 0;
  }

  fail(key: string, now: number): LockoutStart | null {
    const run = this.runs.get(key) ?? { failures: 0, lockouts: 0, lockedUntil: 0 };
    // Guesses already hashing when the lock began were let in before it: they neither count
    // nor lengthen it, so a burst of 200 concurrent guesses earns one lockout, not 196.
    if (run.lockedUntil > now) return null;
    this.runs.delete(key);
    this.runs.set(key, run);
    for (const stale of this.runs.keys()) {
      if (this.runs.size <= (this.opts.maxKeys ?? 1024)) break;
      this.runs.delete(stale);
    }
    run.failures++;
    if (run.failures < this.opts.afterFailures) return null;
    const lockedForMs = Math.min(
      this.opts.maxLockMs,
      this.opts.firstLockMs * 2 ** Math.min(run.lockouts, 30),
    );
    run.lockouts++;
    run.lockedUntil = now + lockedForMs;
    return { scope: this.scope, key, failures: run.failures, lockedForMs, until: run.lockedUntil };
  }

  clear(key: string): void {
    this.runs.delete(key);
  }
}

/**
 * Sign-in lockouts, per operator name and per console (caller), in memory: after
 * `afterFailures` wrong PINs in a row, attempts are refused before any hashing for
 * `firstLockMs`, and each further wrong PIN after a lockout ends doubles it, up to `maxLockMs`.
 * A name locks whether it exists or not, so a lockout tells nobody which names are real. Per
 * console, one console can't try five PINs on each of many names. A right PIN clears both.
 */
export class SignInLockout {
  private readonly byName: Backoff;
  private readonly byConsole: Backoff;

  constructor(opts: LockoutOptions) {
    this.byName = new Backoff('name', opts);
    this.byConsole = new Backoff('console', opts);
  }

  /** How long this attempt must wait; 0 when it may go ahead. */
  remainingMs(nameKey: string, callerId: string, now: number): number {
    return Math.max(
      this.byName.remainingMs(nameKey, now),
      this.byConsole.remainingMs(callerId, now),
    );
  }

  /** Counts a wrong PIN; returns the lockouts it started (none, or one per scope). */
  failed(nameKey: string, callerId: string, now: number): LockoutStart[] {
    return [this.byName.fail(nameKey, now), this.byConsole.fail(callerId, now)].filter(
      (l): l is LockoutStart => l !== null,
    );
  }

  succeeded(nameKey: string, callerId: string): void {
    this.byName.clear(nameKey);
    this.byConsole.clear(callerId);
  }

  /** A manager set a new PIN for this name: the run of wrong ones is over. */
  clearName(nameKey: string): void {
    this.byName.clear(nameKey);
  }
}
