import type { OperatorView, PaymentDetailView, ParkingSession } from '../../src-shared';
import { exitByAfterPayment, isInLot, StationError } from '../../src-shared';
import { formatReceiptNumber } from '../../src-shared/domain/receipt-number';
import type { ReversalRepository, ReversiblePayment } from '../db/repositories/reversal-repository';
import type { SessionRepository } from '../db/repositories/session-repository';
import type { ShiftRecord } from '../db/repositories/shift-repository';
import type { JournalWriter } from '../journal/journal';
import type { Clock } from '../platform/clock';
import { newId } from './ids';
import type { Publisher, Transact } from './ports';
import type { ShiftDrawer } from './shift-sales';
import type { SiteCatalog } from './site-catalog';

export interface PaymentReversalsDeps {
  reversals: ReversalRepository;
  sessions: SessionRepository;
  drawer: ShiftDrawer;
  journal: JournalWriter;
  transact: Transact;
  clock: Clock;
  site: SiteCatalog;
  events: Publisher;
}

/**
 * Voids and refunds, each a manager's decision with a reason (the contract makes both channels
 * manager-only; a cashier needs a manager's approval at the console).
 * - A void takes back the stay's latest sale while its shift is still open and the car still
 *   in the lot: the cash goes back out of the drawer and the stay owes again.
 * - A refund gives back part or all of a payment, to the tender it came by, from the drawer of
 *   the shift open now. The payment keeps its row and its receipt number.
 * Each commits with its drawer entry and its journal event in one transaction.
 */
export class PaymentReversals {
  constructor(private readonly d: PaymentReversalsDeps) {}

  /** A payment by its receipt number as printed ("R-12"), with what may still be done. */
  find(receiptNumber: string): PaymentDetailView {
    const m = /^(.*?)(\d{1,12})$/.exec(receiptNumber.trim());
    const payment = m ? this.d.reversals.paymentByReceiptSeq(Number(m[2])) : null;
    if (
      !payment ||
      (m![1] !== '' && m![1]!.toUpperCase() !== payment.receiptPrefix.toUpperCase())
    ) {
      throw new StationError('NOT_FOUND', `No receipt ${receiptNumber.trim()} at this station.`);
    }
    return this.detail(payment);
  }

  void(paymentId: string, reason: string, manager: OperatorView): PaymentDetailView {
    const at = this.d.clock();
    this.d.transact(() => {
      const payment = this.payment(paymentId);
      const { shift, session } = this.voidable(payment);
      const tariff = this.d.site.tariff(session.tariffId);
      const previousAt = this.d.reversals.previousPaymentAt(session.id, payment.id);
      const exitBy = previousAt === null ? null : exitByAfterPayment(tariff, previousAt);
      this.d.sessions.update({
        ...session,
        state: exitBy === null ? 'open' : 'paid',
        paidMinor: session.paidMinor - payment.amountMinor,
        exitBy,
      });
      this.giveBack('void', payment, shift, reason, manager, at);
    });
    this.d.events.publish('session:changed', {
      sessionId: this.payment(paymentId).sessionId,
      change: 'payment voided',
    });
    return this.detail(this.payment(paymentId));
  }

  refund(
    paymentId: string,
    amountMinor: number,
    reason: string,
    manager: OperatorView,
  ): PaymentDetailView {
    const at = this.d.clock();
    this.d.transact(() => {
      const payment = this.payment(paymentId);
      if (payment.method !== 'cash') throw new StationError('CONFLICT', notCashHere(payment));
      const refundable = this.refundable(payment);
      if (amountMinor <= 0 || amountMinor > refundable) {
        throw new StationError(
          'CONFLICT',
          `At most ${this.d.site.format.money(refundable, payment.currency)} of this payment can go back.`,
        );
      }
      const shift = this.d.drawer.taking();
      this.giveBack('refund', { ...payment, amountMinor }, shift, reason, manager, at);
    });
    return this.detail(this.payment(paymentId));
  }

