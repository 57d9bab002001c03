/**
 * Renders a decoded receipt to a PNG that looks like the paper slip, one pixel per printer dot
 * (576 dots = 80 mm at 203 dpi by default), so demo users and testers can see what a customer
 * would get and a scanner can read it. Symbols are drawn the way the printer's firmware would:
 * Code128 bars at the commanded module width, QR codes from the stored data (drawn by bwip-js),
 * raster images bit for bit, and a symbol wider than the paper not at all, as a real printer
 * only feeds paper then. OpenCV (for the text) is loaded on first use: the station's demo mode
 * still works (text files only) if the native module fails.
 */
import { code128Widths } from './code128-pattern';
import type { Alignment } from './escpos-commands';
import type { DecodedBarcode, DecodedRaster, DecodedReceipt, StyledLine } from './escpos-decoder';
import { qrMatrix } from './symbol-matrix';

type OpenCv = (typeof import('@u4/opencv4nodejs'))['default'];
type Mat = InstanceType<OpenCv['Mat']>;

export interface ReceiptRenderOptions {
  /** Characters per line the receipt was encoded with. Default 42. */
  columns?: number;
  /** Printable dots per line of the simulated printer. Default 576 (80 mm at 203 dpi). */
  dotsPerLine?: number;
}

const DEFAULT_DOTS_PER_LINE = 576;
/** Paper outside the printable area, each side. */
const MARGIN = 16;
const LINE_HEIGHT = 26;
const SYMBOL_GAP = 8;

let cvLoading: Promise<OpenCv> | null = null;

function loadOpenCv(): Promise<OpenCv> {
  // Loaded on first use, so a station that never renders a receipt image never loads OpenCV here.
  cvLoading ??= import('../../camera/opencv').then((module) => module.default);
  return cvLoading;
}

/**
 * Loads OpenCV now rather than on the first receipt: the import blocks the event loop for a
 * second or two, which would otherwise delay the simulator's status replies mid-print.
 * Resolves with the load error instead of throwing, since text receipts work without it.
 */
