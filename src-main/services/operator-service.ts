import { randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';
import type { OperatorView, Role } from '../../src-shared';
import { StationError } from '../../src-shared';
import type { OperatorRepository } from '../db/repositories/event-repositories';
import type { JournalWriter } from '../journal/journal';
import type { Clock } from '../platform/clock';
import type { Transact } from './ports';

interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/** Node's scrypt defaults: about 16 MiB and 45 ms per hash on the booth PC. */
const CURRENT: ScryptParams = { N: 16384, r: 8, p: 1 };
const KEY_BYTES = 32;
/** Room for a stored hash with somewhat stronger parameters; anything bigger is refused. */
const SCRYPT_MAXMEM = 64 * 1024 * 1024;

interface StoredHash {
  params: ScryptParams;
  salt: Buffer;
  hash: Buffer;
  /** Written with other parameters than CURRENT (or in the old format without them). */
  outdated: boolean;
}

/**
 * What an unknown name is checked against: the same parameters as a real hash, so a wrong name
 * costs the same scrypt work as a wrong PIN and names cannot be found by timing. Random bytes
 * as the "hash": no PIN matches it.
 */
const DUMMY: StoredHash = {
  params: CURRENT,
  salt: randomBytes(16),
  hash: randomBytes(KEY_BYTES),
  outdated: false,
};

function encode(params: ScryptParams, salt: Buffer, hash: Buffer): string {
  const { N, r, p } = params;
  return `scrypt$N=${N},r=${r},p=${p}$${salt.toString('hex')}$${hash.toString('hex')}`;
}

/** `scrypt$N=16384,r=8,p=1$salt$hash`, or the old `scrypt$salt$hash` (Node's defaults). */
function parseHash(stored: string): StoredHash | null {
  const parts = stored.split('$');
  if (parts[0] !== 'scrypt' || (parts.length !== 3 && parts.length !== 4)) return null;
  const [saltHex, hashHex] = parts.slice(-2) as [string, string];
  let params = CURRENT;
  if (parts.length === 4) {
    const m = /^N=(\d+),r=(\d+),p=(\d+)$/.exec(parts[1]!);
    if (!m) return null;
    params = { N: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  }
  const salt = Buffer.from(saltHex, 'hex');
  const hash = Buffer.from(hashHex, 'hex');
  if (salt.length === 0 || hash.length === 0) return null;
  const outdated =
    parts.length === 3 ||
    params.N !== CURRENT.N ||
    params.r !== CURRENT.r ||
    params.p !== CURRENT.p ||
    hash.length !== KEY_BYTES;
  return { params, salt, hash, outdated };
}

function scryptAsync(pin: string, salt: Buffer, bytes: number, params: ScryptParams) {
  return new Promise<Buffer>((resolve, reject) =>
    scrypt(pin, salt, bytes, { ...params, maxmem: SCRYPT_MAXMEM }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

/**
 * Runs at most `limit` tasks at once. Sign-ins hash on libuv's threadpool (4 threads), which
 * file I/O shares; a burst of sign-ins may take some of it, never all.
 */
class Limiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((go) => this.waiting.push(go));
    else this.active++;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}

const hashing = new Limiter(2);

async function hashPin(pin: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await hashing.run(() => scryptAsync(pin, salt, KEY_BYTES, CURRENT));
  return encode(CURRENT, salt, hash);
}

/** Always does the full scrypt work of `stored` (the dummy's when it is unreadable). */
async function pinMatches(pin: string, stored: StoredHash | null): Promise<boolean> {
  const target = stored ?? DUMMY;
  const actual = await hashing.run(() =>
    scryptAsync(pin, target.salt, target.hash.length, target.params),
  );
  return stored !== null && timingSafeEqual(target.hash, actual);
}

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
 * names can grow neither memory nor the log. A lockout can read `count()` before hashing.
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

/** Who is at the booth. Sign-ins are journaled; PINs are only ever stored hashed. */
export class OperatorService {
  readonly failures: FailedSignIns;

  constructor(
    private readonly operators: OperatorRepository,
    private readonly journal: JournalWriter,
    private readonly transact: Transact,
    private readonly clock: Clock,
    opts: FailureCounterOptions = {},
  ) {
    this.failures = new FailedSignIns(opts);
  }

  /** Runs once at startup, before any request is answered, so hashing synchronously is fine. */
  seedIfEmpty(seed: { name: string; role: Role; pin: string }[]): void {
    if (this.operators.count() > 0) return;
    for (const op of seed) {
      const salt = randomBytes(16);
      const hash = scryptSync(op.pin, salt, KEY_BYTES, { ...CURRENT, maxmem: SCRYPT_MAXMEM });
      this.operators.upsert(op.name, op.role, encode(CURRENT, salt, hash));
    }
  }

  async signIn(name: string, pin: string): Promise<OperatorView> {
    const found = this.operators.find(name);
    // The operators table matches names without case; so do the tallies.
    const key = (found?.name ?? name).toLowerCase();
    // A lockout would go here: refuse while this.failures.count(key, ...) says so, unhashed.
    const stored = found ? parseHash(found.pinHash) : null;
    const ok = await pinMatches(pin, stored);
    const now = this.clock();
    if (!found || !ok) {
      const row = this.failures.record(key, found !== null, now);
      if (row) {
        const who = row.shared ? '(many unknown names)' : name;
        this.transact(() =>
          this.journal.append(
            {
              type: 'operator.signInFailed',
              aggregateId: who.toLowerCase().slice(0, 64),
              actor: who,
              payload: {
                failures: row.tally.count,
                known: found !== null,
                since: row.tally.since,
                previousWindow: row.previous ?? null,
              },
            },
            now,
          ),
        );
      }
      throw new StationError('NOT_ALLOWED', 'Wrong operator name or PIN.');
    }
    const failedBefore = this.failures.clear(key, now);
    const rehash = stored?.outdated ? await hashPin(pin) : null;
    this.transact(() => {
      // Moves an old-format hash to the current parameters while the PIN is at hand.
      if (rehash) this.operators.upsert(found.name, found.role, rehash);
      this.journal.append(
        {
          type: 'operator.signedIn',
          aggregateId: found.name.toLowerCase(),
          actor: found.name,
          payload: { failedBefore },
        },
        now,
      );
    });
    return { name: found.name, role: found.role };
  }

  /** Journals the end of an operator's session at one caller (sign-out, or the window went). */
  signedOut(operator: OperatorView, why: 'sign-out' | 'disconnected'): void {
    const at = this.clock();
    this.transact(() =>
      this.journal.append(
        {
          type: 'operator.signedOut',
          aggregateId: operator.name.toLowerCase(),
          actor: operator.name,
          payload: { why },
        },
        at,
      ),
    );
  }
}
