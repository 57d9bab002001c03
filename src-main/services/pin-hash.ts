import { randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';

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

export interface StoredHash {
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
export function parseHash(stored: string): StoredHash | null {
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

/** A new hash of `pin` with the current parameters, off the main thread. */
export async function hashPin(pin: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await hashing.run(() => scryptAsync(pin, salt, KEY_BYTES, CURRENT));
  return encode(CURRENT, salt, hash);
}

/** For start-up only (seeding the demo operators), before any request is answered. */
export function hashPinSync(pin: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(pin, salt, KEY_BYTES, { ...CURRENT, maxmem: SCRYPT_MAXMEM });
  return encode(CURRENT, salt, hash);
}

/** Always does the full scrypt work of `stored` (the dummy's when it is unreadable). */
export async function pinMatches(pin: string, stored: StoredHash | null): Promise<boolean> {
  const target = stored ?? DUMMY;
  const actual = await hashing.run(() =>
    scryptAsync(pin, target.salt, target.hash.length, target.params),
  );
  return stored !== null && timingSafeEqual(target.hash, actual);
}
