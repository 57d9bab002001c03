/**
 * The managers' exceptions (issue 11), kept from the journal by their own consumer.
 * - station_exceptions: what the rules raised, each with the seqs of its journal events and its
 *   photos (JSON arrays) and, once a manager acknowledged it, the acknowledgement's event seq,
 *   who, when and the note. Written only by the consumer, so a rebuild from the journal (which
 *   holds the acknowledgements as events too) makes the same rows.
 * - exception_rule_state: the rules' memory between batches (open stays, lane reads, open
 *   shifts' tallies) as one JSON value, committed with the rows and the cursor (rollup_cursors,
 *   consumer 'exceptions').
 */
export const schemaV21 = `
CREATE TABLE station_exceptions (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  at INTEGER NOT NULL,
  subject TEXT NOT NULL,
  detail_json TEXT NOT NULL,
  seqs_json TEXT NOT NULL,
  photo_ids_json TEXT NOT NULL,
  ack_seq INTEGER,
  ack_by TEXT,
  ack_at INTEGER,
  ack_note TEXT,
  CHECK ((ack_seq IS NULL) = (ack_by IS NULL))
) STRICT;
CREATE INDEX station_exceptions_by_at ON station_exceptions (at DESC, id);

CREATE TABLE exception_rule_state (
  consumer TEXT PRIMARY KEY,
  state_json TEXT NOT NULL
) STRICT;
`;
