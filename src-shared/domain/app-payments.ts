import type { QuoteView } from './types';

/** A payment made in the operator's phone app, as pulled from the operator's server. */
export interface AppPayment {
  id: string;
  plate: string;
  purpose: 'parking' | 'fuel';
  amountMinor: number;
  currency: string;
  paidAt: number;
  validUntil: number;
  reference: string;
}

/**
 * What the app payments of a plate do for a stay's quote at `now`:
 * - covers: one of them settles what is due (the station records the due, not the app amount);
 * - short: the best one pays less than is due, so the car pays at the booth (shortMinor more);
 * - none: no app payment for parking, in date, in the tariff's currency.
 * The candidates are the plate's app payments not yet used for another stay.
 */
export type AppPaymentCover =
  | { kind: 'covers'; payment: AppPayment; amountMinor: number }
  | { kind: 'short'; payment: AppPayment; shortMinor: number }
  | { kind: 'none' };

export function appPaymentCover(
  candidates: readonly AppPayment[],
  quote: Pick<QuoteView, 'dueMinor' | 'currency'>,
  now: number,
): AppPaymentCover {
  const usable = candidates
    .filter((p) => p.purpose === 'parking' && p.validUntil >= now && p.currency === quote.currency)
    // The one that runs out first goes first; then the older one.
    .sort((a, b) => a.validUntil - b.validUntil || a.paidAt - b.paidAt);
  if (usable.length === 0 || quote.dueMinor <= 0) return { kind: 'none' };
  const covering = usable.find((p) => p.amountMinor >= quote.dueMinor);
  if (covering) return { kind: 'covers', payment: covering, amountMinor: quote.dueMinor };
  const best = usable.reduce((a, b) => (b.amountMinor > a.amountMinor ? b : a));
  return { kind: 'short', payment: best, shortMinor: quote.dueMinor - best.amountMinor };
}

/**
 * What the app payments of a plate do for a fuel sale due at the booth, at `now`:
 * - covers: one paid for fuel, in the sale's currency, for at least the sale's amount, standing
 *   when the fuel was delivered and still now, settles the sale (the station records the
 *   sale's amount; the rest of what the app took is the operator's to give back);
 * - expired: such a payment lapsed before it could settle the sale (the app's payment window
 *   closed: the operator gives it back), so the sale stays due at the booth, and says why;
 * - none: nothing paid in the app for it.
 * The candidates are the plate's app payments not yet used for a stay or another sale.
 */
export type FuelAppCover =
  | { kind: 'covers'; payment: AppPayment }
  | { kind: 'expired'; payment: AppPayment }
  | { kind: 'none' };

export function fuelAppCover(
  candidates: readonly AppPayment[],
  sale: { amountMinor: number; currency: string; deliveredAt: number },
  now: number,
): FuelAppCover {
  const forSale = candidates
    .filter(
      (p) =>
        p.purpose === 'fuel' &&
        p.currency === sale.currency &&
        p.amountMinor >= sale.amountMinor &&
        p.validUntil >= sale.deliveredAt,
    )
    // The one that runs out first goes first; then the older one.
    .sort((a, b) => a.validUntil - b.validUntil || a.paidAt - b.paidAt);
  const standing = forSale.find((p) => p.validUntil >= now);
  if (standing) return { kind: 'covers', payment: standing };
  const lapsed = forSale.at(-1);
  return lapsed ? { kind: 'expired', payment: lapsed } : { kind: 'none' };
}
