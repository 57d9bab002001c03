import type { Format } from '../../src-shared';
import { refused } from '../../src-shared';
import type { PaymentTender } from '../db/repositories/card-attempt-repository';

type Electronic = 'card' | 'qr';

/** One tender's part of a payment, before the payment has its id. */
export type Tender<T extends Electronic = Electronic> = Omit<
  PaymentTender,
  'paymentId' | 'tender'
> & {
  tender: 'cash' | T;
};

/** A card or QR part of a payment, with what identifies it at the terminal or the operator. */
export interface ElectronicPart<T extends Electronic = Electronic> {
  tender: T;
  reference: string;
  amountMinor: number;
}

/**
 * The card's or QR's part of a split, with its cash part checked: the cash may not cover the
 * whole amount (that is a cash payment), and what was handed over must cover the cash part.
 * The same rule for a stay and a fuel sale.
 */
export function electronicPart(
  due: { dueMinor: number; currency: string },
  cash: { cashMinor: number; cashTenderedMinor: number },
  refusalKey: 'refusal.cardPart' | 'refusal.qrPart',
  format: Pick<Format, 'money'>,
): number {
  const electronicMinor = due.dueMinor - cash.cashMinor;
  if (cash.cashMinor < 0 || electronicMinor <= 0) {
    throw refused('INVALID_PAYLOAD', refusalKey).at('cashMinor', 'less than the amount due');
  }
  if (cash.cashTenderedMinor < cash.cashMinor) {
    const amount = format.money(cash.cashMinor, due.currency);
    throw refused('INVALID_PAYLOAD', 'refusal.cashPartShort', { amount }).at(
      'cashTenderedMinor',
      'less than the cash part',
    );
  }
  return electronicMinor;
}

/**
 * How a payment was made and its tenders, each a line of the drawer: the cash part as handed
 * over (all of it when there is no other tender), then the card or QR part.
 */
export function paymentTenders<T extends Electronic>(p: {
  cashMinor: number;
  tenderedMinor: number;
  changeMinor: number;
  electronic: ElectronicPart<T> | null;
}): { method: 'cash' | 'split' | T; tenders: Tender<T>[] } {
  const { electronic } = p;
  const method = !electronic ? 'cash' : p.cashMinor > 0 ? 'split' : electronic.tender;
  const tenders: Tender<T>[] = [];
  if (p.cashMinor > 0 || !electronic) {
    tenders.push({
      tender: 'cash',
      amountMinor: p.cashMinor,
      tenderedMinor: p.tenderedMinor,
      changeMinor: p.changeMinor,
      cardReference: null,
    });
  }
  if (electronic) {
    tenders.push({
      tender: electronic.tender,
      amountMinor: electronic.amountMinor,
      tenderedMinor: electronic.amountMinor,
      changeMinor: 0,
      cardReference: electronic.tender === 'card' ? electronic.reference : null,
    });
  }
  return { method, tenders };
}
