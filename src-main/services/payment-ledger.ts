import type { OperatorView, ParkingSession, PaymentView, QuoteView } from '../../src-shared';
import { changeFor, StationError } from '../../src-shared';
import type { ReceiptDocument } from '../devices/printer/receipt-document';
import type { IdempotentRequest } from './idempotency';
import { newId } from './ids';
import { buildParkingReceipt } from './receipt-builder';
import type { StationContext } from './station-context';

const MINUTE = 60_000;

export interface PaymentCommit {
  session: ParkingSession;
  quote: QuoteView;
  tenderedMinor: number;
  operator: OperatorView;
  kind: 'parking' | 'lost-ticket';
  request: IdempotentRequest;
  /** The no-entry-record alert this lost-ticket payment settles: resolved in the same commit. */
  alertId?: string;
}

/**
 * The durable half of a payment: the payment row, the session's new state, the receipt with its
 * print job, the request's idempotency key and (for a lost ticket) the alert's resolution commit
 * in one synchronous=FULL transaction, or nothing does. A crash can never leave money taken with
 * its alert still open, or a request that could be charged again.
 */
export class PaymentLedger {
  constructor(private readonly ctx: StationContext) {}

  commit(c: PaymentCommit): {
    payment: PaymentView;
    session: ParkingSession;
    receipt: ReceiptDocument;
    jobId: number;
  } {
    const tariff = this.ctx.tariff(c.session.tariffId);
    const at = c.quote.at;
    const payment: PaymentView = {
      id: newId('Y', at),
      sessionId: c.session.id,
      method: 'cash',
      amountMinor: c.quote.dueMinor,
      tenderedMinor: c.tenderedMinor,
      changeMinor: changeFor(c.quote.dueMinor, c.tenderedMinor),
      at,
      operator: c.operator.name,
      receiptId: newId('R', at),
    };
    const exitBy = at + tariff.exitGraceMinutes * MINUTE;
    const paid: ParkingSession = {
      ...c.session,
      state: 'paid',
      paidMinor: c.session.paidMinor + payment.amountMinor,
      exitBy,
    };
    const receipt = buildParkingReceipt({
      stationName: this.ctx.stationName,
      timeZone: tariff.timeZone,
      session: paid,
      payment,
      quote: c.quote,
      exitBy,
    });
    const { repos } = this.ctx;
    const jobId = repos.db.transaction(() => {
      if (c.alertId !== undefined) {
        if (!repos.alerts.resolve(c.alertId, `lost ticket ${payment.id}`, at)) {
          throw new StationError(
            'CONFLICT',
            'This alert is already resolved; nothing was charged.',
          );
        }
        repos.audit.append(
          {
            actor: c.operator.name,
            action: 'lost-ticket',
            subject: c.alertId,
            reason: 'no entry record',
            detail: { sessionId: paid.id, paymentId: payment.id },
          },
          at,
        );
      }
      // A lost-ticket session is born paid, in the same transaction as its payment.
      if (c.kind === 'lost-ticket') repos.sessions.insert(paid);
      else repos.sessions.update(paid);
      const job = repos.payments.insertWithReceipt(
        { ...payment, kind: c.kind, currency: tariff.currency, alertId: c.alertId ?? null },
        payment.receiptId,
        receipt,
      );
      repos.idempotency.insert({ ...c.request, paymentId: payment.id }, at);
      return job;
    })();
    return { payment, session: paid, receipt, jobId };
  }
}
