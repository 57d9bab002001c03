import type {
  OperatorView,
  ParkingSession,
  PaymentResult,
  PrintJobView,
  PrintState,
} from '../../src-shared';
import { formatMoney, quoteSession, StationError } from '../../src-shared';
import type { ReceiptDocument } from '../devices/printer/receipt-document';
import type { ReceiptPrinter } from '../devices/printer/receipt-printer';
import { earlierPayment, type IdempotentRequest } from './idempotency';
import { PaymentLedger } from './payment-ledger';
import type { StationContext } from './station-context';

/** Printed under the header of every reprint, so a customer never holds two originals. */
export const COPY_MARK = '*** COPY ***';

/**
 * Cash payments. The fee is computed at payment time; the payment, the session update and the
 * receipt are committed in one synchronous=FULL transaction before the cashier is told, and
 * only then does the receipt print. A printer failure never undoes a payment. Every payment
 * request carries the client's idempotency key: a replay returns the first result, whenever it
 * comes, and never charges again.
 */
export class PaymentService {
  private readonly ledger: PaymentLedger;

  constructor(
    private readonly ctx: StationContext,
    private readonly printer: ReceiptPrinter,
  ) {
    this.ledger = new PaymentLedger(ctx);
  }

  async payCash(
    input: { sessionId: string; tenderedMinor: number; expectedDueMinor: number },
    request: IdempotentRequest,
    operator: OperatorView,
  ): Promise<PaymentResult> {
    const replayed = this.replay(request);
    if (replayed) return replayed;
    const session = this.inLot(input.sessionId);
    const tariff = this.ctx.tariff(session.tariffId);
    const quote = quoteSession(session, tariff, this.ctx.now());
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
   * A car with no entry record pays the lost-ticket fee; a session is opened for it, and the
   * alert that asked for it is resolved in the same commit as the payment.
   */
  async payLostTicket(
    base: Omit<ParkingSession, 'state' | 'paidMinor' | 'exitBy' | 'lostTicket'>,
    settles: { alertId: string; tenderedMinor: number; request: IdempotentRequest },
    operator: OperatorView,
  ): Promise<PaymentResult> {
    const tariff = this.ctx.tariff(base.tariffId);
    const session: ParkingSession = {
      ...base,
      state: 'open',
      paidMinor: 0,
      exitBy: null,
      lostTicket: true,
    };
    const quote = quoteSession(session, tariff, this.ctx.now());
    this.checkTendered(settles.tenderedMinor, quote.dueMinor, tariff.currency);
    return this.commitAndPrint({
      session,
      quote,
      tenderedMinor: settles.tenderedMinor,
      operator,
      kind: 'lost-ticket',
      request: settles.request,
      alertId: settles.alertId,
    });
  }

  /** The result of an earlier request with the same key, as things stand now; null if new. */
  replay(request: IdempotentRequest): PaymentResult | null {
    const paymentId = earlierPayment(this.ctx.repos.idempotency, request);
    if (!paymentId) return null;
    const { repos } = this.ctx;
    const payment = repos.payments.view(paymentId);
    const session = payment && repos.sessions.get(payment.sessionId);
    if (!payment || !session) throw new StationError('INTERNAL', 'A recorded payment is missing.');
    return {
      payment,
      session,
      receipt: { id: payment.receiptId, ...repos.payments.receiptState(payment.receiptId) },
    };
  }

  /** Reprints a receipt as a COPY, in a job of its own; any failed original is settled by it. */
  async reprint(receiptId: string): Promise<{ printState: PrintState; detail: string }> {
    const body = this.ctx.repos.payments.receiptBody(receiptId) as ReceiptDocument | null;
    if (!body) throw new StationError('NOT_FOUND', 'No such receipt.');
    const { payments } = this.ctx.repos;
    const at = this.ctx.now();
    const jobId = this.ctx.repos.db.transaction(() => {
      const job = payments.queueCopy(receiptId, at);
      payments.settle(receiptId, `reprinted as job ${job}`, false, at);
      return job;
    })();
    return this.print(jobId, { ...body, header: [...body.header, COPY_MARK] });
  }

  /**
   * At start-up: print jobs still queued were cut off when the station stopped. They are marked
   * interrupted and wait for the cashier (reprint as COPY, or void), never silently queued.
   */
  recoverInterruptedPrints(): number {
    return this.ctx.repos.payments.interruptQueued(this.ctx.now());
  }

  printsNeedingAttention(): PrintJobView[] {
    return this.ctx.repos.payments.needingAttention();
  }

  /** The cashier voids a receipt that never printed (the customer left, or has it already). */
  voidPrint(jobId: number, reason: string, operator: OperatorView): PrintJobView[] {
    const { repos } = this.ctx;
    const job = repos.payments.job(jobId);
    if (!job || job.settled || (job.state !== 'failed' && job.state !== 'interrupted')) {
      throw new StationError('NOT_FOUND', 'No unprinted receipt with that job number.');
    }
    const at = this.ctx.now();
    repos.db.transaction(() => {
      repos.payments.settle(job.receiptId, `voided by ${operator.name}`, true, at);
      repos.audit.append(
        {
          actor: operator.name,
          action: 'receipt-void',
          subject: job.receiptId,
          reason,
          detail: { jobId },
        },
        at,
      );
    })();
    return this.printsNeedingAttention();
  }

  private inLot(sessionId: string): ParkingSession {
    const session = this.ctx.repos.sessions.get(sessionId);
    if (!session) throw new StationError('NOT_FOUND', 'No such parking session.');
    if (session.state !== 'open' && session.state !== 'paid') {
      throw new StationError('CONFLICT', 'This car is no longer in the lot.');
    }
    return session;
  }

  private checkTendered(tendered: number, due: number, currency: string): void {
    if (tendered < due) {
      const message = `Cash tendered is less than the ${formatMoney(due, currency)} due.`;
      throw new StationError('INVALID_PAYLOAD', message, [{ path: 'tenderedMinor', message }]);
    }
  }

  private async commitAndPrint(c: Parameters<PaymentLedger['commit']>[0]): Promise<PaymentResult> {
    const { payment, session: paid, receipt, jobId } = this.ledger.commit(c);
    this.ctx.sessionChanged(c.session.id, 'paid');
    const printed = await this.print(jobId, receipt);
    return {
      payment,
      session: paid,
      receipt: { id: payment.receiptId, printState: printed.printState, detail: printed.detail },
    };
  }

  private async print(
    jobId: number,
    doc: ReceiptDocument,
  ): Promise<{ printState: PrintState; detail: string }> {
    let outcome: { ok: boolean; detail: string };
    try {
      outcome = await this.printer.print(doc);
    } catch (err) {
      outcome = { ok: false, detail: String(err) };
    }
    const printState: PrintState = outcome.ok ? 'printed' : 'failed';
    this.ctx.repos.payments.markPrinted(jobId, printState, outcome.detail, this.ctx.now());
    this.ctx.events.publish('receipt:printed', { jobId, printState });
    return { printState, detail: outcome.detail };
  }
}
