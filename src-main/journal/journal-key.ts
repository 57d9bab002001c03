import { randomBytes } from 'node:crypto';
import type { SecretStore } from '../platform/secret-store';

const NAME = 'journal.hmacKey';

/**
 * The journal's HMAC key, made on first start and kept in the secret store. Whoever edits the
 * database file without it cannot write a chain that verifies.
 */
export function journalKey(secrets: SecretStore): Buffer {
  const stored = secrets.get(NAME);
  if (stored && /^[0-9a-f]{64}$/.test(stored)) return Buffer.from(stored, 'hex');
  const key = randomBytes(32);
  secrets.set(NAME, key.toString('hex'));
  return key;
}
