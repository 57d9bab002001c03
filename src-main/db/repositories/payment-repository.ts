import type { PaymentView, PrintState } from '../../../src-shared';
import type { Db } from '../database';

export interface PaymentRecord extends Omit<PaymentView, 'receiptId'> {
  kind: 'parking' | 'lost-ticket';
  currency: string;
}

/** Payments with their receipts and print jobs: a payment is never recorded without its receipt. */
export class PaymentRepository {
  private readonly stmts;

  constructor(private readonly db: Db) {
    this.stmts = {
      payment: db.prepare(`INSERT INTO payments (id, session_id, kind, method, amount_minor,
        tendered_minor, change_minor, currency, at, operator) VALUES (@id, @sessionId, @kind,
        @method, @amountMinor, @tenderedMinor, @changeMinor, @currency, @at, @operator)`),
      receipt: db.prepare(
        'INSERT INTO receipts (id, payment_id, body_json, created_at) VALUES (?, ?, ?, ?)',
      ),
      job: db.prepare(
        `INSERT INTO print_jobs (receipt_id, state, created_at, updated_at) VALUES (?, 'queued', ?, ?)`,
      ),
      jobState: db.prepare(
        `UPDATE print_jobs SET state = ?, detail = ?, updated_at = ? WHERE receipt_id = ?`,
      ),
      receiptBody: db.prepare('SELECT body_json FROM receipts WHERE id = ?'),
    };
  }

  /** Call inside the caller's transaction, together with the session update. */
  insertWithReceipt(p: PaymentRecord, receiptId: string, receiptBody: unknown): void {
    this.stmts.payment.run(p);
    this.stmts.receipt.run(receiptId, p.id, JSON.stringify(receiptBody), p.at);
    this.stmts.job.run(receiptId, p.at, p.at);
  }

  markPrinted(receiptId: string, state: PrintState, detail: string): void {
    this.stmts.jobState.run(state, detail, Date.now(), receiptId);
  }

  receiptBody(receiptId: string): unknown {
    const row = this.stmts.receiptBody.get(receiptId) as { body_json: string } | undefined;
    return row ? JSON.parse(row.body_json) : null;
  }
}
