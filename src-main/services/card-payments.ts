import type { OperatorView, PaymentResult } from '../../src-shared';
import { quoteSession, refused, StationError } from '../../src-shared';
import type {
  CardAttempt,
  CardAttemptRepository,
} from '../db/repositories/card-attempt-repository';
import type { SessionRepository } from '../db/repositories/session-repository';
import type { CardOutcome, CardTerminal } from '../devices/terminal/card-terminal';
import type { JournalWriter } from '../journal/journal';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { IdempotentRequest } from './idempotency';
import { newId } from './ids';
import type { PaymentService } from './payment-service';
import type { Transact } from './ports';
import type { ShiftDrawer } from './shift-sales';
import type { SiteCatalog } from './site-catalog';

export interface CardPaymentsDeps {
  payments: Pick<PaymentService, 'replay' | 'quoteToPay' | 'electronicPart' | 'commitAndQueue'>;
  attempts: CardAttemptRepository;
  sessions: SessionRepository;
  drawer: Pick<ShiftDrawer, 'taking'>;
  /** Null: this booth takes no cards. */
  terminal: CardTerminal | null;
  /** card.requested with the attempt, card.answered with each outcome, in their transactions. */
  journal: JournalWriter;
  transact: Transact;
  clock: Clock;
  site: SiteCatalog;
  log: Logger;
}

export interface CardPaymentInput {
  sessionId: string;
  expectedDueMinor: number;
  /** The cash part of a split tender (0: all on the card), and the cash handed over for it. */
  cashMinor: number;
  cashTenderedMinor: number;
}

/**
 * What a card pays for books its own payment: a stay (PaymentService) or a fuel sale
 * (FuelCheckout). The card engine below is the same for both.
 */
export interface CardBooker<R> {
  /** The result of an earlier request with this key, if its payment was booked; else null. */
  replay(request: IdempotentRequest): R | null;
  /** Books an approved attempt as its payment, exactly once: the attempt settles with it. */
  book(attempt: CardAttempt): R;
}

/** What the terminal is to charge, checked by the caller before the attempt is written. */
export type CardCharge = Pick<
  CardAttempt,
  'sessionId' | 'fuelSaleId' | 'cardMinor' | 'cashMinor' | 'cashTenderedMinor' | 'currency'
>;

/**
 * Card and split payments through the semi-integrated terminal. The attempt (everything the
 * payment will need, under a fresh reference) commits before the terminal hears of it; the
 * terminal's approval then commits the payment, which settles the attempt. A timeout, a lost
 * reply or a crash in between leaves an attempt the station asks the terminal about by its
 * reference until it knows (`recover`): an approval becomes exactly one payment, a decline
 * nothing. The cashier is never invited to charge again while a card's fate is unknown.
 */
export class CardPayments {
  private recovering: Promise<void> | null = null;
  private stopped = false;
  /** Sales this process is waiting on: recovery leaves them to their own answer. */
  private readonly inFlight = new Set<string>();
  private readonly stays: CardBooker<PaymentResult> = {
    replay: (request) => this.d.payments.replay(request),
    book: (attempt) => this.bookStay(attempt),
  };
  private fuel: CardBooker<unknown> | null = null;

  constructor(private readonly d: CardPaymentsDeps) {}

  /** A stay's card or split payment. */
  pay(
    input: CardPaymentInput,
    request: IdempotentRequest,
    operator: OperatorView,
  ): Promise<PaymentResult> {
    return this.charge(this.stays, request, operator, () => {
      const { session, quote } = this.d.payments.quoteToPay(
        input.sessionId,
        input.expectedDueMinor,
      );
      // One card (or QR) at a time a stay: quoteToPay refused it if another still open may
      // have paid it already, and nothing awaits between there and the attempt's transaction.
      return {
        sessionId: session.id,
        fuelSaleId: null,
        cardMinor: this.d.payments.electronicPart(quote, input, 'refusal.cardPart'),
        cashMinor: input.cashMinor,
        cashTenderedMinor: input.cashTenderedMinor,
        currency: quote.currency,
      };
    });
  }

