import type { Db } from '../database';

export type CardAttemptState = 'sending' | 'unknown' | 'approved' | 'declined' | 'cancelled';

/** One ask of the card terminal, committed before the terminal hears of it (migration 13). */
export interface CardAttempt {
  /** The console's reference for the sale: the terminal never charges one twice. */
  reference: string;
  /** What it pays: a parking stay, or a fuel sale (migration 24); exactly one of the two. */
  sessionId: string | null;
  fuelSaleId: string | null;
  cardMinor: number;
  /** The cash part of a split tender (0 when all is on the card), and what was handed over. */
  cashMinor: number;
  cashTenderedMinor: number;
  currency: string;
  operator: string;
  requestChannel: string;
  requestKey: string;
  requestHash: string;
  state: CardAttemptState;
  detail: string;
  authCode: string | null;
  cardBrand: string | null;
  maskedPan: string | null;
  paymentId: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface PaymentTender {
  paymentId: string;
  tender: 'cash' | 'card' | 'qr';
  amountMinor: number;
  tenderedMinor: number;
  changeMinor: number;
  cardReference: string | null;
}

const columns = `reference, session_id AS sessionId, fuel_sale_id AS fuelSaleId, card_minor AS cardMinor,
  cash_minor AS cashMinor, cash_tendered_minor AS cashTenderedMinor, currency, operator,
  request_channel AS requestChannel, request_key AS requestKey, request_hash AS requestHash,
  state, detail, auth_code AS authCode, card_brand AS cardBrand, masked_pan AS maskedPan,
  payment_id AS paymentId, created_at AS createdAt, updated_at AS updatedAt`;

/** Card attempts and the tenders of each payment. The card-payment service owns the rules. */
export class CardAttemptRepository {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      add: db.prepare(`INSERT INTO card_attempts (reference, session_id, fuel_sale_id,
        card_minor, cash_minor, cash_tendered_minor, currency, operator, request_channel,
        request_key, request_hash, state, detail, created_at, updated_at) VALUES (@reference,
        @sessionId, @fuelSaleId, @cardMinor,
        @cashMinor, @cashTenderedMinor, @currency, @operator, @requestChannel, @requestKey,
        @requestHash, 'sending', '', @createdAt, @createdAt)`),
      get: db.prepare(`SELECT ${columns} FROM card_attempts WHERE reference = ?`),
      byRequest: db.prepare(
        `SELECT ${columns} FROM card_attempts WHERE request_channel = ? AND request_key = ?`,
      ),
      unsettled: db.prepare(`SELECT ${columns} FROM card_attempts
        WHERE state IN ('sending', 'unknown') OR (state = 'approved' AND payment_id IS NULL)
        ORDER BY created_at`),
      outcome: db.prepare(`UPDATE card_attempts SET state = @state, detail = @detail,
        auth_code = @authCode, card_brand = @cardBrand, masked_pan = @maskedPan,
        updated_at = @at WHERE reference = @reference AND state IN ('sending', 'unknown')`),
      settle: db.prepare(`UPDATE card_attempts SET payment_id = ?, updated_at = ?
        WHERE reference = ? AND state = 'approved' AND payment_id IS NULL`),
      openForSession: db
        .prepare(
          `SELECT reference FROM card_attempts WHERE session_id = ? AND (state IN
          ('sending', 'unknown') OR (state = 'approved' AND payment_id IS NULL))`,
        )
        .pluck(),
      openForFuelSale: db
        .prepare(
          `SELECT reference FROM card_attempts WHERE fuel_sale_id = ? AND (state IN
          ('sending', 'unknown') OR (state = 'approved' AND payment_id IS NULL))`,
        )
        .pluck(),
      tender: db.prepare(`INSERT INTO payment_tenders (payment_id, tender, amount_minor,
        tendered_minor, change_minor, card_reference) VALUES (@paymentId, @tender, @amountMinor,
        @tenderedMinor, @changeMinor, @cardReference)`),
    };
  }

  add(
    a: Omit<
      CardAttempt,
      'state' | 'detail' | 'authCode' | 'cardBrand' | 'maskedPan' | 'paymentId' | 'updatedAt'
    >,
  ): void {
    this.stmts.add.run(a);
  }

  get(reference: string): CardAttempt | null {
    return (this.stmts.get.get(reference) as CardAttempt | undefined) ?? null;
  }

  byRequest(channel: string, key: string): CardAttempt | null {
    return (this.stmts.byRequest.get(channel, key) as CardAttempt | undefined) ?? null;
  }

  /** Attempts whose outcome the station doesn't know yet, or not yet booked; oldest first. */
  unsettled(): CardAttempt[] {
    return this.stmts.unsettled.all() as CardAttempt[];
  }

  /** The terminal's answer; false when the attempt was settled meanwhile. */
  setOutcome(o: {
    reference: string;
    state: Exclude<CardAttemptState, 'sending'>;
    detail: string;
    authCode?: string | null;
    cardBrand?: string | null;
    maskedPan?: string | null;
    at: number;
  }): boolean {
    return (
      this.stmts.outcome.run({ authCode: null, cardBrand: null, maskedPan: null, ...o }).changes > 0
    );
  }

  /** Inside the payment's transaction: the approved attempt became this payment. */
  settle(reference: string, paymentId: string, at: number): boolean {
    return this.stmts.settle.run(paymentId, at, reference).changes > 0;
  }

  /** References of the stay's card attempts not yet settled (outcome unknown, or not booked). */
  openForSession(sessionId: string): string[] {
    return this.stmts.openForSession.all(sessionId) as string[];
  }

  /** References of the fuel sale's card attempts not yet settled (as openForSession). */
  openForFuelSale(saleId: string): string[] {
    return this.stmts.openForFuelSale.all(saleId) as string[];
  }

  addTender(t: PaymentTender): void {
    this.stmts.tender.run(t);
  }
}
