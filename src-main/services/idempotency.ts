import { createHash } from 'node:crypto';
import { refused } from '../../src-shared';
import { canonicalJson } from '../../src-shared/domain/canonical-json';
import type { IdempotencyRepository } from '../db/repositories/idempotency-repository';

/** A money request as the client sent it: its key, and a fingerprint of everything else. */
export interface IdempotentRequest {
  channel: string;
  key: string;
  requestHash: string;
}

export function idempotentRequest(
  channel: string,
  payload: { idempotencyKey: string } & Record<string, unknown>,
): IdempotentRequest {
  const { idempotencyKey, ...rest } = payload;
  const requestHash = createHash('sha256')
    .update(`${channel}\n${canonicalJson(rest)}`)
    .digest('hex');
  return { channel, key: idempotencyKey, requestHash };
}

/**
 * The payment an earlier request with this key produced, or null for a new request. A key
 * reused for a different request is refused: it is a client bug, and guessing would move money.
 */
export function earlierPayment(repo: IdempotencyRepository, req: IdempotentRequest): string | null {
  const found = repo.find(req.key);
  if (!found) return null;
  if (found.channel !== req.channel || found.requestHash !== req.requestHash) {
    throw refused('CONFLICT', 'refusal.requestIdReused');
  }
  return found.paymentId;
}
