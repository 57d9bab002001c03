/**
 * Cash drawer shifts.
 * - shifts: at most one not closed per station (the partial unique index), opened with a float
 *   counted by denomination. 'counted' is a blind count whose difference waits for a manager.
 * - shift_entries: every sale, void, refund, pay-in, pay-out and safe drop of a shift, written in
 *   the transaction of the business write it belongs to. Append-only: a mistake is put right by
 *   a new entry (a void, a pay-in), never by an edit.
 * - shift_reports: each X and Z report as it was shown and printed, never changed; one Z a shift.
 */
export const schemaV11 = `
CREATE TABLE shifts (
  id TEXT PRIMARY KEY,
  state TEXT NOT NULL CHECK (state IN ('open', 'on-break', 'counted', 'closed')),
  currency TEXT NOT NULL,
  opened_by TEXT NOT NULL,
  opened_at INTEGER NOT NULL,
  float_minor INTEGER NOT NULL CHECK (float_minor >= 0),
  float_count TEXT NOT NULL,
  counted_minor INTEGER,
  count_json TEXT,
  counted_by TEXT,
  counted_at INTEGER,
  expected_minor INTEGER,
  closed_by TEXT,
  closed_at INTEGER,
  variance_reason TEXT,
  approved_by TEXT
) STRICT;
CREATE UNIQUE INDEX shifts_one_live ON shifts ((1)) WHERE state <> 'closed';

CREATE TABLE shift_entries (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  shift_id TEXT NOT NULL REFERENCES shifts(id),
  kind TEXT NOT NULL CHECK (kind IN ('sale', 'refund', 'void', 'pay-in', 'pay-out', 'drop')),
  tender TEXT NOT NULL CHECK (tender IN ('cash', 'card', 'qr')),
  amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
  tendered_minor INTEGER NOT NULL CHECK (tendered_minor >= 0),
  change_minor INTEGER NOT NULL CHECK (change_minor >= 0),
  payment_id TEXT,
  receipt_seq INTEGER,
  reference TEXT,
  reason TEXT,
  operator TEXT NOT NULL,
  at INTEGER NOT NULL
) STRICT;
CREATE INDEX shift_entries_by_shift ON shift_entries (shift_id);
CREATE TRIGGER shift_entries_kept BEFORE UPDATE ON shift_entries
BEGIN
  SELECT RAISE(ABORT, 'shift_entries: an entry is never changed; add a correcting one');
END;
CREATE TRIGGER shift_entries_never_deleted BEFORE DELETE ON shift_entries
BEGIN
  SELECT RAISE(ABORT, 'shift_entries: an entry is never deleted');
END;

CREATE TABLE shift_reports (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  shift_id TEXT NOT NULL REFERENCES shifts(id),
  kind TEXT NOT NULL CHECK (kind IN ('X', 'Z')),
  at INTEGER NOT NULL,
  taken_by TEXT NOT NULL,
  body TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX shift_reports_one_z ON shift_reports (shift_id) WHERE kind = 'Z';
CREATE TRIGGER shift_reports_kept BEFORE UPDATE ON shift_reports
BEGIN
  SELECT RAISE(ABORT, 'shift_reports: a report is kept as it was taken');
END;
CREATE TRIGGER shift_reports_never_deleted BEFORE DELETE ON shift_reports
BEGIN
  SELECT RAISE(ABORT, 'shift_reports: a report is never deleted');
END;
`;
