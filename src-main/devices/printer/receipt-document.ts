/** A receipt as the station describes it, independent of any printer command language. */

export interface ReceiptColumns {
  left: string;
  right: string;
}

export interface ReceiptTotal extends ReceiptColumns {
  bold?: boolean;
}

export type ReceiptBarcodeKind = 'code128' | 'qr';

export interface ReceiptBarcode {
  kind: ReceiptBarcodeKind;
  data: string;
}

export interface ReceiptDocument {
  /** Centered; the first line is printed large and bold (the site name). */
  header: string[];
  /** Item lines: description on the left, amount on the right. */
  lines: ReceiptColumns[];
  totals: ReceiptTotal[];
  /** Free text under the totals (exit deadline, VAT note, ...), word-wrapped. */
  notes: string[];
  barcode: ReceiptBarcode | null;
  /** Centered, after the barcode. */
  footer: string[];
}
