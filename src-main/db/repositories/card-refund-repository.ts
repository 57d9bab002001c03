import type { Db } from '../database';
import type { CardAttemptState } from './card-attempt-repository';

/** One ask of the terminal to give money back to a card (migration 20). */
export interface CardRefundAttempt {
  /** The console's reference for the refund: the terminal never credits one twice. */
  reference: string;
  paymentId: string;
  kind: 'void' | 'refund';
  /** The approved sale (card attempt) the money goes back against. */
  saleReference: string;
  cardMinor: number;
  /** The cash part of a split: given back from the drawer when the card part is approved. */
  cashMinor: number;
  currency: string;
  reason: string;
  approvedBy: string;
  state: CardAttemptState;
  detail: string;
  authCode: string | null;
  maskedPan: string | null;
  bookedAt: number | null;
  createdAt: number;
}

/** What one tender of a payment paid, and the card sale behind a card tender. */
export interface TenderPaid {
  tender: 'cash' | 'card' | 'qr';
  amountMinor: number;
  cardReference: string | null;
}

const columns = `reference, payment_id AS paymentId, kind, sale_reference AS saleReference,
  card_minor AS cardMinor, cash_minor AS cashMinor, currency, reason, approved_by AS approvedBy,
  state, detail, auth_code AS authCode, masked_pan AS maskedPan, booked_at AS bookedAt,
  created_at AS createdAt`;
const open = `(state IN ('sending', 'unknown') OR (state = 'approved' AND booked_at IS NULL))`;

/** Card refund attempts, and the tenders they go back to. The card-reversal service owns the rules. */
export class CardRefundRepository {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      add: db.prepare(`INSERT INTO card_refund_attempts (reference, payment_id, kind,
        sale_reference, card_minor, cash_minor, currency, reason, approved_by, state,
        created_at, updated_at) VALUES (@reference, @paymentId, @kind, @saleReference,
        @cardMinor, @cashMinor, @currency, @reason, @approvedBy, 'sending', @createdAt,
        @createdAt)`),
      get: db.prepare(`SELECT ${columns} FROM card_refund_attempts WHERE reference = ?`),
      unsettled: db.prepare(
        `SELECT ${columns} FROM card_refund_attempts WHERE ${open} ORDER BY created_at`,
      ),
      openForPayment: db.prepare(
        `SELECT ${columns} FROM card_refund_attempts WHERE payment_id = ? AND ${open}`,
      ),
      outcome: db.prepare(`UPDATE card_refund_attempts SET state = @state, detail = @detail,
        auth_code = @authCode, masked_pan = @maskedPan, updated_at = @at
        WHERE reference = @reference AND state IN ('sending', 'unknown')`),
      booked: db.prepare(`UPDATE card_refund_attempts SET booked_at = ?, updated_at = ?
        WHERE reference = ? AND state = 'approved' AND booked_at IS NULL`),
      tenders: db.prepare(`SELECT tender, amount_minor AS amountMinor,
        card_reference AS cardReference FROM payment_tenders WHERE payment_id = ?`),
      reversal: db.prepare(`INSERT INTO payment_reversals (id, payment_id, kind, tender,
        amount_minor, reason, approved_by, shift_id, at, card_reference) VALUES (@id,
        @paymentId, @kind, @tender, @amountMinor, @reason, @approvedBy, @shiftId, @at,
        @cardReference)`),
    };
  }

  add(
    a: Omit<CardRefundAttempt, 'state' | 'detail' | 'authCode' | 'maskedPan' | 'bookedAt'>,
  ): void {
    this.stmts.add.run(a);
  }

  get(reference: string): CardRefundAttempt | null {
    return (this.stmts.get.get(reference) as CardRefundAttempt | undefined) ?? null;
  }

  /** Attempts whose outcome the station doesn't know yet, or approved and not yet booked. */
  unsettled(): CardRefundAttempt[] {
    return this.stmts.unsettled.all() as CardRefundAttempt[];
  }

  /** The payment's attempt not yet settled, if any (at most one: a unique index). */
  openForPayment(paymentId: string): CardRefundAttempt | null {
    return (this.stmts.openForPayment.get(paymentId) as CardRefundAttempt | undefined) ?? null;
  }

  /** The terminal's answer; false when the attempt was settled meanwhile. */
  setOutcome(o: {
    reference: string;
    state: Exclude<CardAttemptState, 'sending'>;
    detail: string;
    authCode?: string | null;
    maskedPan?: string | null;
    at: number;
  }): boolean {
    return this.stmts.outcome.run({ authCode: null, maskedPan: null, ...o }).changes > 0;
  }

  /** Inside the reversal's transaction: the approved attempt is booked; false if it was. */
  markBooked(reference: string, at: number): boolean {
    return this.stmts.booked.run(at, at, reference).changes > 0;
  }

  /** What each tender of a payment paid (none for a payment before tenders were kept). */
  tendersOf(paymentId: string): TenderPaid[] {
    return this.stmts.tenders.all(paymentId) as TenderPaid[];
  }

  /** Inside the booking transaction: one reversal row, tied to the card attempt it books. */
  addReversal(r: {
    id: string;
    paymentId: string;
    kind: 'void' | 'refund';
    tender: 'cash' | 'card';
    amountMinor: number;
    reason: string;
    approvedBy: string;
    shiftId: string;
    at: number;
    cardReference: string;
  }): void {
    this.stmts.reversal.run(r);
  }
}
