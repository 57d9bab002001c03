import type { Db } from '../database';

export interface IdempotencyRecord {
  key: string;
  channel: string;
  requestHash: string;
  paymentId: string;
}

/**
 * The client's idempotency keys for money requests. A key is stored in the same transaction as
 * the payment it produced, so "was this request already done?" has one durable answer.
 */
export class IdempotencyRepository {
  private readonly findStmt;
  private readonly insertStmt;

  constructor(db: Db) {
    this.findStmt = db.prepare(`SELECT key, channel, request_hash AS requestHash,
      payment_id AS paymentId FROM idempotency_keys WHERE key = ?`);
    this.insertStmt = db.prepare(`INSERT INTO idempotency_keys (key, channel, request_hash,
      payment_id, at) VALUES (@key, @channel, @requestHash, @paymentId, @at)`);
  }

  find(key: string): IdempotencyRecord | null {
    return (this.findStmt.get(key) as IdempotencyRecord | undefined) ?? null;
  }

  /** Call inside the payment's transaction. */
  insert(r: IdempotencyRecord, at: number): void {
    this.insertStmt.run({ ...r, at });
  }
}