export async function preloadReceiptRenderer(): Promise<Error | null> {
  try {
    await loadOpenCv();
    return null;
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/** A symbol as the printer would draw it: dark modules on a grid of `module`-dot cells. */
interface SymbolShape {
  widthDots: number;
  heightDots: number;
  paint(canvas: Canvas, left: number, top: number): void;
}

/** The symbol's printed shape, or null for a symbology the simulator does not print. */
function symbolShape(code: DecodedBarcode): SymbolShape | null {
  const module = Math.max(1, code.module);
  if (code.kind === 'code128') {
    const widths = code128Widths(code.data);
    const height = Math.max(1, code.height);
    return {
      widthDots: widths.reduce((sum, w) => sum + w, 0) * module,
      heightDots: height,
      paint(canvas, left, top) {
        let x = left;
        widths.forEach((w, i) => {
          if (i % 2 === 0) canvas.fill(x, top, w * module, height);
          x += w * module;
        });
      },
    };
  }
  if (code.kind === 'qr') {
    if (code.data.length === 0) return null; // print without stored data: nothing comes out
    const matrix = qrMatrix(code.data, code.errorLevel);
    const side = matrix.size * module;
    return {
      widthDots: side,
      heightDots: side,
      paint(canvas, left, top) {
        for (let row = 0; row < matrix.size; row++) {
          for (let col = 0; col < matrix.size; col++) {
            if (matrix.dark[row * matrix.size + col]) {
              canvas.fill(left + col * module, top + row * module, module, module);
            }
          }
        }
      },
    };
  }
  return null;
}

/**
 * Dots the symbol takes on the line, or null when the simulator cannot draw it; a printer prints
 * nothing (and only feeds paper) for a symbol wider than its line.
 */
export function printedWidthDots(code: DecodedBarcode): number | null {
  return symbolShape(code)?.widthDots ?? null;
}

export async function renderReceiptPng(
  receipt: DecodedReceipt,
  path: string,
  options: ReceiptRenderOptions = {},
): Promise<void> {
  const cv = await loadOpenCv();
  const columns = options.columns ?? 42;
  const dots = options.dotsPerLine ?? DEFAULT_DOTS_PER_LINE;
  const charWidth = dots / columns;
  const texts: Array<{ top: number; draw(mat: Mat, top: number): void }> = [];
  const paints: Array<(canvas: Canvas) => void> = [];
  let top = MARGIN;

  const addSymbols = (line: number) => {
    for (const code of receipt.barcodes.filter((b) => atLine(b, receipt) === line)) {
      const shape = symbolShape(code);
      if (!shape) {
        const label = `[${code.kind}] ${code.data}`;
        texts.push({ top, draw: (mat, y) => drawLabel(cv, mat, y, label, dots / 2) });
        top += LINE_HEIGHT;
        continue;
      }
      const hriHeight = code.kind === 'code128' && code.hri ? LINE_HEIGHT : 0;
      if (shape.widthDots <= dots) {
        const left = MARGIN + offset(code.align, dots, shape.widthDots);
        const symbolTop = top;
        paints.push((canvas) => shape.paint(canvas, left, symbolTop));
        if (hriHeight > 0) {
          const center = left + shape.widthDots / 2;
          const textTop = top + shape.heightDots;
          texts.push({ top: textTop, draw: (mat, y) => drawLabel(cv, mat, y, code.data, center) });
        }
      }
      top += shape.heightDots + hriHeight + SYMBOL_GAP; // an oversized one only feeds paper
    }
    for (const image of receipt.rasters.filter((r) => atLine(r, receipt) === line)) {
      const imageTop = top;
      paints.push((canvas) => paintRaster(canvas, image, imageTop, dots));
      top += image.height * image.scaleY + SYMBOL_GAP;
    }
  };
  receipt.styledLines.forEach((line, i) => {
    addSymbols(i);
    texts.push({ top, draw: (mat, y) => drawLine(cv, mat, y, line, columns, charWidth, dots) });
    top += LINE_HEIGHT * line.height;
  });
  addSymbols(receipt.styledLines.length);

  const canvas = new Canvas(dots + 2 * MARGIN, Math.max(top + MARGIN, 100));
  for (const paint of paints) paint(canvas);
  const mat = new cv.Mat(canvas.pixels, canvas.height, canvas.width, cv.CV_8UC1);
  for (const text of texts) text.draw(mat, text.top);
  await cv.imwriteAsync(path, mat);
}

function atLine(item: { atLine: number }, receipt: DecodedReceipt): number {
  return Math.min(item.atLine, receipt.styledLines.length);
}

function offset(align: Alignment, dots: number, width: number): number {
  if (align === 'center') return Math.floor((dots - width) / 2);
  return align === 'right' ? dots - width : 0;
}

/** White paper, one byte per dot; symbols are painted here before the text goes on top. */
class Canvas {
  readonly pixels: Buffer;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.pixels = Buffer.alloc(width * height, 255);
  }

  fill(left: number, top: number, width: number, height: number): void {
    const x0 = Math.max(0, left);
    const x1 = Math.min(this.width, left + width);
    for (let y = Math.max(0, top); y < Math.min(this.height, top + height); y++) {
      if (x1 > x0) this.pixels.fill(0, y * this.width + x0, y * this.width + x1);
    }
  }
}

/** GS v 0 bits, dot for dot; what lies beyond the printable width is lost, as on paper. */
function paintRaster(canvas: Canvas, image: DecodedRaster, top: number, dots: number): void {
  const rowBytes = image.widthDots / 8;
  const left = MARGIN + Math.max(0, offset(image.align, dots, image.widthDots * image.scaleX));
  const visible = Math.min(image.widthDots, Math.floor(dots / image.scaleX));
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < visible; x++) {
      const byte = image.bits[y * rowBytes + (x >> 3)] ?? 0;
      if (byte & (0x80 >> (x & 7))) {
        const sx = image.scaleX;
        const sy = image.scaleY;
        canvas.fill(left + x * sx, top + y * sy, sx, sy);
      }
    }
  }
}

function black(cv: OpenCv) {
  return new cv.Vec3(0, 0, 0);
}

/** Draws one text line on a fixed character grid, so padded columns stay aligned. */
function drawLine(
  cv: OpenCv,
  mat: Mat,
  top: number,
  line: StyledLine,
  columns: number,
  charWidth: number,
  dots: number,
): void {
  const free = Math.max(0, columns - line.text.length);
  const startColumn =
    line.align === 'center' ? Math.floor(free / 2) : line.align === 'right' ? free : 0;
  const scale = (line.height > 1 ? 0.75 : 0.5) * Math.min(1, charWidth / 13);
  const thickness = line.bold ? 2 : 1;
  const baseline = top + LINE_HEIGHT * line.height - 8;
  Array.from(line.text).forEach((char, i) => {
    if (char === ' ') return;
    const x = Math.round(MARGIN + Math.min(dots - charWidth, (startColumn + i) * charWidth));
    mat.putText(
      char,
      new cv.Point2(x, baseline),
      cv.FONT_HERSHEY_SIMPLEX,
      scale,
      black(cv),
      thickness,
    );
  });
}

/** A short centred label: a barcode's human-readable line, or an unprintable symbol's data. */
function drawLabel(cv: OpenCv, mat: Mat, top: number, text: string, center: number): void {
  const width = cv.getTextSize(text, cv.FONT_HERSHEY_SIMPLEX, 0.5, 1).size.width;
  const x = Math.max(0, Math.round(center - width / 2));
  mat.putText(
    text,
    new cv.Point2(x, top + LINE_HEIGHT - 6),
    cv.FONT_HERSHEY_SIMPLEX,
    0.5,
    black(cv),
    1,
  );
}
