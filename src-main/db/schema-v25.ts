/**
 * Hourly demand per pump and per bookable resource (issue 11): what the forecast learns fuel
 * sales and bookings from, as rollup_zone_hours is for arrivals. Written only by the chart
 * rollup consumer (src-main/charts/), hours as UTC hour starts.
 * - rollup_pump_hours: fuel sales recorded per pump and hour.
 * - rollup_resource_hours: bookings per resource by the hour they start (where a reschedule
 *   moved them to), whatever came of them: the demand that was booked.
 * Both are filled here from the journal events the consumer already applied (its cursor), so
 * the first forecast after the update has the station's history; later events come through the
 * consumer. The demo's generated year is not in the journal: a demo station gains it in these
 * tables at its next fresh start.
 */
export const schemaV25 = `
CREATE TABLE rollup_pump_hours (
  pump INTEGER NOT NULL,
  hour_start INTEGER NOT NULL,
  sales INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (pump, hour_start)
) STRICT, WITHOUT ROWID;
CREATE INDEX rollup_pump_hours_by_hour ON rollup_pump_hours (hour_start, pump, sales);
CREATE TABLE rollup_resource_hours (
  resource_kind TEXT NOT NULL,
  resource_id TEXT NOT NULL,
  hour_start INTEGER NOT NULL,
  bookings INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (resource_kind, resource_id, hour_start)
) STRICT, WITHOUT ROWID;
CREATE INDEX rollup_resource_hours_by_hour ON rollup_resource_hours
  (hour_start, resource_kind, resource_id, bookings);

INSERT INTO rollup_pump_hours (pump, hour_start, sales)
  SELECT json_extract(payload_json, '$.pump'), (at / 3600000) * 3600000, COUNT(*)
  FROM journal
  WHERE type = 'fuelSale.recorded'
    AND seq <= COALESCE((SELECT seq FROM rollup_cursors WHERE consumer = 'charts'), 0)
  GROUP BY 1, 2;

-- Each booking counts once, at the start its last creation or reschedule gave it.
INSERT INTO rollup_resource_hours (resource_kind, resource_id, hour_start, bookings)
  SELECT kind, id, hour, COUNT(*) FROM (
    SELECT json_extract(j.payload_json, '$.resource.kind') AS kind,
      json_extract(j.payload_json, '$.resource.id') AS id,
      (json_extract(j.payload_json, '$.startsAt') / 3600000) * 3600000 AS hour
    FROM journal j
    WHERE j.type IN ('booking.created', 'booking.rescheduled')
      AND j.seq <= COALESCE((SELECT seq FROM rollup_cursors WHERE consumer = 'charts'), 0)
      AND j.seq = (SELECT MAX(k.seq) FROM journal k WHERE k.aggregate_type = j.aggregate_type
        AND k.aggregate_id = j.aggregate_id AND k.type IN ('booking.created', 'booking.rescheduled')
        AND k.seq <= COALESCE((SELECT seq FROM rollup_cursors WHERE consumer = 'charts'), 0))
      -- A reschedule of a booking created before the cursor began counts nothing (as the
      -- consumer does: it knows no such booking).
      AND EXISTS (SELECT 1 FROM journal c WHERE c.aggregate_type = j.aggregate_type
        AND c.aggregate_id = j.aggregate_id AND c.type = 'booking.created')
  )
  GROUP BY kind, id, hour;
`;
