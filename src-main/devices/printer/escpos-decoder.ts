/**
 * ESC/POS decoder: turns a printer byte stream back into text lines, barcodes and cuts. Used by
 * the printer simulator (streaming, split at each cut) and by tests (whole buffer). Commands it
 * knows are consumed; bytes it does not know are recorded in `unknown`, never thrown.
 */
import {
  ALIGNMENTS,
  BARCODE_CODE128,
  CR,
  DLE,
  EOT,
  ESC,
  GS,
  LF,
  NUL,
  QR_CN,
  QR_ERROR_LEVELS,
  QR_FN_ERROR_LEVEL,
  QR_FN_PRINT,
  QR_FN_SIZE,
  QR_FN_STORE,
  RASTER_IMAGE,
  unescapeCode128,
  type Alignment,
} from './escpos-commands';
import type { DecodedReceipt } from './decoded-receipt';
import type { QrErrorLevel } from './symbol-matrix';

export type { DecodedBarcode, DecodedRaster, DecodedReceipt, StyledLine } from './decoded-receipt';

export interface EscPosStreamHandlers {
  /** DLE EOT n arrived: a real printer answers at once, even in the middle of a job. */
  onStatusRequest?: (n: number) => void;
  /** A cut ended a receipt. */
  onCut?: (receipt: DecodedReceipt) => void;
}

/** Fixed total lengths of ESC x / GS x commands that take no variable data. */
// prettier-ignore
const ESC_LENGTHS: Record<number, number> = {
  0x40: 2, 0x32: 2, // ESC @ init, ESC 2 default spacing
  0x61: 3, 0x45: 3, 0x64: 3, 0x21: 3, 0x2d: 3, 0x4d: 3, 0x74: 3, 0x33: 3, 0x47: 3, 0x4a: 3,
  0x52: 3, 0x20: 3, 0x56: 3, 0x7b: 3, 0x65: 3,
};
// prettier-ignore
const GS_LENGTHS: Record<number, number> = {
  0x21: 3, 0x68: 3, 0x77: 3, 0x48: 3, 0x66: 3, 0x42: 3, 0x4c: 4, 0x57: 4,
};

const MAX_NUL_BARCODE = 255;
/** GS v 0 limits: 128 bytes (1024 dots) per row, 4095 rows (Epson TM series). */
const MAX_RASTER_ROW_BYTES = 128;
const MAX_RASTER_ROWS = 4095;

/** Symbol settings as ESC @ leaves them (Epson defaults). */
const SYMBOL_DEFAULTS = {
  barModule: 3,
  barHeight: 162,
  hri: false,
  qrModule: 3,
  qrErrorLevel: 'L' as QrErrorLevel,
};

/** Incremental decoder: feed chunks with push(); incomplete commands wait for more bytes. */
export class EscPosStreamDecoder {
  private pending = new Uint8Array(0);
  private offset = 0; // stream offset of pending[0]
  private receipt = emptyReceipt();
  private line = '';
  private align: Alignment = 'left';
  private bold = false;
  private height = 1;
  private qrData = '';
  private symbol = { ...SYMBOL_DEFAULTS };

  constructor(private readonly handlers: EscPosStreamHandlers = {}) {}

  push(chunk: Uint8Array): void {
    const bytes = new Uint8Array(this.pending.length + chunk.length);
    bytes.set(this.pending);
    bytes.set(chunk, this.pending.length);
    let i = 0;
    while (i < bytes.length) {
      const used = this.step(bytes, i);
      if (used === 0) break; // incomplete command: keep it for the next chunk
      i += used;
    }
    this.pending = bytes.slice(i);
    this.offset += i;
  }

  /** Ends the stream and returns what was decoded since the last cut. */
  finish(): DecodedReceipt {
    this.pending.forEach((byte, i) => this.flag(this.offset + i, byte)); // truncated command
    this.offset += this.pending.length;
    this.pending = new Uint8Array(0);
    if (this.line.length > 0) this.newLine();
    return this.takeReceipt(false);
  }

