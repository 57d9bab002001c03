import {
  advance,
  arrival,
  checkIn,
  checkInWindow,
  endsAt,
  extendLate,
  HOLDS_CAPACITY,
  type Booking,
} from '../../src-shared/domain/bookings';
import type { Logger } from '../platform/logger';
import type { BookingBook } from './booking-book';

/** A booking as the operator's API sends it (api/openapi.yaml Booking). */
export interface OperatorBooking {
  id: string;
  plate: string;
  resource: Booking['resource'];
  startsAt: number;
  endsAt: number;
  status: 'confirmed' | 'cancelled';
  contact: string | null;
  lateUntil: number | null;
  etokenId: string | null;
}

/** A confident plate read at a lane, as the lane flow hands it over. */
export interface LanePlateRead {
  laneId: string;
  plate: string;
  at: number;
}

/**
 * Where bookings arrive from outside the booth: the operator's (pulled through sync, applied
 * in the pull's transaction) and customers read at a lane. The operator's bookings are never
 * refused for capacity (the operator took them), but count against what the booth may book.
 */
export class BookingIntake {
  /** Bookings the open pull changed, told to the schedule once it committed. */
  private pending: { booking: Booking; change: string }[] = [];

  constructor(
    private readonly book: BookingBook,
    private readonly log: Logger,
  ) {}

  /** Runs inside the pull's transaction. */
  fromOperator(data: OperatorBooking, at: number): void {
    const known = this.book.d.bookings.get(data.id);
    const durationMinutes = Math.max(1, Math.ceil((data.endsAt - data.startsAt) / 60_000));
    if (!known) {
      const b: Booking = {
        id: data.id,
        source: 'app',
        resource: data.resource,
        startsAt: data.startsAt,
        durationMinutes,
        plate: data.plate,
        contact: data.contact,
        status: data.status === 'cancelled' ? 'cancelled' : 'booked',
        lateUntil: data.lateUntil,
        etokenId: data.etokenId,
        createdAt: at,
        checkedInAt: null,
        checkedInVia: null,
        serviceStartedAt: null,
        closedAt: data.status === 'cancelled' ? at : null,
        walkIn: false,
      };
      const history = this.book.noShowsOf(b.plate, at);
      this.book.write(
        b,
        true,
        [
          {
            type: 'booking.created',
            actor: 'operator',
            payload: {
              source: 'app',
              resource: b.resource,
              startsAt: b.startsAt,
              durationMinutes,
              plate: b.plate,
              etokenId: b.etokenId,
              hasContact: b.contact !== null,
              noShows: history.count,
              flagged: history.flagged,
            },
          },
        ],
        at,
      );
      this.pending.push({ booking: b, change: 'created' });
      return;
    }
    if (data.status === 'cancelled') return this.cancelledByOperator(known, at);
    let b = known;
    if (b.contact !== data.contact) {
      // The contact lives on the row only (never journaled): kept as the operator last sent it,
      // e.g. for a booking first learned from its token.
      b = { ...b, contact: data.contact };
      this.book.d.bookings.update(b);
    }
    if (
      (b.status === 'booked' || b.status === 'no-show') &&
      (b.startsAt !== data.startsAt ||
        endsAt(b) !== data.endsAt ||
        b.plate !== data.plate ||
        b.resource.kind !== data.resource.kind ||
        b.resource.id !== data.resource.id ||
        b.etokenId !== data.etokenId)
    ) {
      b = {
        ...b,
        startsAt: data.startsAt,
        durationMinutes,
        plate: data.plate,
        resource: data.resource,
        etokenId: data.etokenId,
        contact: data.contact,
      };
      this.book.write(
        b,
        false,
        [
          {
            type: 'booking.rescheduled',
            actor: 'operator',
            payload: {
              resource: b.resource,
              startsAt: b.startsAt,
              durationMinutes,
              plate: b.plate,
            },
          },
        ],
        at,
      );
      this.pending.push({ booking: b, change: 'rescheduled' });
    }
    if (data.lateUntil !== null && data.lateUntil !== b.lateUntil && !isOver(b)) {
      const extended = extendLate(b, data.lateUntil, this.book.rules, at);
      if (extended.lateUntil !== b.lateUntil) {
        this.book.write(
          extended,
          false,
          [
            {
              type: 'booking.extended',
              actor: 'operator',
              payload: {
                lateUntil: extended.lateUntil!,
                closesAt: checkInWindow(extended, this.book.rules).closesAt,
                rebooked: extended.status !== b.status,
              },
            },
          ],
          at,
        );
        this.pending.push({ booking: extended, change: 'extended' });
      }
    }
  }

  /** Runs inside the pull's transaction: the operator deleted the booking. */
  removedByOperator(id: string, at: number): void {
    const known = this.book.d.bookings.get(id);
    if (known) this.cancelledByOperator(known, at);
  }

  /** After the pull committed. */
  committed(): void {
    const told = this.pending;
    this.pending = [];
    for (const { booking, change } of told) this.book.changed(booking, change);
  }

  /**
   * A confident plate read at an entry lane: a booking for that plate whose check-in window is
   * open, on a resource that lane serves, is checked in. Never throws: the lane goes on.
   */
  plateRead(read: LanePlateRead): void {
    try {
      const booking = this.book.d.transact(() => this.checkInByPlate(read));
      if (booking) this.book.changed(booking, 'checked-in');
    } catch (err) {
      this.log.warn('booking check-in by plate failed', { plate: read.plate, err: String(err) });
    }
  }

  private checkInByPlate(read: LanePlateRead): Booking | null {
    const { rules, site } = this.book;
    const serves = (b: Booking) => {
      const r = site.resources.find((x) => x.id === b.resource.id);
      return !r || r.laneIds.length === 0 || r.laneIds.includes(read.laneId);
    };
    const due = this.book.d.bookings
      .byPlate(read.plate)
      .filter((b) => b.status === 'booked' && serves(b))
      .filter((b) => arrival(b, rules, read.at) === 'on-time');
    const b = due[0];
    if (!b) return null;
    const done = checkIn(b, rules, read.at, 'plate', this.book.label);
    if (!done.ok) return null;
    this.book.write(
      done.booking,
      false,
      [
        {
          type: 'booking.checkedIn',
          actor: 'station',
          payload: {
            via: 'plate',
            laneId: read.laneId,
            tokenId: null,
            lateByMs: read.at - b.startsAt,
          },
        },
      ],
      read.at,
    );
    return done.booking;
  }

  private cancelledByOperator(b: Booking, at: number): void {
    if (!HOLDS_CAPACITY.has(b.status) || b.status === 'in-service') return;
    const done = advance(b, 'cancelled', at);
    if (!done.ok) return;
    this.book.write(
      done.booking,
      false,
      [
        {
          type: 'booking.cancelled',
          actor: 'operator',
          payload: { by: 'operator', reason: 'cancelled in the operator app' },
        },
      ],
      at,
    );
    this.pending.push({ booking: done.booking, change: 'cancelled' });
  }
}

const isOver = (b: Booking) => ['completed', 'cancelled', 'expired'].includes(b.status);
