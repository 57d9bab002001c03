/**
 * Pure geometry of the detector's second pass (issue 12): when the whole-frame pass finds no
 * confident plate, the frame (or the lane's region of interest) is cut into overlapping tiles and
 * each tile is run through the detector at the model's full input size, so a plate that is small
 * in a large frame gets `grid`× as many input pixels per axis as in the first pass. Detections
 * are mapped back to frame coordinates and merged with the first pass by NMS. No OpenCV or ORT
 * here, so it is unit-tested on plain numbers.
 */
import { nms, type Detection, type Point } from './detect-decode';
import type { PlateBox } from './plate-box';

/** Integer pixel rectangle inside a frame. */
export interface PixelRect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface TileOptions {
  /** Tiles per axis (2 → 4 tiles, 3 → 9 tiles). */
  grid: number;
  /** Share of a tile's width / height that overlaps its neighbour (0..0.9). */
  overlap: number;
  /**
   * The detector's input size: a tile side a little under a whole multiple (≥ 2) of it is grown
   * to that multiple (by at most 15%, never past the frame), because OpenCV's area resize by a
   * whole factor is several times faster than by a fraction (0.35 against 2.5 ms for a 720p
   * frame's 2×2 tile), and a larger tile only overlaps more.
   */
  snapTo?: { w: number; h: number };
}

/** `t` grown to the next whole multiple (≥ 2) of `unit` when that is at most 15% more and fits. */
function snapSide(t: number, unit: number | undefined, frame: number): number {
  if (!unit || unit <= 0) return t;
  const k = Math.ceil(t / unit - 1e-9);
  const snapped = k * unit;
  return k >= 2 && snapped <= frame && snapped <= 1.15 * t ? snapped : t;
}

/**
 * A grid × grid cover of a frameW × frameH image with overlapping tiles of equal size, the first
 * flush with the top-left corner and the last with the bottom-right one. Each tile keeps the
 * frame's aspect ratio (up to the snap to the detector's input; see TileOptions.snapTo), so the
 * detector stretches it about as it stretches the whole frame.
 * With overlap o, a plate narrower than o·tileW lies wholly inside at least one tile.
 */
export function planTiles(frameW: number, frameH: number, opts: TileOptions): PixelRect[] {
  const n = Math.max(1, Math.floor(opts.grid));
  const o = Math.min(0.9, Math.max(0, opts.overlap));
  if (n === 1 || frameW < 2 || frameH < 2) return [{ x: 0, y: 0, w: frameW, h: frameH }];
  // n tiles of size t overlapping by o·t cover t·(n − (n−1)·o) = frame.
  const span = n - (n - 1) * o;
  const tw = snapSide(Math.min(frameW, Math.ceil(frameW / span)), opts.snapTo?.w, frameW);
  const th = snapSide(Math.min(frameH, Math.ceil(frameH / span)), opts.snapTo?.h, frameH);
  const at = (i: number, frame: number, t: number): number =>
    Math.round((i * (frame - t)) / (n - 1));
  const tiles: PixelRect[] = [];
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      tiles.push({ x: at(i, frameW, tw), y: at(j, frameH, th), w: tw, h: th });
    }
  }
  return tiles;
}

/** A detection made inside `region` (its own coordinates) in the coordinates of the frame. */
export function offsetDetection(d: Detection, region: Pick<PixelRect, 'x' | 'y'>): Detection {
  if (region.x === 0 && region.y === 0) return d;
  const pt = (p: Point): Point => ({ x: p.x + region.x, y: p.y + region.y });
  return {
    box: { x: d.box.x + region.x, y: d.box.y + region.y, w: d.box.w, h: d.box.h },
    score: d.score,
    corners: d.corners
      ? [pt(d.corners[0]), pt(d.corners[1]), pt(d.corners[2]), pt(d.corners[3])]
      : null,
  };
}

/**
 * Whether a box (tile coordinates) touches one of the tile's edges that lie inside the frame:
 * such a plate was cut by the tile, and the neighbouring tile (which overlaps it) holds it whole.
 * Edges on the frame's own border do not count: nothing lies beyond them.
 */
export function cutByTile(
  box: PlateBox,
  tile: PixelRect,
  frameW: number,
  frameH: number,
  marginPx = 2,
): boolean {
  const left = tile.x > 0 && box.x <= marginPx;
  const top = tile.y > 0 && box.y <= marginPx;
  const right = tile.x + tile.w < frameW && box.x + box.w >= tile.w - marginPx;
  const bottom = tile.y + tile.h < frameH && box.y + box.h >= tile.h - marginPx;
  return left || top || right || bottom;
}

/**
 * The second pass's detections per tile (tile coordinates) in frame coordinates: boxes a tile cut
 * are dropped, the rest merged with the first pass's detections by NMS (highest score first).
 */
export function mergeTileDetections(
  first: readonly Detection[],
  perTile: readonly { tile: PixelRect; detections: readonly Detection[] }[],
  frameW: number,
  frameH: number,
  nmsIou: number,
): Detection[] {
  const all: Detection[] = [...first];
  for (const { tile, detections } of perTile) {
    for (const d of detections) {
      if (cutByTile(d.box, tile, frameW, frameH)) continue;
      all.push(offsetDetection(d, tile));
    }
  }
  return nms(all, nmsIou);
}