  /** The forecourt's fuel sales book their approved cards with this (recovery included). */
  serveFuel(booker: CardBooker<unknown>): void {
    this.fuel = booker;
  }

  /**
   * Charges a card for what `prepare` checked and returns (it throws to refuse, and must hold
   * one card at a time per stay or sale), then books the approval with `booker`. A replay
   * returns the first result; a request whose card is already known is told its fate.
   */
  async charge<R>(
    booker: CardBooker<R>,
    request: IdempotentRequest,
    operator: OperatorView,
    prepare: () => CardCharge,
  ): Promise<R> {
    const replayed = booker.replay(request);
    if (replayed) return replayed;
    const earlier = this.d.attempts.byRequest(request.channel, request.key);
    if (earlier) {
      if (earlier.requestHash !== request.requestHash) {
        throw refused('CONFLICT', 'refusal.requestKeyReused');
      }
      return this.settleKnown(booker, earlier);
    }
    const terminal = this.requireTerminal();
    const charge = prepare();
    // Refused before the card is charged, not after: a card taken with no shift to book it in
    // would leave money the drawer knows nothing of.
    this.d.drawer.taking();
    const at = this.d.clock();
    const reference = newId('C', at);
    this.d.transact(() => {
      this.d.attempts.add({
        reference,
        ...charge,
        operator: operator.name,
        requestChannel: request.channel,
        requestKey: request.key,
        requestHash: request.requestHash,
        createdAt: at,
      });
      this.d.journal.append(
        {
          type: 'card.requested',
          aggregateId: reference,
          actor: operator.name,
          payload: {
            ...(charge.sessionId ? { sessionId: charge.sessionId } : {}),
            ...(charge.fuelSaleId ? { fuelSaleId: charge.fuelSaleId } : {}),
            cardMinor: charge.cardMinor,
            cashMinor: charge.cashMinor,
            currency: charge.currency,
          },
        },
        at,
      );
    });
    this.inFlight.add(reference);
    try {
      const outcome = await terminal.charge({
        amount: charge.cardMinor,
        currency: charge.currency,
        reference,
      });
      this.record(reference, outcome);
    } finally {
      this.inFlight.delete(reference);
    }
    return this.settleKnown(booker, this.d.attempts.get(reference)!);
  }

  /**
   * Asks the terminal about every attempt whose outcome the station does not know, and books
   * each approval not yet booked. Runs at start-up and on a timer; one round at a time.
   */
  recover(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.recovering ??= this.recoverRound()
      .catch((error: unknown) => this.d.log.warn('card recovery', { error: String(error) }))
      .finally(() => {
        this.recovering = null;
      });
    return this.recovering;
  }