  /** Decodes one item at `i`; returns bytes consumed, or 0 when more bytes are needed. */
  private step(b: Uint8Array, i: number): number {
    const byte = b[i] ?? 0;
    const at = this.offset + i;
    if (byte >= 0x20 && byte <= 0x7e) {
      this.line += String.fromCharCode(byte);
      return 1;
    }
    if (byte === LF) {
      this.newLine();
      return 1;
    }
    if (byte === CR) return 1;
    if (byte !== ESC && byte !== GS && byte !== DLE) return this.flag(at, byte);
    if (i + 1 >= b.length) return 0;
    const op = b[i + 1] ?? 0;
    if (byte === DLE) {
      if (op !== EOT && op !== 0x05) return this.flag(at, byte);
      if (i + 2 >= b.length) return 0;
      if (op === EOT) this.handlers.onStatusRequest?.(b[i + 2] ?? 0);
      return 3;
    }
    const fixed = (byte === ESC ? ESC_LENGTHS : GS_LENGTHS)[op];
    if (fixed !== undefined) {
      if (i + fixed > b.length) return 0;
      this.applyFixed(byte, op, b[i + 2] ?? 0);
      return fixed;
    }
    if (byte === GS && op === 0x56) return this.cut(b, i);
    if (byte === GS && op === 0x6b) return this.barcode(b, i);
    if (byte === GS && op === 0x28) return this.extended(b, i, at);
    if (byte === GS && op === RASTER_IMAGE) return this.raster(b, i, at);
    return this.flag(at, byte);
  }

  private applyFixed(prefix: number, op: number, n: number): void {
    if (prefix === ESC && op === 0x40) {
      this.line = ''; // ESC @ clears the print buffer and resets the modes
      this.align = 'left';
      this.bold = false;
      this.height = 1;
      this.symbol = { ...SYMBOL_DEFAULTS };
    } else if (prefix === ESC && op === 0x61) this.align = ALIGNMENTS[n % 48] ?? 'left';
    else if (prefix === ESC && op === 0x45) this.bold = (n & 1) === 1;
    else if (prefix === ESC && op === 0x64) {
      if (n === 0 && this.line.length > 0) this.newLine();
      for (let k = 0; k < n; k++) this.newLine();
    } else if (prefix === ESC && op === 0x4a && this.line.length > 0) this.newLine();
    else if (prefix === GS && op === 0x21) this.height = (n & 0x07) + 1;
    else if (prefix === GS && op === 0x77) this.symbol.barModule = n;
    else if (prefix === GS && op === 0x68) this.symbol.barHeight = n;
    else if (prefix === GS && op === 0x48) this.symbol.hri = (n & 0x02) !== 0; // 2/50, 3/51: below
  }

  /** GS V m [n]: functions A (m = 0, 1, 48, 49) have no n; B-D take one more byte. */
  private cut(b: Uint8Array, i: number): number {
    if (i + 2 >= b.length) return 0;
    const m = b[i + 2] ?? 0;
    const length = m <= 1 || m === 48 || m === 49 ? 3 : 4;
    if (i + length > b.length) return 0;
    if (this.line.length > 0) this.newLine();
    const receipt = this.takeReceipt(true);
    this.handlers.onCut?.(receipt);
    return length;
  }

  /** GS k m: m 0-6 is NUL-terminated data; m >= 65 is GS k m n d1..dn. */
  private barcode(b: Uint8Array, i: number): number {
    if (i + 2 >= b.length) return 0;
    const m = b[i + 2] ?? 0;
    let start: number;
    let end: number;
    let length: number;
    if (m <= 6) {
      start = i + 3;
      end = b.indexOf(NUL, start);
      // No terminator within any valid length: garbage, not a barcode worth waiting for.
      if (end < 0) return b.length - start > MAX_NUL_BARCODE ? this.flag(this.offset + i, GS) : 0;
      length = end + 1 - i;
    } else {
      if (i + 3 >= b.length) return 0;
      start = i + 4;
      end = start + (b[i + 3] ?? 0);
      if (end > b.length) return 0;
      length = end - i;
    }
    const raw = String.fromCharCode(...b.subarray(start, end));
    const kind = m === BARCODE_CODE128 ? 'code128' : 'other';
    const data = kind === 'code128' ? unescapeCode128(raw) : raw;
    this.receipt.barcodes.push({
      kind,
      data,
      atLine: this.receipt.textLines.length,
      align: this.align,
      module: this.symbol.barModule,
      height: this.symbol.barHeight,
      hri: this.symbol.hri,
      errorLevel: this.symbol.qrErrorLevel,
    });
    return length;
  }

