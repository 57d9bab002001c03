import type { OperatorView } from '../../src-shared';
import { refused, StationError } from '../../src-shared';
import type { FuelPaymentResult, FuelSaleView } from '../../src-shared/contract/fuel';
import { FUEL, type SaleForPoints } from '../../src-shared/domain/loyalty';
import {
  DEFAULT_RECEIPT_PREFIX,
  formatReceiptNumber,
} from '../../src-shared/domain/receipt-number';
import type {
  CardAttempt,
  CardAttemptRepository,
} from '../db/repositories/card-attempt-repository';
import type { FuelPlateCheckRepository } from '../db/repositories/fuel-plate-check-repository';
import type { FuelSale, FuelSaleRepository } from '../db/repositories/fuel-sale-repository';
import type { IdempotencyRepository } from '../db/repositories/idempotency-repository';
import type { PaymentRepository } from '../db/repositories/payment-repository';
import type { JournalWriter } from '../journal/journal';
import type { Clock } from '../platform/clock';
import type { CardBooker, CardPayments } from './card-payments';
import type { FuelAppSettlement } from './fuel-app-settlement';
import type { FuelPlateChecks } from './fuel-plate-checks';
import { buildFuelReceipt } from './fuel-receipt';
import { earlierPayment, type IdempotentRequest } from './idempotency';
import { newId } from './ids';
import type { Publisher, Transact } from './ports';
import type { PrintQueue } from './print-queue';
import type { ShiftDrawer } from './shift-sales';
import type { SiteCatalog } from './site-catalog';
import { electronicPart, paymentTenders } from './tenders';

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
  sales: Pick<FuelSaleRepository, 'get' | 'atBooth' | 'markPaid'>;
  /** A sale read without a sure plate: what the camera made of it, while it waits. */
  plateChecks: Pick<FuelPlateCheckRepository, 'get'>;
  /** The plate a sale goes by, and where the cashier's plate for a doubtful read goes. */
  plates: Pick<FuelPlateChecks, 'confirm' | 'plateOf'>;
  /** Whether a payment made in the operator's app for the sale lapsed ("app payment expired"). */
  app: Pick<FuelAppSettlement, 'lapsed'>;
  payments: Pick<
    PaymentRepository,
    'nextReceiptSeq' | 'insertWithReceipt' | 'receiptState' | 'view' | 'fuelSaleOf'
  >;
  /** The sale's card attempts (one open holds other payments), and each payment's tenders. */
  attempts: Pick<CardAttemptRepository, 'addTender' | 'settle' | 'openForFuelSale' | 'byRequest'>;
  /** The card terminal's engine: the attempt before the charge, the answer, the recovery. */
  cards: Pick<CardPayments, 'charge'>;
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

/** What the cashier asks of a card or split payment of a fuel sale (fuel:payCard). */
export interface FuelCardInput {
  saleId: string;
  expectedDueMinor: number;
  /** The cash part (0: all on the card), and the cash handed over for it. */
  cashMinor: number;
  cashTenderedMinor: number;
}

/** One payment to commit: the cash handed over, and the approved card's part if any. */
interface FuelCommit {
  saleId: string;
  expectedDueMinor: number;
  tenderedMinor: number;
  card: CardAttempt | null;
  request: IdempotentRequest;
  operator: string;
}

/**
 * Fuel sales paid at the booth, in cash, by card or split. A payment, its receipt with its
 * number and print job, its tenders and the drawer's lines, the sale's move from due to paid,
 * the approved card attempt it settles, the request's idempotency key and the journal events
 * (fuelPayment.taken, and fuelSale.settled on which loyalty credits the points) commit in one
 * synchronous=FULL transaction before the cashier is told; the receipt prints afterwards from
 * the print queue. A sale is paid once: the conditional update of its state and a unique index
 * on the payment's sale both refuse a second payment, a card the terminal may be charging for
 * it holds every other payment, and a replayed request returns the first result.
 */