  /** Inside the transaction: the reversal, its drawer entry and its journal event. */
  private giveBack(
    kind: 'void' | 'refund',
    payment: ReversiblePayment,
    shift: ShiftRecord,
    reason: string,
    manager: OperatorView,
    at: number,
  ): void {
    if (!this.d.drawer.holds(shift, payment.amountMinor)) {
      throw new StationError('CONFLICT', 'The drawer does not hold that much cash.');
    }
    this.d.reversals.add({
      id: newId(kind === 'void' ? 'V' : 'F', at),
      paymentId: payment.id,
      kind,
      tender: 'cash',
      amountMinor: payment.amountMinor,
      reason,
      approvedBy: manager.name,
      shiftId: shift.id,
      at,
    });
    this.d.drawer.giveBack(shift, {
      kind,
      paymentId: payment.id,
      amountMinor: payment.amountMinor,
      reason,
      operator: manager.name,
      at,
    });
    this.d.journal.append(
      {
        type: kind === 'void' ? 'payment.voided' : 'payment.refunded',
        aggregateId: payment.id,
        actor: manager.name,
        payload: {
          sessionId: payment.sessionId,
          tender: 'cash',
          amountMinor: payment.amountMinor,
          currency: payment.currency,
          receiptNumber: formatReceiptNumber(payment.receiptPrefix, payment.receiptSeq),
          shiftId: shift.id,
          reason,
        },
      },
      at,
    );
  }

  private payment(paymentId: string): ReversiblePayment {
    const payment = this.d.reversals.payment(paymentId);
    if (!payment) throw new StationError('NOT_FOUND', 'No such payment with a receipt here.');
    return payment;
  }

  private refundable(payment: ReversiblePayment): number {
    const back = this.d.reversals.ofPayment(payment.id).reduce((s, r) => s + r.amountMinor, 0);
    return payment.amountMinor - back;
  }

  /** The shift and stay a void would change; throws the reason it can't be voided. */
  private voidable(payment: ReversiblePayment): { shift: ShiftRecord; session: ParkingSession } {
    const refusal = this.voidRefusal(payment);
    if (refusal) throw new StationError('CONFLICT', refusal);
    return {
      shift: this.d.drawer.taking(),
      session: this.d.sessions.get(payment.sessionId)!,
    };
  }

  private voidRefusal(payment: ReversiblePayment): string | null {
    if (payment.method !== 'cash') return notCashHere(payment);
    if (this.d.reversals.ofPayment(payment.id).length > 0) {
      return 'This payment was voided or refunded already.';
    }
    const live = this.d.drawer.live();
    if (!live || payment.shiftId !== live.id) {
      return 'Only a sale of the shift open now can be voided: refund it instead.';
    }
    const session = this.d.sessions.get(payment.sessionId);
    if (!session || !isInLot(session)) return 'The car has left: refund it instead.';
    if (!this.d.reversals.isLatestOfSession(payment.id, session.id)) {
      return 'A later payment of this stay came after it: refund it instead.';
    }
    return null;
  }

  private detail(payment: ReversiblePayment): PaymentDetailView {
    const session = this.d.sessions.get(payment.sessionId);
    return {
      id: payment.id,
      sessionId: payment.sessionId,
      plate: session?.plate ?? '',
      method: payment.method,
      amountMinor: payment.amountMinor,
      currency: payment.currency,
      at: payment.at,
      receiptNumber: formatReceiptNumber(payment.receiptPrefix, payment.receiptSeq),
      reversals: this.d.reversals.ofPayment(payment.id).map((r) => ({
        id: r.id,
        kind: r.kind,
        tender: r.tender,
        amountMinor: r.amountMinor,
        reason: r.reason,
        approvedBy: r.approvedBy,
        at: r.at,
      })),
      refundableMinor: payment.method === 'cash' ? this.refundable(payment) : 0,
      voidRefusal: this.voidRefusal(payment),
    };
  }
}

/**
 * Why only cash goes back at the booth, said for the tender the customer used. The terminal
 * link takes sales only (no refund message in it yet), so a card goes back on the terminal's
 * own menu; nothing was taken for a waived fee.
 */
function notCashHere(payment: Pick<ReversiblePayment, 'method'>): string {
  switch (payment.method) {
    case 'app':
      return "An app payment is given back in the operator's system, not at the booth.";
    case 'card':
    case 'split':
      return 'A card payment is given back on the card terminal itself; the booth gives back cash sales only.';
    case 'waived':
      return 'Nothing was taken for a waived fee.';
    default:
      return 'Only a cash sale can be given back at the booth.';
  }
}
