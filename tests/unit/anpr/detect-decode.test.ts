import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeDetections, iou, nms } from '../../../src-main/anpr/detect-decode';

describe('decodeDetections', () => {
  // 4×6 grid, stride 4 → model input 24×16; frame twice that (48×32).
  const H = 4;
  const W = 6;
  const plane = H * W;
  function outputs() {
    const heatmap = new Float32Array(plane);
    const boxes = new Float32Array(4 * plane);
    const corners = new Float32Array(8 * plane);
    const set = (
      x: number,
      y: number,
      s: number,
      dx: number,
      dy: number,
      bw: number,
      bh: number,
    ) => {
      const i = y * W + x;
      heatmap[i] = s;
      boxes[i] = dx;
      boxes[plane + i] = dy;
      boxes[2 * plane + i] = bw;
      boxes[3 * plane + i] = bh;
      const offs = [-bw / 2, -bh / 2, bw / 2, -bh / 2, bw / 2, bh / 2, -bw / 2, bh / 2];
      offs.forEach((o, k) => (corners[k * plane + i] = o));
    };
    set(1, 1, 0.9, 0.5, 0.5, 8, 4); // peak: centre (6,6) input px
    set(2, 1, 0.8, 0.5, 0.5, 8, 4); // neighbour of a stronger peak: not a local max
    set(4, 2, 0.6, 0.0, 0.0, 4, 2); // second plate: centre (16,8)
    set(5, 0, 0.2, 0.5, 0.5, 4, 2); // below threshold
    return { heatmap, boxes, corners, gridH: H, gridW: W };
  }
  const params = {
    stride: 4,
    scoreThreshold: 0.3,
    nmsIou: 0.3,
    scaleX: 2,
    scaleY: 2,
    frameW: 48,
    frameH: 32,
  };

  it('keeps 3×3 local maxima above threshold and scales boxes to the frame', () => {
    const dets = decodeDetections(outputs(), params);
    assert.equal(dets.length, 2);
    assert.deepEqual(dets[0]!.box, { x: 4, y: 8, w: 16, h: 8 });
    assert.equal(dets[0]!.score, 0.8999999761581421);
    assert.deepEqual(dets[1]!.box, { x: 28, y: 14, w: 8, h: 4 });
    assert.deepEqual(dets[0]!.corners![0], { x: 4, y: 8 });
    assert.deepEqual(dets[0]!.corners![2], { x: 20, y: 16 });
  });

  it('works without corners and clips boxes at the frame edge', () => {
    const o = { ...outputs(), corners: null };
    o.boxes[2 * plane + 1 * W + 1] = 20; // very wide: x from -14
    const dets = decodeDetections(o, params);
    assert.equal(dets[0]!.corners, null);
    assert.equal(dets[0]!.box.x, 0);
  });
});

describe('nms / iou', () => {
  it('suppresses overlapping lower-score boxes only', () => {
    const a = { box: { x: 0, y: 0, w: 10, h: 10 }, score: 0.9 };
    const b = { box: { x: 1, y: 1, w: 10, h: 10 }, score: 0.8 };
    const c = { box: { x: 30, y: 30, w: 10, h: 10 }, score: 0.5 };
    assert.deepEqual(nms([c, b, a], 0.5), [a, c]);
    assert.equal(iou(a.box, a.box), 1);
    assert.equal(iou(a.box, c.box), 0);
  });
});
