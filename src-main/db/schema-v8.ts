/**
 * Permits and plate lists at the lanes.
 * - An alert may be 'entry-blacklisted': the operator blacklisted the plate, so the entry waits
 *   for the cashier (a manager lets the car in, with a reason, or it is refused).
 * - alerts.detail: what the cashier needs to decide (the operator's reason for the blacklisting);
 *   null for the other kinds.
 * SQLite can't widen a CHECK in place: alerts is rebuilt (payments reference it), which the
 * migration runner does with foreign keys off and checked before commit (see migrations.ts).
 */
export const schemaV8 = `
CREATE TABLE alerts_v8 (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('no-entry-record', 'low-confidence-read',
    'entry-held-offline', 'entry-blacklisted')),
  lane_id TEXT NOT NULL REFERENCES lanes(id),
  plate TEXT NOT NULL,
  photo_id TEXT REFERENCES photos(id),
  crop_photo_id TEXT REFERENCES photos(id),
  confidence REAL NOT NULL,
  alternates_json TEXT NOT NULL DEFAULT '[]',
  at INTEGER NOT NULL,
  resolved_at INTEGER,
  resolution TEXT,
  detail TEXT
);
INSERT INTO alerts_v8 (id, kind, lane_id, plate, photo_id, crop_photo_id, confidence,
    alternates_json, at, resolved_at, resolution)
  SELECT id, kind, lane_id, plate, photo_id, crop_photo_id, confidence, alternates_json, at,
    resolved_at, resolution FROM alerts;
DROP TABLE alerts;
ALTER TABLE alerts_v8 RENAME TO alerts;
`;
