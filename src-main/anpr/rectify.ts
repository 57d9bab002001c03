/**
 * Turns a detection into the upright plate image the OCR expects:
 *  1. perspective warp from the predicted corners when they form a plausible quad, else
 *  2. crop the box with a small margin (characters touching the crop edge read badly) and
 *     deskew by the dominant rotated rectangle — only when that estimate looks trustworthy,
 *  3. two-line plates (aspect below the OCR manifest's threshold) are split into top/bottom halves
 *     and stitched side by side, top on the left, so the one-line recogniser reads them in order.
 */
import cv, { releaseMats } from '../camera/opencv';
import type { Mat } from '@u4/opencv4nodejs';
import { clipBox, type Detection, type Point } from './detect-decode';
import { cutEuBand, type BandMode } from './eu-band';
import type { PlateBox } from './plate-reader';

export interface RectifyOptions {
  /**
   * Margin added to each side of the box, as a fraction of its width / height (defaults 0.03 /
   * 0.06). Chosen on the 8 sample frames: 0–0.04 / 0–0.08 read 7/8, 0.06 / 0.12 read 6/8 (the
   * looser crop shows bumper the OCR was not trained on). Small sample: a site may retune it.
   */
  marginX?: number;
  marginY?: number;
  /** Crop w/h below this is treated as a two-line plate (OCR manifest input.twoLineAspectBelow). */
  twoLineAspectBelow: number;
  /** Skip deskew (e.g. for crops that are already plate images). */
  deskew?: boolean;
  /** Remove a blue EU band found at the plate's left before OCR (see eu-band.ts); default off. */
  cutBand?: BandMode | false;
}

export interface RectifiedPlate {
  /** The upright plate (BGR), before two-line stitching: what the attendant sees. */
  plate: Mat;
  /** What goes to the OCR (plate, or halves stitched side by side). */
  ocrInput: Mat;
  method: 'perspective' | 'deskew' | 'crop';
  twoLine: boolean;
  /** Integer box actually cut from the frame (with margin). */
  cropBox: PlateBox;
  /** A blue EU band was found and removed from the OCR input (the attendant's `plate` keeps it). */
  bandCut: boolean;
}

/** The OCR input: a one-line plate without its band (when asked and found), or the two-line stitch. */
function ocrInputOf(
  plate: Mat,
  twoLine: boolean,
  cutBand: BandMode | false | undefined,
): {
  ocrInput: Mat;
  bandCut: boolean;
} {
  // Two-line plates keep their band: it often covers only the top row's height, and cutting the
  // full height took the first character of the bottom row (eu-two-line: 42 → 18 exact of 100).
  const body = cutBand && !twoLine ? cutEuBand(plate, { mode: cutBand }) : null;
  if (body) return { ocrInput: body, bandCut: true };
  return { ocrInput: twoLine ? stitchTwoLines(plate) : plate, bandCut: false };
}

export function rectifyPlate(frame: Mat, det: Detection, opts: RectifyOptions): RectifiedPlate {
  const mx = opts.marginX ?? 0.03;
  const my = opts.marginY ?? 0.06;
  const b = det.box;
  const cropBox = intBox(
    clipBox(
      { x: b.x - b.w * mx, y: b.y - b.h * my, w: b.w * (1 + 2 * mx), h: b.h * (1 + 2 * my) },
      frame.cols,
      frame.rows,
    ) ?? b,
    frame.cols,
    frame.rows,
  );
  let plate: Mat | null = null;
  let method: RectifiedPlate['method'] = 'crop';
  if (det.corners && plausibleQuad(det.corners, det.box)) {
    plate = warpQuad(frame, expandQuad(det.corners, mx, my));
    method = 'perspective';
  }
  if (!plate) {
    const crop = frame.getRegion(new cv.Rect(cropBox.x, cropBox.y, cropBox.w, cropBox.h));
    const angle = opts.deskew === false ? null : estimateSkew(crop);
    if (angle !== null) {
      plate = rotate(crop, angle);
      method = 'deskew';
    } else {
      plate = crop.copy();
    }
    crop.release(); // a view that would keep the whole frame's pixels until a GC
  }
  // Two-line is decided on the whole plate (the band does not change the rows), as in training.
  const twoLine = plate.cols / plate.rows < opts.twoLineAspectBelow;
  return { plate, ...ocrInputOf(plate, twoLine, opts.cutBand), method, twoLine, cropBox };
}

/** For images that are already a plate crop (eval fallback): same two-line rule, no detection. */
export function rectifyWholeImage(
  img: Mat,
  twoLineAspectBelow: number,
  cutBand: BandMode | false = false,
): RectifiedPlate {
  const twoLine = img.cols / img.rows < twoLineAspectBelow;
  return {
    plate: img,
    ...ocrInputOf(img, twoLine, cutBand),
    method: 'crop',
    twoLine,
    cropBox: { x: 0, y: 0, w: img.cols, h: img.rows },
  };
}

/** Top half on the left, bottom half on the right; floor(h/2) rows each (odd last row dropped, as in training). */
export function stitchTwoLines(plate: Mat): Mat {
  const half = Math.floor(plate.rows / 2);
  const w = plate.cols;
  const out = new cv.Mat(half, 2 * w, plate.type, 0);
  plate.getRegion(new cv.Rect(0, 0, w, half)).copyTo(out.getRegion(new cv.Rect(0, 0, w, half)));
  plate
    .getRegion(new cv.Rect(0, plate.rows - half, w, half))
    .copyTo(out.getRegion(new cv.Rect(w, 0, w, half)));
  return out;
}

