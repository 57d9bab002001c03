/**
 * A lane's region of interest (issue 12): the part of the camera frame the plate reader looks
 * at, drawn by the installer on the live lane view. Stored normalised (0..1 of the frame's width
 * and height) so it survives a change of camera resolution. Pure; the renderer, the contract and
 * the pipeline share it.
 */
export interface LaneRoi {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The smallest ROI side, as a share of the frame (a slip of the pointer is not a region). */
export const MIN_ROI_SIDE = 0.05;

const clamp01 = (v: number): number => Math.min(1, Math.max(0, v));
const round4 = (v: number): number => Math.round(v * 10_000) / 10_000;

/**
 * The rectangle between two corners of a drag (normalised, in any order), clamped to the frame
 * and rounded to 4 decimals; null when a side is under MIN_ROI_SIDE.
 */
export function roiFromCorners(
  a: { x: number; y: number },
  b: { x: number; y: number },
): LaneRoi | null {
  const x1 = clamp01(Math.min(a.x, b.x));
  const y1 = clamp01(Math.min(a.y, b.y));
  const x2 = clamp01(Math.max(a.x, b.x));
  const y2 = clamp01(Math.max(a.y, b.y));
  if (x2 - x1 < MIN_ROI_SIDE || y2 - y1 < MIN_ROI_SIDE) return null;
  return normaliseRoi({ x: x1, y: y1, w: x2 - x1, h: y2 - y1 });
}

/** Rounds to 4 decimals and keeps the rectangle inside the frame. */
export function normaliseRoi(r: LaneRoi): LaneRoi {
  const x = round4(clamp01(r.x));
  const y = round4(clamp01(r.y));
  return {
    x,
    y,
    w: round4(Math.min(1 - x, clamp01(r.w))),
    h: round4(Math.min(1 - y, clamp01(r.h))),
  };
}

/** Whether the ROI is the whole frame (or near enough: nothing is cut). */
export function isWholeFrame(r: LaneRoi): boolean {
  return r.x <= 0 && r.y <= 0 && r.x + r.w >= 1 && r.y + r.h >= 1;
}

/** The ROI in integer pixels of a frameW × frameH frame, at least 1 px each way, inside it. */
export function roiToPixels(
  r: LaneRoi,
  frameW: number,
  frameH: number,
): { x: number; y: number; w: number; h: number } {
  const x = Math.min(frameW - 1, Math.max(0, Math.floor(r.x * frameW)));
  const y = Math.min(frameH - 1, Math.max(0, Math.floor(r.y * frameH)));
  const x2 = Math.min(frameW, Math.max(x + 1, Math.ceil((r.x + r.w) * frameW)));
  const y2 = Math.min(frameH, Math.max(y + 1, Math.ceil((r.y + r.h) * frameH)));
  return { x, y, w: x2 - x, h: y2 - y };
}

/** "x,y,w,h" with up to 4 decimals: how the journal records an ROI (null: none). */
export function formatRoi(r: LaneRoi | null): string | null {
  return r ? [r.x, r.y, r.w, r.h].map((v) => String(round4(v))).join(',') : null;
}
