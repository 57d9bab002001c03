/**
 * Payments made in the operator's app, and lanes that wait for the cashier while offline.
 * - A payment's method may be 'app': an app payment pulled from the operator settles a stay at
 *   the exit lane (no cash, no change, no receipt at the booth).
 * - app_payment_uses: each app payment settles at most one stay. Its row commits with the
 *   payment it became, so the same app payment can never open a barrier twice, even after a
 *   crash or when the operator sends the record again.
 * - An alert may be 'entry-held-offline': the operator's server is unreachable and the site's
 *   policy keeps entries closed until the cashier lets the car in or refuses it.
 * SQLite can't widen a CHECK in place: payments and alerts are rebuilt, which the migration
 * runner does with foreign keys off and checked before commit (see migrations.ts).
 */
export const schemaV7 = `
CREATE TABLE payments_v7 (
  id TEXT PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES sessions(id),
  kind TEXT NOT NULL CHECK (kind IN ('parking', 'lost-ticket')),
  method TEXT NOT NULL CHECK (method IN ('cash', 'app')),
  amount_minor INTEGER NOT NULL CHECK (amount_minor >= 0),
  tendered_minor INTEGER NOT NULL CHECK (tendered_minor >= amount_minor),
  change_minor INTEGER NOT NULL CHECK (change_minor = tendered_minor - amount_minor),
  currency TEXT NOT NULL,
  at INTEGER NOT NULL,
  operator TEXT NOT NULL,
  alert_id TEXT REFERENCES alerts(id)
);
INSERT INTO payments_v7 (id, session_id, kind, method, amount_minor, tendered_minor,
    change_minor, currency, at, operator, alert_id)
  SELECT id, session_id, kind, method, amount_minor, tendered_minor, change_minor, currency, at,
    operator, alert_id FROM payments;
DROP TABLE payments;
ALTER TABLE payments_v7 RENAME TO payments;
CREATE INDEX payments_by_session ON payments (session_id);
CREATE UNIQUE INDEX payments_one_per_alert ON payments (alert_id) WHERE alert_id IS NOT NULL;

CREATE TABLE alerts_v7 (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL
    CHECK (kind IN ('no-entry-record', 'low-confidence-read', 'entry-held-offline')),
  lane_id TEXT NOT NULL REFERENCES lanes(id),
  plate TEXT NOT NULL,
  photo_id TEXT REFERENCES photos(id),
  crop_photo_id TEXT REFERENCES photos(id),
  confidence REAL NOT NULL,
  alternates_json TEXT NOT NULL DEFAULT '[]',
  at INTEGER NOT NULL,
  resolved_at INTEGER,
  resolution TEXT
);
INSERT INTO alerts_v7 SELECT id, kind, lane_id, plate, photo_id, crop_photo_id, confidence,
  alternates_json, at, resolved_at, resolution FROM alerts;
DROP TABLE alerts;
ALTER TABLE alerts_v7 RENAME TO alerts;

CREATE TABLE app_payment_uses (
  app_payment_id TEXT PRIMARY KEY,
  payment_id TEXT NOT NULL UNIQUE REFERENCES payments(id),
  session_id TEXT NOT NULL REFERENCES sessions(id),
  at INTEGER NOT NULL
) STRICT;
`;
