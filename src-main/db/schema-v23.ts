/**
 * Fuel sales paid at the booth (issue 10).
 * - A payment now pays either a parking stay (session_id) or a fuel sale (fuel_sale_id, kind
 *   'fuel'), never both and never neither. It takes its receipt number from the same gapless
 *   sequence, its tenders go to the same drawer, so the X and Z reports count fuel with parking.
 * - A fuel sale is paid at most once: one payment per fuel sale (unique index), so two
 *   cashiers (or a replayed request) can never take its money twice.
 * - A payment made in the operator's app may settle a fuel sale as it settles a stay: its use
 *   (app_payment_uses) names the stay or the sale, once per app payment, as before.
 * - loyalty_stock: how many of each catalogue product this station holds for redemptions; a
 *   redemption takes one in its transaction, never below zero.
 * payments and app_payment_uses are rebuilt to widen their CHECKs (foreign keys off, checked
 * before commit); the trigger that reads payments is dropped and made again.
 */
export const schemaV23 = `
DROP TRIGGER payment_reversals_within_payment;
CREATE TABLE payments_v23 (
  id TEXT PRIMARY KEY,
  session_id TEXT REFERENCES sessions(id),
  fuel_sale_id TEXT REFERENCES fuel_sales(id),
  kind TEXT NOT NULL CHECK (kind IN ('parking', 'lost-ticket', 'fuel')),
  method TEXT NOT NULL CHECK (method IN ('cash', 'app', 'card', 'split', 'qr', 'waived')),
  amount_minor INTEGER NOT NULL CHECK (amount_minor >= 0),
  tendered_minor INTEGER NOT NULL CHECK (tendered_minor >= amount_minor),
  change_minor INTEGER NOT NULL CHECK (change_minor = tendered_minor - amount_minor),
  currency TEXT NOT NULL,
  at INTEGER NOT NULL,
  operator TEXT NOT NULL,
  alert_id TEXT REFERENCES alerts(id),
  CHECK (method <> 'waived' OR amount_minor = 0),
  CHECK ((kind = 'fuel') = (fuel_sale_id IS NOT NULL)),
  CHECK ((session_id IS NULL) = (fuel_sale_id IS NOT NULL))
);
INSERT INTO payments_v23 (id, session_id, fuel_sale_id, kind, method, amount_minor,
    tendered_minor, change_minor, currency, at, operator, alert_id)
  SELECT id, session_id, NULL, kind, method, amount_minor, tendered_minor, change_minor,
    currency, at, operator, alert_id FROM payments ORDER BY rowid;
DROP TABLE payments;
ALTER TABLE payments_v23 RENAME TO payments;
CREATE INDEX payments_by_session ON payments (session_id);
CREATE UNIQUE INDEX payments_one_per_alert ON payments (alert_id) WHERE alert_id IS NOT NULL;
CREATE UNIQUE INDEX payments_one_per_fuel_sale ON payments (fuel_sale_id)
  WHERE fuel_sale_id IS NOT NULL;
CREATE TRIGGER payment_reversals_within_payment BEFORE INSERT ON payment_reversals
  WHEN NEW.amount_minor + (SELECT COALESCE(SUM(amount_minor), 0) FROM payment_reversals
    WHERE payment_id = NEW.payment_id)
    > (SELECT amount_minor FROM payments WHERE id = NEW.payment_id)
BEGIN
  SELECT RAISE(ABORT, 'payment_reversals: more would go back than was paid');
END;

CREATE TABLE app_payment_uses_v23 (
  app_payment_id TEXT PRIMARY KEY,
  payment_id TEXT NOT NULL UNIQUE REFERENCES payments(id),
  session_id TEXT REFERENCES sessions(id),
  fuel_sale_id TEXT REFERENCES fuel_sales(id),
  at INTEGER NOT NULL,
  CHECK ((session_id IS NULL) = (fuel_sale_id IS NOT NULL))
) STRICT;
INSERT INTO app_payment_uses_v23 (app_payment_id, payment_id, session_id, fuel_sale_id, at)
  SELECT app_payment_id, payment_id, session_id, NULL, at FROM app_payment_uses;
DROP TABLE app_payment_uses;
ALTER TABLE app_payment_uses_v23 RENAME TO app_payment_uses;

CREATE TABLE loyalty_stock (
  sku TEXT PRIMARY KEY,
  on_hand INTEGER NOT NULL CHECK (on_hand >= 0)
) STRICT;
`;
