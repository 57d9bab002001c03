import {
  normalizePlate,
  refused,
  refusedAs,
  StationError,
  type OperatorView,
} from '../../src-shared';
import type { BookingView, ScheduleView } from '../../src-shared/contract/bookings';
import {
  advance,
  checkCapacity,
  checkIn,
  convertToWalkIn,
  DAY,
  dueNoShows,
  markNoShow,
  noShowAt,
  type Booking,
  type Outcome,
  type ResourceRef,
} from '../../src-shared/domain/bookings';
import { zoneClock } from '../../src-shared/domain/tariff/zone-clock';
import type { BookingBook } from './booking-book';
import { newId } from './ids';

/**
 * The booth's side of bookings: today's schedule, a booking made for a phone or walk-in
 * customer (if the slot has room beside the walk-in capacity the rules keep free), check-in by
 * the cashier's pick, service, cancellation, a late arrival served as a walk-in, and the
 * no-shows, marked once check-in has closed. E-tokens: etoken-check-in.ts; the operator's
 * bookings and plate reads at the lanes: booking-intake.ts.
 */
export class BookingService {
  constructor(private readonly book: BookingBook) {}

  private get d() {
    return this.book.d;
  }

  /** Bookings starting in [from, to) (default: today, local), after marking due no-shows. */
  list(range: { from?: number; to?: number }): ScheduleView {
    this.sweep();
    const now = this.d.clock();
    const clock = zoneClock(this.d.timeZone);
    const wall = clock.wallAt(now);
    const midnightWall = wall - (((wall % DAY) + DAY) % DAY);
    const from = range.from ?? now - (wall - midnightWall);
    const to = range.to ?? from + DAY;
    if (to <= from) throw refused('INVALID_PAYLOAD', 'refusal.rangeBackwards');
    return {
      from,
      to,
      now,
      slotMinutes: this.book.rules.slotMinutes,
      timeZone: this.d.timeZone,
      resources: this.book.site.resources.map(({ id, kind, name, capacity }) => ({
        id,
        kind,
        name,
        capacity,
      })),
      bookings: this.d.bookings.startingBetween(from, to).map((b) => this.book.view(b, now)),
    };
  }

  create(
    req: {
      resource: ResourceRef;
      startsAt: number;
      durationMinutes: number;
      plate: string;
      contact?: string;
      source: 'phone' | 'walk-in';
    },
    operator: OperatorView,
  ): BookingView {
    const plate = normalizePlate(req.plate);
    if (!plate.ok) {
      throw refusedAs('INVALID_PAYLOAD', plate.text).at('plate');
    }
    this.sweep();
    const at = this.d.clock();
    const booking: Booking = {
      id: newId('BK', at),
      source: req.source,
      resource: req.resource,
      startsAt: req.startsAt,
      durationMinutes: req.durationMinutes,
      plate: plate.plate,
      contact: req.contact ? req.contact : null,
      status: 'booked',
      lateUntil: null,
      etokenId: null,
      createdAt: at,
      checkedInAt: null,
      checkedInVia: null,
      serviceStartedAt: null,
      closedAt: null,
      walkIn: false,
    };
    if (noShowAt(booking, this.book.rules) <= at) {
      throw refused('INVALID_PAYLOAD', 'refusal.checkInClosed', {
        time: this.book.label(req.startsAt),
      });
    }
    const history = this.book.noShowsOf(booking.plate, at);
    this.d.transact(() => {
      // Read what holds the slot inside the write's transaction: two consoles can't both take it.
      const around = this.d.bookings.startingBetween(req.startsAt - DAY, req.startsAt + 2 * DAY);
      const fits = checkCapacity(booking, around, this.book.site, this.book.label);
      if (!fits.ok) {
        throw new StationError(fits.reason === 'full' ? 'CONFLICT' : 'NOT_FOUND', fits.message);
      }
      this.book.write(
        booking,
        true,
        [
          {
            type: 'booking.created',
            actor: operator.name,
            payload: {
              source: booking.source,
              resource: booking.resource,
              startsAt: booking.startsAt,
              durationMinutes: booking.durationMinutes,
              plate: booking.plate,
              etokenId: null,
              hasContact: booking.contact !== null,
              noShows: history.count,
              flagged: history.flagged,
            },
          },
        ],
        at,
      );
    });
    this.book.changed(booking, 'created');
    return this.book.view(booking, at);
  }

