import type { OperatorView } from '../../src-shared';
import { exitByAfterPayment, isInLot } from '../../src-shared';
import { formatReceiptNumber } from '../../src-shared/domain/receipt-number';
import type { CardRefundRepository } from '../db/repositories/card-refund-repository';
import type { ReversalRepository, ReversiblePayment } from '../db/repositories/reversal-repository';
import type { SessionRepository } from '../db/repositories/session-repository';
import type { ShiftRecord } from '../db/repositories/shift-repository';
import type { JournalWriter } from '../journal/journal';
import { newId } from './ids';

/** Why a payment does not go back (or not as a void), as a catalogue key said where it is shown. */
export type ReversalRefusal =
  | 'refusal.reversedAlready'
  | 'refusal.voidOtherShift'
  | 'refusal.voidCarLeft'
  | 'refusal.voidLaterPayment'
  | 'refusal.voidFuel'
  | 'refusal.refundChecking'
  | 'refusal.qrNotHere'
  | 'refusal.cardNotHere'
  | 'refusal.appNotHere'
  | 'refusal.waivedNotHere'
  | 'refusal.tenderNotHere';
import type { ShiftDrawer } from './shift-sales';
import type { SiteCatalog } from './site-catalog';

export interface ReversalLedgerDeps {
  reversals: ReversalRepository;
  cardRefunds: CardRefundRepository;
  sessions: SessionRepository;
  drawer: ShiftDrawer;
  journal: JournalWriter;
  site: Pick<SiteCatalog, 'tariff'>;
}

/** What a payment took by each tender that can go back at the booth, and the card sale. */
export interface PaymentParts {
  cashMinor: number;
  cardMinor: number;
  /** The approved card sale behind the card part; null without one. */
  cardReference: string | null;
  /** A QR part, paid in the operator's app (it goes back there, not at the booth). */
  qrMinor: number;
}

/** One void or refund to book: what goes back by each tender. */
export interface ReversalBooking {
  kind: 'void' | 'refund';
  payment: ReversiblePayment;
  cashMinor: number;
  cardMinor: number;
  /** The card refund attempt the terminal approved; null for cash alone. */
  cardReference: string | null;
  reason: string;
  manager: Pick<OperatorView, 'name'>;
  shift: ShiftRecord;
  at: number;
}

/**
 * The write side of voids and refunds, shared by cash (at once) and card (on the terminal's
 * approval, now or recovered later): inside the caller's transaction, each tender's reversal,
 * its drawer entry (only cash moves the drawer's expected cash) and its journal event, and for
 * a void the stay owing again. A fuel sale's payment is refunded the same way (never voided:
 * the fuel was delivered). Also what each tender paid and what may still go back.
 */
export class ReversalLedger {
  constructor(private readonly d: ReversalLedgerDeps) {}

  /** What the payment took in cash and on a card (from its tenders, else its method). */
  parts(payment: ReversiblePayment): PaymentParts {
    const tenders = this.d.cardRefunds.tendersOf(payment.id);
    if (tenders.length === 0) {
      const cash = payment.method === 'cash' ? payment.amountMinor : 0;
      return { cashMinor: cash, cardMinor: 0, cardReference: null, qrMinor: 0 };
    }
    const card = tenders.find((t) => t.tender === 'card');
    return {
      cashMinor: tenders.find((t) => t.tender === 'cash')?.amountMinor ?? 0,
      cardMinor: card?.amountMinor ?? 0,
      cardReference: card?.cardReference ?? null,
      qrMinor: tenders.find((t) => t.tender === 'qr')?.amountMinor ?? 0,
    };
  }

