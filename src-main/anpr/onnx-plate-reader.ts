/**
 * The real ANPR pipeline behind the PlateReader interface: detect → rectify → batched OCR →
 * format rules, per frame; and readBurst() which tracks plates over a burst of frames (a lane
 * trigger grabs several frames of a stationary car) and votes one read per vehicle.
 *
 * Runs inference on whatever thread calls it; in the station it lives in the ANPR worker process
 * (see supervised-plate-reader.ts) so the UI/event loop never waits on a model.
 */
import type { Mat } from '@u4/opencv4nodejs';
import type { LaneRoi } from '../../src-shared/domain/lane-roi';
import { isWholeFrame, roiToPixels } from '../../src-shared/domain/lane-roi';
import type { CameraFrame } from '../camera/camera-source';
import { encodeJpeg } from '../camera/frame-encoder';
import cv, { releaseMats } from '../camera/opencv';
import {
  loadCalibration,
  makeCalibrator,
  readFeatures,
  type CalibrationMap,
  type Calibrator,
} from './calibration';
import type { OcrResult } from './ctc';
import { detectPlates } from './detect';
import type { Detection, Point } from './detect-decode';
import { applyFormatRules, minPlateLength, type FormatRulesConfig } from './format-rules';
import type { BandMode } from './eu-band';
import { loadPlateModels, type PlateModels } from './onnx-models';
import { recognisePlates } from './ocr';
import type { PlateRead, PlateReader, ReadOptions } from './plate-reader';
import { rectifyPlate, rectifyWholeImage, type RectifiedPlate } from './rectify';
import { mergeTileDetections, offsetDetection, planTiles, type PixelRect } from './tiles';
import { voteBurst, type TrackerOptions, type VehicleRead } from './track-vote';

export interface OnnxPlateReaderOptions {
  modelsDir: string;
  intraOpNumThreads?: number;
  formats?: FormatRulesConfig;
  /** Encode each plate crop as JPEG for the attendant (default true; off for benchmarks). */
  cropJpeg?: boolean;
  /** Reads whose final confidence is below this are dropped (default 0: keep all, caller decides). */
  minConfidence?: number;
  /**
   * Reads shorter than this are dropped (default: the shortest length any enabled format allows,
   * e.g. 6 for a Romanian-only site, 2 with US generic) — they come from false detections.
   */
  minTextLength?: number;
  /** Plates narrower than this (frame px) are ignored: too small to read (default 24). */
  minPlateWidth?: number;
  tracker?: TrackerOptions;
  /** Crop margin around the detected box, as a fraction of its width / height (see rectify.ts). */
  cropMarginX?: number;
  cropMarginY?: number;
  /**
   * Remove a blue EU band at a one-line plate's left before OCR (see eu-band.ts). Default 'fill'
   * (paint it with the plate background): on the real EU crops it cut the "band letter read as an
   * extra leading character" errors from 14 to 5 of 1,139 (exact 47.6% → 47.8%; 'cut' lost 4.8
   * points); false = leave the band.
   */
  cutEuBand?: BandMode | false;
  /**
   * Confidence calibration: 'auto' (default) loads `<modelsDir>/plate-calibration.json` and falls
   * back to the identity map with a log line when it is absent; null = identity (raw scores); or a
   * map given directly (tests, the calibration fitter).
   */
  calibration?: 'auto' | CalibrationMap | null;
  /** Where the "no calibration file" line goes (default console.warn). */
  log?: (line: string) => void;
  /**
   * The detector's second pass (issue 12): when the whole-frame (or whole-ROI) pass finds no
   * detection scoring at least `belowScore`, the image is cut into grid × grid overlapping tiles,
   * each run through the detector at its full input size, and their boxes are merged with the
   * first pass's. A frame where the first pass finds a confident plate costs what it did before.
   * false = off. Default DEFAULT_SECOND_PASS (tile boxes need 0.45, above the manifest's 0.35:
   * on 100 Open Images photos 0.35 gave 45.6% recall at 1.55 false boxes per image, 0.45 gave
   * 40.8% at 0.96; see the detector's card).
   */
  secondPass?: SecondPassOptions | false;
}

export interface SecondPassOptions {
  grid?: number;
  overlap?: number;
  /** The second pass runs when no first-pass detection reaches this score. */
  belowScore?: number;
  /** Tile detections below this score are dropped (never below the manifest's threshold). */
  minScore?: number;
}

export const DEFAULT_SECOND_PASS = { grid: 2, overlap: 0.25, belowScore: 0.5, minScore: 0.45 };

/** PlateRead plus pipeline details (all extra fields optional on PlateRead for compatibility). */
export interface DetailedPlateRead extends PlateRead {
  rawText: string;
  format: string | null;
  detScore: number;
  corners: Point[] | null;
  rectify: RectifiedPlate['method'];
  twoLine: boolean;
  /** The pipeline's own score (format-rule confidence) before calibration. */
  rawConfidence: number;
  /** The calibration features of this read (see calibration.ts FEATURE_NAMES). */
  features: number[];
}

