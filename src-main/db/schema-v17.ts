/**
 * QR payments (a tender the customer pays from their phone in the operator's app).
 * qr_attempts is written and committed before the operator is asked for the payment, exactly as
 * card_attempts before the terminal: a crash, a lost answer or the network going away never
 * leaves a payment the customer may have made that the station knows nothing of. While an
 * attempt is open (being created, shown, or paid but not yet booked) the stay takes no other
 * payment; the station asks the operator about it by its reference until it is paid (booked
 * as exactly one payment), cancelled or expired. The tender row of the payment it became is a
 * payment_tenders row with tender 'qr' (allowed since migration 13).
 */
export const schemaV17 = `
CREATE TABLE qr_attempts (
  reference TEXT PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES sessions(id),
  qr_minor INTEGER NOT NULL CHECK (qr_minor > 0),
  cash_minor INTEGER NOT NULL CHECK (cash_minor >= 0),
  cash_tendered_minor INTEGER NOT NULL CHECK (cash_tendered_minor >= cash_minor),
  currency TEXT NOT NULL,
  operator TEXT NOT NULL,
  request_channel TEXT NOT NULL,
  request_key TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  state TEXT NOT NULL
    CHECK (state IN ('creating', 'shown', 'paid', 'cancelled', 'expired', 'failed')),
  detail TEXT NOT NULL DEFAULT '',
  pay_url TEXT,
  expires_at INTEGER NOT NULL,
  paid_at INTEGER,
  payment_id TEXT UNIQUE REFERENCES payments(id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  CHECK (payment_id IS NULL OR state = 'paid')
) STRICT;
CREATE UNIQUE INDEX qr_attempts_one_per_request ON qr_attempts (request_channel, request_key);
CREATE INDEX qr_attempts_by_session ON qr_attempts (session_id);
CREATE INDEX qr_attempts_open ON qr_attempts (created_at)
  WHERE state IN ('creating', 'shown') OR (state = 'paid' AND payment_id IS NULL);
`;
