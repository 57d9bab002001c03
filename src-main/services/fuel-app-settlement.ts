import { refused } from '../../src-shared';
import { fuelAppCover } from '../../src-shared/domain/app-payments';
import type { AppPaymentRepository } from '../db/repositories/app-payment-repository';
import type { FuelSale, FuelSaleRepository } from '../db/repositories/fuel-sale-repository';
import type { PaymentRepository } from '../db/repositories/payment-repository';
import type { JournalWriter } from '../journal/journal';
import type { Clock } from '../platform/clock';
import { newId } from './ids';
import type { Publisher, Transact } from './ports';

export interface FuelAppSettlementDeps {
  sales: Pick<FuelSaleRepository, 'get' | 'due' | 'markPaid'>;
  /** The plate a sale goes by: read at the lane, else the cashier's (null: neither yet). */
  plateOf(sale: FuelSale): string | null;
  /** A card the terminal may be charging for the sale right now: the app must not pay it too. */
  cardOpen(saleId: string): boolean;
  payments: Pick<PaymentRepository, 'insertWithoutReceipt'>;
  /** Payments made in the operator's app (pulled by sync), and which of them settled what. */
  appPayments: Pick<AppPaymentRepository, 'unusedFor' | 'markUsed'>;
  journal: JournalWriter;
  transact: Transact;
  clock: Clock;
  events: Publisher;
}

/**
 * Fuel sales paid in the operator's app (seed 000: pay by plate from the phone). A due sale
 * that an app payment for its plate covers settles without the cashier, as a cash payment
 * would: the station's payment (method 'app', no booth receipt: the app gave one), the app
 * payment's use, the sale's move to paid and fuelPayment.fromApp + fuelSale.settled commit in
 * one transaction. An app payment that lapsed first leaves the sale due, marked "expired".
 */
export class FuelAppSettlement {
  constructor(private readonly d: FuelAppSettlementDeps) {}

  /** Settles each due sale an app payment covers; returns the sales it settled. */
  settle(): string[] {
    const settled: string[] = [];
    for (const sale of this.d.sales.due()) {
      const at = this.d.clock();
      if (this.cover(sale, at).kind !== 'covers' || this.d.cardOpen(sale.id)) continue;
      if (!this.d.transact(() => this.settleOne(sale.id, at))) continue;
      settled.push(sale.id);
      this.d.events.publish('fuel:changed', { saleId: sale.id, change: 'paid' });
    }
    return settled;
  }

  /** An app payment for the sale's plate lapsed before it could settle it: due at the booth. */
  lapsed(sale: FuelSale, now: number): boolean {
    return this.cover(sale, now).kind === 'expired';
  }

  private settleOne(saleId: string, at: number): boolean {
    // Read again in the transaction: a cashier may have paid it meanwhile.
    const sale = this.d.sales.get(saleId);
    if (!sale || sale.state !== 'due') return false;
    const cover = this.cover(sale, at);
    if (cover.kind !== 'covers') return false;
    const paymentId = newId('Y', at);
    this.d.payments.insertWithoutReceipt({
      id: paymentId,
      sessionId: null,
      fuelSaleId: sale.id,
      kind: 'fuel',
      method: 'app',
      amountMinor: sale.amountMinor,
      tenderedMinor: sale.amountMinor,
      changeMinor: 0,
      currency: sale.currency,
      at,
      operator: 'station',
      alertId: null,
    });
    if (!this.d.appPayments.markUsed(cover.payment.id, { paymentId, fuelSaleId: sale.id }, at)) {
      throw refused('CONFLICT', 'refusal.appSettledOther');
    }
    if (!this.d.sales.markPaid(sale.id)) throw refused('CONFLICT', 'refusal.fuelPaid');
    this.d.journal.append(
      {
        type: 'fuelPayment.fromApp',
        aggregateId: paymentId,
        actor: 'station',
        payload: {
          fuelSaleId: sale.id,
          appPaymentId: cover.payment.id,
          reference: cover.payment.reference,
          amountMinor: sale.amountMinor,
          appAmountMinor: cover.payment.amountMinor,
          currency: sale.currency,
        },
      },
      at,
    );
    this.d.journal.append(
      {
        type: 'fuelSale.settled',
        aggregateId: sale.id,
        actor: 'station',
        payload: { via: 'app', paymentId },
      },
      at,
    );
    return true;
  }

  /** What the plate's app payments do for the sale (the domain's rule, fuelAppCover). */
  private cover(sale: FuelSale, now: number) {
    const plate = this.d.plateOf(sale);
    if (!plate) return { kind: 'none' as const };
    return fuelAppCover(this.d.appPayments.unusedFor(plate), sale, now);
  }
}
