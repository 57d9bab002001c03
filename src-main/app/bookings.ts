import type { Repositories } from '../db/repositories';
import type { JournalWriter } from '../journal/journal';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { StationConfig } from '../platform/station-config';
import { BookingBook } from '../services/booking-book';
import { BookingIntake } from '../services/booking-intake';
import { BookingService } from '../services/booking-service';
import { EtokenCheckIn } from '../services/etoken-check-in';
import { EtokenSignatures, type EtokenKeyRecord } from '../services/etoken-signatures';
import type { Publisher, Transact } from '../services/ports';

export interface Bookings {
  service: BookingService;
  tokens: EtokenCheckIn;
  /** The operator's bookings (sync) and plate reads at the lanes. */
  intake: BookingIntake;
  /** Marks no-shows on a timer (and each decision does it first anyway). */
  start(): void;
  stop(): void;
}

/** Bookings and their e-tokens, wired from the station's parts (issue 11). */
export function createBookings(d: {
  repos: Pick<Repositories, 'bookings' | 'referenceData'>;
  journal: JournalWriter;
  transact: Transact;
  clock: Clock;
  events: Publisher;
  config: Pick<StationConfig, 'bookings' | 'tariffs' | 'site'>;
  stationId: string;
  log: Logger;
}): Bookings {
  const book = new BookingBook({
    bookings: d.repos.bookings,
    journal: d.journal,
    transact: d.transact,
    clock: d.clock,
    events: d.events,
    settings: d.config.bookings,
    // The site's clock (site.timeZone; unset, the first tariff's, as everywhere else).
    timeZone: d.config.site.timeZone ?? d.config.tariffs[0]?.timeZone ?? 'UTC',
  });
  const service = new BookingService(book);
  // The operator's public keys, as last pulled: tokens are checked offline against them.
  const signatures = new EtokenSignatures({
    key: (kid) => d.repos.referenceData.get<EtokenKeyRecord>('etokenKey', kid)?.data ?? null,
  });
  let timer: NodeJS.Timeout | null = null;
  return {
    service,
    tokens: new EtokenCheckIn({ book, service, signatures, stationId: d.stationId }),
    intake: new BookingIntake(book, d.log),
    start() {
      timer = setInterval(() => {
        try {
          service.sweep();
        } catch (err) {
          d.log.warn('booking no-show sweep failed', { err: String(err) });
        }
      }, d.config.bookings.sweepSeconds * 1000);
    },
    stop() {
      if (timer) clearInterval(timer);
    },
  };
}
