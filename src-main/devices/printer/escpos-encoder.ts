/**
 * Pure ReceiptDocument → ESC/POS encoder for 80 mm thermal printers (42 columns of font A by
 * default). Output is plain ASCII text plus standard commands, so any ESC/POS printer prints it.
 */
import { toPrintableAscii, twoColumns, wrapText } from './ascii-text';
import {
  ALIGNMENTS,
  BARCODE_CODE128,
  CUT_PARTIAL,
  ESC,
  GS,
  LF,
  QR_CN,
  QR_FN_ERROR_LEVEL,
  QR_FN_MODEL,
  QR_FN_PRINT,
  QR_FN_SIZE,
  QR_FN_STORE,
  escapeCode128,
  type Alignment,
} from './escpos-commands';
import type { ReceiptBarcode, ReceiptColumns, ReceiptDocument } from './receipt-document';

export interface EscPosEncodeOptions {
  /** Characters per line. Default 42 (80 mm paper, font A). */
  width?: number;
  /** QR module size in dots, 1..16. Default 6. */
  qrModuleSize?: number;
  /** Code128 bar height in dots. Default 80. */
  barcodeHeight?: number;
  /** Blank lines fed before the cut so the last line clears the cutter. Default 4. */
  feedBeforeCut?: number;
}

const MAX_CODE128_BYTES = 255;
const MAX_QR_BYTES = 1000;

export function encodeReceipt(doc: ReceiptDocument, options: EscPosEncodeOptions = {}): Uint8Array {
  const width = options.width ?? 42;
  if (!Number.isInteger(width) || width < 16) throw new RangeError(`bad receipt width ${width}`);
  const out = new ByteWriter();

  out.bytes(ESC, 0x40); // ESC @: reset modes left over from a previous job
  out.align('center');
  doc.header.forEach((line, i) => {
    // The site name: bold and double height (not double width, so the column count holds).
    if (i === 0) out.bold(true).size(1, 2);
    out.wrapped(line, width);
    if (i === 0) out.bold(false).size(1, 1);
  });

  out.align('left');
  if (doc.lines.length > 0) {
    out.rule(width);
    for (const line of doc.lines) out.columns(line, width);
  }
  if (doc.totals.length > 0) {
    out.rule(width);
    for (const total of doc.totals) {
      if (total.bold) out.bold(true);
      out.columns(total, width);
      if (total.bold) out.bold(false);
    }
  }
  if (doc.notes.length > 0) {
    out.text('');
    for (const note of doc.notes) out.wrapped(note, width);
  }
  if (doc.barcode) {
    out.text('').align('center');
    encodeBarcode(out, doc.barcode, options); // ends with LF, which also spaces the footer
  }
  out.align('center');
  for (const line of doc.footer) out.wrapped(line, width);
  out.align('left');

  out.bytes(ESC, 0x64, options.feedBeforeCut ?? 4); // ESC d n: print and feed n lines
  out.bytes(GS, 0x56, CUT_PARTIAL); // GS V 1: partial cut
  return out.toUint8Array();
}

function encodeBarcode(out: ByteWriter, barcode: ReceiptBarcode, options: EscPosEncodeOptions) {
  const data = toPrintableAscii(barcode.data);
  if (data.length === 0) throw new RangeError('barcode data is empty');
  if (barcode.kind === 'code128') {
    const payload = `{B${escapeCode128(data)}`;
    if (payload.length > MAX_CODE128_BYTES) {
      throw new RangeError(`Code128 data too long (${data.length} characters)`);
    }
    out.bytes(GS, 0x68, clamp(options.barcodeHeight ?? 80, 1, 255)); // GS h: bar height
    out.bytes(GS, 0x77, 2); // GS w: module width
    out.bytes(GS, 0x48, 2); // GS H: human-readable text below the bars
    out.bytes(GS, 0x6b, BARCODE_CODE128, payload.length).ascii(payload); // GS k 73 n d1..dn
    out.bytes(LF);
    return;
  }
  if (data.length > MAX_QR_BYTES) throw new RangeError(`QR data too long (${data.length} bytes)`);
  const size = clamp(options.qrModuleSize ?? 6, 1, 16);
  out.qr(QR_FN_MODEL, 50, 0); // model 2
  out.qr(QR_FN_SIZE, size);
  out.qr(QR_FN_ERROR_LEVEL, 49); // level M: survives scuffs without a huge symbol
  out.qr(QR_FN_STORE, 48, ...Array.from(data, (c) => c.charCodeAt(0)));
  out.qr(QR_FN_PRINT, 48);
  out.bytes(LF);
}

/** Accumulates bytes with small helpers for the commands above. */
class ByteWriter {
  private readonly chunks: number[] = [];

  bytes(...values: number[]): this {
    for (const value of values) this.chunks.push(value & 0xff);
    return this;
  }

  /** Appends already-sanitised ASCII. */
  ascii(text: string): this {
    for (let i = 0; i < text.length; i++) this.chunks.push(text.charCodeAt(i));
    return this;
  }

  text(line: string): this {
    return this.ascii(toPrintableAscii(line)).bytes(LF);
  }

  wrapped(line: string, width: number): this {
    for (const part of wrapText(toPrintableAscii(line), width)) this.ascii(part).bytes(LF);
    return this;
  }

  columns(line: ReceiptColumns, width: number): this {
    const left = toPrintableAscii(line.left);
    const right = toPrintableAscii(line.right);
    for (const part of twoColumns(left, right, width)) this.ascii(part).bytes(LF);
    return this;
  }

  rule(width: number): this {
    return this.ascii('-'.repeat(width)).bytes(LF);
  }

  align(alignment: Alignment): this {
    return this.bytes(ESC, 0x61, ALIGNMENTS.indexOf(alignment)); // ESC a n
  }

  bold(on: boolean): this {
    return this.bytes(ESC, 0x45, on ? 1 : 0); // ESC E n
  }

  /** GS ! n: width and height multipliers 1..8. */
  size(width: number, height: number): this {
    return this.bytes(GS, 0x21, ((width - 1) << 4) | (height - 1));
  }

  /** GS ( k pL pH cn fn params: one QR Code function. */
  qr(fn: number, ...params: number[]): this {
    const length = params.length + 2;
    return this.bytes(GS, 0x28, 0x6b, length & 0xff, length >> 8, QR_CN, fn, ...params);
  }

  toUint8Array(): Uint8Array {
    return Uint8Array.from(this.chunks);
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.round(value)));
}
