import type {
  OperatorView,
  ParkingSession,
  PaymentResult,
  PrintJobView,
  PrintState,
} from '../../src-shared';
import { formatMoney, isInLot, quoteSession, StationError } from '../../src-shared';
import { formatReceiptNumber } from '../../src-shared/domain/receipt-number';
import type { IdempotencyRepository } from '../db/repositories/idempotency-repository';
import type { PaymentRepository } from '../db/repositories/payment-repository';
import type { SessionRepository } from '../db/repositories/session-repository';
import type { ReceiptDocument } from '../devices/printer/receipt-document';
import type { ReceiptPrinter } from '../devices/printer/receipt-printer';
import type { JournalWriter } from '../journal/journal';
import { earlierPayment, type IdempotentRequest } from './idempotency';
import type { PaymentCommit, PaymentLedger } from './payment-ledger';
import { receiptNumberLine } from './receipt-builder';
import type { Clock } from '../platform/clock';
import type { CustomerDisplay, Publisher, Transact } from './ports';
import type { SiteCatalog } from './site-catalog';

/** Printed under the header of every reprint, so a customer never holds two originals. */
export const COPY_MARK = '*** COPY ***';

export interface PaymentServiceDeps {
  ledger: PaymentLedger;
  sessions: SessionRepository;
  payments: PaymentRepository;
  idempotency: IdempotencyRepository;
  journal: JournalWriter;
  transact: Transact;
  site: SiteCatalog;
  printer: ReceiptPrinter;
  events: Publisher;
  clock: Clock;
  /** The pole display, told after the commit; it never holds up or fails a payment. */
  display?: CustomerDisplay;
}

/**
 * Cash payments. The fee is computed at payment time; the payment, the session update and the
 * receipt are committed in one synchronous=FULL transaction before the cashier is told, and
 * only then does the receipt print. A printer failure never undoes a payment. Every payment
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
    const session = this.d.sessions.get(input.sessionId);
    if (!session) throw new StationError('NOT_FOUND', 'No such parking session.');
    if (!isInLot(session)) throw new StationError('CONFLICT', 'This car is no longer in the lot.');
    const tariff = this.d.site.tariff(session.tariffId);
    const quote = quoteSession(session, tariff, this.d.clock());
    if (quote.dueMinor === 0) throw new StationError('CONFLICT', 'Nothing is due for this car.');
    if (quote.dueMinor !== input.expectedDueMinor) {
      throw new StationError(
        'CONFLICT',
        `The amount due is now ${formatMoney(quote.dueMinor, tariff.currency)}; check it with the customer.`,
      );
    }
    this.checkTendered(input.tenderedMinor, quote.dueMinor, tariff.currency);
    return this.commitAndPrint({
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
    return this.commitAndPrint({
      session,
      quote,
      tenderedMinor: settles.tenderedMinor,
      operator,
      kind: 'lost-ticket',
      request: settles.request,
      lostTicket: { alertId: settles.alertId, openSession: settles.openSession },
    });
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

  /**
   * Reprints a receipt as a COPY, in a job of its own, with the receipt's own number; any failed
   * or interrupted print of it is settled by the reprint. The reason is journaled with it.
   */
  async reprint(
    receiptId: string,
    reason: string,
    operator: OperatorView,
  ): Promise<{ printState: PrintState; detail: string }> {
    const body = this.d.payments.receiptBody(receiptId) as ReceiptDocument | null;
    if (!body) throw new StationError('NOT_FOUND', 'No such receipt.');
    const { payments, journal } = this.d;
    const at = this.d.clock();
    const jobId = this.d.transact(() => {
      const job = payments.queueCopy(receiptId, at);
      payments.settle(receiptId, `reprinted as job ${job}`, false, at);
      journal.append(
        {
          type: 'receipt.reprinted',
          aggregateId: receiptId,
          actor: operator.name,
          payload: { jobId: job, reason },
        },
        at,
      );
      return job;
    });
    // A receipt printed before receipts were numbered was numbered by the migration: its copy
    // shows that number. A later one carries it already.
    const number = payments.receiptNumber(receiptId);
    const numberLine = number && receiptNumberLine(formatReceiptNumber(number.prefix, number.seq));
    const header =
      numberLine && !body.header.includes(numberLine) ? [...body.header, numberLine] : body.header;
    return this.print(receiptId, jobId, { ...body, header: [...header, COPY_MARK] }, true);
  }

  /**
   * At start-up: print jobs still queued were cut off when the station stopped. They are marked
   * interrupted and wait for the cashier (reprint as COPY, or void), never silently queued.
   */
  recoverInterruptedPrints(): number {
    const at = this.d.clock();
    const { payments, journal } = this.d;
    return this.d.transact(() => {
      const cut = payments.interruptQueued(at);
      for (const job of cut) {
        journal.append(
          {
            type: 'receipt.interrupted',
            aggregateId: job.receiptId,
            actor: 'station',
            payload: { jobId: job.jobId },
          },
          at,
        );
      }
      return cut.length;
    });
  }

  printsNeedingAttention(): PrintJobView[] {
    return this.d.payments.needingAttention();
  }

  /** The cashier voids a receipt that never printed (the customer left, or has it already). */
  voidPrint(jobId: number, reason: string, operator: OperatorView): PrintJobView[] {
    const { payments, journal } = this.d;
    const job = payments.job(jobId);
    if (!job || job.settled || (job.state !== 'failed' && job.state !== 'interrupted')) {
      throw new StationError('NOT_FOUND', 'No unprinted receipt with that job number.');
    }
    const at = this.d.clock();
    this.d.transact(() => {
      payments.settle(job.receiptId, `voided by ${operator.name}`, true, at);
      journal.append(
        {
          type: 'receipt.voided',
          aggregateId: job.receiptId,
          actor: operator.name,
          payload: { jobId, reason },
        },
        at,
      );
    });
    return this.printsNeedingAttention();
  }

  private checkTendered(tendered: number, due: number, currency: string): void {
    if (tendered < due) {
      const message = `Cash tendered is less than the ${formatMoney(due, currency)} due.`;
      throw new StationError('INVALID_PAYLOAD', message, [{ path: 'tenderedMinor', message }]);
    }
  }

  private async commitAndPrint(c: PaymentCommit): Promise<PaymentResult> {
    const { payment, session: paid, receipt, jobId } = this.d.ledger.commit(c);
    this.d.events.publish('session:changed', { sessionId: c.session.id, change: 'paid' });
    this.tellCustomer(paid, payment.changeMinor);
    const printed = await this.print(payment.receiptId, jobId, receipt, false);
    return {
      payment,
      session: paid,
      receipt: { id: payment.receiptId, printState: printed.printState, detail: printed.detail },
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

  private async print(
    receiptId: string,
    jobId: number,
    doc: ReceiptDocument,
    copy: boolean,
  ): Promise<{ printState: PrintState; detail: string }> {
    let outcome: { ok: boolean; detail: string };
    try {
      outcome = await this.d.printer.print(doc);
    } catch (err) {
      outcome = { ok: false, detail: String(err) };
    }
    const state = outcome.ok ? 'printed' : 'failed';
    const detail = outcome.detail.slice(0, 500);
    const at = this.d.clock();
    this.d.transact(() => {
      this.d.payments.markPrinted(jobId, state, detail, at);
      this.d.journal.append(
        {
          type: 'receipt.printed',
          aggregateId: receiptId,
          actor: 'station',
          payload: { jobId, copy, state, detail },
        },
        at,
      );
    });
    this.d.events.publish('receipt:printed', { jobId, printState: state });
    return { printState: state, detail: outcome.detail };
  }
}
