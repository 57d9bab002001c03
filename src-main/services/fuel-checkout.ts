import type { OperatorView } from '../../src-shared';
import { refused, StationError } from '../../src-shared';
import type { FuelPaymentResult, FuelSaleView } from '../../src-shared/contract/fuel';
import { fuelAppCover } from '../../src-shared/domain/app-payments';
import { FUEL, type SaleForPoints } from '../../src-shared/domain/loyalty';
import {
  DEFAULT_RECEIPT_PREFIX,
  formatReceiptNumber,
} from '../../src-shared/domain/receipt-number';
import type { AppPaymentRepository } from '../db/repositories/app-payment-repository';
import type { CardAttemptRepository } from '../db/repositories/card-attempt-repository';
import type { FuelPlateCheckRepository } from '../db/repositories/fuel-plate-check-repository';
import type { FuelPlateChecks } from './fuel-plate-checks';
import type { FuelSale, FuelSaleRepository } from '../db/repositories/fuel-sale-repository';
import type { IdempotencyRepository } from '../db/repositories/idempotency-repository';
import type { PaymentRepository } from '../db/repositories/payment-repository';
import type { JournalWriter } from '../journal/journal';
import type { Clock } from '../platform/clock';
import { buildFuelReceipt } from './fuel-receipt';
import { earlierPayment, type IdempotentRequest } from './idempotency';
import { newId } from './ids';
import type { Publisher, Transact } from './ports';
import type { PrintQueue } from './print-queue';
import type { ShiftDrawer } from './shift-sales';
import type { SiteCatalog } from './site-catalog';

/** How long a sale the operator's app paid stays on the booth's list ("paid in app"). */
const APP_PAID_SHOWN_MS = 10 * 60_000;

/** What the checkout needs of loyalty: who a sale earns for, and whether balances are sure. */
export interface FuelLoyalty {
  /**
   * The one member the plate leads to, the points the sale earns them (the earning consumer's
   * own rule, earnerOf) and their balance now; null when nobody earns.
   */
  earnerFor(
    plate: string | null,
    sale: SaleForPoints,
  ): { memberId: string; memberName: string; points: number; balance: number } | null;
  /** Points the sale has already been credited (the consumer ran); null when not yet. */
  earnedFor(saleId: string): number | null;
  /** While the operator's server is away, a balance is the station's alone: "pending". */
  offline(): boolean;
}

export interface FuelCheckoutDeps {
  sales: Pick<FuelSaleRepository, 'get' | 'due' | 'atBooth' | 'markPaid'>;
  /** A sale read without a sure plate takes the plate the cashier gave (none: still waiting). */
  plateChecks: Pick<FuelPlateCheckRepository, 'get'>;
  /** Where the cashier's plate for a doubtful read goes (kept beside the sale, journaled). */
  plates: Pick<FuelPlateChecks, 'confirm'>;
  payments: Pick<
    PaymentRepository,
    | 'nextReceiptSeq'
    | 'insertWithReceipt'
    | 'insertWithoutReceipt'
    | 'receiptState'
    | 'view'
    | 'fuelSaleOf'
  >;
  /** Payments made in the operator's app (pulled by sync), and which of them settled what. */
  appPayments: Pick<AppPaymentRepository, 'unusedFor' | 'markUsed'>;
  /** Each payment's tenders (payment_tenders). */
  tenders: Pick<CardAttemptRepository, 'addTender'>;
  idempotency: IdempotencyRepository;
  drawer: Pick<ShiftDrawer, 'taking' | 'record'>;
  loyalty: FuelLoyalty;
  journal: JournalWriter;
  transact: Transact;
  clock: Clock;
  site: Pick<SiteCatalog, 'stationName' | 'paper' | 'format'>;
  printQueue: Pick<PrintQueue, 'drain'>;
  events: Publisher;
  receiptPrefix?: string;
}

