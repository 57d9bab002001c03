/**
 * Money that can't be taken twice, and receipts that can't be silently lost.
 * - Every money request carries the client's idempotency key; the key commits with the payment,
 *   so a replay (a retry after a lost answer, a restart, a double tap) finds the first result.
 * - A lost-ticket payment names the alert it settles, and the index allows one per alert.
 * - A print job the station never heard back about (it stopped mid-print) becomes
 *   'interrupted' at start-up, and waits for the cashier to reprint it as a copy or void it.
 *   Each reprint is its own job, so the history of what came out of the printer stays whole.
 */
export const schemaV2 = `
CREATE TABLE idempotency_keys (
  key TEXT PRIMARY KEY,
  channel TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  payment_id TEXT NOT NULL REFERENCES payments(id),
  at INTEGER NOT NULL
);
ALTER TABLE payments ADD COLUMN alert_id TEXT REFERENCES alerts(id);
CREATE UNIQUE INDEX payments_one_per_alert ON payments (alert_id) WHERE alert_id IS NOT NULL;

CREATE TABLE print_jobs_v2 (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  receipt_id TEXT NOT NULL REFERENCES receipts(id),
  copy INTEGER NOT NULL DEFAULT 0 CHECK (copy IN (0, 1)),
  state TEXT NOT NULL
    CHECK (state IN ('queued', 'printed', 'failed', 'interrupted', 'voided')),
  detail TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  -- Set when the cashier has dealt with a failed or interrupted job (reprinted or voided it).
  settled_at INTEGER,
  settlement TEXT
);
INSERT INTO print_jobs_v2 (id, receipt_id, state, detail, created_at, updated_at)
  SELECT id, receipt_id, state, detail, created_at, updated_at FROM print_jobs;
DROP TABLE print_jobs;
ALTER TABLE print_jobs_v2 RENAME TO print_jobs;
CREATE INDEX print_jobs_by_receipt ON print_jobs (receipt_id);
CREATE INDEX print_jobs_needing_attention ON print_jobs (state)
  WHERE state IN ('failed', 'interrupted') AND settled_at IS NULL;
CREATE INDEX print_jobs_queued ON print_jobs (state) WHERE state = 'queued';
`;
