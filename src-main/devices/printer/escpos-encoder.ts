/**
 * Pure ReceiptDocument → ESC/POS encoder, laid out for a printer profile (80 mm paper and 42
 * columns of font A by default). Output is plain ASCII text plus standard commands, so any
 * ESC/POS printer prints it. Every barcode is sized against the profile's dots per line first:
 * a printer silently skips a symbol wider than its paper and only feeds.
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
  QR_ERROR_LEVELS,
  QR_FN_STORE,
  RASTER_IMAGE,
  escapeCode128,
  type Alignment,
} from './escpos-commands';
import { code128Widths } from './code128-pattern';
import { DEFAULT_PRINTER_PROFILE, type PrinterProfile } from './printer-profile';
import {
  CODE128_QUIET_MODULES,
  QR_QUIET_MODULES,
  code128Raster,
  qrRaster,
  type RasterImage,
} from './raster-image';
import type { ReceiptBarcode, ReceiptColumns, ReceiptDocument } from './receipt-document';
import { code128Bars, qrMatrix, type QrErrorLevel } from './symbol-matrix';

export interface EscPosEncodeOptions {
  /** What the printer can print. Default: 80 mm, 576 dots, native Code128 and QR. */
  profile?: PrinterProfile;
  /** Characters per line. Default: the profile's columns. */
  width?: number;
  /** Largest QR module size in dots, 1..16. Default: the profile's largest (6). */
  qrModuleSize?: number;
  /** Code128 bar height in dots. Default 80. */
  barcodeHeight?: number;
  /** Blank lines fed before the cut so the last line clears the cutter. Default 4. */
  feedBeforeCut?: number;
  /** The site's branding on every receipt and report this printer prints. */
  branding?: ReceiptBranding;
}

/**
 * What the site prints on everything (settings: receipts.logoPath, header, footer): the logo
 * above the site name, header lines (address, tax id) under it, footer lines at the very end.
 * Applied when printing, so a reprint carries the site's branding as it is now.
 */
export interface ReceiptBranding {
  logo?: RasterImage | null;
  header?: readonly string[];
  footer?: readonly string[];
}

const MAX_CODE128_BYTES = 255;
const MAX_QR_BYTES = 1000;
/** Level M: survives scuffs without a huge symbol. */
const QR_ERROR_LEVEL: QrErrorLevel = 'M';

/** How one barcode will be printed: which symbol, at what module size, by whom. */
export interface SymbolPlan {
  kind: 'code128' | 'qr';
  data: string;
  /** Module width (Code128) or module size (QR), in dots. */
  module: number;
  /** Printed width in dots, quiet zones included. */
  widthDots: number;
  /** The printer draws it (GS k / GS ( k), or it is sent as a bwip-js raster (GS v 0). */
  render: 'native' | 'raster';
  /** A Code128 too wide for the paper even at the narrowest module is printed as a QR code. */
  fallbackFrom: 'code128' | null;
}

/**
 * Picks the widest Code128 module that fits the line with its quiet zones, else a QR code at the
 * largest module size that fits. Throws when even the smallest QR would not fit.
 */
export function planSymbol(
  barcode: ReceiptBarcode,
  profile: PrinterProfile = DEFAULT_PRINTER_PROFILE,
  largestQrModule = 16,
): SymbolPlan {
  const data = toPrintableAscii(barcode.data);
  if (data.length === 0) throw new RangeError('barcode data is empty');
  const render = profile.nativeSymbols ? 'native' : 'raster';
  if (barcode.kind === 'code128') {
    const bars = render === 'native' ? code128Widths(data) : code128Bars(data);
    const modules = bars.reduce((sum, w) => sum + w, 0) + 2 * CODE128_QUIET_MODULES;
    const fitsCommand =
      render === 'raster' || `{B${escapeCode128(data)}`.length <= MAX_CODE128_BYTES;
    const module = profile.code128Modules.find((m) => modules * m <= profile.dotsPerLine);
    if (module !== undefined && fitsCommand) {
      return {
        kind: 'code128',
        data,
        module,
        widthDots: modules * module,
        render,
        fallbackFrom: null,
      };
    }
  }
  if (data.length > MAX_QR_BYTES) throw new RangeError(`QR data too long (${data.length} bytes)`);
  const modules = qrMatrix(data, QR_ERROR_LEVEL).size + 2 * QR_QUIET_MODULES;
  const module = profile.qrModules
    .filter((m) => m <= largestQrModule)
    .find((m) => modules * m <= profile.dotsPerLine);
  if (module === undefined) {
    throw new RangeError(`${data.length} characters do not fit ${profile.dotsPerLine} dots as QR`);
  }
  const fallbackFrom = barcode.kind === 'code128' ? 'code128' : null;
  return { kind: 'qr', data, module, widthDots: modules * module, render, fallbackFrom };
}

