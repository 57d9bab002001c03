import type { OperatorView, ParkingSession, PaymentView, QuoteView } from '../../src-shared';
import { changeFor, exitByAfterPayment, refused, StationError } from '../../src-shared';
import {
  DEFAULT_RECEIPT_PREFIX,
  formatReceiptNumber,
} from '../../src-shared/domain/receipt-number';
import type { CardAttemptRepository } from '../db/repositories/card-attempt-repository';
import type { QrAttemptRepository } from '../db/repositories/qr-attempt-repository';
import type { AlertRepository } from '../db/repositories/event-repositories';
import type { IdempotencyRepository } from '../db/repositories/idempotency-repository';
import type { PaymentRepository } from '../db/repositories/payment-repository';
import type { SessionRepository } from '../db/repositories/session-repository';
import type { ReceiptDocument } from '../devices/printer/receipt-document';
import type { JournalWriter } from '../journal/journal';
import type { IdempotentRequest } from './idempotency';
import { newId } from './ids';
import type { Transact } from './ports';
import { buildParkingReceipt } from './receipt-builder';
import type { ShiftDrawer } from './shift-sales';
import { paymentTenders, type ElectronicPart } from './tenders';
import type { SiteCatalog } from './site-catalog';

export interface PaymentCommit {
  session: ParkingSession;
  quote: QuoteView;
  /** Cash handed over: for all of the due, or for the cash part of a split (0 when all card). */
  tenderedMinor: number;
  /**
   * The card part of a card or split payment, approved by the terminal under `reference`; the
   * attempt settles with the payment, so an approval becomes one payment at most.
   */
  card?: {
    reference: string;
    amountMinor: number;
    /** What the receipt says of the card: its brand, masked number and the approval code. */
    cardBrand: string | null;
    maskedPan: string | null;
    authCode: string | null;
  };
  /**
   * The QR part of a QR or split payment, paid in the operator's app under `reference`; the
   * attempt settles with the payment, so a paid QR becomes one payment at most.
   */
  qr?: { reference: string; amountMinor: number };
  operator: OperatorView;
  kind: 'parking' | 'lost-ticket';
  request: IdempotentRequest;
  /**
   * For a lost ticket: the alert it settles, and how the new session is written (with its own
   * journal event). Both commit with the payment.
   */
  lostTicket?: { alertId: string; openSession: (at: number) => void };
}

export interface PaymentLedgerDeps {
  sessions: SessionRepository;
  payments: PaymentRepository;
  idempotency: IdempotencyRepository;
  alerts: AlertRepository;
  journal: JournalWriter;
  transact: Transact;
  site: SiteCatalog;
  /** Each payment's tenders, and the card attempts they settle. */
  cardAttempts: Pick<CardAttemptRepository, 'addTender' | 'settle' | 'openForSession'>;
  /** QR attempts: an open one holds the stay's other payments; a paid one settles here. */
  qrAttempts: Pick<QrAttemptRepository, 'settle' | 'openForSession'>;
  /** The drawer's shift: a sale is written to it in the payment's transaction, or refused. */
  drawer: Pick<ShiftDrawer, 'taking' | 'record'>;
  /** Printed before each receipt's number (station config receipts.prefix). */
  receiptPrefix?: string;
}

/**
 * The durable half of a payment: the payment row, the session's new state, the receipt with its
 * number and its print job, the request's idempotency key, the sale in the drawer's shift, the
 * journal events and (for a lost
 * ticket) the alert's resolution commit in one synchronous=FULL transaction, or nothing does. A
 * crash can never leave money taken with its alert still open, or a request that could be
 * charged again; and a payment that did not commit took no receipt number, so the numbers have
 * no gaps.
 */
export class PaymentLedger {
  constructor(private readonly d: PaymentLedgerDeps) {}

