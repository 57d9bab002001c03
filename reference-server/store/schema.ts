/**
 * The tables, in DDL both SQLite and PostgreSQL accept. Per-station counters live on the
 * station's row: taking the next serverSeq or feed seq locks that row until commit, so within a
 * station the numbers follow commit order (a global sequence would not: a reader could pass a
 * number whose transaction has not committed yet, and skip it forever).
 */
export const SCHEMA = `
CREATE TABLE IF NOT EXISTS stations (
  id text PRIMARY KEY,
  name text NOT NULL,
  secret_hash text NOT NULL,
  event_head bigint NOT NULL DEFAULT 0,
  feed_head bigint NOT NULL DEFAULT 0,
  created_at bigint NOT NULL
);

CREATE TABLE IF NOT EXISTS tokens (
  hash text PRIMARY KEY,
  station_id text NOT NULL REFERENCES stations (id),
  kind text NOT NULL,
  expires_at bigint NOT NULL
);
CREATE INDEX IF NOT EXISTS tokens_station ON tokens (station_id, expires_at);

CREATE TABLE IF NOT EXISTS events (
  station_id text NOT NULL REFERENCES stations (id),
  id text NOT NULL,
  server_seq bigint NOT NULL,
  seq bigint NOT NULL,
  aggregate_type text NOT NULL,
  aggregate_id text NOT NULL,
  aggregate_seq bigint NOT NULL,
  type text NOT NULL,
  at bigint NOT NULL,
  body text NOT NULL,
  received_at bigint NOT NULL,
  PRIMARY KEY (station_id, id),
  UNIQUE (station_id, server_seq),
  UNIQUE (station_id, aggregate_type, aggregate_id, aggregate_seq)
);

-- Each aggregate's highest aggregateSeq, so a batch finds its aggregates' heads by key in one
-- indexed lookup instead of a MAX over all of the station's events. agg_key is
-- aggregate_type || '/' || aggregate_id (types never contain '/').
CREATE TABLE IF NOT EXISTS aggregates (
  station_id text NOT NULL REFERENCES stations (id),
  agg_key text NOT NULL,
  head bigint NOT NULL,
  PRIMARY KEY (station_id, agg_key)
);

CREATE TABLE IF NOT EXISTS changes (
  station_id text NOT NULL REFERENCES stations (id),
  seq bigint NOT NULL,
  kind text NOT NULL,
  key text NOT NULL,
  op text NOT NULL,
  data text,
  changed_at bigint NOT NULL,
  PRIMARY KEY (station_id, seq)
);
CREATE INDEX IF NOT EXISTS changes_key ON changes (station_id, kind, key, seq);

CREATE TABLE IF NOT EXISTS messages (
  station_id text NOT NULL REFERENCES stations (id),
  id text NOT NULL,
  kind text NOT NULL,
  plate text NOT NULL,
  body text NOT NULL,
  response text NOT NULL,
  status text NOT NULL,
  detail text,
  status_at bigint NOT NULL,
  accepted_at bigint NOT NULL,
  PRIMARY KEY (station_id, id)
);

-- QR payments the customer pays in the operator's app. pay_token is the capability the QR's
-- link carries (unguessable); status only ever leaves 'pending', and a pending one past
-- expires_at reads as expired (nothing needs to run at the expiry).
CREATE TABLE IF NOT EXISTS qr_payments (
  station_id text NOT NULL REFERENCES stations (id),
  reference text NOT NULL,
  pay_token text NOT NULL UNIQUE,
  body text NOT NULL,
  amount_minor bigint NOT NULL,
  currency text NOT NULL,
  description text NOT NULL,
  status text NOT NULL,
  created_at bigint NOT NULL,
  expires_at bigint NOT NULL,
  paid_at bigint,
  PRIMARY KEY (station_id, reference)
);

-- Single-use coupons the operator issues. station_id NULL: good at any station. A coupon is
-- taken by one conditional UPDATE (redeemed_at IS NULL), so racing stations get one winner;
-- redemption_id is the winning station's idempotency key, for replays of a lost answer.
CREATE TABLE IF NOT EXISTS coupons (
  code text PRIMARY KEY,
  station_id text REFERENCES stations (id),
  description text NOT NULL,
  created_at bigint NOT NULL,
  expires_at bigint NOT NULL,
  redeemed_at bigint,
  redeemed_by text,
  redemption_id text
);

-- Every refused attempt (used, expired, unknown, wrong station): what the operator counts.
CREATE TABLE IF NOT EXISTS coupon_refusals (
  station_id text NOT NULL REFERENCES stations (id),
  code text NOT NULL,
  reason text NOT NULL,
  at bigint NOT NULL
);
CREATE INDEX IF NOT EXISTS coupon_refusals_code ON coupon_refusals (code);
`;
