import type { Language, OperatorView, PaymentDetailView } from '../../src-shared';
import { refused, translate } from '../../src-shared';
import { formatReceiptNumber } from '../../src-shared/domain/receipt-number';
import type { ReversalRepository, ReversiblePayment } from '../db/repositories/reversal-repository';
import type { SessionRepository } from '../db/repositories/session-repository';
import type { Clock } from '../platform/clock';
import type { CardReversals } from './card-reversals';
import type { Publisher, Transact } from './ports';
import type { ReversalLedger, ReversalRefusal } from './reversal-ledger';
import type { ShiftDrawer } from './shift-sales';
import type { SiteCatalog } from './site-catalog';

export interface PaymentReversalsDeps {
  reversals: ReversalRepository;
  sessions: SessionRepository;
  ledger: ReversalLedger;
  cards: Pick<CardReversals, 'reverse' | 'hasTerminal'>;
  drawer: ShiftDrawer;
  transact: Transact;
  clock: Clock;
  site: SiteCatalog;
  events: Publisher;
  /** The consoles' language now: a payment's view says why it cannot be voided in it. */
  language?: () => Language;
  /** The plate of a fuel sale whose payment is looked up (null: none known). */
  fuelPlate?: (saleId: string) => string | null;
}

/**
 * Voids and refunds, each a manager's decision with a reason (the contract makes both channels
 * manager-only; a cashier needs a manager's approval at the console). A fuel sale's payment
 * is refunded like a stay's; it is never voided (the fuel was delivered).
 * - A void takes back the stay's latest sale while its shift is still open and the car still
 *   in the lot: the money goes back by the tenders it came by and the stay owes again.
 * - A refund gives back part or all of a payment later, to the tender it came by: cash from the
 *   drawer of the shift open now, a card through the terminal (./card-reversals). Of a split,
 *   the card part goes back first, then the cash part. The payment keeps its row and number.
 * Cash commits with its drawer entry and its journal event in one transaction at once; a card
 * part commits (with a split's cash part) only on the terminal's approval.
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
      throw refused('NOT_FOUND', 'refusal.noReceipt', { number: receiptNumber.trim() });
    }
    return this.detail(payment);
  }

  async void(paymentId: string, reason: string, manager: OperatorView): Promise<PaymentDetailView> {
    const payment = this.payment(paymentId);
    const refusal = this.voidRefusal(payment);
    if (refusal) throw refused('CONFLICT', refusal);
    const parts = this.d.ledger.parts(payment);
    if (parts.cardMinor > 0) {
      const shift = this.d.drawer.taking();
      if (parts.cashMinor > 0 && !this.d.drawer.holds(shift, parts.cashMinor)) {
        throw refused('CONFLICT', 'refusal.drawerShort');
      }
      await this.d.cards.reverse({
        kind: 'void',
        payment,
        saleReference: parts.cardReference!,
        cardMinor: parts.cardMinor,
        cashMinor: parts.cashMinor,
        reason,
        manager,
      });
      return this.detail(this.payment(paymentId));
    }
    const at = this.d.clock();
    this.d.transact(() => {
      const now = this.payment(paymentId);
      const again = this.voidRefusal(now);
      if (again) throw refused('CONFLICT', again);
      this.cashBack('void', now, this.d.ledger.parts(now).cashMinor, reason, manager, at);
    });
    if (payment.sessionId !== null) {
      this.d.events.publish('session:changed', {
        sessionId: payment.sessionId,
        change: 'payment voided',
      });
    }
    return this.detail(this.payment(paymentId));
  }

  async refund(
    paymentId: string,
    amountMinor: number,
    reason: string,
    manager: OperatorView,
  ): Promise<PaymentDetailView> {
    const payment = this.payment(paymentId);
    const refusal = this.notHere(payment);
    if (refusal) throw refused('CONFLICT', refusal);
    const { cardMinor, cashMinor } = this.refundable(payment);
    if (amountMinor <= 0 || amountMinor > cardMinor + cashMinor) {
      const amount = this.d.site.format.money(cardMinor + cashMinor, payment.currency);
      throw refused('CONFLICT', 'refusal.refundAtMost', { amount });
    }
    // The card first: what it took goes back to it; only the rest comes out of the drawer.
    const toCard = Math.min(amountMinor, cardMinor);
    const fromDrawer = amountMinor - toCard;
    if (toCard > 0) {
      const shift = this.d.drawer.taking();
      if (fromDrawer > 0 && !this.d.drawer.holds(shift, fromDrawer)) {
        throw refused('CONFLICT', 'refusal.drawerShort');
      }
      await this.d.cards.reverse({
        kind: 'refund',
        payment,
        saleReference: this.d.ledger.parts(payment).cardReference!,
        cardMinor: toCard,
        cashMinor: fromDrawer,
        reason,
        manager,
      });
      return this.detail(this.payment(paymentId));
    }
    const at = this.d.clock();
    this.d.transact(() => {
      // Checked again in the transaction: a card refund may have committed meanwhile.
      if (fromDrawer > this.refundable(this.payment(paymentId)).cashMinor) {
        throw refused('CONFLICT', 'refusal.lessLeft');
      }
      this.cashBack('refund', payment, fromDrawer, reason, manager, at);
    });
    return this.detail(this.payment(paymentId));
  }

  /** Inside the transaction: cash alone, out of the drawer of the shift taking money. */
  private cashBack(
    kind: 'void' | 'refund',
    payment: ReversiblePayment,
    amountMinor: number,
    reason: string,
    manager: OperatorView,
    at: number,
  ): void {
    const shift = this.d.drawer.taking();
    if (!this.d.drawer.holds(shift, amountMinor)) {
      throw refused('CONFLICT', 'refusal.drawerShort');
    }
    this.d.ledger.book({
      kind,
      payment,
      cashMinor: amountMinor,
      cardMinor: 0,
      cardReference: null,
      reason,
      manager,
      shift,
      at,
    });
  }

  private payment(paymentId: string): ReversiblePayment {
    const payment = this.d.reversals.payment(paymentId);
    if (!payment) throw refused('NOT_FOUND', 'refusal.noSuchPayment');
    return payment;
  }

  /** What may go back at this booth: a card part only with a terminal to send it through. */
  private refundable(payment: ReversiblePayment): { cashMinor: number; cardMinor: number } {
    if (this.notHere(payment)) return { cashMinor: 0, cardMinor: 0 };
    const left = this.d.ledger.refundable(payment);
    return this.d.cards.hasTerminal ? left : { ...left, cardMinor: 0 };
  }

  /** Why nothing of this payment goes back at this booth; null when it can. */
  private notHere(payment: ReversiblePayment): ReversalRefusal | null {
    // A QR part (alone or in a split) was paid in the operator's app: its refund is the
    // operator's, and a booth that gave back only the cash part would leave the QR part behind.
    if (this.d.ledger.parts(payment).qrMinor > 0) {
      return 'refusal.qrNotHere';
    }
    return notHere(payment, this.d.cards.hasTerminal);
  }

  private sayRefusal(key: ReversalRefusal | null): string | null {
    return key && translate(this.d.language?.() ?? 'en', key);
  }

  private voidRefusal(payment: ReversiblePayment): ReversalRefusal | null {
    return (
      this.notHere(payment) ??
      (this.d.ledger.pendingCard(payment.id) ? 'refusal.refundChecking' : null) ??
      this.d.ledger.voidRefusal(payment)
    );
  }

  private detail(payment: ReversiblePayment): PaymentDetailView {
    const plate =
      payment.sessionId !== null
        ? this.d.sessions.get(payment.sessionId)?.plate
        : this.d.fuelPlate?.(payment.fuelSaleId!);
    const parts = this.d.ledger.parts(payment);
    const left = this.refundable(payment);
    return {
      id: payment.id,
      sessionId: payment.sessionId,
      plate: plate ?? '',
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
      refundableMinor: left.cashMinor + left.cardMinor,
      tenders: [
        { tender: 'card' as const, paidMinor: parts.cardMinor, refundableMinor: left.cardMinor },
        { tender: 'cash' as const, paidMinor: parts.cashMinor, refundableMinor: left.cashMinor },
      ].filter((t) => t.paidMinor > 0),
      cardPending: this.d.ledger.pendingCard(payment.id),
      voidRefusal: this.sayRefusal(this.voidRefusal(payment)),
    };
  }
}

/**
 * Why nothing of this payment goes back at the booth, said for the tender the customer used;
 * null when it can (cash; a card or a split with a card terminal here).
 */
function notHere(
  payment: Pick<ReversiblePayment, 'method'>,
  hasTerminal: boolean,
): ReversalRefusal | null {
  switch (payment.method) {
    case 'cash':
      return null;
    case 'card':
    case 'split':
      return hasTerminal ? null : 'refusal.cardNotHere';
    case 'app':
      return 'refusal.appNotHere';
    case 'waived':
      return 'refusal.waivedNotHere';
    default:
      return 'refusal.tenderNotHere';
  }
}
