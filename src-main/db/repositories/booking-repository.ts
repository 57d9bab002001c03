import type { Booking } from '../../../src-shared/domain/bookings';
import type { Db } from '../database';

interface Row {
  id: string;
  source: Booking['source'];
  resource_kind: Booking['resource']['kind'];
  resource_id: string;
  starts_at: number;
  duration_minutes: number;
  plate: string;
  contact: string | null;
  status: Booking['status'];
  late_until: number | null;
  etoken_id: string | null;
  created_at: number;
  checked_in_at: number | null;
  checked_in_via: Booking['checkedInVia'];
  service_started_at: number | null;
  closed_at: number | null;
  walk_in: number;
}

const toBooking = (r: Row): Booking => ({
  id: r.id,
  source: r.source,
  resource: { kind: r.resource_kind, id: r.resource_id },
  startsAt: r.starts_at,
  durationMinutes: r.duration_minutes,
  plate: r.plate,
  contact: r.contact,
  status: r.status,
  lateUntil: r.late_until,
  etokenId: r.etoken_id,
  createdAt: r.created_at,
  checkedInAt: r.checked_in_at,
  checkedInVia: r.checked_in_via,
  serviceStartedAt: r.service_started_at,
  closedAt: r.closed_at,
  walkIn: r.walk_in === 1,
});

const params = (b: Booking) => ({
  id: b.id,
  source: b.source,
  resourceKind: b.resource.kind,
  resourceId: b.resource.id,
  startsAt: b.startsAt,
  durationMinutes: b.durationMinutes,
  plate: b.plate,
  contact: b.contact,
  status: b.status,
  lateUntil: b.lateUntil,
  etokenId: b.etokenId,
  createdAt: b.createdAt,
  checkedInAt: b.checkedInAt,
  checkedInVia: b.checkedInVia,
  serviceStartedAt: b.serviceStartedAt,
  closedAt: b.closedAt,
  walkIn: b.walkIn ? 1 : 0,
});

/** Bookings (table bookings) and the e-tokens that checked them in (etoken_uses). */
export class BookingRepository {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      insert: db.prepare(`INSERT INTO bookings (id, source, resource_kind, resource_id, starts_at,
        duration_minutes, plate, contact, status, late_until, etoken_id, created_at, checked_in_at,
        checked_in_via, service_started_at, closed_at, walk_in)
        VALUES (@id, @source, @resourceKind, @resourceId, @startsAt, @durationMinutes, @plate,
        @contact, @status, @lateUntil, @etokenId, @createdAt, @checkedInAt, @checkedInVia,
        @serviceStartedAt, @closedAt, @walkIn)`),
      update: db.prepare(`UPDATE bookings SET resource_kind = @resourceKind,
        resource_id = @resourceId, starts_at = @startsAt, duration_minutes = @durationMinutes,
        plate = @plate, contact = @contact, status = @status, late_until = @lateUntil,
        etoken_id = @etokenId, checked_in_at = @checkedInAt, checked_in_via = @checkedInVia,
        service_started_at = @serviceStartedAt, closed_at = @closedAt, walk_in = @walkIn
        WHERE id = @id`),
      get: db.prepare('SELECT * FROM bookings WHERE id = ?'),
      between: db.prepare(
        'SELECT * FROM bookings WHERE starts_at < ? AND starts_at >= ? ORDER BY starts_at, id',
      ),
      booked: db.prepare(`SELECT * FROM bookings WHERE status = 'booked' ORDER BY starts_at`),
      byPlate: db.prepare('SELECT * FROM bookings WHERE plate = ? ORDER BY starts_at'),
      noShowsSince: db.prepare(`SELECT * FROM bookings
        WHERE plate = ? AND status = 'no-show' AND closed_at >= ?`),
      missedSince: db.prepare(`SELECT * FROM bookings
        WHERE status = 'no-show' AND closed_at >= ? ORDER BY closed_at`),
      use: db.prepare('INSERT INTO etoken_uses (token_id, booking_id, used_at) VALUES (?, ?, ?)'),
      usedAt: db.prepare('SELECT used_at FROM etoken_uses WHERE token_id = ?').pluck(),
    };
  }

  insert(b: Booking): void {
    this.stmts.insert.run(params(b));
  }

  update(b: Booking): void {
    this.stmts.update.run(params(b));
  }

  get(id: string): Booking | null {
    const r = this.stmts.get.get(id) as Row | undefined;
    return r ? toBooking(r) : null;
  }

  /** Bookings starting in [from, to), by start. */
  startingBetween(from: number, to: number): Booking[] {
    return (this.stmts.between.all(to, from) as Row[]).map(toBooking);
  }

  /** Every booking still expected (status booked), by start. */
  booked(): Booking[] {
    return (this.stmts.booked.all() as Row[]).map(toBooking);
  }

  byPlate(plate: string): Booking[] {
    return (this.stmts.byPlate.all(plate) as Row[]).map(toBooking);
  }

  noShowsSince(plate: string, since: number): Booking[] {
    return (this.stmts.noShowsSince.all(plate, since) as Row[]).map(toBooking);
  }

  /** Every booking marked a no-show at or after `since` (for the expiry notices). */
  missedSince(since: number): Booking[] {
    return (this.stmts.missedSince.all(since) as Row[]).map(toBooking);
  }

  /** Records a token's one use; throws (primary key) if it was used before. */
  useToken(tokenId: string, bookingId: string, at: number): void {
    this.stmts.use.run(tokenId, bookingId, at);
  }

  tokenUsedAt(tokenId: string): number | null {
    return (this.stmts.usedAt.get(tokenId) as number | undefined) ?? null;
  }
}