/** Convex, correctly ordered, and roughly the size/place of the box — else the corners are noise. */
export function plausibleQuad(q: readonly Point[], box: PlateBox): boolean {
  if (q.length !== 4 || q.some((p) => !Number.isFinite(p.x) || !Number.isFinite(p.y))) return false;
  const [tl, tr, br, bl] = q as [Point, Point, Point, Point];
  if (!(tl.x < tr.x && bl.x < br.x && tl.y < bl.y && tr.y < br.y)) return false;
  let sign = 0;
  for (let i = 0; i < 4; i++) {
    const a = q[i]!;
    const b = q[(i + 1) % 4]!;
    const c = q[(i + 2) % 4]!;
    const cross = (b.x - a.x) * (c.y - b.y) - (b.y - a.y) * (c.x - b.x);
    if (cross === 0) return false;
    if (sign === 0) sign = Math.sign(cross);
    else if (Math.sign(cross) !== sign) return false;
  }
  const area = Math.abs(shoelace(q));
  const ratio = area / Math.max(1, box.w * box.h);
  if (ratio < 0.35 || ratio > 1.6) return false;
  const tolX = box.w * 0.25;
  const tolY = box.h * 0.5;
  return q.every(
    (p) =>
      p.x >= box.x - tolX &&
      p.x <= box.x + box.w + tolX &&
      p.y >= box.y - tolY &&
      p.y <= box.y + box.h + tolY,
  );
}

function shoelace(q: readonly Point[]): number {
  let s = 0;
  for (let i = 0; i < q.length; i++) {
    const a = q[i]!;
    const b = q[(i + 1) % q.length]!;
    s += a.x * b.y - b.x * a.y;
  }
  return s / 2;
}

/** Pushes each corner away from the centroid, giving the same margin as the axis-aligned crop. */
function expandQuad(q: readonly Point[], mx: number, my: number): Point[] {
  const cx = q.reduce((a, p) => a + p.x, 0) / 4;
  const cy = q.reduce((a, p) => a + p.y, 0) / 4;
  return q.map((p) => ({ x: cx + (p.x - cx) * (1 + 2 * mx), y: cy + (p.y - cy) * (1 + 2 * my) }));
}

function warpQuad(frame: Mat, q: Point[]): Mat | null {
  const [tl, tr, br, bl] = q as [Point, Point, Point, Point];
  const w = Math.round(
    (Math.hypot(tr.x - tl.x, tr.y - tl.y) + Math.hypot(br.x - bl.x, br.y - bl.y)) / 2,
  );
  const h = Math.round(
    (Math.hypot(bl.x - tl.x, bl.y - tl.y) + Math.hypot(br.x - tr.x, br.y - tr.y)) / 2,
  );
  if (w < 8 || h < 4) return null;
  const src = q.map((p) => new cv.Point2(p.x, p.y));
  const dst = [
    new cv.Point2(0, 0),
    new cv.Point2(w - 1, 0),
    new cv.Point2(w - 1, h - 1),
    new cv.Point2(0, h - 1),
  ];
  const m = cv.getPerspectiveTransform(src, dst);
  return frame.warpPerspective(m, new cv.Size(w, h), cv.INTER_LINEAR, cv.BORDER_REPLICATE);
}

/**
 * Skew angle (degrees) of the plate inside a crop, or null when unsure. Otsu-thresholds the crop,
 * takes the largest blob's minimum-area rectangle; accepts it only if it covers a good part of the
 * crop and is tilted by a believable amount (2°..20°). Below 2° rotation is not worth the blur.
 */
export function estimateSkew(crop: Mat): number | null {
  if (crop.cols < 24 || crop.rows < 8) return null;
  const gray = crop.channels === 1 ? crop : crop.cvtColor(cv.COLOR_BGR2GRAY);
  const bin = gray.threshold(0, 255, cv.THRESH_BINARY | cv.THRESH_OTSU);
  const contours = bin.findContours(cv.RETR_EXTERNAL, cv.CHAIN_APPROX_SIMPLE);
  releaseMats(gray === crop ? [bin] : [gray, bin]);
  let best = null;
  let bestArea = 0;
  for (const c of contours) {
    if (c.area > bestArea) {
      bestArea = c.area;
      best = c;
    }
  }
  if (!best || bestArea < 0.3 * crop.cols * crop.rows) return null;
  const r = best.minAreaRect();
  // OpenCV's angle convention varies by version; normalise to the long side's tilt in (-45, 45].
  let angle = r.angle;
  if (r.size.width < r.size.height) angle += 90;
  while (angle > 45) angle -= 90;
  while (angle <= -45) angle += 90;
  const abs = Math.abs(angle);
  return abs >= 2 && abs <= 20 ? angle : null;
}

function rotate(crop: Mat, angle: number): Mat {
  const centre = new cv.Point2(crop.cols / 2, crop.rows / 2);
  const m = cv.getRotationMatrix2D(centre, angle, 1);
  return crop.warpAffine(
    m,
    new cv.Size(crop.cols, crop.rows),
    cv.INTER_LINEAR,
    cv.BORDER_REPLICATE,
  );
}

function intBox(b: PlateBox, cols: number, rows: number): PlateBox {
  // The epsilon keeps float noise (41.0000001) from growing the crop by a pixel.
  const x = Math.max(0, Math.floor(b.x + 1e-6));
  const y = Math.max(0, Math.floor(b.y + 1e-6));
  const w = Math.max(1, Math.min(cols - x, Math.ceil(b.x + b.w - 1e-6) - x));
  const h = Math.max(1, Math.min(rows - y, Math.ceil(b.y + b.h - 1e-6) - y));
  return { x, y, w, h };
}
