import { blankRaster, type RasterImage } from './raster-image';

/** A logo taller than this would waste paper on every receipt; it is scaled down to fit. */
export const MAX_LOGO_HEIGHT_DOTS = 200;

/**
 * A site logo as a one-bit raster centred on the printer's line: grey pixels (0 black … 255
 * white) darker than the threshold print. The picture is expected already scaled to fit (see
 * logoFitSize); this only centres and thresholds, so it is the same for every image source.
 */
export function logoRaster(
  gray: Uint8Array,
  width: number,
  height: number,
  lineDots: number,
  threshold = 128,
): RasterImage {
  if (gray.length !== width * height) throw new RangeError('logo pixels do not match its size');
  if (width <= 0 || height <= 0 || width > lineDots) {
    throw new RangeError(`a logo of ${width}x${height} does not fit ${lineDots} dots`);
  }
  const image = blankRaster(lineDots, height);
  const rowBytes = lineDots / 8;
  const left = Math.floor((lineDots - width) / 2);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if ((gray[y * width + x] ?? 255) >= threshold) continue;
      const dot = left + x;
      image.bits[y * rowBytes + (dot >> 3)]! |= 0x80 >> (dot & 7);
    }
  }
  return image;
}

/** The size a logo of width × height prints at: as large as it is, or scaled down to fit. */
export function logoFitSize(
  width: number,
  height: number,
  lineDots: number,
): { width: number; height: number } {
  const scale = Math.min(1, lineDots / width, MAX_LOGO_HEIGHT_DOTS / height);
  return {
    width: Math.max(1, Math.floor(width * scale)),
    height: Math.max(1, Math.floor(height * scale)),
  };
}
