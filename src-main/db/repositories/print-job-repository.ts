import type { PrintJobView, PrintState } from '../../../src-shared';
import { formatReceiptNumber } from '../../../src-shared/domain/receipt-number';
import type { Db } from '../database';

/** A job the print queue may send: queued, and never started. */
export interface WaitingJob {
  jobId: number;
  receiptId: string;
  copy: boolean;
  /** The receipt as committed with its payment (a ReceiptDocument). */
  body: unknown;
  /** The receipt's number as printed on it ("R-42"). */
  receiptNumber: string;
  /** The printer's answer when the job was last held ("paper out"); null if never held. */
  lastStatus: string | null;
}

export interface PrintJob {
  id: number;
  receiptId: string;
  state: PrintState;
  copy: boolean;
  started: boolean;
  settled: boolean;
  attempts: number;
  detail: string;
  lastStatus: string | null;
  requestedBy: string | null;
  reason: string | null;
}

/** A job as the cashier's screen lists it: the receipt, its payment and the car (a stay's or a fuel sale's plate). */
const JOB_VIEW = `SELECT j.id AS jobId, j.receipt_id AS receiptId, j.copy, j.state, j.detail,
  j.created_at AS at, p.id AS paymentId, p.amount_minor AS amountMinor, p.currency,
  COALESCE(s.plate, f.plate, '') AS plate, n.prefix AS receiptPrefix, n.number AS receiptSeq
  FROM print_jobs j JOIN receipts r ON r.id = j.receipt_id
  JOIN receipt_numbers n ON n.receipt_id = r.id
  JOIN payments p ON p.id = r.payment_id LEFT JOIN sessions s ON s.id = p.session_id
  LEFT JOIN fuel_sales f ON f.id = p.fuel_sale_id`;

function jobViews(rows: unknown[]): PrintJobView[] {
  type Row = Omit<PrintJobView, 'copy' | 'receiptNumber'> & {
    copy: number;
    receiptPrefix: string;
    receiptSeq: number;
  };
  return (rows as Row[]).map(({ receiptPrefix, receiptSeq, ...r }) => ({
    ...r,
    copy: r.copy === 1,
    receiptNumber: formatReceiptNumber(receiptPrefix, receiptSeq),
  }));
}

/**
 * Print jobs of receipts (schema v2, v10). The original's job is written with its payment
 * (PaymentRepository.insertWithReceipt); this is everything that happens to jobs afterwards.
 * Every write here belongs inside the caller's transaction, with its journal event.
 */
