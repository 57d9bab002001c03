import type { BookingView } from '../../src-shared/contract/bookings';
import {
  checkInWindow,
  endsAt,
  repeatNoShows,
  scheduleState,
  type Booking,
  type BookingSettings,
  type CapacitySite,
} from '../../src-shared/domain/bookings';
import { DAY } from '../../src-shared/domain/bookings';
import { zoneClock } from '../../src-shared/domain/tariff/zone-clock';
import type { JournalDraft } from '../../src-shared/journal/event-types';
import type { BookingRepository } from '../db/repositories/booking-repository';
import type { JournalWriter } from '../journal/journal';
import type { Clock } from '../platform/clock';
import type { Publisher, Transact } from './ports';

export interface BookingBookDeps {
  bookings: BookingRepository;
  journal: JournalWriter;
  transact: Transact;
  clock: Clock;
  events: Publisher;
  settings: BookingSettings;
  /** The site's time zone: walk-in rules and the times told to the cashier are local. */
  timeZone: string;
}

/**
 * What the booking services share: the bookings and their writes, each with its journal
 * events in one transaction and the schedule told afterwards; the site's capacity rules; and
 * a booking as the schedule shows it.
 */
export class BookingBook {
  readonly site: CapacitySite;
  private readonly timeFormat: Intl.DateTimeFormat;

  constructor(readonly d: BookingBookDeps) {
    const clock = zoneClock(d.timeZone);
    this.site = {
      resources: d.settings.resources,
      walkIn: d.settings.walkIn,
      rules: d.settings.rules,
      wallAt: (t) => clock.wallAt(t),
    };
    this.timeFormat = new Intl.DateTimeFormat('en-GB', {
      timeZone: d.timeZone,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
  }

  get rules() {
    return this.d.settings.rules;
  }

  /** A time as the cashier reads it: HH:MM in the site's zone. */
  readonly label = (t: number): string => this.timeFormat.format(t);

  /**
   * Writes the booking (insert when `isNew`) and its events in one transaction; call inside
   * the caller's transaction or alone.
   */
  write(b: Booking, isNew: boolean, events: Omit<JournalDraft, 'aggregateId'>[], at: number) {
    this.d.transact(() => {
      if (isNew) this.d.bookings.insert(b);
      else this.d.bookings.update(b);
      for (const e of events) {
        this.d.journal.append({ ...e, aggregateId: b.id } as JournalDraft, at);
      }
    });
  }

  /** Tells the schedule after the commit. */
  changed(b: Booking, change: string): void {
    this.d.events.publish('bookings:changed', { bookingId: b.id, change });
  }

  noShowsOf(plate: string, now: number) {
    const since = now - this.rules.repeatNoShow.withinDays * DAY;
    return repeatNoShows(this.d.bookings.noShowsSince(plate, since), this.rules, now);
  }

  view(b: Booking, now = this.d.clock()): BookingView {
    const w = checkInWindow(b, this.rules);
    const { count, flagged } = this.noShowsOf(b.plate, now);
    const resource = this.site.resources.find((r) => r.id === b.resource.id);
    return {
      id: b.id,
      source: b.source,
      resource: b.resource,
      resourceName: resource?.name ?? `${b.resource.kind} ${b.resource.id}`,
      startsAt: b.startsAt,
      endsAt: endsAt(b),
      durationMinutes: b.durationMinutes,
      plate: b.plate,
      contact: b.contact,
      status: b.status,
      state: scheduleState(b, this.rules, now),
      opensAt: w.opensAt,
      closesAt: w.closesAt,
      lateUntil: b.lateUntil,
      etokenId: b.etokenId,
      checkedInAt: b.checkedInAt,
      checkedInVia: b.checkedInVia,
      serviceStartedAt: b.serviceStartedAt,
      closedAt: b.closedAt,
      walkIn: b.walkIn,
      noShows: count,
      flagged,
    };
  }
}