/**
 * Fuel sales paid at the booth. A cash payment, its receipt with its number and print job, the
 * sale's move from due to paid, the drawer's line, the request's idempotency key and the
 * journal events (fuelPayment.taken, and fuelSale.settled on which loyalty credits the points)
 * commit in one synchronous=FULL transaction before the cashier is told; the receipt prints
 * afterwards from the print queue. A sale is paid once: the conditional update of its state
 * and a unique index on the payment's sale both refuse a second payment, and a replayed
 * request returns the first result.
 */
export class FuelCheckout {
  constructor(private readonly d: FuelCheckoutDeps) {}

  /**
   * The sales at the booth, oldest first, each with its member: those due (with "app payment
   * expired" where one lapsed), and those paid in the operator's app in the last minutes.
   */
  sales(): FuelSaleView[] {
    const now = this.d.clock();
    return this.d.sales.atBooth(now - APP_PAID_SHOWN_MS).map((sale) => {
      const view = this.view(sale);
      if (sale.paidBy === 'app') return { ...view, app: 'paid' as const };
      if (sale.state === 'due' && this.appCover(sale, now).kind === 'expired') {
        return { ...view, app: 'expired' as const };
      }
      return view;
    });
  }

  /**
   * Settles each due sale that a payment made in the operator's app covers (by its plate), as
   * a cash payment would: the station's payment (method 'app', no booth receipt: the app gave
   * one), the app payment's use, the sale's move to paid and the journal events commit in one
   * transaction. Runs on a timer and after a sale is recorded; returns the sales it settled.
   */
  settleFromApp(): string[] {
    const settled: string[] = [];
    for (const sale of this.d.sales.due()) {
      const at = this.d.clock();
      if (this.appCover(sale, at).kind !== 'covers') continue;
      const done = this.d.transact(() => {
        // Read again in the transaction: a cashier may have paid it meanwhile.
        const now = this.d.sales.get(sale.id);
        if (!now || now.state !== 'due') return false;
        const cover = this.appCover(now, at);
        if (cover.kind !== 'covers') return false;
        const paymentId = newId('Y', at);
        this.d.payments.insertWithoutReceipt({
          id: paymentId,
          sessionId: null,
          fuelSaleId: now.id,
          kind: 'fuel',
          method: 'app',
          amountMinor: now.amountMinor,
          tenderedMinor: now.amountMinor,
          changeMinor: 0,
          currency: now.currency,
          at,
          operator: 'station',
          alertId: null,
        });
        if (!this.d.appPayments.markUsed(cover.payment.id, { paymentId, fuelSaleId: now.id }, at)) {
          throw refused('CONFLICT', 'refusal.appSettledOther');
        }
        if (!this.d.sales.markPaid(now.id)) throw refused('CONFLICT', 'refusal.fuelPaid');
        this.d.journal.append(
          {
            type: 'fuelPayment.fromApp',
            aggregateId: paymentId,
            actor: 'station',
            payload: {
              fuelSaleId: now.id,
              appPaymentId: cover.payment.id,
              reference: cover.payment.reference,
              amountMinor: now.amountMinor,
              appAmountMinor: cover.payment.amountMinor,
              currency: now.currency,
            },
          },
          at,
        );
        this.d.journal.append(
          {
            type: 'fuelSale.settled',
            aggregateId: now.id,
            actor: 'station',
            payload: { via: 'app', paymentId },
          },
          at,
        );
        return true;
      });
      if (!done) continue;
      settled.push(sale.id);
      this.d.events.publish('fuel:changed', { saleId: sale.id, change: 'paid' });
    }
    return settled;
  }

  /** What the plate's app payments do for the sale (the domain's rule, fuelAppCover). */
  private appCover(sale: FuelSale, now: number) {
    const plate = this.plateOf(sale);
    if (!plate) return { kind: 'none' as const };
    return fuelAppCover(this.d.appPayments.unusedFor(plate), sale, now);
  }

