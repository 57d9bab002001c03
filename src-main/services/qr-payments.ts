import type { OperatorView, PaymentResult, QrPaymentView } from '../../src-shared';
import { quoteSession, refused, StationError } from '../../src-shared';
import type { QrAttempt, QrAttemptRepository } from '../db/repositories/qr-attempt-repository';
import type { SessionRepository } from '../db/repositories/session-repository';
import type { ReceiptPrinter } from '../devices/printer/receipt-printer';
import type { JournalWriter } from '../journal/journal';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { IdempotentRequest } from './idempotency';
import { newId } from './ids';
import { qrPaymentView, qrSlip } from './qr-payment-view';
import type { PaymentService } from './payment-service';
import type { Publisher, QrAnswer, QrGateway, RemoteQrPayment, Transact } from './ports';
import type { ShiftDrawer } from './shift-sales';
import type { SiteCatalog } from './site-catalog';

export interface QrPaymentsDeps {
  payments: Pick<PaymentService, 'replay' | 'quoteToPay' | 'electronicPart' | 'commitAndQueue'>;
  attempts: QrAttemptRepository;
  sessions: SessionRepository;
  drawer: Pick<ShiftDrawer, 'taking'>;
  /** Null: no operator server is configured, so this booth takes no QR payments. */
  gateway: QrGateway | null;
  /** qr.requested with the attempt, qr.answered with each answer, in their transactions. */
  journal: JournalWriter;
  transact: Transact;
  events: Publisher;
  clock: Clock;
  site: SiteCatalog;
  log: Logger;
  /** Prints the QR slip when asked; null: no printer. */
  printer: Pick<ReceiptPrinter, 'print'> | null;
  /** How long the customer has to pay (station config payments.qrValidSeconds). */
  validForMs: number;
}

export interface QrPaymentInput {
  sessionId: string;
  expectedDueMinor: number;
  /** The cash part of a split tender (0: all by QR), and the cash handed over for it. */
  cashMinor: number;
  cashTenderedMinor: number;
}

/**
 * QR payments: the customer scans a code on the cashier's screen (or on a printed slip) and
 * pays in the operator's app. The attempt commits before the operator is asked for the payment;
 * the operator's link is shown only once it is committed as shown, so a payment the customer
 * can make is always one the station keeps asking about (`watch`, at start-up and on a timer)
 * until the operator says paid (booked as exactly one payment), cancelled or expired. An
 * attempt that was never shown can never be paid (only its link pays it): a crash or a lost
 * answer before then just fails it. While an attempt is open the stay takes no other payment.
 */
export class QrPayments {
  private watching: Promise<void> | null = null;
  private stopped = false;
  /** Attempts a request of this process is waiting on: the watcher leaves them alone. */
  private readonly inFlight = new Set<string>();
  /** Paid attempts that could not be booked yet, already logged (the watcher retries). */
  private readonly warned = new Set<string>();

  constructor(private readonly d: QrPaymentsDeps) {}

  async start(
    input: QrPaymentInput,
    request: IdempotentRequest,
    operator: OperatorView,
  ): Promise<QrPaymentView> {
    const replayed = this.d.payments.replay(request);
    const earlier = this.d.attempts.byRequest(request.channel, request.key);
    if (earlier) {
      if (earlier.requestHash !== request.requestHash) {
        throw refused('CONFLICT', 'refusal.requestKeyReused');
      }
      return this.view(earlier, replayed);
    }
    if (replayed) throw refused('CONFLICT', 'refusal.requestKeyUsed');
    const gateway = this.requireGateway();
    const { session, quote } = this.d.payments.quoteToPay(input.sessionId, input.expectedDueMinor);
    const qrMinor = this.d.payments.electronicPart(quote, input, 'refusal.qrPart');
    // Refused before the customer is asked to pay, not after: money with no shift to book it in.
    this.d.drawer.taking();
    const at = this.d.clock();
    const reference = newId('Q', at);
    const expiresAt = at + this.d.validForMs;
    // One card or QR at a time a stay: quoteToPay refused it above if another is still open,
    // and nothing awaits between there and this transaction.
    this.d.transact(() => {
      this.d.attempts.add({
        reference,
        sessionId: session.id,
        qrMinor,
        cashMinor: input.cashMinor,
        cashTenderedMinor: input.cashTenderedMinor,
        currency: quote.currency,
        operator: operator.name,
        requestChannel: request.channel,
        requestKey: request.key,
        requestHash: request.requestHash,
        expiresAt,
        createdAt: at,
      });
      this.d.journal.append(
        {
          type: 'qr.requested',
          aggregateId: reference,
          actor: operator.name,
          payload: {
            sessionId: session.id,
            qrMinor,
            cashMinor: input.cashMinor,
            currency: quote.currency,
            expiresAt,
          },
        },
        at,
      );
    });
    this.inFlight.add(reference);
    try {
      const answer = await gateway.create({
        reference,
        amountMinor: qrMinor,
        currency: quote.currency,
        expiresAt,
        description: `Parking ${session.plate}`,
      });
      this.afterCreate(reference, answer);
    } finally {
      this.inFlight.delete(reference);
    }
    const attempt = this.d.attempts.get(reference)!;
    if (attempt.state === 'failed') {
      throw refused('DEVICE_FAULT', 'refusal.qrFailed', { detail: attempt.detail });
    }
    return this.view(attempt, null);
  }

