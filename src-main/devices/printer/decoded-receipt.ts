/** What the ESC/POS decoder recovers from a printer byte stream: one printed receipt. */
import type { Alignment } from './escpos-commands';
import type { ReceiptBarcodeKind } from './receipt-document';

export interface DecodedBarcode {
  kind: ReceiptBarcodeKind | 'other';
  data: string;
  /** Index in `textLines` where the symbol was printed (before that line). */
  atLine: number;
}

export interface StyledLine {
  text: string;
  align: Alignment;
  bold: boolean;
  /** Height multiplier from GS ! (1 = normal). */
  height: number;
}

export interface DecodedReceipt {
  textLines: string[];
  /** Same lines with the formatting they were printed in, for rendering. */
  styledLines: StyledLine[];
  barcodes: DecodedBarcode[];
  cut: boolean;
  /** Bytes that were not understood, with their offset in the stream. */
  unknown: { offset: number; byte: number }[];
}
