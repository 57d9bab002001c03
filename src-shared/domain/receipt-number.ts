/**
 * Receipt numbers: one sequence per station, 1, 2, 3, ... with no gaps, printed after the
 * station's prefix ("ST1-42"). A number is taken in the transaction that records the payment
 * and its receipt, so a payment that never committed never took one.
 */

/** The prefix when the station's configuration names none. */
export const DEFAULT_RECEIPT_PREFIX = 'R-';

/** What the receipt, the screens and the journal show: the prefix, then the number. */
export function formatReceiptNumber(prefix: string, seq: number): string {
  return `${prefix}${seq}`;
}
