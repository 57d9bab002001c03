/**
 * Nil payments and QR payments.
 * - A manager may waive a stay's fee with a reason (a nil payment): the payment's method is
 *   'waived', it takes nothing and gives no change, but it takes a receipt number like any
 *   other, so the numbers stay gapless and the customer has a receipt to show.
 * - A QR payment (confirmed by the operator's app) has the method 'qr'.
 * - The shift records each waiver as its own kind of entry with no tender ('none'): the Z
 *   report lists what was waived, and the drawer's expected cash never moves for it.
 * payments and shift_entries are rebuilt to widen their CHECKs (foreign keys off, checked
 * before commit); the triggers that read them are dropped and made again.
 */
export const schemaV14 = `
DROP TRIGGER payment_reversals_within_payment;
CREATE TABLE payments_v14 (
  id TEXT PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES sessions(id),
  kind TEXT NOT NULL CHECK (kind IN ('parking', 'lost-ticket')),
  method TEXT NOT NULL CHECK (method IN ('cash', 'app', 'card', 'split', 'qr', 'waived')),
  amount_minor INTEGER NOT NULL CHECK (amount_minor >= 0),
  tendered_minor INTEGER NOT NULL CHECK (tendered_minor >= amount_minor),
  change_minor INTEGER NOT NULL CHECK (change_minor = tendered_minor - amount_minor),
  currency TEXT NOT NULL,
  at INTEGER NOT NULL,
  operator TEXT NOT NULL,
  alert_id TEXT REFERENCES alerts(id),
  CHECK (method <> 'waived' OR amount_minor = 0)
);
INSERT INTO payments_v14 (id, session_id, kind, method, amount_minor, tendered_minor,
    change_minor, currency, at, operator, alert_id)
  SELECT id, session_id, kind, method, amount_minor, tendered_minor, change_minor, currency, at,
    operator, alert_id FROM payments ORDER BY rowid;
DROP TABLE payments;
ALTER TABLE payments_v14 RENAME TO payments;
CREATE INDEX payments_by_session ON payments (session_id);
CREATE UNIQUE INDEX payments_one_per_alert ON payments (alert_id) WHERE alert_id IS NOT NULL;
CREATE TRIGGER payment_reversals_within_payment BEFORE INSERT ON payment_reversals
  WHEN NEW.amount_minor + (SELECT COALESCE(SUM(amount_minor), 0) FROM payment_reversals
    WHERE payment_id = NEW.payment_id)
    > (SELECT amount_minor FROM payments WHERE id = NEW.payment_id)
BEGIN
  SELECT RAISE(ABORT, 'payment_reversals: more would go back than was paid');
END;

DROP TRIGGER shift_entries_kept;
DROP TRIGGER shift_entries_never_deleted;
CREATE TABLE shift_entries_v14 (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  shift_id TEXT NOT NULL REFERENCES shifts(id),
  kind TEXT NOT NULL
    CHECK (kind IN ('sale', 'refund', 'void', 'pay-in', 'pay-out', 'drop', 'waiver')),
  tender TEXT NOT NULL CHECK (tender IN ('cash', 'card', 'qr', 'none')),
  amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
  tendered_minor INTEGER NOT NULL CHECK (tendered_minor >= 0),
  change_minor INTEGER NOT NULL CHECK (change_minor >= 0),
  payment_id TEXT,
  receipt_seq INTEGER,
  reference TEXT,
  reason TEXT,
  operator TEXT NOT NULL,
  at INTEGER NOT NULL,
  CHECK ((kind = 'waiver') = (tender = 'none'))
) STRICT;
INSERT INTO shift_entries_v14 (seq, shift_id, kind, tender, amount_minor, tendered_minor,
    change_minor, payment_id, receipt_seq, reference, reason, operator, at)
  SELECT seq, shift_id, kind, tender, amount_minor, tendered_minor, change_minor, payment_id,
    receipt_seq, reference, reason, operator, at FROM shift_entries ORDER BY seq;
DROP TABLE shift_entries;
ALTER TABLE shift_entries_v14 RENAME TO shift_entries;
CREATE INDEX shift_entries_by_shift ON shift_entries (shift_id);
CREATE TRIGGER shift_entries_kept BEFORE UPDATE ON shift_entries
BEGIN
  SELECT RAISE(ABORT, 'shift_entries: an entry is never changed; add a correcting one');
END;
CREATE TRIGGER shift_entries_never_deleted BEFORE DELETE ON shift_entries
BEGIN
  SELECT RAISE(ABORT, 'shift_entries: an entry is never deleted');
END;
`;