export class PrintJobRepository {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      copy: db.prepare(`INSERT INTO print_jobs (receipt_id, copy, state, created_at, updated_at,
        requested_by, reason) VALUES (?, 1, 'queued', ?, ?, ?, ?)`),
      waiting: db.prepare(`SELECT j.id AS jobId, j.receipt_id AS receiptId, j.copy,
        r.body_json AS body, j.last_status AS lastStatus, n.prefix AS receiptPrefix,
        n.number AS receiptSeq
        FROM print_jobs j JOIN receipts r ON r.id = j.receipt_id
        JOIN receipt_numbers n ON n.receipt_id = r.id
        WHERE j.state = 'queued' AND j.started_at IS NULL ORDER BY j.id`),
      start: db.prepare(`UPDATE print_jobs SET started_at = ?, attempts = attempts + 1,
        updated_at = ? WHERE id = ? AND state = 'queued' AND started_at IS NULL`),
      hold: db.prepare(`UPDATE print_jobs SET last_status = ?, detail = ?, updated_at = ?
        WHERE id = ? AND state = 'queued' AND started_at IS NULL`),
      finish: db.prepare(`UPDATE print_jobs SET state = ?, detail = ?, last_status = ?,
        updated_at = ? WHERE id = ? AND state = 'queued'`),
      started: db.prepare(`SELECT id AS jobId, receipt_id AS receiptId FROM print_jobs
        WHERE state = 'queued' AND started_at IS NOT NULL`),
      interrupt: db.prepare(`UPDATE print_jobs SET state = 'interrupted', updated_at = ?,
        detail = 'the station stopped before the printer answered'
        WHERE state = 'queued' AND started_at IS NOT NULL`),
      one: db.prepare(`SELECT id, receipt_id AS receiptId, state, copy,
        started_at IS NOT NULL AS started, settled_at IS NOT NULL AS settled, attempts, detail,
        last_status AS lastStatus, requested_by AS requestedBy, reason
        FROM print_jobs WHERE id = ?`),
      attention: db.prepare(`${JOB_VIEW}
        WHERE j.state IN ('failed', 'interrupted') AND j.settled_at IS NULL ORDER BY j.id`),
      held: db.prepare(`${JOB_VIEW}
        WHERE j.state = 'queued' AND j.started_at IS NULL AND j.last_status IS NOT NULL
        ORDER BY j.id`),
      settle: db.prepare(`UPDATE print_jobs SET settled_at = ?, settlement = ?,
        state = CASE WHEN ? THEN 'voided' ELSE state END, updated_at = ?
        WHERE receipt_id = ? AND settled_at IS NULL AND state IN ('failed', 'interrupted')`),
      queuedOf: db
        .prepare(`SELECT COUNT(*) FROM print_jobs WHERE receipt_id = ? AND state = 'queued'`)
        .pluck(),
      receipt: db.prepare('SELECT 1 FROM receipts WHERE id = ?').pluck(),
      voidWaiting: db.prepare(`UPDATE print_jobs SET state = 'voided', settled_at = ?,
        settlement = ?, updated_at = ? WHERE id = ? AND state = 'queued' AND started_at IS NULL`),
    };
  }

  /** A COPY of an existing receipt, queued; who asked for it and why stay with the job. */
  queueCopy(receiptId: string, requestedBy: string, reason: string, at: number): number {
    return Number(this.stmts.copy.run(receiptId, at, at, requestedBy, reason).lastInsertRowid);
  }

  /** Jobs that never started, oldest first: the order the customers paid in. */
  waiting(): WaitingJob[] {
    type Row = Omit<WaitingJob, 'copy' | 'body' | 'receiptNumber'> & {
      copy: number;
      body: string;
      receiptPrefix: string;
      receiptSeq: number;
    };
    return (this.stmts.waiting.all() as Row[]).map(({ receiptPrefix, receiptSeq, ...r }) => ({
      ...r,
      copy: r.copy === 1,
      body: JSON.parse(r.body) as unknown,
      receiptNumber: formatReceiptNumber(receiptPrefix, receiptSeq),
    }));
  }

  /**
   * Marks a waiting job started, just before its first byte is sent. false when it is no longer
   * waiting (voided meanwhile): then it must not be sent.
   */
  markStarted(jobId: number, at: number): boolean {
    return this.stmts.start.run(at, at, jobId).changes === 1;
  }

  /** The printer could not take a waiting job: it stays waiting, with the printer's answer. */
  hold(jobId: number, status: string, detail: string, at: number): void {
    this.stmts.hold.run(status, detail, at, jobId);
  }

  /** The end of a started (or, for 'failed', unprintable) job. */
  finish(
    jobId: number,
    state: 'printed' | 'failed' | 'interrupted',
    detail: string,
    status: string | null,
    at: number,
  ): void {
    this.stmts.finish.run(state, detail, status, at, jobId);
  }

  /** At start-up: jobs that started and never finished; nobody knows what came out. */
  interruptStarted(at: number): { jobId: number; receiptId: string }[] {
    const cut = this.stmts.started.all() as { jobId: number; receiptId: string }[];
    this.stmts.interrupt.run(at);
    return cut;
  }

  job(jobId: number): PrintJob | null {
    type Row = Omit<PrintJob, 'copy' | 'started' | 'settled'> & {
      copy: number;
      started: number;
      settled: number;
    };
    const row = this.stmts.one.get(jobId) as Row | undefined;
    return row
      ? { ...row, copy: row.copy === 1, started: row.started === 1, settled: row.settled === 1 }
      : null;
  }

  /** Failed or interrupted jobs the cashier has not dealt with yet. */
  needingAttention(): PrintJobView[] {
    return jobViews(this.stmts.attention.all());
  }

  /** Jobs the printer could not take yet (never started): they print when it is ready. */
  held(): PrintJobView[] {
    return jobViews(this.stmts.held.all());
  }

  /** Closes every open failed or interrupted job of a receipt: it was reprinted, or voided. */
  settle(receiptId: string, settlement: string, voided: boolean, at: number): number {
    return this.stmts.settle.run(at, settlement, voided ? 1 : 0, at, receiptId).changes;
  }

  receiptExists(receiptId: string): boolean {
    return this.stmts.receipt.get(receiptId) !== undefined;
  }

  /** Whether a job of the receipt is still in the queue (waiting, or printing now). */
  hasQueuedJob(receiptId: string): boolean {
    return (this.stmts.queuedOf.get(receiptId) as number) > 0;
  }

  /** Voids a job still waiting for the printer (never started); false if it no longer waits. */
  voidWaiting(jobId: number, settlement: string, at: number): boolean {
    return this.stmts.voidWaiting.run(at, settlement, at, jobId).changes === 1;
  }
}
