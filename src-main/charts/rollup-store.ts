import type { Db } from '../db/database';

const ROLLUP_TABLES = [
  'rollup_zone_hours',
  'rollup_zone_levels',
  'rollup_zone_days',
  'rollup_revenue_days',
  'rollup_fuel_days',
  'rollup_pump_hours',
  'rollup_booking_days',
  'rollup_resource_hours',
  'rollup_dwell_days',
  'rollup_open_stays',
  'rollup_bookings',
];

/** Where an instant falls on the site's wall clock, as the rollup rows keep it. */
export interface LocalSlot {
  /** UTC start of the hour. */
  hourStart: number;
  date: string;
  /** Monday 0 … Sunday 6. */
  weekday: number;
  hour: number;
}

export interface BookingMemo {
  resourceKind: string;
  resourceId: string;
  startsAt: number;
}

export type BookingCount =
  'booked' | 'checked_in' | 'no_shows' | 'cancelled' | 'expired' | 'walk_ins';

/**
 * The rollup tables (schema v18), written only by the chart rollup consumer: each method adds a
 * delta to one row (creating it at zero), so replaying the journal from any cursor adds up to the
 * same rows as applying it event by event.
 */
export class RollupStore {
  private readonly s;

  constructor(private readonly db: Db) {
    const bookingCount = (column: BookingCount) =>
      db.prepare(`INSERT INTO rollup_booking_days (local_date, resource_kind, resource_id, ${column})
        VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET ${column} = ${column} + excluded.${column}`);
    this.s = {
      cursor: db.prepare('SELECT seq FROM rollup_cursors WHERE consumer = ?').pluck(),
      setCursor: db.prepare(`INSERT INTO rollup_cursors (consumer, seq) VALUES (?, ?)
        ON CONFLICT DO UPDATE SET seq = excluded.seq`),
      zoneHour: db.prepare(`INSERT INTO rollup_zone_hours
        (zone_id, hour_start, local_date, weekday, hour, arrivals, exits, removed)
        VALUES (@zoneId, @hourStart, @date, @weekday, @hour, @arrivals, @exits, @removed)
        ON CONFLICT DO UPDATE SET arrivals = arrivals + excluded.arrivals,
          exits = exits + excluded.exits, removed = removed + excluded.removed`),
      level: db
        .prepare(
          `INSERT INTO rollup_zone_levels (zone_id, level) VALUES (?, ?)
          ON CONFLICT DO UPDATE SET level = level + excluded.level RETURNING level`,
        )
        .pluck(),
      zoneDay: db.prepare(`INSERT INTO rollup_zone_days (zone_id, local_date, peak, last_level)
        VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET peak = max(peak, excluded.peak),
          last_level = excluded.last_level`),
      openStay: db.prepare(`INSERT OR REPLACE INTO rollup_open_stays (session_id, zone_id, entry_at)
        VALUES (?, ?, ?)`),
      stay: db.prepare(
        'SELECT zone_id AS zoneId, entry_at AS entryAt FROM rollup_open_stays WHERE session_id = ?',
      ),
      endStay: db.prepare('DELETE FROM rollup_open_stays WHERE session_id = ?'),
      dwell: db.prepare(`INSERT INTO rollup_dwell_days (zone_id, local_date, bucket, stays)
        VALUES (?, ?, ?, 1) ON CONFLICT DO UPDATE SET stays = stays + 1`),
      revenue: db.prepare(`INSERT INTO rollup_revenue_days
        (local_date, tender, currency, taken_minor, reversed_minor, payments, reversals)
        VALUES (@date, @tender, @currency, @taken, @reversed, @payments, @reversals)
        ON CONFLICT DO UPDATE SET taken_minor = taken_minor + excluded.taken_minor,
          reversed_minor = reversed_minor + excluded.reversed_minor,
          payments = payments + excluded.payments, reversals = reversals + excluded.reversals`),
      fuel: db.prepare(`INSERT INTO rollup_fuel_days
        (local_date, pump, grade_id, grade_name, millilitres, amount_minor, sales)
        VALUES (@date, @pump, @gradeId, @gradeName, @millilitres, @amountMinor, 1)
        ON CONFLICT DO UPDATE SET millilitres = millilitres + excluded.millilitres,
          amount_minor = amount_minor + excluded.amount_minor, sales = sales + 1,
          grade_name = excluded.grade_name`),
      pumpHour: db.prepare(`INSERT INTO rollup_pump_hours (pump, hour_start, sales)
        VALUES (?, ?, 1) ON CONFLICT DO UPDATE SET sales = sales + 1`),
      resourceHour: db.prepare(`INSERT INTO rollup_resource_hours
        (resource_kind, resource_id, hour_start, bookings) VALUES (?, ?, ?, ?)
        ON CONFLICT DO UPDATE SET bookings = bookings + excluded.bookings`),
      rememberBooking: db.prepare(`INSERT OR REPLACE INTO rollup_bookings
        (booking_id, resource_kind, resource_id, starts_at) VALUES (?, ?, ?, ?)`),
      booking: db.prepare(`SELECT resource_kind AS resourceKind, resource_id AS resourceId,
        starts_at AS startsAt FROM rollup_bookings WHERE booking_id = ?`),
      bookingCounts: {
        booked: bookingCount('booked'),
        checked_in: bookingCount('checked_in'),
        no_shows: bookingCount('no_shows'),
        cancelled: bookingCount('cancelled'),
        expired: bookingCount('expired'),
        walk_ins: bookingCount('walk_ins'),
      },
    };
  }

