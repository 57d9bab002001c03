/**
 * Demand rollups for the managers' charts (issue 11): tables only the chart rollup consumer
 * (src-main/charts/) writes, kept current from the journal by its own cursor, so a chart reads a
 * few thousand small rows instead of scanning raw sessions.
 * - rollup_cursors: each consumer's last applied journal seq, moved in the same transaction as
 *   the rows it wrote for those events (a crash replays nothing twice and skips nothing).
 * - rollup_open_stays and rollup_bookings: the consumer's own memory of what a later event
 *   needs (a stay's zone and entry at its exit, a booking's resource and start at its outcome),
 *   so it never reads another service's tables.
 * - Hours are UTC hour starts; local_date, weekday (Monday 0) and hour are the site's wall
 *   clock, written once so the heatmap and the day charts group in SQL.
 * Numbered 18: 17 is the lead's (QR payments), 19 and 20 other helpers'.
 */
export const schemaV18 = `
CREATE TABLE rollup_cursors (
  consumer TEXT PRIMARY KEY,
  seq INTEGER NOT NULL CHECK (seq >= 0)
) STRICT;
CREATE TABLE rollup_open_stays (
  session_id TEXT PRIMARY KEY,
  zone_id TEXT NOT NULL,
  entry_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE TABLE rollup_bookings (
  booking_id TEXT PRIMARY KEY,
  resource_kind TEXT NOT NULL,
  resource_id TEXT NOT NULL,
  starts_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE TABLE rollup_zone_hours (
  zone_id TEXT NOT NULL,
  hour_start INTEGER NOT NULL,
  local_date TEXT NOT NULL,
  weekday INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
  hour INTEGER NOT NULL CHECK (hour BETWEEN 0 AND 23),
  arrivals INTEGER NOT NULL DEFAULT 0,
  exits INTEGER NOT NULL DEFAULT 0,
  removed INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (zone_id, hour_start)
) STRICT, WITHOUT ROWID;
-- Covering: a range of hours (every zone, the charts' usual ask) is read from the index alone.
CREATE INDEX rollup_zone_hours_by_hour ON rollup_zone_hours
  (hour_start, zone_id, local_date, weekday, hour, arrivals, exits, removed);
-- Arrivals per local day stream in date order, without a sort.
CREATE INDEX rollup_zone_hours_by_date ON rollup_zone_hours (local_date, zone_id, arrivals);
-- Each zone's count of cars as the events came, and per local day its peak and where it ended:
-- the year's occupancy chart reads a row a day instead of every hour.
CREATE TABLE rollup_zone_levels (
  zone_id TEXT PRIMARY KEY,
  level INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE TABLE rollup_zone_days (
  zone_id TEXT NOT NULL,
  local_date TEXT NOT NULL,
  peak INTEGER NOT NULL,
  last_level INTEGER NOT NULL,
  PRIMARY KEY (zone_id, local_date)
) STRICT, WITHOUT ROWID;
CREATE TABLE rollup_revenue_days (
  local_date TEXT NOT NULL,
  tender TEXT NOT NULL,
  currency TEXT NOT NULL,
  taken_minor INTEGER NOT NULL DEFAULT 0,
  reversed_minor INTEGER NOT NULL DEFAULT 0,
  payments INTEGER NOT NULL DEFAULT 0,
  reversals INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (local_date, tender, currency)
) STRICT, WITHOUT ROWID;
CREATE TABLE rollup_fuel_days (
  local_date TEXT NOT NULL,
  pump INTEGER NOT NULL,
  grade_id TEXT NOT NULL,
  grade_name TEXT NOT NULL,
  millilitres INTEGER NOT NULL DEFAULT 0,
  amount_minor INTEGER NOT NULL DEFAULT 0,
  sales INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (local_date, pump, grade_id)
) STRICT, WITHOUT ROWID;
CREATE TABLE rollup_booking_days (
  local_date TEXT NOT NULL,
  resource_kind TEXT NOT NULL,
  resource_id TEXT NOT NULL,
  booked INTEGER NOT NULL DEFAULT 0,
  checked_in INTEGER NOT NULL DEFAULT 0,
  no_shows INTEGER NOT NULL DEFAULT 0,
  cancelled INTEGER NOT NULL DEFAULT 0,
  expired INTEGER NOT NULL DEFAULT 0,
  walk_ins INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (local_date, resource_kind, resource_id)
) STRICT, WITHOUT ROWID;
CREATE TABLE rollup_dwell_days (
  zone_id TEXT NOT NULL,
  local_date TEXT NOT NULL,
  bucket INTEGER NOT NULL CHECK (bucket >= 0),
  stays INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (zone_id, local_date, bucket)
) STRICT, WITHOUT ROWID;
`;
