import type { PaymentView, PrintState } from '../../../src-shared';
import { formatReceiptNumber } from '../../../src-shared/domain/receipt-number';
import type { Db } from '../database';

export interface PaymentRecord extends Omit<
  PaymentView,
  'receiptId' | 'receiptNumber' | 'method' | 'sessionId'
> {
  /** app: settled by a payment made in the operator's app (no cash, no booth receipt). */
  method: 'cash' | 'app' | 'card' | 'split' | 'qr' | 'waived';
  /** What it pays: a parking stay (sessionId) or a fuel sale (kind 'fuel', fuelSaleId). */
  kind: 'parking' | 'lost-ticket' | 'fuel';
  sessionId: string | null;
  fuelSaleId?: string | null;
  currency: string;
  /** The no-entry-record alert a lost-ticket payment settles; at most one payment per alert. */
  alertId: string | null;
}

interface PaymentRow {
  id: string;
  sessionId: string;
  method: PaymentView['method'];
  amountMinor: number;
  tenderedMinor: number;
  changeMinor: number;
  at: number;
  operator: string;
  receiptId: string;
  receiptPrefix: string;
  receiptSeq: number;
  /** 'qr' when a QR payment paid part of it. */
  qrTender: string | null;
}

/** A receipt's place in the station's sequence, and the prefix it was printed with. */
export interface ReceiptNumber {
  seq: number;
  prefix: string;
}

/**
 * Payments with their receipts and each receipt's first print job: a payment is never recorded
 * without its receipt, nor a receipt without the job that prints it. What happens to print jobs
 * afterwards is PrintJobRepository's.
 */
export class PaymentRepository {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      payment: db.prepare(`INSERT INTO payments (id, session_id, fuel_sale_id, kind, method,
        amount_minor, tendered_minor, change_minor, currency, at, operator, alert_id) VALUES
        (@id, @sessionId, @fuelSaleId, @kind, @method, @amountMinor, @tenderedMinor,
        @changeMinor, @currency, @at, @operator, @alertId)`),
      receipt: db.prepare(
        'INSERT INTO receipts (id, payment_id, body_json, created_at) VALUES (?, ?, ?, ?)',
      ),
      nextNumber: db.prepare('SELECT COALESCE(MAX(number), 0) + 1 FROM receipt_numbers').pluck(),
      number: db.prepare(
        'INSERT INTO receipt_numbers (number, receipt_id, prefix, at) VALUES (?, ?, ?, ?)',
      ),
      numberOf: db.prepare(
        'SELECT number AS seq, prefix FROM receipt_numbers WHERE receipt_id = ?',
      ),
      job: db.prepare(`INSERT INTO print_jobs (receipt_id, copy, state, created_at, updated_at)
        VALUES (?, ?, 'queued', ?, ?)`),
      view: db.prepare(`SELECT p.id, p.session_id AS sessionId, p.method,
        p.amount_minor AS amountMinor, p.tendered_minor AS tenderedMinor,
        p.change_minor AS changeMinor, p.at, p.operator, r.id AS receiptId,
        n.prefix AS receiptPrefix, n.number AS receiptSeq,
        (SELECT t.tender FROM payment_tenders t WHERE t.payment_id = p.id AND t.tender = 'qr')
          AS qrTender
        FROM payments p JOIN receipts r ON r.payment_id = p.id
        JOIN receipt_numbers n ON n.receipt_id = r.id WHERE p.id = ?`),
      fuelSaleOf: db
        .prepare('SELECT fuel_sale_id FROM payments WHERE id = ? AND fuel_sale_id IS NOT NULL')
        .pluck(),
      latestJob: db.prepare(`SELECT state, detail FROM print_jobs WHERE receipt_id = ?
        ORDER BY id DESC LIMIT 1`),
    };
  }

  /**
   * The number the next receipt takes. Read it inside the transaction that then records the
   * receipt with it (insertWithReceipt): numbers are never freed, so the next one is the
   * largest plus one, and the database refuses any other (schema-v9.ts).
   */
  nextReceiptSeq(): number {
    return this.stmts.nextNumber.get() as number;
  }

  /**
   * Call inside the caller's transaction, together with the session update; `number` is
   * nextReceiptSeq() read in the same transaction. Returns the id of the receipt's first print
   * job, queued until the printer answers.
   */
  insertWithReceipt(
    p: PaymentRecord,
    receiptId: string,
    receiptBody: unknown,
    number: ReceiptNumber,
  ): number {
    this.stmts.payment.run({ fuelSaleId: null, ...p });
    this.stmts.receipt.run(receiptId, p.id, JSON.stringify(receiptBody), p.at);
    this.stmts.number.run(number.seq, receiptId, number.prefix, p.at);
    return Number(this.stmts.job.run(receiptId, 0, p.at, p.at).lastInsertRowid);
  }

  /** A receipt's number, as printed on it; null for an unknown receipt. */
  receiptNumber(receiptId: string): ReceiptNumber | null {
    return (this.stmts.numberOf.get(receiptId) as ReceiptNumber | undefined) ?? null;
  }

  /**
   * A payment with no receipt at the booth (one made in the operator's app, whose receipt the
   * app gave). Call inside the caller's transaction, together with the session update.
   */
  insertWithoutReceipt(p: PaymentRecord): void {
    this.stmts.payment.run({ fuelSaleId: null, ...p });
  }

  view(paymentId: string): PaymentView | null {
    const row = this.stmts.view.get(paymentId) as PaymentRow | undefined;
    if (!row) return null;
    const { receiptPrefix, receiptSeq, qrTender, ...payment } = row;
    return {
      ...payment,
      ...(payment.method === 'split' ? { splitWith: qrTender ? 'qr' : 'card' } : {}),
      receiptNumber: formatReceiptNumber(receiptPrefix, receiptSeq),
    };
  }

  /** The fuel sale a payment paid; null for a stay's payment or an unknown one. */
  fuelSaleOf(paymentId: string): string | null {
    return (this.stmts.fuelSaleOf.get(paymentId) as string | undefined) ?? null;
  }

  /** What happened to a receipt's most recent print job. */
  receiptState(receiptId: string): { printState: PrintState; detail: string } {
    const row = this.stmts.latestJob.get(receiptId) as
      { state: PrintState; detail: string } | undefined;
    return row
      ? { printState: row.state, detail: row.detail }
      : { printState: 'queued', detail: '' };
  }
}
