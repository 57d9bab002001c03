import type { OperatorView, ParkingSession, PaymentView, QuoteView } from '../../src-shared';
import { changeFor } from '../../src-shared';
import type { ReceiptDocument } from '../devices/printer/receipt-document';
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
}

/**
 * The durable half of a payment: the payment row, the session's new state and the receipt
 * (with its print job) commit in one synchronous=FULL transaction, or nothing does.
 */
export class PaymentLedger {
  constructor(private readonly ctx: StationContext) {}

  commit(c: PaymentCommit): {
    payment: PaymentView;
    session: ParkingSession;
    receipt: ReceiptDocument;
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
    repos.db.transaction(() => {
      // A lost-ticket session is born paid, in the same transaction as its payment.
      if (c.kind === 'lost-ticket') repos.sessions.insert(paid);
      else repos.sessions.update(paid);
      repos.payments.insertWithReceipt(
        { ...payment, kind: c.kind, currency: tariff.currency },
        payment.receiptId,
        receipt,
      );
    })();
    return { payment, session: paid, receipt };
  }
}