  payCash(
    input: { saleId: string; tenderedMinor: number; expectedDueMinor: number },
    request: IdempotentRequest,
    operator: OperatorView,
  ): FuelPaymentResult {
    const replayed = this.replay(request);
    if (replayed) return replayed;
    const { d } = this;
    const at = d.clock();
    const prefix = d.receiptPrefix ?? DEFAULT_RECEIPT_PREFIX;
    const paymentId = newId('Y', at);
    const receiptId = newId('R', at);
    const result = d.transact((): FuelPaymentResult => {
      const sale = this.dueSale(input.saleId, input.expectedDueMinor);
      if (input.tenderedMinor < sale.amountMinor) {
        const due = d.site.format.money(sale.amountMinor, sale.currency);
        throw refused('INVALID_PAYLOAD', 'refusal.cashShort', { due }).at('tenderedMinor');
      }
      const shift = d.drawer.taking();
      const receiptSeq = d.payments.nextReceiptSeq();
      const receiptNumber = formatReceiptNumber(prefix, receiptSeq);
      const amountMinor = sale.amountMinor;
      const changeMinor = input.tenderedMinor - amountMinor;
      const payment = {
        amountMinor,
        tenderedMinor: input.tenderedMinor,
        changeMinor,
        at,
        operator: operator.name,
        receiptId,
        receiptNumber,
      };
      const loyalty = this.loyaltyLine(sale, at, null);
      const receipt = buildFuelReceipt({
        stationName: d.site.stationName,
        paper: d.site.paper,
        sale: { ...sale, plate: this.plateOf(sale) },
        payment,
        loyalty,
      });
      d.payments.insertWithReceipt(
        {
          id: paymentId,
          sessionId: null,
          fuelSaleId: sale.id,
          kind: 'fuel',
          method: 'cash',
          amountMinor,
          tenderedMinor: input.tenderedMinor,
          changeMinor,
          currency: sale.currency,
          at,
          operator: operator.name,
          alertId: null,
        },
        receiptId,
        receipt,
        { seq: receiptSeq, prefix },
      );
      const tender = {
        tender: 'cash' as const,
        amountMinor,
        tenderedMinor: input.tenderedMinor,
        changeMinor,
      };
      // A sale of nothing (a grade priced at 0) takes no money: no tender, no drawer line.
      if (amountMinor > 0) {
        d.tenders.addTender({ paymentId, ...tender, cardReference: null });
        d.drawer.record(shift, { paymentId, ...tender, receiptSeq, operator: operator.name, at });
      }
      d.idempotency.insert({ ...request, paymentId }, at);
      if (!d.sales.markPaid(sale.id)) throw refused('CONFLICT', 'refusal.fuelPaid');
      d.journal.append(
        {
          type: 'fuelPayment.taken',
          aggregateId: paymentId,
          actor: operator.name,
          payload: {
            fuelSaleId: sale.id,
            method: 'cash',
            tenders: amountMinor > 0 ? [tender] : [],
            amountMinor,
            tenderedMinor: input.tenderedMinor,
            changeMinor,
            currency: sale.currency,
            receiptId,
            receiptSeq,
            receiptNumber,
            shiftId: shift.id,
          },
        },
        at,
      );
      d.journal.append(
        {
          type: 'fuelSale.settled',
          aggregateId: sale.id,
          actor: operator.name,
          payload: { via: 'booth', paymentId },
        },
        at,
      );
      return {
        sale: this.view({ ...sale, state: 'paid' }),
        paymentId,
        receipt: { id: receiptId, number: receiptNumber, printState: 'queued', detail: '' },
        ...payment,
        loyalty,
      };
    });
    d.events.publish('fuel:changed', { saleId: input.saleId, change: 'paid' });
    // The job committed with the payment; the queue prints it when the printer can.
    void d.printQueue.drain();
    return result;
  }