  /** No new rounds; waits for the one running (the station closes the database after). */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.recovering;
  }

  private async recoverRound(): Promise<void> {
    for (const attempt of this.d.attempts.unsettled()) {
      if (this.stopped) return;
      if (this.inFlight.has(attempt.reference)) continue;
      try {
        if (attempt.state !== 'approved') {
          if (!this.d.terminal) continue;
          const found = await this.d.terminal.lastTransaction(attempt.reference);
          if (found.kind === 'in-progress' || found.kind === 'unknown') continue;
          if (found.kind === 'not-found') {
            // Only an attempt that may never have left the station: the terminal has no sale
            // under its reference, so nothing was charged.
            this.answered({
              reference: attempt.reference,
              state: 'declined',
              detail: 'the terminal never received the sale',
              at: this.d.clock(),
            });
            continue;
          }
          this.record(attempt.reference, found);
        }
        const now = this.d.attempts.get(attempt.reference)!;
        if (now.state !== 'approved' || now.paymentId !== null) continue;
        const booker = now.fuelSaleId === null ? this.stays : this.fuel;
        // No forecourt on this run (its controller is gone from the config): kept until one is.
        if (!booker) throw new Error('no forecourt to book the fuel sale it paid');
        booker.book(now);
      } catch (error) {
        this.d.log.warn('card attempt not settled yet', {
          reference: attempt.reference,
          error: String(error),
        });
      }
    }
  }

  /** The terminal's final word on an attempt, committed. */
  private record(reference: string, outcome: CardOutcome): void {
    const at = this.d.clock();
    if (outcome.kind === 'approved') {
      this.answered({
        reference,
        state: 'approved',
        detail: 'approved',
        authCode: outcome.authCode,
        cardBrand: outcome.cardBrand,
        maskedPan: outcome.maskedPan,
        at,
      });
    } else if (outcome.kind === 'declined') {
      this.answered({
        reference,
        state: 'declined',
        detail: `${outcome.code} ${outcome.reason}`.trim(),
        at,
      });
    } else if (outcome.kind === 'cancelled') {
      this.answered({ reference, state: 'cancelled', detail: 'cancelled', at });
    } else {
      this.answered({ reference, state: 'unknown', detail: outcome.detail, at });
    }
  }

  /** The terminal's word on an attempt and its journal event, in one transaction. */
  private answered(o: Parameters<CardAttemptRepository['setOutcome']>[0]): void {
    const attempt = this.d.attempts.get(o.reference);
    this.d.transact(() => {
      // False: settled meanwhile (booked, or answered by another round); nothing new to say.
      if (!this.d.attempts.setOutcome(o)) return;
      this.d.journal.append(
        {
          type: 'card.answered',
          aggregateId: o.reference,
          actor: attempt?.operator ?? 'station',
          payload: {
            state: o.state,
            detail: o.detail.slice(0, 300),
            authCode: o.authCode ?? null,
            maskedPan: o.maskedPan ?? null,
          },
        },
        o.at,
      );
    });
  }

  /** What the cashier is told about an attempt whose state is known to the station. */
  private settleKnown<R>(booker: CardBooker<R>, attempt: CardAttempt): R {
    if (attempt.state === 'approved') {
      if (attempt.paymentId === null) return booker.book(attempt);
      const replayed = booker.replay({
        channel: attempt.requestChannel,
        key: attempt.requestKey,
        requestHash: attempt.requestHash,
      });
      if (replayed) return replayed;
      throw new StationError('INTERNAL', 'A recorded card payment is missing.');
    }
    if (attempt.state === 'declined') {
      throw refused('CONFLICT', 'refusal.cardDeclined', { detail: attempt.detail });
    }
    if (attempt.state === 'cancelled') {
      throw refused('CONFLICT', 'refusal.cardCancelled');
    }
    throw refused('DEVICE_FAULT', 'refusal.cardUnknown');
  }

  /**
   * Books an approved attempt as its payment, with the stay's fee as it stood when the card was
   * asked for (what the customer approved), exactly once: the attempt settles with it.
   */
  private bookStay(attempt: CardAttempt): PaymentResult {
    const session = attempt.sessionId && this.d.sessions.get(attempt.sessionId);
    if (!session) throw new StationError('INTERNAL', 'The stay of a card payment is missing.');
    const tariff = this.d.site.tariff(session.tariffId);
    const quote = quoteSession(session, tariff, attempt.createdAt);
    return this.d.payments.commitAndQueue({
      session,
      // What the card and the cash were asked for, even if the stay changed since (a payment
      // made meanwhile at another console): money taken is always booked, never lost.
      quote: { ...quote, dueMinor: attempt.cardMinor + attempt.cashMinor },
      tenderedMinor: attempt.cashTenderedMinor,
      card: {
        reference: attempt.reference,
        amountMinor: attempt.cardMinor,
        cardBrand: attempt.cardBrand,
        maskedPan: attempt.maskedPan,
        authCode: attempt.authCode,
      },
      operator: { name: attempt.operator, role: 'cashier' },
      kind: 'parking',
      request: {
        channel: attempt.requestChannel,
        key: attempt.requestKey,
        requestHash: attempt.requestHash,
      },
    });
  }

  private requireTerminal(): CardTerminal {
    if (!this.d.terminal) throw refused('DEVICE_FAULT', 'refusal.noTerminal');
    return this.d.terminal;
  }
}
