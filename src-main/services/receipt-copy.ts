import { translate } from '../../src-shared';
import type { ReceiptDocument } from '../devices/printer/receipt-document';
import { receiptNumberLines } from './receipt-builder';

/** Printed under the header of every reprint in English, so a customer never holds two originals. */
export const COPY_MARK = translate('en', 'receipt.copy');

/**
 * A reprint of a receipt: the original with COPY under its header, in the language the original
 * was printed in (read from its number line), whatever the receipt language is now. A receipt
 * printed before receipts were numbered (in English) was numbered by migration 9: its copy shows
 * that number; a later one carries it already.
 */
export function receiptCopy(original: ReceiptDocument, receiptNumber: string): ReceiptDocument {
  const lines = receiptNumberLines(receiptNumber);
  const printed = lines.find(({ line }) => original.header.includes(line));
  const language = printed?.language ?? 'en';
  const english = translate('en', 'receipt.number', { number: receiptNumber });
  const header = printed ? original.header : [...original.header, english];
  return { ...original, header: [...header, translate(language, 'receipt.copy')] };
}
