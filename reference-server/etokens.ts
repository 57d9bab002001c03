import { createPrivateKey, createPublicKey, randomUUID, sign, type KeyObject } from 'node:crypto';
import type { components } from '../api/openapi-types';
import { canonicalJson } from './canonical-json';

type S = components['schemas'];

/**
 * An e-token's payload, as api/openapi.yaml describes it under EtokenKey: written as canonical
 * JSON (keys sorted), base64url, after "ET1."; the Ed25519 signature covers those ASCII bytes.
 */
export interface EtokenPayload {
  v: 1;
  kid: string;
  tid: string;
  bid: string;
  sid: string;
  res: { kind: 'pump' | 'bay'; id: string };
  from: number;
  to: number;
  plate: string;
  iat: number;
}

/**
 * The operator's e-token signing: each booking's QR code is its payload signed with Ed25519.
 * Stations verify with the public half, which they pull as an `etokenKey`.
 */
export interface EtokenSigner {
  kid: string;
  /** The public key as stations pull it. */
  publicKey(notBefore: number): S['EtokenKey'];
  issue(claims: Omit<EtokenPayload, 'v' | 'kid' | 'tid'>): { tokenId: string; token: string };
}

/**
 * The demo operator's key: a fixed Ed25519 seed, so the demo's tokens verify against what
 * every demo station pulled, across restarts. For the demo and tests only; a real operator's
 * private key never leaves its own vault.
 */
const DEMO_SEED_HEX = '9797ce473874158c4d10b032e335f1a67911d38d998bba5f8022ca7a0423f1e9';
const PKCS8_ED25519_PREFIX = '302e020100300506032b657004220420';

export function signerFromSeed(kid: string, seedHex: string): EtokenSigner {
  const privateKey: KeyObject = createPrivateKey({
    key: Buffer.from(PKCS8_ED25519_PREFIX + seedHex, 'hex'),
    format: 'der',
    type: 'pkcs8',
  });
  const x = createPublicKey(privateKey).export({ format: 'jwk' }).x!;
  return {
    kid,
    publicKey: (notBefore) => ({ kid, alg: 'EdDSA', crv: 'Ed25519', x, notBefore, notAfter: null }),
    issue(claims) {
      const payload: EtokenPayload = { v: 1, kid, tid: `et-${randomUUID()}`, ...claims };
      const signed = `ET1.${Buffer.from(canonicalJson(payload)).toString('base64url')}`;
      const signature = sign(null, Buffer.from(signed, 'ascii'), privateKey);
      return { tokenId: payload.tid, token: `${signed}.${signature.toString('base64url')}` };
    },
  };
}

export const demoEtokenSigner = (): EtokenSigner => signerFromSeed('demo-1', DEMO_SEED_HEX);
