import type { OperatorView } from '../../src-shared';
import { refused, StationError } from '../../src-shared';
import type {
  CardRefundAttempt,
  CardRefundRepository,
} from '../db/repositories/card-refund-repository';
import type { ReversiblePayment } from '../db/repositories/reversal-repository';
import type { CardOutcome, CardTerminal } from '../devices/terminal/card-terminal';
import type { JournalWriter } from '../journal/journal';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import { newId } from './ids';
import type { Publisher, Transact } from './ports';
import type { ReversalLedger } from './reversal-ledger';
import type { ShiftDrawer } from './shift-sales';

export interface CardReversalsDeps {
  refunds: CardRefundRepository;
  ledger: Pick<ReversalLedger, 'book' | 'voidRefusal'>;
  /** Looks a payment up again when a recovered approval is booked. */
  payment(paymentId: string): ReversiblePayment;
  drawer: Pick<ShiftDrawer, 'taking'>;
  /** Null: this booth has no card terminal, so no card goes back here. */
  terminal: CardTerminal | null;
  /** card.refundRequested and card.refundAnswered, in their transactions. */
  journal: JournalWriter;
  transact: Transact;
  clock: Clock;
  events: Publisher;
  log: Logger;
}

/** A void or refund with a card part, as the booth decided it (already checked). */
export interface CardReversalRequest {
  kind: 'void' | 'refund';
  payment: ReversiblePayment;
  /** The approved card sale the money goes back against. */
  saleReference: string;
  cardMinor: number;
  /** A split's cash part: out of the drawer once the card part is approved. */
  cashMinor: number;
  reason: string;
  manager: OperatorView;
}

/**
 * Voids and refunds of card payments (and of a split's card part) through the terminal, as
 * card sales are taken: the attempt is committed (with its journal event) before the terminal
 * hears of it, and the reversal (each tender's row, drawer entry and journal event, a void's
 * stay owing again) commits only on the terminal's approval. A timeout, a lost reply or a crash
 * leaves an attempt the station asks the terminal about by its reference (`recover`, at start-up
 * and on a timer) until it knows: an approval is booked exactly once, a decline never. While
 * one is open, no other void or refund of that payment starts: nothing goes back twice.
 */
export class CardReversals {
  private recovering: Promise<void> | null = null;
  private stopped = false;
  /** Refunds this process is waiting on: recovery leaves them to their own answer. */
  private readonly inFlight = new Set<string>();

  constructor(private readonly d: CardReversalsDeps) {}

  get hasTerminal(): boolean {
    return this.d.terminal !== null;
  }

  /**
   * Commits the attempt synchronously (call it in the same tick as the checks that allowed it),
   * then asks the terminal; resolves once the reversal is booked, else rejects saying why.
   */
  async reverse(r: CardReversalRequest): Promise<void> {
    const terminal = this.d.terminal;
    if (!terminal) throw refused('DEVICE_FAULT', 'refusal.noTerminal');
    const at = this.d.clock();
    const reference = newId('CR', at);
    this.d.transact(() => {
      if (this.d.refunds.openForPayment(r.payment.id)) throw stillChecking();
      this.d.refunds.add({
        reference,
        paymentId: r.payment.id,
        kind: r.kind,
        saleReference: r.saleReference,
        cardMinor: r.cardMinor,
        cashMinor: r.cashMinor,
        currency: r.payment.currency,
        reason: r.reason,
        approvedBy: r.manager.name,
        createdAt: at,
      });
      this.d.journal.append(
        {
          type: 'card.refundRequested',
          aggregateId: reference,
          actor: r.manager.name,
          payload: {
            paymentId: r.payment.id,
            kind: r.kind,
            saleReference: r.saleReference,
            cardMinor: r.cardMinor,
            cashMinor: r.cashMinor,
            currency: r.payment.currency,
            reason: r.reason,
          },
        },
        at,
      );
    });
    this.inFlight.add(reference);
    try {
      const outcome = await terminal.refund({
        reference,
        saleReference: r.saleReference,
        amount: r.cardMinor,
        currency: r.payment.currency,
      });
      this.record(reference, outcome);
    } finally {
      this.inFlight.delete(reference);
    }
    const attempt = this.d.refunds.get(reference)!;
    if (attempt.state === 'approved') {
      this.book(attempt);
      return;
    }
    throw refusal(attempt);
  }

