import type { LaneRoi } from '../../src-shared/domain/lane-roi';
import type { CameraFrame } from '../camera/camera-source';
import type { PlateBox } from './plate-box';
import type { VehicleRead } from './track-vote';

export type { PlateBox };

export interface PlateRead {
  /** Uppercase A-Z/0-9, no spaces or dashes (e.g. "B123ABC"). */
  text: string;
  /** 0..1 */
  confidence: number;
  box: PlateBox | null;
  /** Runner-up readings, best first. */
  alternates: { text: string; confidence: number }[];
  /** The plate region as JPEG, for the attendant and the session photo; null if not cut. */
  cropJpeg: Buffer | null;
  /** Plate format id the text was fitted to (e.g. "ro", "br-mercosur"); null = fits none. Optional. */
  format?: string | null;
  /** OCR text before format rules / look-alike swaps. Optional. */
  rawText?: string;
}

/** Per-read options: the lane's region of interest (normalised; null or absent = whole frame). */
export interface ReadOptions {
  roi?: LaneRoi | null;
}

/**
 * Turns a camera frame into zero or more plate readings. Implementations must not throw for
 * frames without plates (return []); they may reject on internal failures, which callers treat as
 * "no read" for that frame.
 */
export interface PlateReader {
  readonly name: string;
  read(frame: CameraFrame, options?: ReadOptions): Promise<PlateRead[]>;
  /** One voted read per vehicle over a burst of frames (optional: not every reader tracks). */
  readBurst?(frames: readonly CameraFrame[], options?: ReadOptions): Promise<VehicleRead[]>;
}

/** Normalises a plate as people type or print it ("cj 12-abc" → "CJ12ABC"). */
export function normalizePlateText(text: string): string {
  return text.toUpperCase().replace(/[^A-Z0-9]/g, '');
}