  /** The cashier withdraws the QR: the operator decides against a payment made at that moment. */
  async cancel(reference: string): Promise<QrPaymentView> {
    const attempt = this.require(reference);
    if (attempt.state !== 'shown') return this.view(attempt, this.bookedResult(attempt));
    const answer = await this.requireGateway().cancel(reference);
    if (answer.kind === 'no-answer') {
      throw refused('DEVICE_FAULT', 'refusal.qrNoAnswer');
    }
    this.apply(this.require(reference), answer);
    return this.status(reference);
  }

  /**
   * The QR on paper, for a customer who can't scan the screen: the slip carries the same link.
   * Printed directly, not through the receipt queue: it is worth nothing once the payment is
   * settled, so it is never kept to print later.
   */
  async print(reference: string): Promise<{ printed: boolean; detail: string }> {
    const attempt = this.require(reference);
    if (attempt.state !== 'shown' || !attempt.payUrl) {
      throw refused('CONFLICT', 'refusal.qrNotWaiting');
    }
    if (!this.d.printer) throw refused('DEVICE_FAULT', 'refusal.noPrinter');
    const session = this.d.sessions.get(attempt.sessionId);
    try {
      const result = await this.d.printer.print(
        qrSlip(attempt, session?.plate ?? '', this.d.site.stationName, this.d.site.paper),
      );
      return { printed: result.ok, detail: result.detail };
    } catch (error) {
      return { printed: false, detail: (error as Error).message };
    }
  }

  /** The attempt as it stands, with its payment when it became one. */
  async status(reference: string): Promise<QrPaymentView> {
    const attempt = this.require(reference);
    return this.view(attempt, this.bookedResult(attempt));
  }

  /** The stay's open QR payment, if any (a console coming back to a payment in progress). */
  async openFor(sessionId: string): Promise<QrPaymentView | null> {
    const [reference] = this.d.attempts.openForSession(sessionId);
    return reference ? this.status(reference) : null;
  }

  /**
   * Asks the operator about every attempt not settled yet and books each payment not yet
   * booked. Runs at start-up and on a timer; one round at a time.
   */
  watch(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.watching ??= this.watchRound()
      .catch((error: unknown) => this.d.log.warn('qr payments', { error: String(error) }))
      .finally(() => {
        this.watching = null;
      });
    return this.watching;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.watching;
  }

  private async watchRound(): Promise<void> {
    for (const attempt of this.d.attempts.unsettled()) {
      if (this.stopped) return;
      if (this.inFlight.has(attempt.reference)) continue;
      if (attempt.state === 'creating') {
        // The station stopped before the link could be shown: nobody can pay it. Withdrawn at
        // the operator too when it can be (it expires there by itself otherwise).
        this.answered(attempt.reference, 'failed', 'the station stopped before showing the QR');
        void this.d.gateway?.cancel(attempt.reference).catch(() => undefined);
        continue;
      }
      if (attempt.state === 'shown') {
        this.inFlight.add(attempt.reference);
        try {
          this.apply(attempt, await this.d.gateway!.get(attempt.reference));
        } finally {
          this.inFlight.delete(attempt.reference);
        }
      }
      const now = this.d.attempts.get(attempt.reference)!;
      if (now.state === 'paid' && now.paymentId === null) this.tryBook(now);
    }
  }

  /** The operator's answer to the create request. */
  private afterCreate(reference: string, answer: QrAnswer): void {
    if (answer.kind === 'payment' && answer.payment.status === 'pending') {
      this.d.transact(() => {
        if (
          !this.d.attempts.setShown({
            reference,
            payUrl: answer.payment.payUrl,
            expiresAt: answer.payment.expiresAt,
            at: this.d.clock(),
          })
        ) {
          return;
        }
        this.append(reference, 'shown', answer.payment.payUrl);
      });
      this.publish(reference);
      return;
    }
    const why =
      answer.kind === 'refused'
        ? `the operator refused it (${answer.detail})`
        : answer.kind === 'no-answer'
          ? `the operator's service did not answer (${answer.why})`
          : 'the operator answered with a payment that cannot be paid';
    this.answered(reference, 'failed', why);
    // The link never reached the screen, so nobody can pay it; tidy up at the operator.
    void this.d.gateway?.cancel(reference).catch(() => undefined);
  }

