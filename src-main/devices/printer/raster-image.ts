/**
 * One-bit raster images as ESC/POS GS v 0 carries them: rows of bytes, the most significant bit
 * the leftmost dot, 1 = black. Symbols are drawn centred on a full-width line, so the image
 * prints in the same place whatever alignment the printer is in.
 */
import type { ModuleMatrix } from './symbol-matrix';

export interface RasterImage {
  /** Dots per row; a multiple of 8. */
  widthDots: number;
  height: number;
  /** height × widthDots / 8 bytes. */
  bits: Uint8Array;
}

/** Quiet zones: Code128 needs 10 modules each side, QR 4 modules all round. */
export const CODE128_QUIET_MODULES = 10;
export const QR_QUIET_MODULES = 4;

export function blankRaster(widthDots: number, height: number): RasterImage {
  if (widthDots % 8 !== 0 || widthDots <= 0 || height <= 0) {
    throw new RangeError(`bad raster size ${widthDots}x${height}`);
  }
  return { widthDots, height, bits: new Uint8Array((widthDots / 8) * height) };
}

export function isDark(image: RasterImage, x: number, y: number): boolean {
  const byte = image.bits[y * (image.widthDots / 8) + (x >> 3)] ?? 0;
  return (byte & (0x80 >> (x & 7))) !== 0;
}

function fill(image: RasterImage, left: number, top: number, width: number, height: number) {
  const rowBytes = image.widthDots / 8;
  for (let y = top; y < top + height; y++) {
    for (let x = left; x < left + width; x++) {
      const index = y * rowBytes + (x >> 3);
      image.bits[index] = (image.bits[index] ?? 0) | (0x80 >> (x & 7));
    }
  }
}

/** A Code128 symbol (module widths from code128Bars) centred on a line of `lineDots`. */
export function code128Raster(
  bars: number[],
  module: number,
  height: number,
  lineDots: number,
): RasterImage {
  const width = bars.reduce((sum, w) => sum + w, 0) * module;
  if (width + 2 * CODE128_QUIET_MODULES * module > lineDots) {
    throw new RangeError(`Code128 of ${width} dots does not fit ${lineDots} dots`);
  }
  const image = blankRaster(lineDots, height);
  let x = Math.floor((lineDots - width) / 2);
  bars.forEach((modules, i) => {
    if (i % 2 === 0) fill(image, x, 0, modules * module, height);
    x += modules * module;
  });
  return image;
}

/** A QR symbol centred on a line of `lineDots`, with its quiet zone above and below. */
export function qrRaster(matrix: ModuleMatrix, module: number, lineDots: number): RasterImage {
  const side = matrix.size * module;
  const quiet = QR_QUIET_MODULES * module;
  if (side + 2 * quiet > lineDots) {
    throw new RangeError(`QR of ${side} dots does not fit ${lineDots} dots`);
  }
  const image = blankRaster(lineDots, side + 2 * quiet);
  const left = Math.floor((lineDots - side) / 2);
  for (let row = 0; row < matrix.size; row++) {
    for (let col = 0; col < matrix.size; col++) {
      if (matrix.dark[row * matrix.size + col]) {
        fill(image, left + col * module, quiet + row * module, module, module);
      }
    }
  }
  return image;
}
