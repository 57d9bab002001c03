import { dwellBucket } from '../../src-shared/domain/charts';
import type { JournalEntryView, JournalPayload } from '../../src-shared/journal/event-types';
import type { BookingCount, LocalSlot, RollupStore } from './rollup-store';

/** A payment.taken written before v4 has no tenders: its method was its one tender. */
interface Tender {
  tender: string;
  amountMinor: number;
}

/**
 * What one journal event adds to the rollups. Only the event's own payload and the consumer's
 * memory (open stays, bookings' resources) are read, so the same stream always gives the same
 * rows. `slot` places an instant on the site's wall clock.
 */
export function applyEvent(
  store: RollupStore,
  slot: (t: number) => LocalSlot,
  e: JournalEntryView,
): void {
  const p = e.payload as Record<string, unknown>;
  switch (e.type) {
    case 'session.opened': {
      const o = p as JournalPayload<'session.opened'>;
      store.addZoneHour(o.zoneId, slot(o.entryAt), { arrivals: 1 });
      store.openStay(e.aggregateId, o.zoneId, o.entryAt);
      return;
    }
    case 'session.closed': {
      const c = p as JournalPayload<'session.closed'>;
      const stay = store.endStay(e.aggregateId);
      if (!stay) return;
      const at = slot(c.exitAt);
      store.addZoneHour(stay.zoneId, at, { exits: 1 });
      store.addDwell(stay.zoneId, at.date, dwellBucket(c.exitAt - stay.entryAt));
      return;
    }
    case 'session.deleted': {
      // A record a manager struck out: the car is no longer counted in the lot.
      const stay = store.endStay(e.aggregateId);
      if (stay) store.addZoneHour(stay.zoneId, slot(e.at), { removed: 1 });
      return;
    }
    case 'payment.taken': {
      const t = p as JournalPayload<'payment.taken'> & { tenders?: Tender[] };
      const tenders: Tender[] = t.tenders ?? [{ tender: t.method, amountMinor: t.amountMinor }];
      const date = slot(e.at).date;
      for (const part of tenders) {
        store.addRevenue(date, part.tender, t.currency, { taken: part.amountMinor });
      }
      return;
    }
    case 'fuelPayment.taken': {
      // Fuel counts with parking: the manager reads the station's takings by tender.
      const t = p as JournalPayload<'fuelPayment.taken'>;
      for (const part of t.tenders) {
        store.addRevenue(slot(e.at).date, part.tender, t.currency, { taken: part.amountMinor });
      }
      return;
    }
    case 'payment.fromApp':
    case 'fuelPayment.fromApp': {
      const a = p as JournalPayload<'payment.fromApp'>;
      store.addRevenue(slot(e.at).date, 'app', a.currency, { taken: a.amountMinor });
      return;
    }
    case 'payment.voided':
    case 'payment.refunded': {
      // Money going back counts on the day it went back, against its tender.
      const r = p as JournalPayload<'payment.refunded'>;
      store.addRevenue(slot(e.at).date, r.tender, r.currency, { reversed: r.amountMinor });
      return;
    }
    case 'fuelSale.recorded': {
      const f = p as JournalPayload<'fuelSale.recorded'>;
      store.addPumpSale(f.pump, slot(e.at).hourStart);
      store.addFuel({
        date: slot(e.at).date,
        pump: f.pump,
        gradeId: f.gradeId,
        gradeName: f.gradeName,
        millilitres: f.millilitres,
        amountMinor: f.amountMinor,
      });
      return;
    }
    default:
      if (e.type.startsWith('booking.')) applyBookingEvent(store, slot, e);
  }
}

/** What each booking outcome counts under, on the day the booking was for. */
const OUTCOMES: Partial<Record<string, BookingCount>> = {
  'booking.checkedIn': 'checked_in',
  'booking.noShow': 'no_shows',
  'booking.cancelled': 'cancelled',
  'booking.expired': 'expired',
};

function applyBookingEvent(
  store: RollupStore,
  slot: (t: number) => LocalSlot,
  e: JournalEntryView,
): void {
  if (e.type === 'booking.created') {
    const b = e.payload as JournalPayload<'booking.created'>;
    const memo = { resourceKind: b.resource.kind, resourceId: b.resource.id, startsAt: b.startsAt };
    store.rememberBooking(e.aggregateId, memo);
    const date = slot(b.startsAt).date;
    store.countBooking('booked', date, memo);
    store.addResourceBooking(memo, slot(b.startsAt).hourStart);
    if (b.source === 'walk-in') store.countBooking('walk_ins', date, memo);
    return;
  }
  const memo = store.booking(e.aggregateId);
  if (!memo) return;
  if (e.type === 'booking.rescheduled') {
    // Still booked: its count moves to the new day and resource.
    const r = e.payload as JournalPayload<'booking.rescheduled'>;
    const moved = {
      resourceKind: r.resource.kind,
      resourceId: r.resource.id,
      startsAt: r.startsAt,
    };
    store.countBooking('booked', slot(memo.startsAt).date, memo, -1);
    store.countBooking('booked', slot(moved.startsAt).date, moved);
    store.addResourceBooking(memo, slot(memo.startsAt).hourStart, -1);
    store.addResourceBooking(moved, slot(moved.startsAt).hourStart);
    store.rememberBooking(e.aggregateId, moved);
    return;
  }
  const outcome = OUTCOMES[e.type];
  if (!outcome) return;
  const date = slot(memo.startsAt).date;
  store.countBooking(outcome, date, memo);
  if (e.type === 'booking.expired' && (e.payload as JournalPayload<'booking.expired'>).walkIn) {
    store.countBooking('walk_ins', date, memo);
  }
}
