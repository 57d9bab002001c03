import cv from '../camera/opencv';
import { logoFitSize, logoRaster } from '../devices/printer/logo-raster';
import type { RasterImage } from '../devices/printer/raster-image';

/**
 * Reads the site's logo (any image OpenCV reads: PNG, JPEG, BMP) for the receipt printer: a
 * transparent pixel counts as white (its colour means nothing, its alpha says "no ink"), the
 * picture is scaled down to the paper and the height cap, and thresholded to one bit. Read once
 * at start-up: a missing or unreadable file is a configuration error said then, not on the
 * first receipt.
 */
export function readLogoRaster(path: string, lineDots: number): RasterImage {
  const unreadable = () => new Error(`receipts.logoPath: ${path} is not an image OpenCV can read`);
  let image;
  try {
    image = cv.imread(path, cv.IMREAD_UNCHANGED);
  } catch {
    throw unreadable(); // the binding throws "empty Mat" for a missing or foreign file
  }
  if (image.empty) throw unreadable();
  let gray =
    image.channels === 1
      ? image
      : image.cvtColor(image.channels === 4 ? cv.COLOR_BGRA2GRAY : cv.COLOR_BGR2GRAY);
  if (image.channels === 4) {
    const alpha = image.splitChannels()[3]!;
    gray = gray.bitwiseOr(alpha.threshold(127, 255, cv.THRESH_BINARY_INV));
  }
  const size = logoFitSize(gray.cols, gray.rows, lineDots);
  const fitted =
    size.width === gray.cols && size.height === gray.rows
      ? gray
      : gray.resize(size.height, size.width, 0, 0, cv.INTER_AREA);
  return logoRaster(new Uint8Array(fitted.getData()), fitted.cols, fitted.rows, lineDots);
}
