import type { ReceiptDocument } from '../devices/printer/receipt-document';
import { receiptNumberLine } from './receipt-builder';

/** Printed under the header of every reprint, so a customer never holds two originals. */
export const COPY_MARK = '*** COPY ***';

/**
 * A reprint of a receipt: the original with COPY under its header. A receipt printed before
 * receipts were numbered was numbered by migration 9: its copy shows that number; a later one
 * carries it already.
 */
export function receiptCopy(original: ReceiptDocument, receiptNumber: string): ReceiptDocument {
  const numberLine = receiptNumberLine(receiptNumber);
  const header = original.header.includes(numberLine)
    ? original.header
    : [...original.header, numberLine];
  return { ...original, header: [...header, COPY_MARK] };
}
