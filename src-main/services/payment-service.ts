import type { OperatorView, ParkingSession, PaymentResult, QuoteView } from '../../src-shared';
import { isInLot, quoteSession, refused, StationError } from '../../src-shared';
import type { IdempotencyRepository } from '../db/repositories/idempotency-repository';
import type { PaymentRepository } from '../db/repositories/payment-repository';
import type { SessionRepository } from '../db/repositories/session-repository';
import { earlierPayment, type IdempotentRequest } from './idempotency';
import type { PaymentCommit, PaymentLedger } from './payment-ledger';
import type { Clock } from '../platform/clock';
import type { CustomerDisplay, Publisher } from './ports';
import type { PrintQueue } from './print-queue';
import type { SiteCatalog } from './site-catalog';
import { electronicPart } from './tenders';

export interface PaymentServiceDeps {
  ledger: PaymentLedger;
  sessions: SessionRepository;
  payments: PaymentRepository;
  idempotency: IdempotencyRepository;
  site: SiteCatalog;
  /** Told that a receipt was queued with a payment; the payment never waits for it to print. */
  printQueue: Pick<PrintQueue, 'drain'>;
  events: Publisher;
  clock: Clock;
  /** The pole display, told after the commit; it never holds up or fails a payment. */
  display?: CustomerDisplay;
}

/**
 * Cash payments. The fee is computed at payment time; the payment, the session update and the
 * receipt with its print job are committed in one synchronous=FULL transaction before the
 * cashier is told. The receipt prints afterwards, from the print queue: the cashier is answered
 * without waiting for the printer, and a printer failure never undoes a payment. Every payment
 * request carries the client's idempotency key: a replay returns the first result, whenever it
 * comes, and never charges again.
 */
export class PaymentService {
  constructor(private readonly d: PaymentServiceDeps) {}

  async payCash(
    input: { sessionId: string; tenderedMinor: number; expectedDueMinor: number },
    request: IdempotentRequest,
    operator: OperatorView,
  ): Promise<PaymentResult> {
    const replayed = this.replay(request);
    if (replayed) return replayed;
    const { session, quote } = this.quoteToPay(input.sessionId, input.expectedDueMinor);
    this.checkTendered(input.tenderedMinor, quote.dueMinor, quote.currency);
    return this.commitAndQueue({
      session,
      quote,
      tenderedMinor: input.tenderedMinor,
      operator,
      kind: 'parking',
      request,
    });
  }

  /**
   * A car with no entry record pays the lost-ticket fee. Its new session (written by
   * `openSession`) and the alert's resolution commit with the payment.
   */
  async payLostTicket(
    session: ParkingSession,
    settles: {
      alertId: string;
      tenderedMinor: number;
      request: IdempotentRequest;
      openSession: (at: number) => void;
    },
    operator: OperatorView,
  ): Promise<PaymentResult> {
    const tariff = this.d.site.tariff(session.tariffId);
    const quote = quoteSession(session, tariff, this.d.clock());
    this.checkTendered(settles.tenderedMinor, quote.dueMinor, tariff.currency);
    return this.commitAndQueue({
      session,
      quote,
      tenderedMinor: settles.tenderedMinor,
      operator,
      kind: 'lost-ticket',
      request: settles.request,
      lostTicket: { alertId: settles.alertId, openSession: settles.openSession },
    });
  }

  /**
   * The stay and what it owes now, checked against the due the cashier saw: a different due is
   * a conflict to show the customer, never a silent charge.
   */
  quoteToPay(
    sessionId: string,
    expectedDueMinor: number,
  ): { session: ParkingSession; quote: QuoteView } {
    const session = this.d.sessions.get(sessionId);
    if (!session) throw refused('NOT_FOUND', 'refusal.noSuchSession');
    if (!isInLot(session)) throw refused('CONFLICT', 'refusal.notInLot');
    const tariff = this.d.site.tariff(session.tariffId);
    const quote = quoteSession(session, tariff, this.d.clock());
    if (quote.dueMinor === 0) throw refused('CONFLICT', 'refusal.nothingDue');
    // A card or QR payment still open for the stay may pay it: nothing else may meanwhile.
    this.d.ledger.checkNothingOpen(session.id);
    if (quote.dueMinor !== expectedDueMinor) {
      const amount = this.d.site.format.money(quote.dueMinor, tariff.currency);
      throw refused('CONFLICT', 'refusal.dueChanged', { amount });
    }
    return { session, quote };
  }

  /** The other tender's part of a card or QR payment, its cash part checked (tenders.ts). */
  electronicPart(
    quote: QuoteView,
    cash: { cashMinor: number; cashTenderedMinor: number },
    refusalKey: 'refusal.cardPart' | 'refusal.qrPart',
  ): number {
    return electronicPart(quote, cash, refusalKey, this.d.site.format);
  }

  /** The result of an earlier request with the same key, as things stand now; null if new. */
  replay(request: IdempotentRequest): PaymentResult | null {
    const paymentId = earlierPayment(this.d.idempotency, request);
    if (!paymentId) return null;
    const payment = this.d.payments.view(paymentId);
    const session = payment && this.d.sessions.get(payment.sessionId);
    if (!payment || !session) throw new StationError('INTERNAL', 'A recorded payment is missing.');
    return {
      payment,
      session,
      receipt: { id: payment.receiptId, ...this.d.payments.receiptState(payment.receiptId) },
    };
  }

  private checkTendered(tendered: number, due: number, currency: string): void {
    if (tendered < due) {
      const amount = this.d.site.format.money(due, currency);
      throw refused('INVALID_PAYLOAD', 'refusal.cashShort', { due: amount }).at('tenderedMinor');
    }
  }

  /**
   * Commits a payment (see PaymentLedger) and tells the lanes, the customer's display and the
   * print queue; the answer never waits for the printer.
   */
  commitAndQueue(c: PaymentCommit): PaymentResult {
    const { payment, session: paid } = this.d.ledger.commit(c);
    this.d.events.publish('session:changed', { sessionId: c.session.id, change: 'paid' });
    this.tellCustomer(paid, payment.changeMinor);
    // The job committed with the payment; the queue prints it when the printer can.
    void this.d.printQueue.drain();
    return {
      payment,
      session: paid,
      receipt: { id: payment.receiptId, printState: 'queued', detail: 'queued for printing' },
    };
  }

  private tellCustomer(paid: ParkingSession, changeMinor: number): void {
    if (!this.d.display || paid.exitBy === null) return;
    try {
      const tariff = this.d.site.tariff(paid.tariffId);
      this.d.display.paid({
        changeMinor,
        currency: tariff.currency,
        exitBy: paid.exitBy,
        timeZone: tariff.timeZone,
      });
    } catch {
      // The customer's display is a courtesy: the payment stands whatever happens to it.
    }
  }
}
