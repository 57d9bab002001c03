import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import cv from '../../../src-main/camera/opencv';
import {
  estimateSkew,
  plausibleQuad,
  rectifyPlate,
  stitchTwoLines,
} from '../../../src-main/anpr/rectify';

describe('two-line stitch', () => {
  it('puts the top half left of the bottom half (floor(h/2) rows each)', () => {
    const plate = new cv.Mat(41, 60, cv.CV_8UC1, 0);
    plate.getRegion(new cv.Rect(0, 0, 60, 20)).setTo(200);
    plate.getRegion(new cv.Rect(0, 20, 60, 21)).setTo(50);
    const s = stitchTwoLines(plate);
    assert.equal(s.rows, 20);
    assert.equal(s.cols, 120);
    assert.equal(s.at(10, 30), 200);
    assert.equal(s.at(10, 90), 50);
  });

  it('applies the two-line rule by aspect', () => {
    const frame = new cv.Mat(200, 300, cv.CV_8UC3, [128, 128, 128]);
    const square = rectifyPlate(
      frame,
      { box: { x: 50, y: 50, w: 60, h: 50 }, score: 1, corners: null },
      { twoLineAspectBelow: 2, deskew: false },
    );
    assert.equal(square.twoLine, true);
    assert.ok(square.ocrInput.cols > square.ocrInput.rows * 2);
    const wide = rectifyPlate(
      frame,
      { box: { x: 50, y: 50, w: 150, h: 30 }, score: 1, corners: null },
      { twoLineAspectBelow: 2, deskew: false },
    );
    assert.equal(wide.twoLine, false);
    assert.equal(wide.method, 'crop');
    // Default margin: 3 % of the width and 6 % of the height on each side.
    assert.deepEqual(wide.cropBox, { x: 45, y: 48, w: 160, h: 34 });
  });
});

describe('perspective from corners', () => {
  const box = { x: 100, y: 100, w: 200, h: 50 };
  const quad = [
    { x: 100, y: 105 },
    { x: 300, y: 100 },
    { x: 298, y: 150 },
    { x: 102, y: 148 },
  ];
  it('accepts a plausible quad and rejects crossed or far-off corners', () => {
    assert.ok(plausibleQuad(quad, box));
    assert.ok(!plausibleQuad([quad[1]!, quad[0]!, quad[2]!, quad[3]!], box), 'crossed');
    assert.ok(
      !plausibleQuad(
        quad.map((p) => ({ x: p.x + 400, y: p.y })),
        box,
      ),
      'elsewhere',
    );
    assert.ok(
      !plausibleQuad(
        quad.map((p) => ({ x: p.x, y: NaN })),
        box,
      ),
    );
  });
  it('warps to an upright plate of the quad size', () => {
    const frame = new cv.Mat(300, 400, cv.CV_8UC3, [90, 90, 90]);
    const r = rectifyPlate(
      frame,
      { box, score: 1, corners: quad as never },
      { twoLineAspectBelow: 2 },
    );
    assert.equal(r.method, 'perspective');
    assert.ok(
      Math.abs(r.plate.cols - 200 * 1.06) < 6 && Math.abs(r.plate.rows - 46 * 1.12) < 6,
      `${r.plate.cols}×${r.plate.rows}`,
    );
  });
});

describe('deskew', () => {
  it('finds the tilt of a rotated bright plate and ignores an upright one', () => {
    const make = (angle: number) => {
      const img = new cv.Mat(120, 260, cv.CV_8UC1, 20);
      const t = (angle * Math.PI) / 180;
      const pts = [
        [-100, -25],
        [100, -25],
        [100, 25],
        [-100, 25],
      ].map(
        ([dx, dy]) =>
          new cv.Point2(
            Math.round(130 + dx! * Math.cos(t) - dy! * Math.sin(t)),
            Math.round(60 + dx! * Math.sin(t) + dy! * Math.cos(t)),
          ),
      );
      img.drawFillPoly([pts], new cv.Vec3(230, 230, 230));
      return img;
    };
    const a = estimateSkew(make(8));
    assert.ok(a !== null && Math.abs(Math.abs(a) - 8) < 1.5, `angle ${a}`);
    assert.equal(estimateSkew(make(0)), null);
    // After rotation the plate must be (nearly) level: re-estimating gives null (< 2°).
    const frame = make(8).cvtColor(cv.COLOR_GRAY2BGR);
    const r = rectifyPlate(
      frame,
      { box: { x: 20, y: 20, w: 220, h: 80 }, score: 1, corners: null },
      { twoLineAspectBelow: 1 },
    );
    assert.equal(r.method, 'deskew');
    assert.equal(estimateSkew(r.plate), null, 'rotation direction is right');
  });
});
