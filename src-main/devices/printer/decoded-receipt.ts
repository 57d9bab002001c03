/** What the ESC/POS decoder recovers from a printer byte stream: one printed receipt. */
import type { Alignment } from './escpos-commands';
import type { ReceiptBarcodeKind } from './receipt-document';
import type { QrErrorLevel } from './symbol-matrix';

export interface DecodedBarcode {
  kind: ReceiptBarcodeKind | 'other';
  data: string;
  /** Index in `textLines` where the symbol was printed (before that line). */
  atLine: number;
  /** Justification in force (ESC a): where on the line the printer puts the symbol. */
  align: Alignment;
  /** Module width in dots: GS w for barcodes (default 3), GS ( k 167 for QR (default 3). */
  module: number;
  /** Bar height in dots (GS h, default 162); QR symbols are square. */
  height: number;
  /** Human-readable text printed below the bars (GS H 2 or 3). */
  hri: boolean;
  /** QR error correction (GS ( k 169, default L). */
  errorLevel: QrErrorLevel;
}

/** A raster bit image (GS v 0): rows of bytes, most significant bit leftmost, 1 = black. */
export interface DecodedRaster {
  widthDots: number;
  height: number;
  bits: Uint8Array;
  /** GS v 0 m: double width (m bit 0) and double height (m bit 1). */
  scaleX: 1 | 2;
  scaleY: 1 | 2;
  align: Alignment;
  /** Index in `textLines` where the image was printed (before that line). */
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
  rasters: DecodedRaster[];
  cut: boolean;
  /** Bytes that were not understood, with their offset in the stream. */
  unknown: { offset: number; byte: number }[];
}
