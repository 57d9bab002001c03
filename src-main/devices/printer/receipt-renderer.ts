/**
 * Renders a decoded receipt to a PNG that looks like the paper slip (576 dots = 80 mm at
 * 203 dpi), so demo users and testers can see what a customer would get. OpenCV is loaded on
 * first use: the station's demo mode still works (text files only) if the native module fails.
 */
import { code128Widths } from './code128-pattern';
import type { DecodedBarcode, DecodedReceipt, StyledLine } from './escpos-decoder';

type OpenCv = (typeof import('@u4/opencv4nodejs'))['default'];
type Mat = InstanceType<OpenCv['Mat']>;

export interface ReceiptRenderOptions {
  /** Characters per line the receipt was encoded with. Default 42. */
  columns?: number;
}

const PAPER_WIDTH = 576;
const MARGIN = 12;
const LINE_HEIGHT = 26;
const BARCODE_HEIGHT = 80;
const QR_SIZE = 150;

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

export async function renderReceiptPng(
  receipt: DecodedReceipt,
  path: string,
  options: ReceiptRenderOptions = {},
): Promise<void> {
  const cv = await loadOpenCv();
  const columns = options.columns ?? 42;
  const charWidth = (PAPER_WIDTH - 2 * MARGIN) / columns;
  const barcodeAt = (line: number) => receipt.barcodes.filter((b) => b.atLine === line);
  const trailing = receipt.barcodes.filter((b) => b.atLine >= receipt.styledLines.length);

  const blocks: Array<{ height: number; draw(mat: Mat, top: number): void }> = [];
  const addBarcodes = (codes: DecodedBarcode[]) => {
    for (const code of codes) {
      const height = (code.kind === 'qr' ? QR_SIZE : BARCODE_HEIGHT) + LINE_HEIGHT + 8;
      blocks.push({ height, draw: (mat, top) => drawBarcode(cv, mat, top, code) });
    }
  };
  receipt.styledLines.forEach((line, i) => {
    addBarcodes(barcodeAt(i));
    blocks.push({
      height: LINE_HEIGHT * line.height,
      draw: (mat, top) => drawLine(cv, mat, top, line, columns, charWidth),
    });
  });
  addBarcodes(trailing);

  const height = blocks.reduce((sum, block) => sum + block.height, 2 * MARGIN);
  const mat = new cv.Mat(Math.max(height, 100), PAPER_WIDTH, cv.CV_8UC3, [255, 255, 255]);
  let top = MARGIN;
  for (const block of blocks) {
    block.draw(mat, top);
    top += block.height;
  }
  await cv.imwriteAsync(path, mat);
}

/** Draws one text line on a fixed character grid, so padded columns stay aligned. */
function drawLine(
  cv: OpenCv,
  mat: Mat,
  top: number,
  line: StyledLine,
  columns: number,
  charWidth: number,
): void {
  const free = Math.max(0, columns - line.text.length);
  const startColumn =
    line.align === 'center' ? Math.floor(free / 2) : line.align === 'right' ? free : 0;
  const scale = line.height > 1 ? 0.75 : 0.5;
  const thickness = line.bold ? 2 : 1;
  const baseline = top + LINE_HEIGHT * line.height - 8;
  const black = new cv.Vec3(0, 0, 0);
  Array.from(line.text).forEach((char, i) => {
    if (char === ' ') return;
    const x = Math.round(MARGIN + (startColumn + i) * charWidth);
    mat.putText(char, new cv.Point2(x, baseline), cv.FONT_HERSHEY_SIMPLEX, scale, black, thickness);
  });
}

function drawBarcode(cv: OpenCv, mat: Mat, top: number, code: DecodedBarcode): void {
  const black = new cv.Vec3(0, 0, 0);
  const label = code.kind === 'qr' ? `[QR] ${code.data}` : code.data;
  if (code.kind === 'qr') {
    drawQrPlaceholder(cv, mat, top);
  } else {
    const widths = code128Widths(code.data);
    const modules = widths.reduce((sum, w) => sum + w, 0);
    // Leave the 10-module quiet zone on each side that scanners need.
    const module = Math.max(1, Math.floor((PAPER_WIDTH - 2 * MARGIN) / (modules + 20)));
    let x = Math.round((PAPER_WIDTH - modules * module) / 2);
    widths.forEach((width, i) => {
      const right = x + width * module - 1;
      if (i % 2 === 0) {
        mat.drawRectangle(
          new cv.Point2(x, top),
          new cv.Point2(right, top + BARCODE_HEIGHT),
          black,
          -1,
        );
      }
      x = right + 1;
    });
  }
  const textTop = top + (code.kind === 'qr' ? QR_SIZE : BARCODE_HEIGHT) + LINE_HEIGHT;
  const textWidth = cv.getTextSize(label, cv.FONT_HERSHEY_SIMPLEX, 0.5, 1).size.width;
  const x = Math.max(MARGIN, Math.round((PAPER_WIDTH - textWidth) / 2));
  mat.putText(label, new cv.Point2(x, textTop), cv.FONT_HERSHEY_SIMPLEX, 0.5, black, 1);
}

/** QR symbols need a full Reed-Solomon encoder; the PNG shows a framed stand-in instead. */
function drawQrPlaceholder(cv: OpenCv, mat: Mat, top: number): void {
  const black = new cv.Vec3(0, 0, 0);
  const left = Math.round((PAPER_WIDTH - QR_SIZE) / 2);
  const finder = 42;
  mat.drawRectangle(
    new cv.Point2(left, top),
    new cv.Point2(left + QR_SIZE, top + QR_SIZE),
    black,
    2,
  );
  for (const [dx, dy] of [
    [0, 0],
    [QR_SIZE - finder, 0],
    [0, QR_SIZE - finder],
  ] as const) {
    const x = left + dx;
    const y = top + dy;
    mat.drawRectangle(new cv.Point2(x, y), new cv.Point2(x + finder, y + finder), black, 6);
    mat.drawRectangle(
      new cv.Point2(x + 13, y + 13),
      new cv.Point2(x + finder - 13, y + finder - 13),
      black,
      -1,
    );
  }
}