export class FuelCheckout {
  /** Books fuel sales' approved cards for CardPayments (in the cashier's call, or on recovery). */
  readonly cardBooker: CardBooker<FuelPaymentResult> = {
    replay: (request) => this.replay(request),
    book: (attempt) =>
      this.commit({
        saleId: attempt.fuelSaleId!,
        expectedDueMinor: attempt.cardMinor + attempt.cashMinor,
        tenderedMinor: attempt.cashTenderedMinor,
        card: attempt,
        request: {
          channel: attempt.requestChannel,
          key: attempt.requestKey,
          requestHash: attempt.requestHash,
        },
        operator: attempt.operator,
      }),
  };

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
      if (sale.state === 'due' && this.d.app.lapsed(sale, now)) {
        return { ...view, app: 'expired' as const };
      }
      return view;
    });
  }

  payCash(
    input: { saleId: string; tenderedMinor: number; expectedDueMinor: number },
    request: IdempotentRequest,
    operator: OperatorView,
  ): FuelPaymentResult {
    return (
      this.replay(request) ??
      this.commit({ ...input, card: null, request, operator: operator.name })
    );
  }

  /**
   * Pays a sale by card, or the rest by card after a cash part, through the card engine
   * (CardPayments): its attempt commits before the terminal hears of it, and the approval is
   * booked here (cardBooker) exactly once.
   */
  payCard(
    input: FuelCardInput,
    request: IdempotentRequest,
    operator: OperatorView,
  ): Promise<FuelPaymentResult> {
    return this.d.cards.charge(this.cardBooker, request, operator, () => {
      const sale = this.dueSale(input.saleId, input.expectedDueMinor);
      // One card at a time a sale; nothing awaits between here and the attempt's transaction.
      this.checkNoCardOpen(sale.id, null);
      const due = { dueMinor: sale.amountMinor, currency: sale.currency };
      return {
        sessionId: null,
        fuelSaleId: sale.id,
        cardMinor: electronicPart(due, input, 'refusal.cardPart', this.d.site.format),
        cashMinor: input.cashMinor,
        cashTenderedMinor: input.cashTenderedMinor,
        currency: sale.currency,
      };
    });
  }

  private commit(c: FuelCommit): FuelPaymentResult {
    const { d } = this;
    const at = d.clock();
    const prefix = d.receiptPrefix ?? DEFAULT_RECEIPT_PREFIX;
    const paymentId = newId('Y', at);
    const receiptId = newId('R', at);
    const result = d.transact((): FuelPaymentResult => {
      const sale = this.dueSale(c.saleId, c.expectedDueMinor);
      this.checkNoCardOpen(sale.id, c.card?.reference ?? null);
      const cardMinor = c.card?.cardMinor ?? 0;
      const cashMinor = sale.amountMinor - cardMinor;
      if (c.tenderedMinor < cashMinor) {
        const due = d.site.format.money(cashMinor, sale.currency);
        throw refused('INVALID_PAYLOAD', 'refusal.cashShort', { due }).at('tenderedMinor');
      }
      const shift = d.drawer.taking();
      const receiptSeq = d.payments.nextReceiptSeq();
      const receiptNumber = formatReceiptNumber(prefix, receiptSeq);
      const changeMinor = c.tenderedMinor - cashMinor;
      const { method, tenders: all } = paymentTenders({
        cashMinor,
        tenderedMinor: c.tenderedMinor,
        changeMinor,
        electronic: c.card && {
          tender: 'card',
          reference: c.card.reference,
          amountMinor: cardMinor,
        },
      });
      // A sale of nothing (a grade priced at 0) takes no money: no tender, no drawer line.
      const tenders = all.filter((t) => t.amountMinor > 0);
      const payment = {
        method,
        amountMinor: sale.amountMinor,
        cardMinor,
        tenderedMinor: c.tenderedMinor + cardMinor,
        changeMinor,
      };
      const loyalty = this.loyaltyLine(sale, at, null);
      const receipt = buildFuelReceipt({
        stationName: d.site.stationName,
        paper: d.site.paper,
        sale: { ...sale, plate: d.plates.plateOf(sale) },
        payment: { ...payment, at, operator: c.operator, receiptId, receiptNumber },
        tenders: all,
        card: c.card ?? undefined,
        loyalty,
      });
      d.payments.insertWithReceipt(
        {
          id: paymentId,
          sessionId: null,
          fuelSaleId: sale.id,
          kind: 'fuel',
          method,
          amountMinor: payment.amountMinor,
          tenderedMinor: payment.tenderedMinor,
          changeMinor,
          currency: sale.currency,
          at,
          operator: c.operator,
          alertId: null,
        },
        receiptId,
        receipt,
        { seq: receiptSeq, prefix },
      );
      if (c.card && !d.attempts.settle(c.card.reference, paymentId, at)) {
        throw refused('CONFLICT', 'refusal.cardApprovalUsed');
      }
      for (const t of tenders) {
        d.attempts.addTender({ paymentId, ...t });
        d.drawer.record(shift, { paymentId, ...t, receiptSeq, operator: c.operator, at });
      }
      d.idempotency.insert({ ...c.request, paymentId }, at);
      if (!d.sales.markPaid(sale.id)) throw refused('CONFLICT', 'refusal.fuelPaid');
      d.journal.append(
        {
          type: 'fuelPayment.taken',
          aggregateId: paymentId,
          actor: c.operator,
          payload: {
            fuelSaleId: sale.id,
            method,
            tenders,
            amountMinor: payment.amountMinor,
            tenderedMinor: payment.tenderedMinor,
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
          actor: c.operator,
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
    d.events.publish('fuel:changed', { saleId: c.saleId, change: 'paid' });
    // The job committed with the payment; the queue prints it when the printer can.
    void d.printQueue.drain();
    return result;
  }

  /**
   * A card the terminal may be charging for the sale (its fate unknown, or approved and not
   * yet booked) holds every other payment of it until the station knows; `own` is the card
   * being booked.
   */
  private checkNoCardOpen(saleId: string, own: string | null): void {
    if (this.d.attempts.openForFuelSale(saleId).some((reference) => reference !== own)) {
      throw refused('CONFLICT', 'refusal.fuelCardChecking');
    }
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
      method: payment.method === 'card' || payment.method === 'split' ? payment.method : 'cash',
      amountMinor: payment.amountMinor,
      // A card request's attempt says the card's part; a cash request has none.
      cardMinor: this.d.attempts.byRequest(request.channel, request.key)?.cardMinor ?? 0,
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
    const earner = this.d.loyalty.earnerFor(this.d.plates.plateOf(sale), saleForPoints(sale, at));
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

  private view(sale: FuelSale): FuelSaleView {
    const plate = this.d.plates.plateOf(sale);
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