  /**
   * Asks the terminal about every refund whose outcome the station does not know, and books
   * each approval not yet booked. Runs at start-up and on a timer; one round at a time.
   */
  recover(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.recovering ??= this.recoverRound()
      .catch((error: unknown) => this.d.log.warn('card refund recovery', { error: String(error) }))
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
    for (const attempt of this.d.refunds.unsettled()) {
      if (this.stopped) return;
      if (this.inFlight.has(attempt.reference)) continue;
      try {
        if (attempt.state !== 'approved') {
          if (!this.d.terminal) continue;
          const found = await this.d.terminal.lastTransaction(attempt.reference);
          if (found.kind === 'in-progress' || found.kind === 'unknown') continue;
          if (found.kind === 'not-found') {
            // The terminal never got the refund: nothing went back to the card.
            this.answered(attempt, {
              state: 'declined',
              detail: 'the terminal never received the refund',
            });
            continue;
          }
          this.record(attempt.reference, found);
        }
        const now = this.d.refunds.get(attempt.reference)!;
        if (now.state === 'approved' && now.bookedAt === null) this.book(now);
      } catch (error) {
        this.d.log.warn('card refund not settled yet', {
          reference: attempt.reference,
          error: String(error),
        });
      }
    }
  }

  /** The terminal's final word on a refund, committed with its journal event. */
  private record(reference: string, outcome: CardOutcome): void {
    const attempt = this.d.refunds.get(reference)!;
    switch (outcome.kind) {
      case 'approved':
        return this.answered(attempt, {
          state: 'approved',
          detail: 'approved',
          authCode: outcome.authCode,
          maskedPan: outcome.maskedPan,
        });
      case 'declined':
        return this.answered(attempt, {
          state: 'declined',
          detail: `${outcome.code} ${outcome.reason}`.trim(),
        });
      case 'cancelled':
        return this.answered(attempt, { state: 'cancelled', detail: 'cancelled' });
      case 'unknown':
        return this.answered(attempt, { state: 'unknown', detail: outcome.detail });
    }
  }

  private answered(
    attempt: CardRefundAttempt,
    o: {
      state: 'approved' | 'declined' | 'cancelled' | 'unknown';
      detail: string;
      authCode?: string;
      maskedPan?: string;
    },
  ): void {
    const at = this.d.clock();
    this.d.transact(() => {
      // False: settled meanwhile (by another round); nothing new to say.
      if (!this.d.refunds.setOutcome({ reference: attempt.reference, ...o, at })) return;
      this.d.journal.append(
        {
          type: 'card.refundAnswered',
          aggregateId: attempt.reference,
          actor: attempt.approvedBy,
          payload: {
            state: o.state,
            detail: o.detail.slice(0, 300),
            authCode: o.authCode ?? null,
            maskedPan: o.maskedPan ?? null,
          },
        },
        at,
      );
    });
  }

  /**
   * Books an approved refund, exactly once (the attempt is marked in the same transaction), in
   * the shift taking money now; with none, it waits for the next round. A void whose stay moved
   * on meanwhile (the car left, a later payment) is booked as a refund of the same amounts: the
   * card was credited either way.
   */
  private book(attempt: CardRefundAttempt): void {
    const payment = this.d.payment(attempt.paymentId);
    const at = this.d.clock();
    let sessionChanged = false;
    this.d.transact(() => {
      if (!this.d.refunds.markBooked(attempt.reference, at)) return;
      const shift = this.d.drawer.taking();
      const kind =
        attempt.kind === 'void' && this.d.ledger.voidRefusal(payment) === null ? 'void' : 'refund';
      ({ sessionChanged } = this.d.ledger.book({
        kind,
        payment,
        cardMinor: attempt.cardMinor,
        cashMinor: attempt.cashMinor,
        cardReference: attempt.reference,
        reason: attempt.reason,
        manager: { name: attempt.approvedBy },
        shift,
        at,
      }));
    });
    if (sessionChanged && payment.sessionId !== null) {
      this.d.events.publish('session:changed', {
        sessionId: payment.sessionId,
        change: 'payment voided',
      });
    }
  }
}

function stillChecking(): StationError {
  return refused('CONFLICT', 'refusal.refundChecking');
}

function refusal(attempt: CardRefundAttempt): StationError {
  switch (attempt.state) {
    case 'declined':
      return refused('CONFLICT', 'refusal.refundDeclined', { detail: attempt.detail });
    case 'cancelled':
      return refused('CONFLICT', 'refusal.refundCancelled');
    default:
      return refused('DEVICE_FAULT', 'refusal.refundUnknown');
  }
}
