/**
 * The points ledger's rules (issue 10). Pure; the ledger itself is append-only in the
 * station's database (loyalty_entries) and a balance is always the sum of its entries.
 */

/** Why a redemption is refused, or null when it may go ahead. */
export function redeemRefusal(
  balance: number,
  points: number,
  online: boolean,
): 'offline' | 'not-positive' | 'insufficient' | null {
  // Offline the station cannot know what the member spent elsewhere: it redeems nothing.
  if (!online) return 'offline';
  if (!Number.isInteger(points) || points <= 0) return 'not-positive';
  if (points > balance) return 'insufficient';
  return null;
}

/**
 * How many points a refund takes back now, from a sale that earned `earned` on `paidMinor`,
 * when `refundedMinor` has been refunded in all (this refund included) and `reversed` points
 * were taken back before. The total taken back is ceil(earned × refunded ÷ paid), never more
 * than was earned: a full refund (or a void) takes everything back, a part takes at least its
 * share, and repeated part refunds add up to the same as one.
 */
export function pointsToReverse(
  earned: number,
  paidMinor: number,
  refundedMinor: number,
  reversed: number,
): number {
  if (earned <= 0) return 0;
  const total =
    paidMinor <= 0 || refundedMinor >= paidMinor
      ? earned
      : Math.min(earned, Math.ceil((earned * Math.max(0, refundedMinor)) / paidMinor));
  return Math.max(0, total - reversed);
}