export interface FrameTimings {
  detectMs: number;
  rectifyMs: number;
  ocrMs: number;
  rulesMs: number;
  totalMs: number;
  /** Tiles the second pass ran (0: the first pass was enough, or the pass is off). */
  tiles: number;
  /** Time of the second pass (included in detectMs). */
  secondPassMs: number;
}

export class OnnxPlateReader implements PlateReader {
  readonly name = 'onnx-anpr';

  private readonly minTextLength: number;

  private constructor(
    readonly models: PlateModels,
    private readonly opts: OnnxPlateReaderOptions,
    readonly calibrator: Calibrator,
  ) {
    this.minTextLength = opts.minTextLength ?? minPlateLength(opts.formats);
  }

  static async load(options: OnnxPlateReaderOptions): Promise<OnnxPlateReader> {
    const models = await loadPlateModels({
      modelsDir: options.modelsDir,
      intraOpNumThreads: options.intraOpNumThreads,
    });
    // null means identity, so only a missing option means 'auto'.
    const cal = options.calibration === undefined ? 'auto' : options.calibration;
    const calibrator =
      cal === 'auto'
        ? await loadCalibration(options.modelsDir, options.log).catch(async (err: unknown) => {
            await models.release();
            throw err;
          })
        : makeCalibrator(cal);
    return new OnnxPlateReader(models, options, calibrator);
  }

  /** The gate threshold the calibration file recommends (null without one). */
  get recommendedGateThreshold(): number | null {
    return this.calibrator.map?.gateThreshold ?? null;
  }

  get loadMs(): number {
    return this.models.loadMs;
  }

  async read(frame: CameraFrame, options?: ReadOptions): Promise<PlateRead[]> {
    return (await this.readMat(frame.mat, options)).reads;
  }

  /**
   * Single-frame pipeline on a BGR Mat, with per-stage timings. With `roi`, only that part of the
   * frame is searched for plates (boxes are still in frame pixels; the crop may reach outside).
   */
  async readMat(
    mat: Mat,
    options?: ReadOptions,
  ): Promise<{ reads: DetailedPlateRead[]; timings: FrameTimings; detections: Detection[] }> {
    const m = this.models;
    const t0 = performance.now();
    const { detections, tiles, secondPassMs } = await this.detect(mat, options?.roi ?? null);
    const t1 = performance.now();
    const rects = detections.map((d) =>
      rectifyPlate(mat, d, {
        twoLineAspectBelow: m.ocrManifest.input.twoLineAspectBelow,
        marginX: this.opts.cropMarginX,
        marginY: this.opts.cropMarginY,
        cutBand: this.opts.cutEuBand ?? 'fill',
      }),
    );
    const t2 = performance.now();
    const ocr = await recognisePlates(
      m.ocr,
      m.ocrManifest,
      rects.map((r) => r.ocrInput),
    );
    const t3 = performance.now();
    const items: { read: DetailedPlateRead; rect: RectifiedPlate }[] = [];
    for (let i = 0; i < detections.length; i++) {
      const read = this.finish(ocr[i]!, rects[i]!, detections[i]!);
      if (read) items.push({ read, rect: rects[i]! });
    }
    const t4 = performance.now();
    await this.attachCrops(items);
    // The plate images were made here and are done with (see releaseMats).
    releaseMats(new Set(rects.flatMap((r) => [r.plate, r.ocrInput])));
    const reads = items.map((it) => it.read);
    return {
      reads,
      detections,
      timings: {
        detectMs: t1 - t0,
        rectifyMs: t2 - t1,
        ocrMs: t3 - t2,
        rulesMs: t4 - t3,
        totalMs: t4 - t0,
        tiles,
        secondPassMs,
      },
    };
  }

