/**
 * Card payments and split tenders.
 * - A payment's method may be 'card' (all on the card terminal) or 'split' (part card, part
 *   cash). payments is rebuilt to widen its CHECK (with foreign keys off, checked before commit).
 * - payment_tenders: what each tender of a payment paid. Cash keeps what was handed over and
 *   the change; card keeps the terminal's attempt (its reference) that approved it.
 * - card_attempts: written and committed before the terminal is asked to charge, so a crash,
 *   a lost reply or a timeout never leaves a charge the station knows nothing of. At start-up
 *   and while the station runs, an attempt not yet settled is asked about by its reference;
 *   an approval becomes exactly one payment (the attempt carries everything the payment
 *   needs), a decline or a cancel becomes nothing. One payment an attempt, at most.
 */
export const schemaV13 = `
-- A trigger that reads payments would stop the rename below: it is dropped and made again.
DROP TRIGGER payment_reversals_within_payment;
CREATE TABLE payments_v13 (
  id TEXT PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES sessions(id),
  kind TEXT NOT NULL CHECK (kind IN ('parking', 'lost-ticket')),
  method TEXT NOT NULL CHECK (method IN ('cash', 'app', 'card', 'split')),
  amount_minor INTEGER NOT NULL CHECK (amount_minor >= 0),
  tendered_minor INTEGER NOT NULL CHECK (tendered_minor >= amount_minor),
  change_minor INTEGER NOT NULL CHECK (change_minor = tendered_minor - amount_minor),
  currency TEXT NOT NULL,
  at INTEGER NOT NULL,
  operator TEXT NOT NULL,
  alert_id TEXT REFERENCES alerts(id)
);
INSERT INTO payments_v13 (id, session_id, kind, method, amount_minor, tendered_minor,
    change_minor, currency, at, operator, alert_id)
  SELECT id, session_id, kind, method, amount_minor, tendered_minor, change_minor, currency, at,
    operator, alert_id FROM payments ORDER BY rowid;
DROP TABLE payments;
ALTER TABLE payments_v13 RENAME TO payments;
CREATE INDEX payments_by_session ON payments (session_id);
CREATE UNIQUE INDEX payments_one_per_alert ON payments (alert_id) WHERE alert_id IS NOT NULL;
CREATE TRIGGER payment_reversals_within_payment BEFORE INSERT ON payment_reversals
  WHEN NEW.amount_minor + (SELECT COALESCE(SUM(amount_minor), 0) FROM payment_reversals
    WHERE payment_id = NEW.payment_id)
    > (SELECT amount_minor FROM payments WHERE id = NEW.payment_id)
BEGIN
  SELECT RAISE(ABORT, 'payment_reversals: more would go back than was paid');
END;

CREATE TABLE card_attempts (
  reference TEXT PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES sessions(id),
  card_minor INTEGER NOT NULL CHECK (card_minor > 0),
  cash_minor INTEGER NOT NULL CHECK (cash_minor >= 0),
  cash_tendered_minor INTEGER NOT NULL CHECK (cash_tendered_minor >= cash_minor),
  currency TEXT NOT NULL,
  operator TEXT NOT NULL,
  request_channel TEXT NOT NULL,
  request_key TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('sending', 'unknown', 'approved', 'declined', 'cancelled')),
  detail TEXT NOT NULL DEFAULT '',
  auth_code TEXT,
  card_brand TEXT,
  masked_pan TEXT,
  payment_id TEXT UNIQUE REFERENCES payments(id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX card_attempts_one_per_request ON card_attempts (request_channel, request_key);
CREATE INDEX card_attempts_unsettled ON card_attempts (state)
  WHERE state IN ('sending', 'unknown');

CREATE TABLE payment_tenders (
  payment_id TEXT NOT NULL REFERENCES payments(id),
  tender TEXT NOT NULL CHECK (tender IN ('cash', 'card', 'qr')),
  amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
  tendered_minor INTEGER NOT NULL CHECK (tendered_minor >= amount_minor),
  change_minor INTEGER NOT NULL CHECK (change_minor = tendered_minor - amount_minor),
  card_reference TEXT REFERENCES card_attempts(reference),
  PRIMARY KEY (payment_id, tender)
) STRICT;
INSERT INTO payment_tenders (payment_id, tender, amount_minor, tendered_minor, change_minor)
  SELECT id, 'cash', amount_minor, tendered_minor, change_minor FROM payments
  WHERE method = 'cash' AND amount_minor > 0;
`;
