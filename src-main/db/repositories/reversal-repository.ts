import type { Db } from '../database';

export interface ReversalRecord {
  id: string;
  paymentId: string;
  kind: 'void' | 'refund';
  tender: 'cash' | 'card' | 'qr';
  amountMinor: number;
  reason: string;
  approvedBy: string;
  shiftId: string;
  at: number;
}

/**
 * A payment as voids and refunds need it: what it paid (a stay, or a fuel sale), how, when,
 * and in which shift.
 */
export interface ReversiblePayment {
  id: string;
  /** The stay it paid, or the fuel sale: exactly one of the two. */
  sessionId: string | null;
  fuelSaleId: string | null;
  kind: 'parking' | 'lost-ticket' | 'fuel';
  method: string;
  amountMinor: number;
  currency: string;
  at: number;
  receiptPrefix: string;
  receiptSeq: number;
  /** The shift whose drawer took it; null for a payment made before shifts (or in the app). */
  shiftId: string | null;
}

/** Voids and refunds (migration 12), and the payments they point at. */
export class ReversalRepository {
  private readonly stmts;

  constructor(db: Db) {
    const paymentColumns = `p.id, p.session_id AS sessionId, p.fuel_sale_id AS fuelSaleId, p.kind, p.method, p.amount_minor AS amountMinor,
      p.currency, p.at, n.prefix AS receiptPrefix, n.number AS receiptSeq,
      (SELECT e.shift_id FROM shift_entries e WHERE e.payment_id = p.id AND e.kind = 'sale')
        AS shiftId
      FROM payments p JOIN receipts r ON r.payment_id = p.id
      JOIN receipt_numbers n ON n.receipt_id = r.id`;
    this.stmts = {
      add: db.prepare(`INSERT INTO payment_reversals (id, payment_id, kind, tender, amount_minor,
        reason, approved_by, shift_id, at) VALUES (@id, @paymentId, @kind, @tender,
        @amountMinor, @reason, @approvedBy, @shiftId, @at)`),
      ofPayment: db.prepare(`SELECT id, payment_id AS paymentId, kind, tender,
        amount_minor AS amountMinor, reason, approved_by AS approvedBy, shift_id AS shiftId, at
        FROM payment_reversals WHERE payment_id = ? ORDER BY at, rowid`),
      payment: db.prepare(`SELECT ${paymentColumns} WHERE p.id = ?`),
      byNumber: db.prepare(`SELECT ${paymentColumns} WHERE n.number = ?`),
      latestOfSession: db
        .prepare(
          `SELECT id FROM payments WHERE session_id = ? ORDER BY at DESC, rowid DESC LIMIT 1`,
        )
        .pluck(),
      previousOfSession: db
        .prepare(
          `SELECT at FROM payments WHERE session_id = ? AND id <> ?
          AND id NOT IN (SELECT payment_id FROM payment_reversals WHERE kind = 'void')
          ORDER BY at DESC, rowid DESC LIMIT 1`,
        )
        .pluck(),
    };
  }

  add(r: ReversalRecord): void {
    this.stmts.add.run(r);
  }

  ofPayment(paymentId: string): ReversalRecord[] {
    return this.stmts.ofPayment.all(paymentId) as ReversalRecord[];
  }

  payment(paymentId: string): ReversiblePayment | null {
    return (this.stmts.payment.get(paymentId) as ReversiblePayment | undefined) ?? null;
  }

  /** The payment whose receipt took this number (the prefix is checked by the caller). */
  paymentByReceiptSeq(seq: number): ReversiblePayment | null {
    return (this.stmts.byNumber.get(seq) as ReversiblePayment | undefined) ?? null;
  }

  /** Whether this is the stay's most recent payment (only that one can be voided). */
  isLatestOfSession(paymentId: string, sessionId: string): boolean {
    return this.stmts.latestOfSession.get(sessionId) === paymentId;
  }

  /** When the stay's payment before this one (not voided) was made; null when there is none. */
  previousPaymentAt(sessionId: string, paymentId: string): number | null {
    return (this.stmts.previousOfSession.get(sessionId, paymentId) as number | undefined) ?? null;
  }
}
