import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A fresh bearer secret: 256 random bits, base64url, with a prefix saying what it is. */
export function newSecret(prefix: 'at' | 'rt'): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

/**
 * Tokens and device secrets are stored only as SHA-256 hashes: they are long random strings,
 * so a plain hash is enough (a slow password hash would only slow every request), and a leaked
 * database does not hand out working credentials.
 */
export function secretHash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}
