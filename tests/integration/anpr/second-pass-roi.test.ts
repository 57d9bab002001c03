/**
 * Issue 12, real ONNX inference: a plate that is small in a large frame is missed by the
 * detector's whole-frame pass and found by its tiled second pass; a lane's region of interest
 * keeps the reader off plates outside it, and its boxes stay in frame pixels.
 *
 * The large frame is built here from a committed MIT sample frame (resources/sample-lanes, see
 * its ATTRIBUTION.md): entry-001 shrunk to 0.3× (its plate ~79 px wide) and placed in a grey
 * 1920×1080 frame, the case the issue describes (a plate under 100 px in a big photo). The sample
 * comes from the detector's training rides, so this is a wiring check of the two passes, not an
 * accuracy figure (those are `npm run anpr:eval -- --pack`, in the detector's card).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Mat } from '@u4/opencv4nodejs';
import cv from '../../../src-main/camera/opencv';
import { iou } from '../../../src-main/anpr/detect-decode';
import { assertModelFiles } from '../../../src-main/anpr/onnx-models';
import { OnnxPlateReader } from '../../../src-main/anpr/onnx-plate-reader';
import type { PlateBox } from '../../../src-main/anpr/plate-box';

const MODELS = process.env.ANPR_MODELS ?? 'models';
const SAMPLE = 'resources/sample-lanes/entry/entry-001.jpg';
/** The sample's labelled plate (resources/sample-lanes/labels.csv). */
const PLATE = { x: 518, y: 444, w: 262, h: 62 };
const TEXT = 'BR07AAC';
/** The calibrated gate threshold shipped beside the models. */
const GATE = (
  JSON.parse(readFileSync(path.join(MODELS, 'plate-calibration.json'), 'utf8')) as {
    gateThreshold: number;
  }
).gateThreshold;
const SCALE = 0.3;
const AT = { x: 900, y: 500 };

let twoPass: OnnxPlateReader;
let onePass: OnnxPlateReader;
let sample: Mat;
let large: Mat;
const smallPlate = {
  x: AT.x + PLATE.x * SCALE,
  y: AT.y + PLATE.y * SCALE,
  w: PLATE.w * SCALE,
  h: PLATE.h * SCALE,
};

describe('detector second pass and lane ROI (real inference)', () => {
  before(async () => {
    await assertModelFiles(MODELS);
    const opts = { modelsDir: MODELS, formats: { enabled: ['ro'] }, cropJpeg: false };
    twoPass = await OnnxPlateReader.load(opts);
    onePass = await OnnxPlateReader.load({ ...opts, secondPass: false });
    sample = cv.imread(path.resolve(SAMPLE));
    const small = sample.resize(
      Math.round(sample.rows * SCALE),
      Math.round(sample.cols * SCALE),
      0,
      0,
      cv.INTER_AREA,
    );
    large = new cv.Mat(1080, 1920, cv.CV_8UC3, [110, 110, 110]);
    small.copyTo(large.getRegion(new cv.Rect(AT.x, AT.y, small.cols, small.rows)));
    small.release();
  });
  after(async () => {
    await twoPass?.dispose();
    await onePass?.dispose();
    sample?.release();
    large?.release();
  });

  it('the whole-frame pass alone misses the small plate', async () => {
    const { detections } = await onePass.readMat(large);
    const best = Math.max(0, ...detections.map((d) => iou(d.box, smallPlate)));
    assert.ok(best < 0.4, `first pass found it (IoU ${best.toFixed(2)})`);
  });

  it('the tiled second pass finds and reads it, with its box in frame pixels', async () => {
    const { reads, detections, timings } = await twoPass.readMat(large);
    assert.equal(timings.tiles, 4);
    // In frame pixels: the box holds the plate and is no more than 3x its area. (Detector 1.2
    // learnt from photos whose boxes are loose by a few pixels, so its box on a 79 px plate sits
    // around IoU 0.4; holding the plate is what the OCR needs.)
    const holds = (b: PlateBox) => {
      const ix = Math.min(b.x + b.w, smallPlate.x + smallPlate.w) - Math.max(b.x, smallPlate.x);
      const iy = Math.min(b.y + b.h, smallPlate.y + smallPlate.h) - Math.max(b.y, smallPlate.y);
      const covered = (Math.max(0, ix) * Math.max(0, iy)) / (smallPlate.w * smallPlate.h);
      return covered >= 0.9 && b.w * b.h <= 3 * smallPlate.w * smallPlate.h;
    };
    const found = detections.find((d) => holds(d.box));
    assert.ok(found, `boxes ${JSON.stringify(detections.map((d) => d.box))}`);
    const read = reads.find((r) => holds(r.box!));
    assert.ok(read, `reads ${JSON.stringify(reads.map((r) => r.text))}`);
    // OCR 1.3 reads this 79 px plate as BR07MC (AA run together); a misread must come back below
    // the calibrated gate, so the cashier confirms it instead of a gate opening.
    if (read.text !== TEXT) {
      assert.ok(read.confidence < GATE, `${read.text} at ${read.confidence} (gate ${GATE})`);
    }
  });

  it('a frame whose plate the first pass finds confidently runs no second pass', async () => {
    const { reads, timings } = await twoPass.readMat(sample);
    assert.equal(timings.tiles, 0);
    assert.equal(timings.secondPassMs, 0);
    assert.ok(reads.some((r) => iou(r.box!, PLATE) >= 0.4));
  });

  it('an ROI away from the plate reads nothing, not even in the second pass', async () => {
    // The top-left quarter of the sample frame: sky and road, no plate.
    const { reads, detections, timings } = await twoPass.readMat(sample, {
      roi: { x: 0, y: 0, w: 0.35, h: 0.5 },
    });
    assert.deepEqual(
      detections.filter((d) => iou(d.box, PLATE) > 0),
      [],
    );
    assert.deepEqual(
      reads.filter((r) => r.text === TEXT),
      [],
    );
    assert.ok(timings.tiles > 0, 'nothing confident in the ROI, so the second pass ran');
    for (const d of detections) {
      assert.ok(d.box.x + d.box.w <= 0.35 * 1280 + 1 && d.box.y + d.box.h <= 0.5 * 720 + 1);
    }
  });

  it('an ROI around the plate reads it, with its box in frame pixels', async () => {
    const { reads } = await twoPass.readMat(sample, { roi: { x: 0.3, y: 0.5, w: 0.45, h: 0.35 } });
    const read = reads.find((r) => iou(r.box!, PLATE) >= 0.4);
    assert.equal(read?.text, TEXT, `reads ${JSON.stringify(reads.map((r) => [r.text, r.box]))}`);
  });

  it('an ROI drawn around the small plate lets the first pass find it at the ROI resolution', async () => {
    const roi = {
      x: AT.x / 1920,
      y: AT.y / 1080,
      w: (1280 * SCALE) / 1920,
      h: (720 * SCALE) / 1080,
    };
    const { detections } = await onePass.readMat(large, { roi });
    assert.ok(
      detections.some((d) => iou(d.box, smallPlate) >= 0.4),
      `boxes ${JSON.stringify(detections.map((d) => d.box))}`,
    );
  });
});
