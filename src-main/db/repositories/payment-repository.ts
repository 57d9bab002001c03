import type { PaymentView, PrintJobView, PrintState } from '../../../src-shared';
import { formatReceiptNumber } from '../../../src-shared/domain/receipt-number';
import type { Db } from '../database';

export interface PaymentRecord extends Omit<PaymentView, 'receiptId' | 'receiptNumber' | 'method'> {
  /** app: settled by a payment made in the operator's app (no cash, no booth receipt). */
  method: 'cash' | 'app';
  kind: 'parking' | 'lost-ticket';
  currency: string;
  /** The no-entry-record alert a lost-ticket payment settles; at most one payment per alert. */
  alertId: string | null;
}

interface PaymentRow {
  id: string;
  sessionId: string;
  method: 'cash';
  amountMinor: number;
  tenderedMinor: number;
  changeMinor: number;
  at: number;
  operator: string;
  receiptId: string;
  receiptPrefix: string;
  receiptSeq: number;
}

/** A receipt's place in the station's sequence, and the prefix it was printed with. */
export interface ReceiptNumber {
  seq: number;
  prefix: string;
}

/** Payments with their receipts and print jobs: a payment is never recorded without its receipt. */
export class PaymentRepository {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      payment: db.prepare(`INSERT INTO payments (id, session_id, kind, method, amount_minor,
        tendered_minor, change_minor, currency, at, operator, alert_id) VALUES (@id, @sessionId,
        @kind, @method, @amountMinor, @tenderedMinor, @changeMinor, @currency, @at, @operator,
        @alertId)`),
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
      jobState: db.prepare(
        `UPDATE print_jobs SET state = ?, detail = ?, updated_at = ? WHERE id = ?`,
      ),
      firstJob: db.prepare(
        'SELECT id FROM print_jobs WHERE receipt_id = ? AND copy = 0 ORDER BY id LIMIT 1',
      ),
      receiptBody: db.prepare('SELECT body_json FROM receipts WHERE id = ?'),
      view: db.prepare(`SELECT p.id, p.session_id AS sessionId, p.method,
        p.amount_minor AS amountMinor, p.tendered_minor AS tenderedMinor,
        p.change_minor AS changeMinor, p.at, p.operator, r.id AS receiptId,
        n.prefix AS receiptPrefix, n.number AS receiptSeq
        FROM payments p JOIN receipts r ON r.payment_id = p.id
        JOIN receipt_numbers n ON n.receipt_id = r.id WHERE p.id = ?`),
      latestJob: db.prepare(`SELECT state, detail FROM print_jobs WHERE receipt_id = ?
        ORDER BY id DESC LIMIT 1`),
      queued: db.prepare(
        `SELECT id AS jobId, receipt_id AS receiptId FROM print_jobs WHERE state = 'queued'`,
      ),
      interrupt: db.prepare(`UPDATE print_jobs SET state = 'interrupted', updated_at = ?,
        detail = 'the station stopped before the printer answered' WHERE state = 'queued'`),
      attention: db.prepare(`SELECT j.id AS jobId, j.receipt_id AS receiptId, j.copy,
        j.state, j.detail, j.created_at AS at, p.id AS paymentId, p.amount_minor AS amountMinor,
        p.currency, s.plate, n.prefix AS receiptPrefix, n.number AS receiptSeq
        FROM print_jobs j JOIN receipts r ON r.id = j.receipt_id
        JOIN receipt_numbers n ON n.receipt_id = r.id
        JOIN payments p ON p.id = r.payment_id JOIN sessions s ON s.id = p.session_id
        WHERE j.state IN ('failed', 'interrupted') AND j.settled_at IS NULL
        ORDER BY j.id`),
      job1: db.prepare(`SELECT id, receipt_id AS receiptId, state, settled_at AS settledAt
        FROM print_jobs WHERE id = ?`),
      settle: db.prepare(`UPDATE print_jobs SET settled_at = ?, settlement = ?,
        state = CASE WHEN ? THEN 'voided' ELSE state END, updated_at = ?
        WHERE receipt_id = ? AND settled_at IS NULL AND state IN ('failed', 'interrupted')`),
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
    this.stmts.payment.run(p);
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
    this.stmts.payment.run(p);
  }

  /** A new job for an existing receipt (a reprint), queued until the printer answers. */
  queueCopy(receiptId: string, at: number): number {
    return Number(this.stmts.job.run(receiptId, 1, at, at).lastInsertRowid);
  }

  markPrinted(jobId: number, state: PrintState, detail: string, at: number): void {
    this.stmts.jobState.run(state, detail, at, jobId);
  }

  firstJobId(receiptId: string): number | null {
    const row = this.stmts.firstJob.get(receiptId) as { id: number } | undefined;
    return row?.id ?? null;
  }

  receiptBody(receiptId: string): unknown {
    const row = this.stmts.receiptBody.get(receiptId) as { body_json: string } | undefined;
    return row ? JSON.parse(row.body_json) : null;
  }

  view(paymentId: string): PaymentView | null {
    const row = this.stmts.view.get(paymentId) as PaymentRow | undefined;
    if (!row) return null;
    const { receiptPrefix, receiptSeq, ...payment } = row;
    return { ...payment, receiptNumber: formatReceiptNumber(receiptPrefix, receiptSeq) };
  }

  /** What happened to a receipt's most recent print job. */
  receiptState(receiptId: string): { printState: PrintState; detail: string } {
    const row = this.stmts.latestJob.get(receiptId) as
      { state: PrintState; detail: string } | undefined;
    return row
      ? { printState: row.state, detail: row.detail }
      : { printState: 'queued', detail: '' };
  }

  /** At start-up: jobs still queued were cut off by a stop; nobody knows what came out. */
  interruptQueued(at: number): { jobId: number; receiptId: string }[] {
    const cut = this.stmts.queued.all() as { jobId: number; receiptId: string }[];
    this.stmts.interrupt.run(at);
    return cut;
  }

  needingAttention(): PrintJobView[] {
    type Row = Omit<PrintJobView, 'copy' | 'receiptNumber'> & {
      copy: number;
      receiptPrefix: string;
      receiptSeq: number;
    };
    return (this.stmts.attention.all() as Row[]).map(({ receiptPrefix, receiptSeq, ...r }) => ({
      ...r,
      copy: r.copy === 1,
      receiptNumber: formatReceiptNumber(receiptPrefix, receiptSeq),
    }));
  }

  job(
    jobId: number,
  ): { id: number; receiptId: string; state: PrintState; settled: boolean } | null {
    const row = this.stmts.job1.get(jobId) as
      { id: number; receiptId: string; state: PrintState; settledAt: number | null } | undefined;
    return row ? { ...row, settled: row.settledAt !== null } : null;
  }

  /** Closes every open failed or interrupted job of a receipt: it was reprinted, or voided. */
  settle(receiptId: string, settlement: string, voided: boolean, at: number): number {
    return this.stmts.settle.run(at, settlement, voided ? 1 : 0, at, receiptId).changes;
  }
}
