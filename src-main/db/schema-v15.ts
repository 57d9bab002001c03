/**
 * Bookings (issue 11): appointments for a pump or a bay, from the operator's app (pulled) or
 * made at the booth, and the e-tokens used to check them in.
 * - A status moves only as src-shared/domain/bookings/timing.ts TRANSITIONS allows; the
 *   trigger refuses leaving a final status (completed, cancelled, expired) at all.
 * - etoken_uses: one row per token that checked a booking in. The primary key is what makes a
 *   token single-use, whatever the service does; rows are never changed or deleted.
 * Numbered 15: 14 is the lead's (nil and QR payments).
 */
export const schemaV15 = `
CREATE TABLE bookings (
  id TEXT PRIMARY KEY,
  source TEXT NOT NULL CHECK (source IN ('app', 'phone', 'walk-in')),
  resource_kind TEXT NOT NULL CHECK (resource_kind IN ('pump', 'bay')),
  resource_id TEXT NOT NULL,
  starts_at INTEGER NOT NULL,
  duration_minutes INTEGER NOT NULL CHECK (duration_minutes > 0),
  plate TEXT NOT NULL,
  contact TEXT,
  status TEXT NOT NULL CHECK (status IN
    ('booked', 'checked-in', 'in-service', 'completed', 'cancelled', 'no-show', 'expired')),
  late_until INTEGER,
  etoken_id TEXT,
  created_at INTEGER NOT NULL,
  checked_in_at INTEGER,
  checked_in_via TEXT CHECK (checked_in_via IN ('etoken', 'pick', 'plate')),
  service_started_at INTEGER,
  closed_at INTEGER,
  walk_in INTEGER NOT NULL DEFAULT 0 CHECK (walk_in IN (0, 1))
) STRICT;
CREATE INDEX bookings_by_start ON bookings (starts_at);
CREATE INDEX bookings_by_plate ON bookings (plate, status);
CREATE TRIGGER bookings_final BEFORE UPDATE OF status ON bookings
  WHEN OLD.status IN ('completed', 'cancelled', 'expired') AND NEW.status <> OLD.status
BEGIN
  SELECT RAISE(ABORT, 'bookings: a completed, cancelled or expired booking stays so');
END;
CREATE TRIGGER bookings_never_deleted BEFORE DELETE ON bookings
BEGIN
  SELECT RAISE(ABORT, 'bookings: a booking is never deleted');
END;

CREATE TABLE etoken_uses (
  token_id TEXT PRIMARY KEY,
  booking_id TEXT NOT NULL REFERENCES bookings(id),
  used_at INTEGER NOT NULL
) STRICT;
CREATE TRIGGER etoken_uses_kept BEFORE UPDATE ON etoken_uses
BEGIN
  SELECT RAISE(ABORT, 'etoken_uses: a use is kept as it was');
END;
CREATE TRIGGER etoken_uses_never_deleted BEFORE DELETE ON etoken_uses
BEGIN
  SELECT RAISE(ABORT, 'etoken_uses: a use is never deleted');
END;
`;
