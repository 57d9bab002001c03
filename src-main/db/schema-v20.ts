/**
 * Card voids and refunds through the terminal.
 * - card_refund_attempts: written and committed before the terminal is asked to give money back
 *   to a card (RFND), with everything the reversal will need: the payment, void or refund, the
 *   card part and the cash part of a split (that one goes back from the drawer with it), the
 *   manager and the reason. Like card_attempts, one not yet settled is asked about by its
 *   reference until the terminal says; only an approval is booked, exactly once (booked_at).
 *   At most one attempt a payment is open at a time (the partial unique index).
 * - payment_reversals.card_reference: the attempt a reversal was booked for; one reversal a
 *   tender an attempt, so a recovered approval can never be booked twice.
 * - A void of a split takes back both its tenders: one void a payment and tender.
 */
export const schemaV20 = `
CREATE TABLE card_refund_attempts (
  reference TEXT PRIMARY KEY,
  payment_id TEXT NOT NULL REFERENCES payments(id),
  kind TEXT NOT NULL CHECK (kind IN ('void', 'refund')),
  sale_reference TEXT NOT NULL REFERENCES card_attempts(reference),
  card_minor INTEGER NOT NULL CHECK (card_minor > 0),
  cash_minor INTEGER NOT NULL CHECK (cash_minor >= 0),
  currency TEXT NOT NULL,
  reason TEXT NOT NULL,
  approved_by TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('sending', 'unknown', 'approved', 'declined', 'cancelled')),
  detail TEXT NOT NULL DEFAULT '',
  auth_code TEXT,
  masked_pan TEXT,
  booked_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  CHECK (booked_at IS NULL OR state = 'approved')
) STRICT;
CREATE INDEX card_refund_attempts_by_payment ON card_refund_attempts (payment_id);
CREATE UNIQUE INDEX card_refund_attempts_one_open ON card_refund_attempts (payment_id)
  WHERE state IN ('sending', 'unknown') OR (state = 'approved' AND booked_at IS NULL);

ALTER TABLE payment_reversals ADD COLUMN card_reference TEXT
  REFERENCES card_refund_attempts(reference);
CREATE UNIQUE INDEX payment_reversals_once_per_card_attempt
  ON payment_reversals (card_reference, tender) WHERE card_reference IS NOT NULL;
DROP INDEX payment_reversals_one_void;
CREATE UNIQUE INDEX payment_reversals_one_void ON payment_reversals (payment_id, tender)
  WHERE kind = 'void';
`;
