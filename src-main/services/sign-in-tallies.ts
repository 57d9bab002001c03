interface Tally {
  count: number;
  since: number;
}

export interface FailureCounterOptions {
  /** Failures of a name are counted together for this long from the first one. */
  windowMs?: number;
  /** Unknown names tracked one by one; beyond that they share one tally. */
  maxUnknownNames?: number;
}

/** 1, 10, 100, ...: the failure counts that get an audit row. */
function worthARow(count: number): boolean {
  for (let n = 1; n <= count; n *= 10) if (n === count) return true;
  return false;
}

/**
 * Failed sign-ins per name, in memory, so that guessing a PIN 10,000 times adds five audit rows
 * (failures 1, 10, 100, 1000, 10000), not 10,000. Known names are bounded by the operators
 * table; unknown ones are capped, and once the cap is full they share one tally, so made-up
 * names can grow neither memory nor the log. Lockouts are counted apart (lockout.ts).
 */
export class FailedSignIns {
  private readonly known = new Map<string, Tally>();
  /** Insertion order is window-start order (a new window re-inserts), so expired ones lead. */
  private readonly unknown = new Map<string, Tally>();
  private otherUnknown: Tally | null = null;
  private readonly windowMs: number;
  private readonly maxUnknownNames: number;

  constructor(opts: FailureCounterOptions = {}) {
    this.windowMs = opts.windowMs ?? 15 * 60_000;
    this.maxUnknownNames = opts.maxUnknownNames ?? 256;
  }

  /** The tally a name's failures go to; null for an unknown name past the cap. */
  private slot(key: string, isKnown: boolean, now: number): Map<string, Tally> | null {
    if (isKnown) return this.known;
    if (this.unknown.has(key)) return this.unknown;
    for (const [k, t] of this.unknown) {
      if (this.unknown.size < this.maxUnknownNames || now - t.since < this.windowMs) break;
      this.unknown.delete(k);
    }
    return this.unknown.size < this.maxUnknownNames ? this.unknown : null;
  }

  /**
   * Counts one failure. Returns the tally when this failure deserves an audit row, with the
   * previous window's total when that window ended with failures no row has shown yet.
   */
  record(
    key: string,
    isKnown: boolean,
    now: number,
  ): { tally: Tally; shared: boolean; previous?: Tally } | null {
    const map = this.slot(key, isKnown, now);
    let tally = map ? map.get(key) : this.otherUnknown;
    let previous: Tally | undefined;
    if (!tally || now - tally.since >= this.windowMs) {
      if (tally && !worthARow(tally.count)) previous = tally;
      tally = { count: 0, since: now };
      if (map) {
        map.delete(key);
        map.set(key, tally);
      } else this.otherUnknown = tally;
    }
    tally.count++;
    return worthARow(tally.count) ? { tally, shared: map === null, previous } : null;
  }

  /** Failures of a known name in its current window. */
  count(key: string, now: number): number {
    const tally = this.known.get(key);
    return tally && now - tally.since < this.windowMs ? tally.count : 0;
  }

  /** Forgets a name's failures (it signed in); returns how many there were. */
  clear(key: string, now: number): number {
    const n = this.count(key, now);
    this.known.delete(key);
    return n;
  }
}