  /** GS v 0 m xL xH yL yH d1..dk: a raster bit image of (xL + xH·256) bytes × (yL + yH·256) rows. */
  private raster(b: Uint8Array, i: number, at: number): number {
    if (i + 8 > b.length) return 0;
    const m = b[i + 3] ?? 0;
    const rowBytes = (b[i + 4] ?? 0) | ((b[i + 5] ?? 0) << 8);
    const rows = (b[i + 6] ?? 0) | ((b[i + 7] ?? 0) << 8);
    const valid =
      b[i + 2] === 0x30 &&
      (m <= 3 || (m >= 48 && m <= 51)) &&
      rowBytes >= 1 &&
      rowBytes <= MAX_RASTER_ROW_BYTES &&
      rows >= 1 &&
      rows <= MAX_RASTER_ROWS;
    if (!valid) return this.flag(at, GS);
    const size = rowBytes * rows;
    if (i + 8 + size > b.length) return 0;
    this.receipt.rasters.push({
      widthDots: rowBytes * 8,
      height: rows,
      bits: b.slice(i + 8, i + 8 + size),
      scaleX: m & 1 ? 2 : 1,
      scaleY: m & 2 ? 2 : 1,
      align: this.align,
      atLine: this.receipt.textLines.length,
    });
    return 8 + size;
  }

  /** GS ( x pL pH payload: only QR (GS ( k, cn 49) has meaning here; other 2D/graphics flagged. */
  private extended(b: Uint8Array, i: number, at: number): number {
    if (i + 4 >= b.length) return 0;
    const size = (b[i + 3] ?? 0) | ((b[i + 4] ?? 0) << 8);
    if (i + 5 + size > b.length) return 0;
    const payload = b.subarray(i + 5, i + 5 + size);
    const [cn, fn] = payload;
    if (b[i + 2] !== 0x6b || cn !== QR_CN) {
      this.flag(at, GS);
    } else if (fn === QR_FN_SIZE) {
      this.symbol.qrModule = payload[2] ?? this.symbol.qrModule;
    } else if (fn === QR_FN_ERROR_LEVEL) {
      this.symbol.qrErrorLevel = QR_ERROR_LEVELS[(payload[2] ?? 48) - 48] ?? 'L';
    } else if (fn === QR_FN_STORE) {
      this.qrData = String.fromCharCode(...payload.subarray(3));
    } else if (fn === QR_FN_PRINT) {
      this.receipt.barcodes.push({
        kind: 'qr',
        data: this.qrData,
        atLine: this.receipt.textLines.length,
        align: this.align,
        module: this.symbol.qrModule,
        height: 0,
        hri: false,
        errorLevel: this.symbol.qrErrorLevel,
      });
    }
    return 5 + size;
  }

  private newLine(): void {
    const style = { align: this.align, bold: this.bold, height: this.height };
    this.receipt.textLines.push(this.line);
    this.receipt.styledLines.push({ text: this.line, ...style });
    this.line = '';
  }

  /** Records a byte we do not understand; returns 1 so decoding resumes at the next byte. */
  private flag(offset: number, byte: number): number {
    this.receipt.unknown.push({ offset, byte });
    return 1;
  }

  private takeReceipt(cut: boolean): DecodedReceipt {
    const receipt = { ...this.receipt, cut };
    // Feed lines before the cut are paper, not content.
    while (receipt.textLines.length > 0 && receipt.textLines.at(-1) === '') {
      receipt.textLines.pop();
      receipt.styledLines.pop();
    }
    this.receipt = emptyReceipt();
    this.qrData = '';
    return receipt;
  }
}

/** Decodes a whole byte stream; several receipts in it are merged (see EscPosStreamDecoder). */
export function decodeEscPos(bytes: Uint8Array): DecodedReceipt {
  const receipts: DecodedReceipt[] = [];
  const decoder = new EscPosStreamDecoder({ onCut: (receipt) => receipts.push(receipt) });
  decoder.push(bytes);
  const rest = decoder.finish();
  if (receipts.length === 0) return rest;
  const all = [...receipts, rest];
  const merged = emptyReceipt();
  for (const part of all) {
    const base = merged.textLines.length;
    merged.textLines.push(...part.textLines);
    merged.styledLines.push(...part.styledLines);
    merged.barcodes.push(...part.barcodes.map((code) => ({ ...code, atLine: code.atLine + base })));
    merged.rasters.push(
      ...part.rasters.map((image) => ({ ...image, atLine: image.atLine + base })),
    );
    merged.unknown.push(...part.unknown);
  }
  return { ...merged, cut: true };
}

function emptyReceipt(): DecodedReceipt {
  return { textLines: [], styledLines: [], barcodes: [], rasters: [], cut: false, unknown: [] };
}
