export const schemaV1 = `
CREATE TABLE zones (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  capacity INTEGER NOT NULL CHECK (capacity >= 0),
  tariff_id TEXT NOT NULL REFERENCES tariffs(id)
);
CREATE TABLE tariffs (
  id TEXT PRIMARY KEY,
  rules_json TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE lanes (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  direction TEXT NOT NULL CHECK (direction IN ('entry', 'exit')),
  zone_id TEXT NOT NULL REFERENCES zones(id),
  camera_kind TEXT NOT NULL,
  camera_uri TEXT NOT NULL,
  gate_device TEXT NOT NULL
);
CREATE TABLE plates (
  plate TEXT PRIMARY KEY,
  first_seen INTEGER NOT NULL,
  last_seen INTEGER NOT NULL
);
CREATE TABLE photos (
  id TEXT PRIMARY KEY,
  lane_id TEXT,
  taken_at INTEGER NOT NULL,
  path TEXT NOT NULL
);
CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  plate TEXT NOT NULL,
  plate_canon TEXT NOT NULL,
  zone_id TEXT NOT NULL REFERENCES zones(id),
  tariff_id TEXT NOT NULL REFERENCES tariffs(id),
  entry_lane_id TEXT REFERENCES lanes(id),
  entry_at INTEGER NOT NULL,
  entry_photo_id TEXT REFERENCES photos(id),
  state TEXT NOT NULL CHECK (state IN ('open', 'paid', 'closed', 'deleted')),
  paid_minor INTEGER NOT NULL DEFAULT 0 CHECK (paid_minor >= 0),
  exit_by INTEGER,
  exit_at INTEGER,
  exit_lane_id TEXT REFERENCES lanes(id),
  exit_photo_id TEXT REFERENCES photos(id),
  lost_ticket INTEGER NOT NULL DEFAULT 0,
  continues_session_id TEXT REFERENCES sessions(id),
  updated_at INTEGER NOT NULL
);
CREATE INDEX sessions_by_plate ON sessions (plate, entry_at);
CREATE INDEX sessions_by_canon ON sessions (plate_canon);
-- Cars in the lot: small, hot, and what occupancy and the cashier's search read.
CREATE INDEX sessions_in_lot ON sessions (zone_id, plate_canon, plate, state, id, entry_at)
  WHERE state IN ('open', 'paid');
-- Trigram index for partial and fuzzy plate search across history.
CREATE VIRTUAL TABLE sessions_plate_fts USING fts5 (
  plate_canon, content = 'sessions', content_rowid = 'rowid', tokenize = 'trigram'
);
CREATE TRIGGER sessions_fts_insert AFTER INSERT ON sessions BEGIN
  INSERT INTO sessions_plate_fts (rowid, plate_canon) VALUES (new.rowid, new.plate_canon);
END;
CREATE TRIGGER sessions_fts_delete AFTER DELETE ON sessions BEGIN
  INSERT INTO sessions_plate_fts (sessions_plate_fts, rowid, plate_canon)
  VALUES ('delete', old.rowid, old.plate_canon);
END;
CREATE TRIGGER sessions_fts_update AFTER UPDATE OF plate_canon ON sessions
WHEN old.plate_canon IS NOT new.plate_canon BEGIN
  INSERT INTO sessions_plate_fts (sessions_plate_fts, rowid, plate_canon)
  VALUES ('delete', old.rowid, old.plate_canon);
  INSERT INTO sessions_plate_fts (rowid, plate_canon) VALUES (new.rowid, new.plate_canon);
END;
-- One-edit neighbourhood of every folded plate: the plate itself and each single-character
-- deletion. Two plates within one edit share a variant, so fuzzy lookups are exact index probes.
CREATE TABLE variant_positions (p INTEGER PRIMARY KEY);
INSERT INTO variant_positions (p) VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9), (10);
CREATE TABLE plate_variants (
  variant TEXT NOT NULL,
  session_rowid INTEGER NOT NULL,
  PRIMARY KEY (variant, session_rowid)
) WITHOUT ROWID;
CREATE TRIGGER sessions_variants_insert AFTER INSERT ON sessions BEGIN
  INSERT OR IGNORE INTO plate_variants (variant, session_rowid)
  SELECT substr(new.plate_canon, 1, p - 1) || substr(new.plate_canon, p + 1), new.rowid
  FROM variant_positions WHERE p <= length(new.plate_canon);
END;
CREATE TRIGGER sessions_variants_update AFTER UPDATE OF plate_canon ON sessions
WHEN old.plate_canon IS NOT new.plate_canon BEGIN
  DELETE FROM plate_variants WHERE session_rowid = old.rowid AND variant IN (
    SELECT substr(old.plate_canon, 1, p - 1) || substr(old.plate_canon, p + 1)
    FROM variant_positions WHERE p <= length(old.plate_canon));
  INSERT OR IGNORE INTO plate_variants (variant, session_rowid)
  SELECT substr(new.plate_canon, 1, p - 1) || substr(new.plate_canon, p + 1), new.rowid
  FROM variant_positions WHERE p <= length(new.plate_canon);
END;
CREATE TABLE payments (
  id TEXT PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES sessions(id),
  kind TEXT NOT NULL CHECK (kind IN ('parking', 'lost-ticket')),
  method TEXT NOT NULL CHECK (method IN ('cash')),
  amount_minor INTEGER NOT NULL CHECK (amount_minor >= 0),
  tendered_minor INTEGER NOT NULL CHECK (tendered_minor >= amount_minor),
  change_minor INTEGER NOT NULL CHECK (change_minor = tendered_minor - amount_minor),
  currency TEXT NOT NULL,
  at INTEGER NOT NULL,
  operator TEXT NOT NULL
);
CREATE INDEX payments_by_session ON payments (session_id);
CREATE TABLE receipts (
  id TEXT PRIMARY KEY,
  payment_id TEXT NOT NULL REFERENCES payments(id),
  body_json TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE print_jobs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  receipt_id TEXT NOT NULL REFERENCES receipts(id),
  state TEXT NOT NULL CHECK (state IN ('queued', 'printed', 'failed')),
  detail TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE gate_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  lane_id TEXT NOT NULL REFERENCES lanes(id),
  command TEXT NOT NULL CHECK (command IN ('open', 'close')),
  cause TEXT NOT NULL,
  session_id TEXT,
  outcome TEXT NOT NULL,
  position INTEGER,
  at INTEGER NOT NULL
);
CREATE TABLE alerts (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('no-entry-record', 'low-confidence-read')),
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
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value_json TEXT NOT NULL
);
CREATE TABLE operators (
  name TEXT PRIMARY KEY,
  role TEXT NOT NULL CHECK (role IN ('cashier', 'manager')),
  pin_hash TEXT NOT NULL
);
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  subject TEXT NOT NULL,
  reason TEXT NOT NULL,
  detail_json TEXT NOT NULL
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
`;
