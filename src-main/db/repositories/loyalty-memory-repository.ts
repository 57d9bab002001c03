import type { Db } from '../database';

/** What the loyalty consumer learnt from the journal about a sale that has not settled yet. */
export interface RememberedSale {
  sourceKind: 'fuelSale' | 'session';
  sourceId: string;
  plate: string | null;
  amountMinor: number;
  millilitres: number | null;
  gradeId: string | null;
}

/**
 * The loyalty consumer's own memory (migration 19): its journal cursor, the sales it follows
 * until they settle, and what each payment that earned was paid and has had refunded.
 */
export class LoyaltyMemoryRepository {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      cursor: db.prepare('SELECT seq FROM loyalty_cursor WHERE id = 1').pluck(),
      setCursor: db.prepare('UPDATE loyalty_cursor SET seq = ? WHERE id = 1'),
      remember: db.prepare(`INSERT INTO loyalty_sales (source_kind, source_id, plate,
        amount_minor, millilitres, grade_id) VALUES (@sourceKind, @sourceId, @plate,
        @amountMinor, @millilitres, @gradeId) ON CONFLICT (source_kind, source_id) DO UPDATE
        SET plate = excluded.plate, amount_minor = excluded.amount_minor,
        millilitres = excluded.millilitres, grade_id = excluded.grade_id`),
      setPlate: db.prepare(
        'UPDATE loyalty_sales SET plate = ? WHERE source_kind = ? AND source_id = ?',
      ),
      sale: db.prepare(`SELECT source_kind AS sourceKind, source_id AS sourceId, plate,
        amount_minor AS amountMinor, millilitres, grade_id AS gradeId FROM loyalty_sales
        WHERE source_kind = ? AND source_id = ?`),
      forget: db.prepare('DELETE FROM loyalty_sales WHERE source_kind = ? AND source_id = ?'),
      paid: db.prepare(
        'INSERT OR IGNORE INTO loyalty_payments (payment_id, paid_minor) VALUES (?, ?)',
      ),
      payment: db.prepare(`SELECT paid_minor AS paidMinor, refunded_minor AS refundedMinor
        FROM loyalty_payments WHERE payment_id = ?`),
      refunded: db.prepare(
        'UPDATE loyalty_payments SET refunded_minor = refunded_minor + ? WHERE payment_id = ?',
      ),
    };
  }

  cursor(): number {
    return this.stmts.cursor.get() as number;
  }

  setCursor(seq: number): void {
    this.stmts.setCursor.run(seq);
  }

  remember(sale: RememberedSale): void {
    this.stmts.remember.run(sale);
  }

  setPlate(sourceKind: RememberedSale['sourceKind'], sourceId: string, plate: string): void {
    this.stmts.setPlate.run(plate, sourceKind, sourceId);
  }

  sale(sourceKind: RememberedSale['sourceKind'], sourceId: string): RememberedSale | null {
    return (this.stmts.sale.get(sourceKind, sourceId) as RememberedSale | undefined) ?? null;
  }

  forget(sourceKind: RememberedSale['sourceKind'], sourceId: string): void {
    this.stmts.forget.run(sourceKind, sourceId);
  }

  paymentEarned(paymentId: string, paidMinor: number): void {
    this.stmts.paid.run(paymentId, paidMinor);
  }

  /** Adds a refund to the payment's; returns its paid and refunded totals (null: never earned). */
  refund(
    paymentId: string,
    amountMinor: number,
  ): { paidMinor: number; refundedMinor: number } | null {
    this.stmts.refunded.run(amountMinor, paymentId);
    return (
      (this.stmts.payment.get(paymentId) as
        { paidMinor: number; refundedMinor: number } | undefined) ?? null
    );
  }
}
