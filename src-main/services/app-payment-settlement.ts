import type { AppPayment, AppPaymentCover, ParkingSession, QuoteView } from '../../src-shared';
import { appPaymentCover, exitByAfterPayment, refused } from '../../src-shared';
import type { PaymentRepository } from '../db/repositories/payment-repository';
import type { SessionRepository } from '../db/repositories/session-repository';
import type { JournalWriter } from '../journal/journal';
import { newId } from './ids';
import type { Transact } from './ports';
import type { SiteCatalog } from './site-catalog';

/** Payments made in the operator's app, as pulled, and which of them settled a stay. */
export interface AppPayments {
  /** The plate's app payments that settled no stay yet. */
  unusedFor(plate: string): AppPayment[];
  /** False when it already settled a stay; call inside the payment's transaction. */
  markUsed(
    appPaymentId: string,
    use: { paymentId: string; sessionId: string },
    at: number,
  ): boolean;
}

export interface AppPaymentSettlementDeps {
  appPayments: AppPayments;
  sessions: Pick<SessionRepository, 'update'>;
  payments: Pick<PaymentRepository, 'insertWithoutReceipt'>;
  journal: JournalWriter;
  transact: Transact;
  site: Pick<SiteCatalog, 'tariff'>;
  /** Whether a card or QR payment for the stay is still open at the booth. */
  paymentInProgress?: (sessionId: string) => boolean;
}

export type AppSettlement =
  | { kind: 'settled'; session: ParkingSession; payment: AppPayment; paymentId: string }
  | Exclude<AppPaymentCover, { kind: 'covers' }>;

/**
 * Settles a stay with a payment made in the operator's app, as a cash payment would: the
 * station's payment (method 'app', for what is due), the stay's new state (paid, with its exit
 * window), the app payment marked used and the journal event commit in one transaction. Which
 * app payment settles what is the domain's rule (appPaymentCover).
 */
export class AppPaymentSettlement {
  constructor(private readonly d: AppPaymentSettlementDeps) {}

  settle(session: ParkingSession, quote: QuoteView, actor: string): AppSettlement {
    // A card or QR payment at the booth may be paying this stay right now: the app payment
    // waits (the lane says "not paid") rather than the stay being paid twice.
    if (this.d.paymentInProgress?.(session.id)) return { kind: 'none' };
    const cover = appPaymentCover(this.d.appPayments.unusedFor(session.plate), quote, quote.at);
    if (cover.kind !== 'covers') return cover;
    const tariff = this.d.site.tariff(session.tariffId);
    const at = quote.at;
    const paymentId = newId('Y', at);
    const paid: ParkingSession = {
      ...session,
      state: 'paid',
      paidMinor: session.paidMinor + cover.amountMinor,
      exitBy: exitByAfterPayment(tariff, at),
    };
    const { appPayments, sessions, payments, journal } = this.d;
    this.d.transact(() => {
      sessions.update(paid);
      payments.insertWithoutReceipt({
        id: paymentId,
        sessionId: session.id,
        kind: 'parking',
        method: 'app',
        amountMinor: cover.amountMinor,
        tenderedMinor: cover.amountMinor,
        changeMinor: 0,
        currency: tariff.currency,
        at,
        operator: actor,
        alertId: null,
      });
      if (!appPayments.markUsed(cover.payment.id, { paymentId, sessionId: session.id }, at)) {
        throw refused('CONFLICT', 'refusal.appSettledOther');
      }
      journal.append(
        {
          type: 'payment.fromApp',
          aggregateId: paymentId,
          actor,
          payload: {
            sessionId: session.id,
            appPaymentId: cover.payment.id,
            reference: cover.payment.reference,
            amountMinor: cover.amountMinor,
            appAmountMinor: cover.payment.amountMinor,
            currency: tariff.currency,
          },
        },
        at,
      );
    });
    return { kind: 'settled', session: paid, payment: cover.payment, paymentId };
  }
}
