/**
 * Fuel sales paid by card, or part cash and part card (issue 10).
 * - A card attempt pays a parking stay (session_id) or a fuel sale (fuel_sale_id), never both
 *   and never neither; everything else about it is as migration 13 made it: committed before
 *   the terminal hears of it, asked about by its reference until the station knows, and an
 *   approval booked as exactly one payment.
 * card_attempts is rebuilt to make session_id nullable (foreign keys off, checked before
 * commit); payment_tenders and card_refund_attempts keep referring to it by reference.
 */
export const schemaV24 = `
CREATE TABLE card_attempts_v24 (
  reference TEXT PRIMARY KEY,
  session_id TEXT REFERENCES sessions(id),
  fuel_sale_id TEXT REFERENCES fuel_sales(id),
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
  updated_at INTEGER NOT NULL,
  CHECK ((session_id IS NULL) = (fuel_sale_id IS NOT NULL))
) STRICT;
INSERT INTO card_attempts_v24 (reference, session_id, fuel_sale_id, card_minor, cash_minor,
    cash_tendered_minor, currency, operator, request_channel, request_key, request_hash, state,
    detail, auth_code, card_brand, masked_pan, payment_id, created_at, updated_at)
  SELECT reference, session_id, NULL, card_minor, cash_minor, cash_tendered_minor, currency,
    operator, request_channel, request_key, request_hash, state, detail, auth_code, card_brand,
    masked_pan, payment_id, created_at, updated_at FROM card_attempts ORDER BY rowid;
DROP TABLE card_attempts;
ALTER TABLE card_attempts_v24 RENAME TO card_attempts;
CREATE UNIQUE INDEX card_attempts_one_per_request ON card_attempts (request_channel, request_key);
CREATE INDEX card_attempts_unsettled ON card_attempts (state)
  WHERE state IN ('sending', 'unknown');
CREATE INDEX card_attempts_by_session ON card_attempts (session_id) WHERE session_id IS NOT NULL;
CREATE INDEX card_attempts_by_fuel_sale ON card_attempts (fuel_sale_id)
  WHERE fuel_sale_id IS NOT NULL;
`;
