import type { OperatorView, ParkingSession, PaymentResult, PaymentView } from '../../src-shared';
import { exitByAfterPayment } from '../../src-shared';
import {
  DEFAULT_RECEIPT_PREFIX,
  formatReceiptNumber,
} from '../../src-shared/domain/receipt-number';
import type { IdempotencyRepository } from '../db/repositories/idempotency-repository';
import type { PaymentRepository } from '../db/repositories/payment-repository';
import type { SessionRepository } from '../db/repositories/session-repository';
import type { JournalWriter } from '../journal/journal';
import type { IdempotentRequest } from './idempotency';
import { newId } from './ids';
import type { PaymentService } from './payment-service';
import type { Publisher, Transact } from './ports';
import type { PrintQueue } from './print-queue';
import { buildParkingReceipt } from './receipt-builder';
import type { ShiftDrawer } from './shift-sales';
import type { SiteCatalog } from './site-catalog';

export interface NilPaymentsDeps {
  payments: Pick<PaymentService, 'replay' | 'quoteToPay'>;
  paymentRows: Pick<PaymentRepository, 'nextReceiptSeq' | 'insertWithReceipt'>;
  sessions: Pick<SessionRepository, 'update'>;
  idempotency: Pick<IdempotencyRepository, 'insert'>;
  drawer: Pick<ShiftDrawer, 'taking' | 'waive'>;
  journal: JournalWriter;
  transact: Transact;
  site: SiteCatalog;
  printQueue: Pick<PrintQueue, 'drain'>;
  events: Publisher;
  receiptPrefix?: string;
}

/**
 * Nil payments: a manager waives what a stay owes, with a reason (a broken barrier, a
 * goodwill gesture). Nothing changes hands, but it is a payment in every other way: the stay is
 * paid with its exit window, the payment (method 'waived', amount 0) takes the next receipt
 * number and prints a receipt saying who waived what and why, the shift lists the fee under
 * waivers, and all of it commits with its journal event in one transaction. The contract makes
 * the channel manager-only, so a cashier needs a manager's approval at the console.
 */
export class NilPayments {
  constructor(private readonly d: NilPaymentsDeps) {}

  waive(
    input: { sessionId: string; expectedDueMinor: number; reason: string },
    request: IdempotentRequest,
    manager: OperatorView,
    attendant: OperatorView | null,
  ): PaymentResult {
    const replayed = this.d.payments.replay(request);
    if (replayed) return replayed;
    const { session, quote } = this.d.payments.quoteToPay(input.sessionId, input.expectedDueMinor);
    const tariff = this.d.site.tariff(session.tariffId);
    const at = quote.at;
    const prefix = this.d.receiptPrefix ?? DEFAULT_RECEIPT_PREFIX;
    const paymentId = newId('Y', at);
    const receiptId = newId('R', at);
    const exitBy = exitByAfterPayment(tariff, at);
    const paid: ParkingSession = { ...session, state: 'paid', exitBy };
    const reason = input.reason.trim();
    const result = this.d.transact(() => {
      const shift = this.d.drawer.taking();
      const receiptSeq = this.d.paymentRows.nextReceiptSeq();
      const payment: PaymentView = {
        id: paymentId,
        sessionId: session.id,
        method: 'waived',
        amountMinor: 0,
        tenderedMinor: 0,
        changeMinor: 0,
        at,
        operator: attendant?.name ?? manager.name,
        receiptId,
        receiptNumber: formatReceiptNumber(prefix, receiptSeq),
      };
      const receipt = buildParkingReceipt({
        stationName: this.d.site.stationName,
        paper: this.d.site.paper,
        session: paid,
        payment,
        tenders: [],
        waiver: { feeMinor: quote.dueMinor, reason, approvedBy: manager.name },
        quote,
        exitBy,
      });
      this.d.sessions.update(paid);
      const { receiptNumber, ...record } = payment;
      this.d.paymentRows.insertWithReceipt(
        { ...record, kind: 'parking', currency: tariff.currency, alertId: null },
        receiptId,
        receipt,
        { seq: receiptSeq, prefix },
      );
      this.d.idempotency.insert({ ...request, paymentId }, at);
      this.d.drawer.waive(shift, {
        paymentId,
        amountMinor: quote.dueMinor,
        receiptSeq,
        reason,
        operator: manager.name,
        at,
      });
      this.d.journal.append(
        {
          type: 'payment.waived',
          aggregateId: paymentId,
          actor: manager.name,
          payload: {
            sessionId: session.id,
            waivedMinor: quote.dueMinor,
            currency: tariff.currency,
            reason,
            attendant: attendant?.name ?? null,
            receiptId,
            receiptSeq,
            receiptNumber,
            shiftId: shift.id,
          },
        },
        at,
      );
      return { payment, session: paid };
    });
    this.d.events.publish('session:changed', { sessionId: session.id, change: 'paid' });
    void this.d.printQueue.drain();
    return {
      ...result,
      receipt: { id: receiptId, printState: 'queued', detail: 'queued for printing' },
    };
  }
}