  /** The result of an earlier request with this key, as things stand now; null if new. */
  private replay(request: IdempotentRequest): FuelPaymentResult | null {
    const paymentId = earlierPayment(this.d.idempotency, request);
    if (!paymentId) return null;
    const saleId = this.d.payments.fuelSaleOf(paymentId);
    const payment = this.d.payments.view(paymentId);
    const sale = saleId && this.d.sales.get(saleId);
    if (!payment || !sale) throw new StationError('INTERNAL', 'A recorded payment is missing.');
    return {
      sale: this.view(sale),
      paymentId,
      receipt: {
        id: payment.receiptId,
        number: payment.receiptNumber,
        ...this.d.payments.receiptState(payment.receiptId),
      },
      amountMinor: payment.amountMinor,
      tenderedMinor: payment.tenderedMinor,
      changeMinor: payment.changeMinor,
      loyalty: this.loyaltyLine(sale, payment.at, this.d.loyalty.earnedFor(sale.id)),
    };
  }

  private dueSale(saleId: string, expectedDueMinor: number): FuelSale {
    const sale = this.d.sales.get(saleId);
    if (!sale) throw refused('NOT_FOUND', 'refusal.noSuchFuelSale');
    if (sale.state !== 'due') throw refused('CONFLICT', 'refusal.fuelPaid');
    if (sale.amountMinor !== expectedDueMinor) {
      const amount = this.d.site.format.money(sale.amountMinor, sale.currency);
      throw refused('CONFLICT', 'refusal.fuelAmountChanged', { amount });
    }
    return sale;
  }

  /**
   * The member's points for the sale and their balance after it. `earned`: points already
   * credited (so the balance includes them); null: not yet, so they are added to it.
   */
  private loyaltyLine(
    sale: FuelSale,
    at: number,
    earned: number | null,
  ): FuelPaymentResult['loyalty'] {
    const earner = this.d.loyalty.earnerFor(this.plateOf(sale), saleForPoints(sale, at));
    if (!earner) return null;
    const points = earned ?? earner.points;
    const balanceAfter = earner.balance + (earned === null ? points : 0);
    return {
      memberName: earner.memberName,
      points,
      balanceAfter: this.d.loyalty.offline() ? null : balanceAfter,
    };
  }

  /** The cashier gives the plate of a sale whose read was doubtful; the sale as it stands. */
  confirmPlate(saleId: string, plate: string, operator: OperatorView): FuelSaleView {
    this.d.plates.confirm(saleId, plate, operator);
    this.d.events.publish('fuel:changed', { saleId, change: 'plate' });
    return this.sale(saleId);
  }

  /** One sale as the booth lists it (after the cashier gave its plate, say). */
  sale(saleId: string): FuelSaleView {
    const sale = this.d.sales.get(saleId);
    if (!sale) throw refused('NOT_FOUND', 'refusal.noSuchFuelSale');
    return this.view(sale);
  }

  /** The plate read at the lane, else the one the cashier gave; null while neither is. */
  private plateOf(sale: FuelSale): string | null {
    return sale.plate ?? this.d.plateChecks.get(sale.id)?.plate ?? null;
  }

  private view(sale: FuelSale): FuelSaleView {
    const plate = this.plateOf(sale);
    const check = sale.plate === null ? this.d.plateChecks.get(sale.id) : null;
    const earner = this.d.loyalty.earnerFor(plate, saleForPoints(sale, this.d.clock()));
    return {
      id: sale.id,
      laneId: sale.laneId,
      pump: sale.pump,
      gradeId: sale.gradeId,
      gradeName: sale.gradeName,
      millilitres: sale.millilitres,
      unitPrice: sale.unitPrice,
      amountMinor: sale.amountMinor,
      currency: sale.currency,
      plate,
      state: sale.state,
      deliveredAt: sale.deliveredAt,
      member: earner
        ? { id: earner.memberId, name: earner.memberName, balance: earner.balance }
        : null,
      app: null,
      plateCheck:
        check && check.plate === null
          ? { readPlate: check.readPlate, confidence: check.confidence }
          : null,
    };
  }
}

/** A fuel sale as the earning rules see it (the consumer builds the same from its events). */
function saleForPoints(sale: FuelSale, at: number): SaleForPoints {
  return {
    category: FUEL,
    amountMinor: sale.amountMinor,
    millilitres: sale.millilitres,
    gradeId: sale.gradeId,
    at,
  };
}
