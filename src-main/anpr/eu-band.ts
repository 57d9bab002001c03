/**
 * The blue EU band at the left of European plates (country letters under the EU stars), found and
 * cut off before OCR.
 *
 * Why: the OCR was never taught that the band is not part of the registration, and reads its
 * country letter as an extra leading character ("BRK576AH" for RK576AH). The band is easy to find
 * by colour: a run of strongly blue columns, nearly full height, starting at the plate's left edge.
 * Cutting it is safe for plates without one: grey crops, Brazilian Mercosur plates (their blue
 * strip is a row along the TOP, so no column is mostly blue) and plates whose blue is text or
 * graphics (too thin or not full height) are left untouched.
 */
import cv from '../camera/opencv';
import type { Mat } from '@u4/opencv4nodejs';

export interface BandOptions {
  /** The band must start within this fraction of the width from the left edge (default 0.12). */
  maxStart?: number;
  /** Accepted band width as a fraction of the plate width (default 0.035 .. 0.22). */
  minWidth?: number;
  maxWidth?: number;
  /** A column is "band" when at least this share of its (central) rows is blue (default 0.45). */
  columnShare?: number;
}

/** Blue in OpenCV HSV (H 0..180): hue 95..135, saturated, not dark. */
const BLUE_LO = [95, 90, 50];
const BLUE_HI = [135, 255, 255];

/** Per-column share of blue pixels over the central 80% of rows (BGR input). */
export function blueColumnShare(plate: Mat): number[] {
  if (plate.channels !== 3 || plate.cols < 8 || plate.rows < 4) return [];
  const y0 = Math.floor(plate.rows * 0.1);
  const h = Math.max(1, plate.rows - 2 * y0);
  const roi = plate.getRegion(new cv.Rect(0, y0, plate.cols, h));
  const hsv = roi.cvtColor(cv.COLOR_BGR2HSV);
  const mask = hsv.inRange(
    new cv.Vec3(BLUE_LO[0]!, BLUE_LO[1]!, BLUE_LO[2]!),
    new cv.Vec3(BLUE_HI[0]!, BLUE_HI[1]!, BLUE_HI[2]!),
  );
  const data = mask.getData();
  const cols = plate.cols;
  const share = new Array<number>(cols).fill(0);
  for (let y = 0; y < h; y++) {
    const row = y * cols;
    for (let x = 0; x < cols; x++) if (data[row + x]! > 0) share[x]! += 1;
  }
  roi.release();
  hsv.release();
  mask.release();
  return share.map((s) => s / h);
}

/**
 * Column where the registration starts after a blue band at the left (0 = no band found).
 * Pure given the per-column blue share, so it is tested without images too.
 */
export function bandEnd(share: readonly number[], opts: BandOptions = {}): number {
  const w = share.length;
  if (w < 8) return 0;
  const maxStart = Math.ceil(w * (opts.maxStart ?? 0.12));
  const minW = w * (opts.minWidth ?? 0.035);
  const maxW = w * (opts.maxWidth ?? 0.22);
  const need = opts.columnShare ?? 0.45;
  let start = -1;
  for (let x = 0; x <= maxStart && x < w; x++)
    if (share[x]! >= need) {
      start = x;
      break;
    }
  if (start < 0) return 0;
  // Extend over band columns; the white country letters make a few columns less blue, so a gap of
  // up to 2 columns at a lower share is bridged.
  let end = start;
  let gap = 0;
  for (let x = start + 1; x < w; x++) {
    if (share[x]! >= need * 0.6) {
      end = x;
      gap = 0;
    } else if (++gap > 2) break;
  }
  const width = end - start + 1;
  if (width < minW || width > maxW) return 0;
  const mean = share.slice(start, end + 1).reduce((a, b) => a + b, 0) / width;
  if (mean < need) return 0;
  // Just past the band, plus a sliver of its edge (anti-aliased blue/white border).
  return Math.min(w - 1, end + 1 + Math.round(w * 0.01));
}

/**
 * How the band is removed: 'cut' drops its columns (the plate gets narrower, so the OCR's fixed
 * 128×32 input stretches the characters wider); 'fill' paints them with the plate's background
 * colour, keeping the geometry the OCR was trained on.
 */
export type BandMode = 'cut' | 'fill';

/** A new Mat of the plate without its EU band, or null when there is none. */
export function cutEuBand(plate: Mat, opts: BandOptions & { mode?: BandMode } = {}): Mat | null {
  const x = bandEnd(blueColumnShare(plate), opts);
  if (x <= 0 || plate.cols - x < 8) return null;
  if ((opts.mode ?? 'fill') === 'cut') {
    const view = plate.getRegion(new cv.Rect(x, 0, plate.cols - x, plate.rows));
    const out = view.copy();
    view.release();
    return out;
  }
  const out = plate.copy();
  const fill = backgroundColour(plate, x);
  const band = out.getRegion(new cv.Rect(0, 0, x, plate.rows));
  band.setTo(fill);
  band.release();
  return out;
}

/** Per-channel 75th percentile of the plate right of the band: the (light) plate background. */
function backgroundColour(plate: Mat, from: number): InstanceType<typeof cv.Vec3> {
  const data = plate.getData();
  // Mat getters cross into native code: read them once, not per pixel.
  const rows = plate.rows;
  const cols = plate.cols;
  const hist = [new Uint32Array(256), new Uint32Array(256), new Uint32Array(256)];
  let n = 0;
  for (let y = 0; y < rows; y++) {
    const row = y * cols * 3;
    for (let x = from; x < cols; x++) {
      const i = row + x * 3;
      hist[0]![data[i]!]!++;
      hist[1]![data[i + 1]!]!++;
      hist[2]![data[i + 2]!]!++;
      n++;
    }
  }
  const q = (h: Uint32Array): number => {
    let acc = 0;
    for (let v = 0; v < 256; v++) if ((acc += h[v]!) >= 0.75 * n) return v;
    return 255;
  };
  return new cv.Vec3(q(hist[0]!), q(hist[1]!), q(hist[2]!));
}