  commit(c: PaymentCommit): {
    payment: PaymentView;
    session: ParkingSession;
    receipt: ReceiptDocument;
    jobId: number;
  } {
    const tariff = this.d.site.tariff(c.session.tariffId);
    const at = c.quote.at;
    const prefix = this.d.receiptPrefix ?? DEFAULT_RECEIPT_PREFIX;
    const paymentId = newId('Y', at);
    const receiptId = newId('R', at);
    const exitBy = exitByAfterPayment(tariff, at);
    const paid: ParkingSession = {
      ...c.session,
      state: 'paid',
      paidMinor: c.session.paidMinor + c.quote.dueMinor,
      exitBy,
    };
    const { sessions, payments, idempotency, alerts, journal } = this.d;
    const alertId = c.lostTicket?.alertId ?? null;
    return this.d.transact(() => {
      if (c.lostTicket) {
        if (!alerts.resolve(c.lostTicket.alertId, `lost ticket ${paymentId}`, at)) {
          throw refused('CONFLICT', 'refusal.alertResolvedNothingCharged');
        }
        journal.append(
          {
            type: 'alert.resolved',
            aggregateId: c.lostTicket.alertId,
            actor: c.operator.name,
            payload: {
              action: 'lostTicket',
              resolution: `lost ticket ${paymentId}`,
              reason: 'no entry record',
            },
          },
          at,
        );
        // A lost-ticket session is born in the same transaction as its payment.
        c.lostTicket.openSession(at);
      }
      this.checkNothingOpen(c.session.id, c);
      // The receipt's number is taken here, in the payment's transaction: if anything below
      // throws, or the station dies before the commit, the number was never taken.
      const receiptSeq = payments.nextReceiptSeq();
      const electronic = electronicOf(c);
      const cashMinor = c.quote.dueMinor - (electronic?.amountMinor ?? 0);
      const changeMinor = changeFor(cashMinor, c.tenderedMinor);
      const { method, tenders } = paymentTenders({
        cashMinor,
        tenderedMinor: c.tenderedMinor,
        changeMinor,
        electronic,
      });
      const payment: PaymentView = {
        id: paymentId,
        sessionId: c.session.id,
        method,
        ...(method === 'split' ? { splitWith: electronic!.tender } : {}),
        amountMinor: c.quote.dueMinor,
        tenderedMinor: c.tenderedMinor + (electronic?.amountMinor ?? 0),
        changeMinor,
        at,
        operator: c.operator.name,
        receiptId,
        receiptNumber: formatReceiptNumber(prefix, receiptSeq),
      };
      const receipt = buildParkingReceipt({
        stationName: this.d.site.stationName,
        paper: this.d.site.paper,
        session: paid,
        payment,
        tenders,
        card: c.card,
        qrReference: c.qr?.reference,
        quote: c.quote,
        exitBy,
      });
      sessions.update(paid);
      const { receiptNumber, ...record } = payment;
      const jobId = payments.insertWithReceipt(
        { ...record, kind: c.kind, currency: tariff.currency, alertId },
        receiptId,
        receipt,
        { seq: receiptSeq, prefix },
      );
      idempotency.insert({ ...c.request, paymentId }, at);
      if (c.card && !this.d.cardAttempts.settle(c.card.reference, paymentId, at)) {
        throw refused('CONFLICT', 'refusal.cardApprovalUsed');
      }
      if (c.qr && !this.d.qrAttempts.settle(c.qr.reference, paymentId, at)) {
        throw refused('CONFLICT', 'refusal.qrBooked');
      }
      // A payment takes money only in a shift that is taking it (refused otherwise, and all of
      // the above rolls back); each tender's part is one line of the drawer.
      const shift = this.d.drawer.taking();
      for (const t of tenders) {
        if (t.amountMinor === 0) continue; // a free lost ticket: nothing changes hands
        this.d.cardAttempts.addTender({ paymentId, ...t });
        this.d.drawer.record(shift, {
          paymentId,
          tender: t.tender,
          amountMinor: t.amountMinor,
          tenderedMinor: t.tenderedMinor,
          changeMinor: t.changeMinor,
          receiptSeq,
          operator: c.operator.name,
          at,
        });
      }
      journal.append(
        {
          type: 'payment.taken',
          aggregateId: paymentId,
          actor: c.operator.name,
          payload: {
            sessionId: paid.id,
            kind: c.kind,
            method,
            tenders,
            amountMinor: payment.amountMinor,
            tenderedMinor: payment.tenderedMinor,
            changeMinor: payment.changeMinor,
            currency: tariff.currency,
            receiptId,
            receiptSeq,
            receiptNumber,
            alertId,
            shiftId: shift.id,
          },
        },
        at,
      );
      return { payment, session: paid, receipt, jobId };
    });
  }

  /**
   * A card whose fate the terminal has not told yet, or a QR the customer may be paying right
   * now, may pay this stay: no other payment for it until the station knows (it settles them
   * by itself). Public for the payments that do not go through commit (a waiver).
   */
  checkNothingOpen(sessionId: string, c?: Pick<PaymentCommit, 'card' | 'qr'>): void {
    const cards = this.d.cardAttempts.openForSession(sessionId);
    if (cards.some((reference) => reference !== c?.card?.reference)) {
      throw refused('CONFLICT', 'refusal.cardChecking');
    }
    const qrs = this.d.qrAttempts.openForSession(sessionId);
    if (qrs.some((reference) => reference !== c?.qr?.reference)) {
      throw refused('CONFLICT', 'refusal.qrStillOpen');
    }
  }
}

/** The card or QR part of a payment, if any (never both: one electronic tender a payment). */
function electronicOf(c: PaymentCommit): ElectronicPart | null {
  if (c.card && c.qr) throw new StationError('INTERNAL', 'A payment has one electronic tender.');
  if (c.card) return { tender: 'card', ...c.card };
  if (c.qr) return { tender: 'qr', ...c.qr };
  return null;
}
