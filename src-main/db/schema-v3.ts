/**
 * The journal: one append-only, hash-chained record of everything that happened at the booth,
 * written in the same transaction as the change it records. Sync, charts and the audit screen
 * read it by `seq` (commit order). The triggers refuse edits, deletes (and so REPLACE, with
 * recursive_triggers on) and any insert that is not the next seq; the chain (src-main/journal)
 * catches whoever drops the triggers first.
 */
export const schemaV3 = `
CREATE TABLE journal (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  station_id TEXT NOT NULL,
  aggregate_type TEXT NOT NULL,
  aggregate_id TEXT NOT NULL,
  aggregate_seq INTEGER NOT NULL CHECK (aggregate_seq >= 1),
  type TEXT NOT NULL,
  version INTEGER NOT NULL,
  payload_json TEXT NOT NULL,
  actor TEXT NOT NULL,
  at INTEGER NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL,
  UNIQUE (aggregate_type, aggregate_id, aggregate_seq)
);
CREATE INDEX journal_by_type ON journal (type, seq);
CREATE INDEX journal_by_actor ON journal (actor COLLATE NOCASE, seq);
CREATE INDEX journal_by_at ON journal (at);
-- Also refuses a reused id or aggregate position before REPLACE could delete the old row,
-- whatever the connection's recursive_triggers setting.
CREATE TRIGGER journal_appends_in_order BEFORE INSERT ON journal
WHEN NEW.seq IS NOT (SELECT COALESCE(MAX(seq), 0) + 1 FROM journal)
  OR EXISTS (SELECT 1 FROM journal WHERE id = NEW.id)
  OR EXISTS (SELECT 1 FROM journal WHERE aggregate_type = NEW.aggregate_type
             AND aggregate_id = NEW.aggregate_id AND aggregate_seq = NEW.aggregate_seq)
BEGIN SELECT RAISE(ABORT, 'journal: events are only ever appended, as the next seq'); END;
CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal
BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;
CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal
BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;
-- Never written or read: plates are found through the sessions' own indexes.
DROP TABLE plates;
`;

/** The triggers verification expects to find; a missing one is itself a finding. */
export const JOURNAL_TRIGGERS = [
  'journal_appends_in_order',
  'journal_no_update',
  'journal_no_delete',
] as const;
