/**
 * Sync with the operator's hosted API. The journal itself is what gets pushed; these tables
 * only say how far the push and the pull have come, which aggregates the server refused, the
 * reference data pulled from it, and outbound message requests.
 */
export const schemaV6 = `
-- One row per key: the push pointer ('push.through': every event up to it is held by the
-- server or belongs to a held aggregate), the pull cursor and the last applied change seq.
CREATE TABLE sync_state (
  key TEXT PRIMARY KEY,
  value_json TEXT NOT NULL
) STRICT;

-- An aggregate whose events the server refused, from from_seq on; 'retry' once a manager asks
-- to send them again. Other aggregates keep flowing meanwhile.
CREATE TABLE sync_holds (
  aggregate_type TEXT NOT NULL,
  aggregate_id TEXT NOT NULL,
  from_seq INTEGER NOT NULL,
  code TEXT NOT NULL,
  error TEXT NOT NULL,
  held_at INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('held', 'retry')),
  PRIMARY KEY (aggregate_type, aggregate_id)
) STRICT;

-- What the operator decided, as last pulled: one record per (kind, key), replaced whole.
CREATE TABLE reference_data (
  kind TEXT NOT NULL,
  key TEXT NOT NULL,
  data_json TEXT NOT NULL,
  change_seq INTEGER NOT NULL,
  changed_at INTEGER NOT NULL,
  applied_at INTEGER NOT NULL,
  plate TEXT,
  PRIMARY KEY (kind, key)
) STRICT;
CREATE INDEX reference_data_by_plate ON reference_data (plate, kind) WHERE plate IS NOT NULL;

-- SMS the operator delivers for the station: requested here, pushed, then their status pulled.
CREATE TABLE sync_messages (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  plate TEXT NOT NULL,
  subject_id TEXT NOT NULL,
  body_json TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'queued', 'sent', 'delivered', 'failed')),
  detail TEXT,
  requested_at INTEGER NOT NULL,
  status_at INTEGER NOT NULL,
  UNIQUE (kind, subject_id)
) STRICT;
CREATE INDEX sync_messages_pending ON sync_messages (requested_at) WHERE status = 'pending';
`;
