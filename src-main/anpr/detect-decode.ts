/**
 * Pure decoding of the detector's centre-heatmap outputs into frame-space boxes (no ORT/OpenCV,
 * so it is unit-tested on hand-made tensors).
 */
import type { PlateBox } from './plate-box';

export type Point = { x: number; y: number };

export interface Detection {
  /** Frame pixels (floats; round when cutting). */
  box: PlateBox;
  score: number;
  /** TL, TR, BR, BL in frame pixels, when the model predicts corners. */
  corners: [Point, Point, Point, Point] | null;
}

export interface DetectorRawOutputs {
  /** [1,1,h,w] sigmoid scores. */
  heatmap: Float32Array;
  /** [1,4,h,w] = dx, dy, bw, bh. */
  boxes: Float32Array;
  /** [1,8,h,w] corner offsets from the centre, or null. */
  corners: Float32Array | null;
  gridH: number;
  gridW: number;
}

export interface DecodeParams {
  stride: number;
  scoreThreshold: number;
  nmsIou: number;
  /** Frame size / model input size, per axis (the frame was stretched, not letterboxed). */
  scaleX: number;
  scaleY: number;
  frameW: number;
  frameH: number;
  /** Cap on peaks kept before NMS (a noisy heatmap must not make NMS quadratic). */
  maxPeaks?: number;
}

export function decodeDetections(out: DetectorRawOutputs, p: DecodeParams): Detection[] {
  const { heatmap, boxes, corners, gridH: h, gridW: w } = out;
  const plane = h * w;
  const peaks: { i: number; score: number }[] = [];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      const s = heatmap[i]!;
      if (s < p.scoreThreshold || !isLocalMax(heatmap, w, h, x, y, s)) continue;
      peaks.push({ i, score: s });
    }
  }
  peaks.sort((a, b) => b.score - a.score);
  const kept = peaks.slice(0, p.maxPeaks ?? 100);
  const dets: Detection[] = [];
  for (const { i, score } of kept) {
    const gx = i % w;
    const gy = Math.floor(i / w);
    const cxIn = (gx + boxes[i]!) * p.stride;
    const cyIn = (gy + boxes[plane + i]!) * p.stride;
    const bw = Math.max(0, boxes[2 * plane + i]!) * p.scaleX;
    const bh = Math.max(0, boxes[3 * plane + i]!) * p.scaleY;
    if (bw < 1 || bh < 1) continue;
    const cx = cxIn * p.scaleX;
    const cy = cyIn * p.scaleY;
    const box = clipBox({ x: cx - bw / 2, y: cy - bh / 2, w: bw, h: bh }, p.frameW, p.frameH);
    if (!box) continue;
    let quad: Detection['corners'] = null;
    if (corners) {
      const pt = (k: number): Point => ({
        x: cx + corners[2 * k * plane + i]! * p.scaleX,
        y: cy + corners[(2 * k + 1) * plane + i]! * p.scaleY,
      });
      quad = [pt(0), pt(1), pt(2), pt(3)];
    }
    dets.push({ box, score, corners: quad });
  }
  return nms(dets, p.nmsIou);
}

/** 3×3 local maximum; ties count as maxima (NMS removes the duplicates). */
function isLocalMax(
  hm: Float32Array,
  w: number,
  h: number,
  x: number,
  y: number,
  s: number,
): boolean {
  for (let dy = -1; dy <= 1; dy++) {
    const yy = y + dy;
    if (yy < 0 || yy >= h) continue;
    for (let dx = -1; dx <= 1; dx++) {
      const xx = x + dx;
      if ((dx === 0 && dy === 0) || xx < 0 || xx >= w) continue;
      if (hm[yy * w + xx]! > s) return false;
    }
  }
  return true;
}

/** Greedy NMS, highest score first. */
export function nms<T extends { box: PlateBox; score: number }>(
  dets: T[],
  iouThreshold: number,
): T[] {
  const sorted = [...dets].sort((a, b) => b.score - a.score);
  const keep: T[] = [];
  for (const d of sorted) {
    if (keep.every((k) => iou(k.box, d.box) < iouThreshold)) keep.push(d);
  }
  return keep;
}

export function iou(a: PlateBox, b: PlateBox): number {
  const x1 = Math.max(a.x, b.x);
  const y1 = Math.max(a.y, b.y);
  const x2 = Math.min(a.x + a.w, b.x + b.w);
  const y2 = Math.min(a.y + a.h, b.y + b.h);
  const inter = Math.max(0, x2 - x1) * Math.max(0, y2 - y1);
  const union = a.w * a.h + b.w * b.h - inter;
  return union > 0 ? inter / union : 0;
}

export function clipBox(b: PlateBox, frameW: number, frameH: number): PlateBox | null {
  const x1 = Math.max(0, b.x);
  const y1 = Math.max(0, b.y);
  const x2 = Math.min(frameW, b.x + b.w);
  const y2 = Math.min(frameH, b.y + b.h);
  return x2 - x1 >= 1 && y2 - y1 >= 1 ? { x: x1, y: y1, w: x2 - x1, h: y2 - y1 } : null;
}