  /** What the operator says of a shown attempt, committed; a payment is booked at once. */
  private apply(attempt: QrAttempt, answer: QrAnswer): void {
    if (answer.kind === 'no-answer') return; // asked again next round
    if (answer.kind === 'not-found' || answer.kind === 'refused') {
      this.answered(attempt.reference, 'failed', 'the operator no longer knows this payment');
      return;
    }
    const p: RemoteQrPayment = answer.payment;
    if (p.status === 'pending') return;
    if (p.status === 'paid') {
      this.answered(attempt.reference, 'paid', 'paid in the app', p.paidAt);
      this.tryBook(this.d.attempts.get(attempt.reference)!);
      return;
    }
    this.answered(
      attempt.reference,
      p.status,
      p.status === 'expired' ? 'expired unpaid' : 'withdrawn',
    );
  }

  /** The attempt's new state and its journal event, in one transaction; then the consoles hear. */
  private answered(
    reference: string,
    state: 'paid' | 'cancelled' | 'expired' | 'failed',
    detail: string,
    paidAt: number | null = null,
  ): void {
    const at = this.d.clock();
    this.d.transact(() => {
      if (!this.d.attempts.setOutcome({ reference, state, detail, paidAt, at })) return;
      this.append(reference, state, detail);
    });
    if (state !== 'paid') this.publish(reference);
  }

  private append(
    reference: string,
    state: 'shown' | 'paid' | 'cancelled' | 'expired' | 'failed',
    detail: string,
  ): void {
    const attempt = this.d.attempts.get(reference);
    this.d.journal.append(
      {
        type: 'qr.answered',
        aggregateId: reference,
        actor: attempt?.operator ?? 'station',
        payload: { state, detail: detail.slice(0, 300) },
      },
      this.d.clock(),
    );
  }

  /** Books a paid attempt, or leaves it for the next round (say, no shift is taking money). */
  private tryBook(attempt: QrAttempt): void {
    try {
      this.book(attempt);
      this.warned.delete(attempt.reference);
    } catch (error) {
      if (!this.warned.has(attempt.reference)) {
        this.warned.add(attempt.reference);
        this.d.log.warn('a paid QR payment is not booked yet', {
          reference: attempt.reference,
          error: String(error),
        });
      }
    }
    this.publish(attempt.reference);
  }

  /**
   * Books a paid attempt as its payment, with the fee as it stood when the QR was shown (what
   * the customer paid), exactly once: the attempt settles with it.
   */
  private book(attempt: QrAttempt): PaymentResult {
    const session = this.d.sessions.get(attempt.sessionId);
    if (!session) throw new StationError('INTERNAL', 'The stay of a QR payment is missing.');
    const quote = quoteSession(session, this.d.site.tariff(session.tariffId), attempt.createdAt);
    return this.d.payments.commitAndQueue({
      session,
      // Money taken is always booked, whatever happened to the stay since.
      quote: { ...quote, dueMinor: attempt.qrMinor + attempt.cashMinor },
      tenderedMinor: attempt.cashTenderedMinor,
      qr: { reference: attempt.reference, amountMinor: attempt.qrMinor },
      operator: { name: attempt.operator, role: 'cashier' },
      kind: 'parking',
      request: {
        channel: attempt.requestChannel,
        key: attempt.requestKey,
        requestHash: attempt.requestHash,
      },
    });
  }

  private bookedResult(attempt: QrAttempt): PaymentResult | null {
    if (attempt.paymentId === null) return null;
    return this.d.payments.replay({
      channel: attempt.requestChannel,
      key: attempt.requestKey,
      requestHash: attempt.requestHash,
    });
  }

  private publish(reference: string): void {
    const attempt = this.d.attempts.get(reference);
    if (!attempt) return;
    void this.view(attempt, this.bookedResult(attempt))
      .then((view) => this.d.events.publish('qr:changed', view))
      .catch((error: unknown) => this.d.log.warn('qr view', { error: String(error) }));
  }

  private view(attempt: QrAttempt, result: PaymentResult | null): Promise<QrPaymentView> {
    return qrPaymentView(attempt, result);
  }

  private require(reference: string): QrAttempt {
    const attempt = this.d.attempts.get(reference);
    if (!attempt) throw refused('NOT_FOUND', 'refusal.noSuchQr');
    return attempt;
  }

  private requireGateway(): QrGateway {
    if (!this.d.gateway) {
      throw refused('DEVICE_FAULT', 'refusal.noQrService');
    }
    return this.d.gateway;
  }
}