  cursor(consumer: string): number {
    return (this.s.cursor.get(consumer) as number | undefined) ?? 0;
  }

  setCursor(consumer: string, seq: number): void {
    this.s.setCursor.run(consumer, seq);
  }

  /** Adds to the zone's hour, and moves its level and that day's peak by the net change. */
  addZoneHour(
    zoneId: string,
    slot: LocalSlot,
    delta: { arrivals?: number; exits?: number; removed?: number },
  ): void {
    const arrivals = delta.arrivals ?? 0;
    const exits = delta.exits ?? 0;
    const removed = delta.removed ?? 0;
    this.s.zoneHour.run({ zoneId, ...slot, arrivals, exits, removed });
    const level = this.s.level.get(zoneId, arrivals - exits - removed) as number;
    this.s.zoneDay.run(zoneId, slot.date, level, level);
  }

  openStay(sessionId: string, zoneId: string, entryAt: number): void {
    this.s.openStay.run(sessionId, zoneId, entryAt);
  }

  /** The stay's zone and entry, forgotten as it is read: it ended. */
  endStay(sessionId: string): { zoneId: string; entryAt: number } | undefined {
    const stay = this.s.stay.get(sessionId) as { zoneId: string; entryAt: number } | undefined;
    if (stay) this.s.endStay.run(sessionId);
    return stay;
  }

  addDwell(zoneId: string, date: string, bucket: number): void {
    this.s.dwell.run(zoneId, date, bucket);
  }

  addRevenue(
    date: string,
    tender: string,
    currency: string,
    delta: { taken?: number; reversed?: number },
  ): void {
    this.s.revenue.run({
      date,
      tender,
      currency,
      taken: delta.taken ?? 0,
      reversed: delta.reversed ?? 0,
      payments: delta.taken !== undefined ? 1 : 0,
      reversals: delta.reversed !== undefined ? 1 : 0,
    });
  }

  addFuel(sale: {
    date: string;
    pump: number;
    gradeId: string;
    gradeName: string;
    millilitres: number;
    amountMinor: number;
  }): void {
    this.s.fuel.run(sale);
  }

  /** One fuel sale more in the pump's hour (the pump forecast's history). */
  addPumpSale(pump: number, hourStart: number): void {
    this.s.pumpHour.run(pump, hourStart);
  }

  /** A booking starting in this hour of its resource (delta -1: it was moved away). */
  addResourceBooking(memo: BookingMemo, hourStart: number, delta = 1): void {
    this.s.resourceHour.run(memo.resourceKind, memo.resourceId, hourStart, delta);
  }

  rememberBooking(bookingId: string, memo: BookingMemo): void {
    this.s.rememberBooking.run(bookingId, memo.resourceKind, memo.resourceId, memo.startsAt);
  }

  booking(bookingId: string): BookingMemo | undefined {
    return this.s.booking.get(bookingId) as BookingMemo | undefined;
  }

  countBooking(column: BookingCount, date: string, memo: BookingMemo, delta = 1): void {
    this.s.bookingCounts[column].run(date, memo.resourceKind, memo.resourceId, delta);
  }

  /** Forgets every rollup row and the cursor: the next catch-up rebuilds from seq 0. */
  clear(consumer: string): void {
    for (const table of ROLLUP_TABLES) this.db.prepare(`DELETE FROM ${table}`).run();
    this.db.prepare('DELETE FROM rollup_cursors WHERE consumer = ?').run(consumer);
  }

  /** Every rollup row, in key order: what a rebuild is compared by. */
  snapshot(): Record<string, unknown[]> {
    const all = (table: string, order: string) =>
      this.db.prepare(`SELECT * FROM ${table} ORDER BY ${order}`).all();
    return {
      zoneHours: all('rollup_zone_hours', 'zone_id, hour_start'),
      zoneLevels: all('rollup_zone_levels', 'zone_id'),
      zoneDays: all('rollup_zone_days', 'zone_id, local_date'),
      revenueDays: all('rollup_revenue_days', 'local_date, tender, currency'),
      fuelDays: all('rollup_fuel_days', 'local_date, pump, grade_id'),
      pumpHours: all('rollup_pump_hours', 'pump, hour_start'),
      bookingDays: all('rollup_booking_days', 'local_date, resource_kind, resource_id'),
      resourceHours: all('rollup_resource_hours', 'resource_kind, resource_id, hour_start'),
      dwellDays: all('rollup_dwell_days', 'zone_id, local_date, bucket'),
      openStays: all('rollup_open_stays', 'session_id'),
      bookings: all('rollup_bookings', 'booking_id'),
    };
  }
}
