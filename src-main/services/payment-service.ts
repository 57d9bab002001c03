import type {
  OperatorView,
  ParkingSession,
  PaymentResult,
  PrintState,
  QuoteView,
} from '../../src-shared';
import { formatMoney, quoteSession, StationError } from '../../src-shared';
import type { ReceiptDocument } from '../devices/printer/receipt-document';
import type { ReceiptPrinter } from '../devices/printer/receipt-printer';
import { PaymentLedger } from './payment-ledger';
import type { StationContext } from './station-context';

/**
 * Cash payments. The fee is computed at payment time; the payment, the session update and the
 * receipt are committed in one synchronous=FULL transaction before the cashier is told, and
 * only then does the receipt print. A printer failure never undoes a payment.
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
    operator: OperatorView,
  ): Promise<PaymentResult> {
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
    return this.commitAndPrint(session, quote, input.tenderedMinor, operator, 'parking');
  }

  /** A car with no entry record pays the lost-ticket fee; a session is opened for it. */
  async payLostTicket(
    base: Omit<ParkingSession, 'state' | 'paidMinor' | 'exitBy' | 'lostTicket'>,
    tenderedMinor: number,
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
    this.checkTendered(tenderedMinor, quote.dueMinor, tariff.currency);
    return this.commitAndPrint(session, quote, tenderedMinor, operator, 'lost-ticket');
  }

  async reprint(receiptId: string): Promise<{ printState: PrintState; detail: string }> {
    const body = this.ctx.repos.payments.receiptBody(receiptId) as ReceiptDocument | null;
    if (!body) throw new StationError('NOT_FOUND', 'No such receipt.');
    return this.print(receiptId, body);
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

  private async commitAndPrint(
    session: ParkingSession,
    quote: QuoteView,
    tenderedMinor: number,
    operator: OperatorView,
    kind: 'parking' | 'lost-ticket',
  ): Promise<PaymentResult> {
    const {
      payment,
      session: paid,
      receipt,
    } = this.ledger.commit({
      session,
      quote,
      tenderedMinor,
      operator,
      kind,
    });
    this.ctx.sessionChanged(session.id, 'paid');
    const printed = await this.print(payment.receiptId, receipt);
    return {
      payment,
      session: paid,
      receipt: { id: payment.receiptId, printState: printed.printState, detail: printed.detail },
    };
  }

  private async print(
    receiptId: string,
    doc: ReceiptDocument,
  ): Promise<{ printState: PrintState; detail: string }> {
    let outcome: { ok: boolean; detail: string };
    try {
      outcome = await this.printer.print(doc);
    } catch (err) {
      outcome = { ok: false, detail: String(err) };
    }
    const printState: PrintState = outcome.ok ? 'printed' : 'failed';
    this.ctx.repos.payments.markPrinted(receiptId, printState, outcome.detail);
    return { printState, detail: outcome.detail };
  }
}
