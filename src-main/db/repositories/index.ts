import type { Clock } from '../../platform/clock';
import type { Db } from '../database';
import { AppPaymentRepository } from './app-payment-repository';
import { BookingRepository } from './booking-repository';
import { CardAttemptRepository } from './card-attempt-repository';
import { CardRefundRepository } from './card-refund-repository';
import { AlertRepository, OperatorRepository, PhotoRepository } from './event-repositories';
import { IdempotencyRepository } from './idempotency-repository';
import { MessageRepository } from './message-repository';
import { PaymentRepository } from './payment-repository';
import { PlateSearch } from './plate-search';
import { PrintJobRepository } from './print-job-repository';
import { QrAttemptRepository } from './qr-attempt-repository';
import { ReferenceDataRepository } from './reference-data-repository';
import { ReversalRepository } from './reversal-repository';
import { SessionRepository } from './session-repository';
import { SettingsRepository } from './settings-repository';
import { ShiftRepository } from './shift-repository';
import { SiteRepository } from './site-repository';
import { SyncRepository } from './sync-repository';

export type Repositories = ReturnType<typeof createRepositories>;

export function createRepositories(db: Db, clock: Clock) {
  const sessions = new SessionRepository(db, clock);
  const referenceData = new ReferenceDataRepository(db);
  return {
    db,
    sessions,
    plateSearch: new PlateSearch(db, sessions),
    payments: new PaymentRepository(db),
    printJobs: new PrintJobRepository(db),
    idempotency: new IdempotencyRepository(db),
    site: new SiteRepository(db),
    settings: new SettingsRepository(db),
    alerts: new AlertRepository(db),
    photos: new PhotoRepository(db),
    operators: new OperatorRepository(db),
    sync: new SyncRepository(db),
    messages: new MessageRepository(db),
    shifts: new ShiftRepository(db),
    reversals: new ReversalRepository(db),
    cardAttempts: new CardAttemptRepository(db),
    cardRefunds: new CardRefundRepository(db),
    qrAttempts: new QrAttemptRepository(db),
    bookings: new BookingRepository(db),
    referenceData,
    appPayments: new AppPaymentRepository(db, referenceData),
  };
}
