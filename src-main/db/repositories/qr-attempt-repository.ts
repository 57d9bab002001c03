import type { Db } from '../database';

export type QrAttemptState = 'creating' | 'shown' | 'paid' | 'cancelled' | 'expired' | 'failed';

/** One QR payment asked of the operator, committed before the operator hears of it (migration 17). */
export interface QrAttempt {
  /** The station's reference: the operator's idempotency key for the payment. */
  reference: string;
  sessionId: string;
  qrMinor: number;
  /** The cash part of a split tender (0 when all is by QR), and what was handed over. */
  cashMinor: number;
  cashTenderedMinor: number;
  currency: string;
  operator: string;
  requestChannel: string;
  requestKey: string;
  requestHash: string;
  state: QrAttemptState;
  detail: string;
  /** The link the QR code carries; null until the operator has answered. */
  payUrl: string | null;
  expiresAt: number;
  paidAt: number | null;
  paymentId: string | null;
  createdAt: number;
  updatedAt: number;
}

const columns = `reference, session_id AS sessionId, qr_minor AS qrMinor, cash_minor AS cashMinor,
  cash_tendered_minor AS cashTenderedMinor, currency, operator, request_channel AS requestChannel,
  request_key AS requestKey, request_hash AS requestHash, state, detail, pay_url AS payUrl,
  expires_at AS expiresAt, paid_at AS paidAt, payment_id AS paymentId, created_at AS createdAt,
  updated_at AS updatedAt`;

const OPEN = `(state IN ('creating', 'shown') OR (state = 'paid' AND payment_id IS NULL))`;

/** QR attempts. The QR-payment service owns the rules; this only keeps them. */
export class QrAttemptRepository {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      add: db.prepare(`INSERT INTO qr_attempts (reference, session_id, qr_minor, cash_minor,
        cash_tendered_minor, currency, operator, request_channel, request_key, request_hash,
        state, expires_at, created_at, updated_at) VALUES (@reference, @sessionId, @qrMinor,
        @cashMinor, @cashTenderedMinor, @currency, @operator, @requestChannel, @requestKey,
        @requestHash, 'creating', @expiresAt, @createdAt, @createdAt)`),
      get: db.prepare(`SELECT ${columns} FROM qr_attempts WHERE reference = ?`),
      byRequest: db.prepare(
        `SELECT ${columns} FROM qr_attempts WHERE request_channel = ? AND request_key = ?`,
      ),
      unsettled: db.prepare(`SELECT ${columns} FROM qr_attempts WHERE ${OPEN} ORDER BY created_at`),
      shown: db.prepare(`UPDATE qr_attempts SET state = 'shown', pay_url = @payUrl,
        expires_at = @expiresAt, updated_at = @at WHERE reference = @reference AND state = 'creating'`),
      outcome: db.prepare(`UPDATE qr_attempts SET state = @state, detail = @detail,
        paid_at = @paidAt, updated_at = @at
        WHERE reference = @reference AND state IN ('creating', 'shown')`),
      settle: db.prepare(`UPDATE qr_attempts SET payment_id = ?, updated_at = ?
        WHERE reference = ? AND state = 'paid' AND payment_id IS NULL`),
      openForSession: db
        .prepare(`SELECT reference FROM qr_attempts WHERE session_id = ? AND ${OPEN}`)
        .pluck(),
    };
  }

  add(
    a: Omit<QrAttempt, 'state' | 'detail' | 'payUrl' | 'paidAt' | 'paymentId' | 'updatedAt'>,
  ): void {
    this.stmts.add.run(a);
  }

  get(reference: string): QrAttempt | null {
    return (this.stmts.get.get(reference) as QrAttempt | undefined) ?? null;
  }

  byRequest(channel: string, key: string): QrAttempt | null {
    return (this.stmts.byRequest.get(channel, key) as QrAttempt | undefined) ?? null;
  }

  /** Attempts not settled yet (being created, shown, or paid and not booked); oldest first. */
  unsettled(): QrAttempt[] {
    return this.stmts.unsettled.all() as QrAttempt[];
  }

  /** The operator made the payment: its link and expiry; false if it was settled meanwhile. */
  setShown(o: { reference: string; payUrl: string; expiresAt: number; at: number }): boolean {
    return this.stmts.shown.run(o).changes > 0;
  }

  /** The operator's final word; false when the attempt was settled meanwhile. */
  setOutcome(o: {
    reference: string;
    state: 'paid' | 'cancelled' | 'expired' | 'failed';
    detail: string;
    paidAt?: number | null;
    at: number;
  }): boolean {
    return this.stmts.outcome.run({ paidAt: null, ...o }).changes > 0;
  }

  /** Inside the payment's transaction: the paid attempt became this payment. */
  settle(reference: string, paymentId: string, at: number): boolean {
    return this.stmts.settle.run(paymentId, at, reference).changes > 0;
  }

  /** References of the stay's QR attempts not yet settled. */
  openForSession(sessionId: string): string[] {
    return this.stmts.openForSession.all(sessionId) as string[];
  }
}
