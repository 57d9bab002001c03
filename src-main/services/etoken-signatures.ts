import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { ParsedEtoken, SignatureCheck } from '../../src-shared/domain/bookings';

/** An operator's e-token public key as pulled (api/openapi.yaml EtokenKey). */
export interface EtokenKeyRecord {
  kid: string;
  x: string;
  notBefore: number;
  notAfter: number | null;
}

/** The operator's e-token keys as last pulled; the booth checks tokens offline against them. */
export interface EtokenKeys {
  key(kid: string): EtokenKeyRecord | null;
}

/**
 * Checks an e-token's Ed25519 signature with node:crypto (src-shared has no crypto). The key
 * must have been in force when the operator issued the token (its iat).
 */
export class EtokenSignatures {
  private readonly cache = new Map<string, KeyObject>();

  constructor(private readonly keys: EtokenKeys) {}

  check(token: Extract<ParsedEtoken, { ok: true }>): SignatureCheck {
    const record = this.keys.key(token.payload.kid);
    if (!record) return 'unknown-key';
    const { iat } = token.payload;
    if (iat < record.notBefore || (record.notAfter !== null && iat > record.notAfter)) {
      return 'key-not-in-force';
    }
    const ok = verify(
      null,
      Buffer.from(token.signingInput, 'ascii'),
      this.publicKey(record),
      token.signature,
    );
    return ok ? 'valid' : 'invalid';
  }

  private publicKey(r: EtokenKeyRecord): KeyObject {
    const id = `${r.kid}:${r.x}`;
    let key = this.cache.get(id);
    if (!key) {
      key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: r.x }, format: 'jwk' });
      this.cache.set(id, key);
    }
    return key;
  }
}

/** A short fingerprint of a scanned text, so attempts with the same token line up in the journal. */
export const tokenDigest = (scanned: string): string =>
  createHash('sha256').update(scanned.trim()).digest('hex').slice(0, 32);
