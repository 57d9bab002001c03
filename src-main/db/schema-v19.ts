/**
 * Fuel sales by plate and loyalty (issue 10).
 *
 * fuel_sale_plate_checks: a pump lane's camera read the car at the pump, but not surely enough
 * to attach the sale to a vehicle by itself (the gates' confidence rule), or read nothing: the
 * sale waits for the cashier's plate. One row per such sale, open until the cashier confirms.
 *
 * Members come from the operator (sync pull, kinds `member` and `vehicle`). loyalty_members
 * keeps what the cashier sees; loyalty_member_keys is the lookup index: a plate of a linked
 * vehicle, the member's phone (as its SHA-256 digest: the number itself stays with the
 * operator), or a member card / QR code. A plate may be linked to more than one member.
 *
 * loyalty_entries is the points ledger: append-only (triggers refuse UPDATE and DELETE), signed
 * points (an earn is positive, a redeem or a reversal negative), each with the sale, payment or
 * redemption it came from. At most one earn per source; a reversal names the earn it takes
 * back, and all reversals of one earn never exceed it (a trigger checks, beside the service).
 * loyalty_balances is a cache of SUM(points) per member, kept by an insert trigger in the
 * entry's own transaction; LoyaltyLedger.verify compares it with the sum.
 *
 * loyalty_cursor and loyalty_sales are the loyalty consumer's own: the last journal seq it
 * applied (moved in the transaction of what it wrote for those events), and what it learnt from
 * the journal about a sale until the sale settles (a parking stay's plate, a fuel sale's plate,
 * amount, volume and grade), so it never reads another service's tables. loyalty_payments
 * remembers what each payment that earned was paid and has had refunded, for its reversals.
 *
 * Numbered 19: 17, 18 and 20 are other helpers' (lead, charts, card refunds).
 */
export const schemaV19 = `
CREATE TABLE fuel_sale_plate_checks (
  sale_id TEXT PRIMARY KEY REFERENCES fuel_sales (id),
  lane_id TEXT NOT NULL,
  read_plate TEXT,
  confidence REAL CHECK (confidence IS NULL OR confidence BETWEEN 0 AND 1),
  plate TEXT,
  confirmed_by TEXT,
  confirmed_at INTEGER,
  CHECK ((plate IS NULL) = (confirmed_at IS NULL))
) STRICT;
CREATE INDEX fuel_sale_plate_checks_open ON fuel_sale_plate_checks (sale_id) WHERE plate IS NULL;

CREATE TABLE loyalty_members (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  tier TEXT NOT NULL,
  changed_at INTEGER NOT NULL
) STRICT;
CREATE TABLE loyalty_member_keys (
  kind TEXT NOT NULL CHECK (kind IN ('plate', 'phone', 'code')),
  value TEXT NOT NULL,
  member_id TEXT NOT NULL,
  PRIMARY KEY (kind, value, member_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX loyalty_member_keys_by_member ON loyalty_member_keys (member_id, kind);

CREATE TABLE loyalty_entries (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  member_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('earn', 'redeem', 'reverse')),
  points INTEGER NOT NULL,
  source_kind TEXT NOT NULL CHECK (source_kind IN ('fuelSale', 'payment', 'redemption')),
  source_id TEXT NOT NULL,
  reverses TEXT REFERENCES loyalty_entries (id),
  at INTEGER NOT NULL,
  CHECK ((kind = 'earn' AND points > 0) OR (kind <> 'earn' AND points < 0)),
  CHECK ((kind = 'reverse') = (reverses IS NOT NULL))
) STRICT;
CREATE UNIQUE INDEX loyalty_one_earn_per_source ON loyalty_entries (source_kind, source_id)
  WHERE kind = 'earn';
CREATE INDEX loyalty_entries_by_member ON loyalty_entries (member_id, points);
CREATE INDEX loyalty_entries_reversals ON loyalty_entries (reverses) WHERE reverses IS NOT NULL;
CREATE TRIGGER loyalty_entries_fixed BEFORE UPDATE ON loyalty_entries
BEGIN
  SELECT RAISE(ABORT, 'loyalty_entries: an entry never changes (append a reversal)');
END;
CREATE TRIGGER loyalty_entries_kept BEFORE DELETE ON loyalty_entries
BEGIN
  SELECT RAISE(ABORT, 'loyalty_entries: an entry is never deleted');
END;
CREATE TRIGGER loyalty_reversal_bounded BEFORE INSERT ON loyalty_entries
  WHEN NEW.kind = 'reverse'
BEGIN
  SELECT RAISE(ABORT, 'loyalty_entries: a reversal takes back more than its earn gave')
  WHERE (SELECT kind FROM loyalty_entries WHERE id = NEW.reverses) IS NOT 'earn'
    OR (SELECT member_id FROM loyalty_entries WHERE id = NEW.reverses) IS NOT NEW.member_id
    OR (SELECT points FROM loyalty_entries WHERE id = NEW.reverses)
      + COALESCE((SELECT SUM(points) FROM loyalty_entries WHERE reverses = NEW.reverses), 0)
      + NEW.points < 0;
END;

CREATE TABLE loyalty_balances (
  member_id TEXT PRIMARY KEY,
  points INTEGER NOT NULL,
  entries INTEGER NOT NULL
) STRICT;
CREATE TRIGGER loyalty_entries_balance AFTER INSERT ON loyalty_entries
BEGIN
  INSERT INTO loyalty_balances (member_id, points, entries) VALUES (NEW.member_id, NEW.points, 1)
  ON CONFLICT (member_id) DO UPDATE SET points = points + excluded.points,
    entries = entries + 1;
END;

CREATE TABLE loyalty_cursor (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq INTEGER NOT NULL CHECK (seq >= 0)
) STRICT;
INSERT INTO loyalty_cursor (id, seq) VALUES (1, 0);
CREATE TABLE loyalty_sales (
  source_kind TEXT NOT NULL CHECK (source_kind IN ('fuelSale', 'session')),
  source_id TEXT NOT NULL,
  plate TEXT,
  amount_minor INTEGER NOT NULL CHECK (amount_minor >= 0),
  millilitres INTEGER,
  grade_id TEXT,
  PRIMARY KEY (source_kind, source_id)
) STRICT, WITHOUT ROWID;
CREATE TABLE loyalty_payments (
  payment_id TEXT PRIMARY KEY,
  paid_minor INTEGER NOT NULL CHECK (paid_minor >= 0),
  refunded_minor INTEGER NOT NULL DEFAULT 0 CHECK (refunded_minor >= 0)
) STRICT;
`;