  /** The cashier picks the booking from the schedule. */
  checkIn(bookingId: string, operator: OperatorView): BookingView {
    this.sweep();
    return this.change(bookingId, operator, 'checked-in', (b, at) => {
      const lateByMs = at - b.startsAt;
      return {
        outcome: checkIn(b, this.book.rules, at, 'pick', this.book.label),
        event: {
          type: 'booking.checkedIn',
          payload: { via: 'pick', laneId: null, tokenId: null, lateByMs },
        },
      };
    });
  }

  startService(bookingId: string, operator: OperatorView): BookingView {
    return this.change(bookingId, operator, 'in-service', (b, at) => ({
      outcome: advance(b, 'in-service', at),
      event: { type: 'booking.serviceStarted', payload: {} },
    }));
  }

  complete(bookingId: string, operator: OperatorView): BookingView {
    return this.change(bookingId, operator, 'completed', (b, at) => ({
      outcome: advance(b, 'completed', at),
      event: { type: 'booking.completed', payload: {} },
    }));
  }

  cancel(bookingId: string, reason: string, operator: OperatorView): BookingView {
    return this.change(bookingId, operator, 'cancelled', (b, at) => ({
      outcome: advance(b, 'cancelled', at),
      event: { type: 'booking.cancelled', payload: { by: 'booth', reason } },
    }));
  }

  /** A customer who came after check-in closed: the booking lapses, served as a walk-in. */
  convertToWalkIn(bookingId: string, reason: string, operator: OperatorView): BookingView {
    this.sweep();
    return this.change(bookingId, operator, 'walk-in', (b, at) => ({
      outcome: convertToWalkIn(b, this.book.rules, at, this.book.label),
      event: {
        type: 'booking.expired',
        payload: { walkIn: true, lateByMs: at - b.startsAt, reason },
      },
    }));
  }

  /**
   * Marks every booking whose check-in closed without the customer a no-show, freeing its
   * slot; each with its event, in one transaction. Runs on a timer and before each decision.
   */
  sweep(): number {
    const at = this.d.clock();
    const due = this.d.transact(() => {
      const missed = dueNoShows(this.d.bookings.booked(), this.book.rules, at);
      for (const b of missed) {
        const gone = markNoShow(b, at);
        this.d.bookings.update(gone);
        const history = this.book.noShowsOf(b.plate, at);
        this.d.journal.append(
          {
            type: 'booking.noShow',
            aggregateId: b.id,
            actor: 'station',
            payload: {
              plate: b.plate,
              closedAt: at,
              noShows: history.count,
              flagged: history.flagged,
            },
          },
          at,
        );
      }
      return missed;
    });
    for (const b of due) this.book.changed(b, 'no-show');
    return due.length;
  }

  /** Loads, decides and writes one booking's change with its event, in one transaction. */
  private change(
    bookingId: string,
    operator: OperatorView,
    change: string,
    decide: (
      b: Booking,
      at: number,
    ) => { outcome: Outcome; event: { type: string; payload: unknown } },
  ): BookingView {
    const at = this.d.clock();
    const next = this.d.transact(() => {
      const b = this.d.bookings.get(bookingId);
      if (!b) throw refused('NOT_FOUND', 'refusal.noBooking', { id: bookingId });
      const { outcome, event } = decide(b, at);
      if (!outcome.ok) throw new StationError('CONFLICT', outcome.refusal.message);
      this.book.write(
        outcome.booking,
        false,
        [{ ...event, actor: operator.name } as Parameters<BookingBook['write']>[2][number]],
        at,
      );
      return outcome.booking;
    });
    this.book.changed(next, change);
    return this.book.view(next, at);
  }
}