  /**
   * What may still go back by each tender: paid, less what went back, less what a card refund
   * still being checked with the terminal would give back.
   */
  refundable(payment: ReversiblePayment): { cashMinor: number; cardMinor: number } {
    const parts = this.parts(payment);
    const left = { cashMinor: parts.cashMinor, cardMinor: parts.cardMinor };
    for (const r of this.d.reversals.ofPayment(payment.id)) {
      if (r.tender === 'card') left.cardMinor -= r.amountMinor;
      else if (r.tender === 'cash') left.cashMinor -= r.amountMinor;
    }
    const open = this.d.cardRefunds.openForPayment(payment.id);
    if (open) {
      left.cardMinor -= open.cardMinor;
      left.cashMinor -= open.cashMinor;
    }
    return { cashMinor: Math.max(0, left.cashMinor), cardMinor: Math.max(0, left.cardMinor) };
  }

  /** Whether a card refund of this payment is still being checked with the terminal. */
  pendingCard(paymentId: string): boolean {
    return this.d.cardRefunds.openForPayment(paymentId) !== null;
  }

  /** Why a void is not possible now, on the rules every tender shares; null when it is. */
  voidRefusal(payment: ReversiblePayment): ReversalRefusal | null {
    if (this.d.reversals.ofPayment(payment.id).length > 0) return 'refusal.reversedAlready';
    const live = this.d.drawer.live();
    if (!live || payment.shiftId !== live.id) return 'refusal.voidOtherShift';
    // A void makes what was paid owe again: a stay can, a delivered fuel sale is refunded.
    if (payment.sessionId === null) return 'refusal.voidFuel';
    const session = this.d.sessions.get(payment.sessionId);
    if (!session || !isInLot(session)) return 'refusal.voidCarLeft';
    if (!this.d.reversals.isLatestOfSession(payment.id, session.id))
      return 'refusal.voidLaterPayment';
    return null;
  }

  /**
   * Inside the caller's transaction. Returns whether the stay changed (a void): the caller
   * tells the consoles once the transaction committed.
   */
  book(b: ReversalBooking): { sessionChanged: boolean } {
    const { payment, at } = b;
    let sessionChanged = false;
    if (b.kind === 'void' && payment.sessionId !== null) {
      const session = this.d.sessions.get(payment.sessionId)!;
      const previousAt = this.d.reversals.previousPaymentAt(session.id, payment.id);
      // The tariff's exit window after the stay's payment before this one, if any.
      const exitBy = previousAt === null ? null : this.exitBy(session.tariffId, previousAt);
      this.d.sessions.update({
        ...session,
        state: exitBy === null ? 'open' : 'paid',
        paidMinor: session.paidMinor - payment.amountMinor,
        exitBy,
      });
      sessionChanged = true;
    }
    const parts: ['cash' | 'card', number][] = [
      ['card', b.cardMinor],
      ['cash', b.cashMinor],
    ];
    for (const [tender, amountMinor] of parts) {
      if (amountMinor <= 0) continue;
      const row = {
        id: newId(b.kind === 'void' ? 'V' : 'F', at),
        paymentId: payment.id,
        kind: b.kind,
        tender,
        amountMinor,
        reason: b.reason,
        approvedBy: b.manager.name,
        shiftId: b.shift.id,
        at,
      };
      if (b.cardReference)
        this.d.cardRefunds.addReversal({ ...row, cardReference: b.cardReference });
      else this.d.reversals.add(row);
      this.d.drawer.giveBack(b.shift, {
        kind: b.kind,
        tender,
        paymentId: payment.id,
        amountMinor,
        reason: b.reason,
        operator: b.manager.name,
        at,
      });
      this.d.journal.append(
        {
          type: b.kind === 'void' ? 'payment.voided' : 'payment.refunded',
          aggregateId: payment.id,
          actor: b.manager.name,
          payload: {
            ...(payment.sessionId !== null
              ? { sessionId: payment.sessionId }
              : { fuelSaleId: payment.fuelSaleId! }),
            tender,
            amountMinor,
            currency: payment.currency,
            receiptNumber: formatReceiptNumber(payment.receiptPrefix, payment.receiptSeq),
            shiftId: b.shift.id,
            reason: b.reason,
          },
        },
        at,
      );
    }
    return { sessionChanged };
  }

  private exitBy(tariffId: string, previousAt: number): number | null {
    return exitByAfterPayment(this.d.site.tariff(tariffId), previousAt);
  }
}
