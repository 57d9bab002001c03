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
