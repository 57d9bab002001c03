/**
 * Voids and refunds. A void takes back a sale of the shift still open (the stay owes again); a
 * refund gives money back later, to the tender it came by. Each row names the manager who made
 * or approved it (the journal also names the cashier who asked), why, and the shift whose
 * drawer paid it out.
 * - At most one void a payment (partial unique index), and never more reversed than was paid
 *   (a trigger adds up what was reversed before): a retried or doubled request can't pay twice.
 * - Append-only: a reversal is never changed or deleted.
 * The payment and its receipt keep their rows and their number.
 */
export const schemaV12 = `
CREATE TABLE payment_reversals (
  id TEXT PRIMARY KEY,
  payment_id TEXT NOT NULL REFERENCES payments(id),
  kind TEXT NOT NULL CHECK (kind IN ('void', 'refund')),
  tender TEXT NOT NULL CHECK (tender IN ('cash', 'card', 'qr')),
  amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
  reason TEXT NOT NULL,
  approved_by TEXT NOT NULL,
  shift_id TEXT NOT NULL REFERENCES shifts(id),
  at INTEGER NOT NULL
) STRICT;
CREATE INDEX payment_reversals_by_payment ON payment_reversals (payment_id);
CREATE UNIQUE INDEX payment_reversals_one_void ON payment_reversals (payment_id)
  WHERE kind = 'void';
CREATE TRIGGER payment_reversals_within_payment BEFORE INSERT ON payment_reversals
  WHEN NEW.amount_minor + (SELECT COALESCE(SUM(amount_minor), 0) FROM payment_reversals
    WHERE payment_id = NEW.payment_id)
    > (SELECT amount_minor FROM payments WHERE id = NEW.payment_id)
BEGIN
  SELECT RAISE(ABORT, 'payment_reversals: more would go back than was paid');
END;
CREATE TRIGGER payment_reversals_kept BEFORE UPDATE ON payment_reversals
BEGIN
  SELECT RAISE(ABORT, 'payment_reversals: a reversal is kept as it was made');
END;
CREATE TRIGGER payment_reversals_never_deleted BEFORE DELETE ON payment_reversals
BEGIN
  SELECT RAISE(ABORT, 'payment_reversals: a reversal is never deleted');
END;
`;