  /**
   * Detection in frame pixels: the first pass on the whole frame or ROI and, where it finds no
   * confident plate, the tiled second pass on the same area.
   */
  private async detect(
    mat: Mat,
    roi: LaneRoi | null,
  ): Promise<{ detections: Detection[]; tiles: number; secondPassMs: number }> {
    const m = this.models;
    const minW = this.opts.minPlateWidth ?? 24;
    const area: PixelRect =
      roi && !isWholeFrame(roi)
        ? roiToPixels(roi, mat.cols, mat.rows)
        : { x: 0, y: 0, w: mat.cols, h: mat.rows };
    const whole = area.w === mat.cols && area.h === mat.rows;
    // A region shares the frame's pixels (no copy); released once detection is done.
    const regions: Mat[] = [];
    const region = (r: PixelRect, of: Mat): Mat => {
      const sub = of.getRegion(new cv.Rect(r.x, r.y, r.w, r.h));
      regions.push(sub);
      return sub;
    };
    try {
      const view = whole ? mat : region(area, mat);
      let dets = (await detectPlates(m.detector, m.detectorManifest, view)).filter(
        (d) => d.box.w >= minW,
      );
      let tiles = 0;
      let secondPassMs = 0;
      const sp =
        this.opts.secondPass === false ? null : { ...DEFAULT_SECOND_PASS, ...this.opts.secondPass };
      if (sp && !dets.some((d) => d.score >= sp.belowScore)) {
        const t0 = performance.now();
        const minScore = Math.max(sp.minScore, m.detectorManifest.output.scoreThreshold);
        const perTile = [];
        const snapTo = { w: m.detectorManifest.input.width, h: m.detectorManifest.input.height };
        for (const tile of planTiles(view.cols, view.rows, { ...sp, snapTo })) {
          const found = await detectPlates(m.detector, m.detectorManifest, region(tile, view));
          perTile.push({ tile, detections: found.filter((d) => d.score >= minScore) });
          tiles++;
        }
        dets = mergeTileDetections(
          dets,
          perTile,
          view.cols,
          view.rows,
          m.detectorManifest.output.nmsIou,
        ).filter((d) => d.box.w >= minW);
        secondPassMs = performance.now() - t0;
      }
      return { detections: dets.map((d) => offsetDetection(d, area)), tiles, secondPassMs };
    } finally {
      releaseMats(regions);
    }
  }

  /** OCR + rules on an image that is already a plate crop (no detector). */
  async readCrop(mat: Mat): Promise<DetailedPlateRead | null> {
    const rect = rectifyWholeImage(
      mat,
      this.models.ocrManifest.input.twoLineAspectBelow,
      this.opts.cutEuBand ?? 'fill',
    );
    const [ocr] = await recognisePlates(this.models.ocr, this.models.ocrManifest, [rect.ocrInput]);
    const det: Detection = { box: rect.cropBox, score: 1, corners: null };
    const read = ocr ? this.finish(ocr, rect, det) : null;
    if (read) await this.attachCrops([{ read, rect }]);
    if (rect.ocrInput !== mat) rect.ocrInput.release();
    return read;
  }

  /**
   * Reads a burst of frames from ONE lane and returns one event per vehicle (tracked across the
   * burst, text by confidence-weighted vote).
   */
  async readBurst(
    frames: readonly CameraFrame[],
    options?: ReadOptions & { tracker?: TrackerOptions },
  ): Promise<VehicleRead[]> {
    const perFrame = [];
    for (let i = 0; i < frames.length; i++) {
      const f = frames[i]!;
      const { reads } = await this.readMat(f.mat, options);
      perFrame.push({ frameIndex: i, at: f.at, reads: reads.map((r) => ({ ...r, box: r.box! })) });
    }
    return voteBurst(perFrame, options?.tracker ?? this.opts.tracker);
  }

  async dispose(): Promise<void> {
    await this.models.release();
  }

  private finish(ocr: OcrResult, rect: RectifiedPlate, det: Detection): DetailedPlateRead | null {
    if (ocr.positions.length === 0 || ocr.positions.length < this.minTextLength) return null;
    const f = applyFormatRules(ocr, this.opts.formats);
    const features = readFeatures({
      rawConfidence: f.confidence,
      charProbs: ocr.positions.map((p) => p.prob),
      alternateConfidence: f.alternates[0]?.confidence ?? null,
      format: f.format,
      swaps: f.swaps,
      length: f.text.length,
      twoLine: rect.twoLine,
    });
    const confidence = this.calibrator.apply(features, f.confidence);
    if (confidence < (this.opts.minConfidence ?? 0)) return null;
    // Alternates keep their odds against the best read: scaled by the same factor, never above it.
    const scale = f.confidence > 0 ? confidence / f.confidence : 0;
    return {
      text: f.text,
      confidence,
      box: roundBox(det.box),
      alternates: f.alternates.map((a) => ({
        text: a.text,
        confidence: Math.min(confidence, a.confidence * scale),
      })),
      cropJpeg: null,
      rawText: f.rawText,
      format: f.format,
      detScore: det.score,
      corners: det.corners,
      rectify: rect.method,
      twoLine: rect.twoLine,
      rawConfidence: f.confidence,
      features,
    };
  }

  private async attachCrops(
    items: { read: DetailedPlateRead; rect: RectifiedPlate }[],
  ): Promise<void> {
    if (this.opts.cropJpeg === false) return;
    await Promise.all(
      items.map(async ({ read, rect }) => {
        read.cropJpeg = await encodeJpeg(rect.plate, { quality: 90 });
      }),
    );
  }
}

function roundBox(b: { x: number; y: number; w: number; h: number }): {
  x: number;
  y: number;
  w: number;
  h: number;
} {
  return { x: Math.round(b.x), y: Math.round(b.y), w: Math.round(b.w), h: Math.round(b.h) };
}