export function encodeReceipt(doc: ReceiptDocument, options: EscPosEncodeOptions = {}): Uint8Array {
  const profile = options.profile ?? DEFAULT_PRINTER_PROFILE;
  const width = options.width ?? profile.columns;
  if (!Number.isInteger(width) || width < 16) throw new RangeError(`bad receipt width ${width}`);
  const out = new ByteWriter();

  const branding = options.branding ?? {};
  out.bytes(ESC, 0x40); // ESC @: reset modes left over from a previous job
  out.align('center');
  if (branding.logo) out.raster(branding.logo);
  doc.header.forEach((line, i) => {
    // The site name: bold and double height (not double width, so the column count holds).
    if (i === 0) out.bold(true).size(1, 2);
    out.wrapped(line, width);
    if (i === 0) {
      out.bold(false).size(1, 1);
      for (const siteLine of branding.header ?? []) out.wrapped(siteLine, width);
    }
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
    encodeBarcode(out, doc.barcode, profile, width, options); // ends with LF before the footer
  }
  out.align('center');
  for (const line of doc.footer) out.wrapped(line, width);
  for (const line of branding.footer ?? []) out.wrapped(line, width);
  out.align('left');

  out.bytes(ESC, 0x64, options.feedBeforeCut ?? 4); // ESC d n: print and feed n lines
  out.bytes(GS, 0x56, CUT_PARTIAL); // GS V 1: partial cut
  return out.toUint8Array();
}

function encodeBarcode(
  out: ByteWriter,
  barcode: ReceiptBarcode,
  profile: PrinterProfile,
  width: number,
  options: EscPosEncodeOptions,
) {
  const plan = planSymbol(barcode, profile, clamp(options.qrModuleSize ?? 16, 1, 16));
  const { data, module } = plan;
  const barHeight = clamp(options.barcodeHeight ?? 80, 1, 255);
  if (plan.render === 'raster') {
    out.raster(
      plan.kind === 'code128'
        ? code128Raster(code128Bars(data), module, barHeight, profile.dotsPerLine)
        : qrRaster(qrMatrix(data, QR_ERROR_LEVEL), module, profile.dotsPerLine),
    );
  } else if (plan.kind === 'code128') {
    const payload = `{B${escapeCode128(data)}`;
    out.bytes(GS, 0x68, barHeight); // GS h: bar height
    out.bytes(GS, 0x77, module); // GS w: module width
    out.bytes(GS, 0x48, 2); // GS H: human-readable text below the bars
    out.bytes(GS, 0x6b, BARCODE_CODE128, payload.length).ascii(payload); // GS k 73 n d1..dn
  } else {
    out.qr(QR_FN_MODEL, 50, 0); // model 2
    out.qr(QR_FN_SIZE, module);
    out.qr(QR_FN_ERROR_LEVEL, 48 + QR_ERROR_LEVELS.indexOf(QR_ERROR_LEVEL));
    out.qr(QR_FN_STORE, 48, ...Array.from(data, (c) => c.charCodeAt(0)));
    out.qr(QR_FN_PRINT, 48);
  }
  out.bytes(LF);
  // What a native Code128 prints under its bars (GS H), for whoever has to type it in.
  if (plan.render === 'raster' ? plan.kind === 'code128' || plan.fallbackFrom : plan.fallbackFrom) {
    out.wrapped(data, width);
  }
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

  /** GS v 0 0 xL xH yL yH d1..dk: a raster bit image at normal scale. */
  raster(image: RasterImage): this {
    const rowBytes = image.widthDots / 8;
    this.bytes(GS, RASTER_IMAGE, 0x30, 0, rowBytes & 0xff, rowBytes >> 8);
    this.bytes(image.height & 0xff, image.height >> 8);
    for (const byte of image.bits) this.chunks.push(byte);
    return this;
  }

  toUint8Array(): Uint8Array {
    return Uint8Array.from(this.chunks);
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.round(value)));
}
