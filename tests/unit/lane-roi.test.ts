import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  formatRoi,
  isWholeFrame,
  normaliseRoi,
  roiFromCorners,
  roiToPixels,
} from '../../src-shared/domain/lane-roi';

describe('lane ROI geometry', () => {
  it('a drag in any direction gives the same rectangle, clamped to the frame', () => {
    const a = roiFromCorners({ x: 0.7, y: 0.9 }, { x: 0.2, y: 0.4 });
    const b = roiFromCorners({ x: 0.2, y: 0.4 }, { x: 0.7, y: 0.9 });
    assert.deepEqual(a, { x: 0.2, y: 0.4, w: 0.5, h: 0.5 });
    assert.deepEqual(a, b);
    assert.deepEqual(roiFromCorners({ x: -0.3, y: 0.5 }, { x: 0.5, y: 1.4 }), {
      x: 0,
      y: 0.5,
      w: 0.5,
      h: 0.5,
    });
  });

  it('a click or a sliver is no region', () => {
    assert.equal(roiFromCorners({ x: 0.5, y: 0.5 }, { x: 0.51, y: 0.9 }), null);
    assert.equal(roiFromCorners({ x: 0.5, y: 0.5 }, { x: 0.5, y: 0.5 }), null);
  });

  it('maps to whole pixels inside the frame', () => {
    assert.deepEqual(roiToPixels({ x: 0.25, y: 0.5, w: 0.5, h: 0.5 }, 1280, 720), {
      x: 320,
      y: 360,
      w: 640,
      h: 360,
    });
    // Rounding outwards, never past the frame.
    assert.deepEqual(roiToPixels({ x: 0.3333, y: 0.1, w: 0.6667, h: 0.9 }, 1001, 333), {
      x: 333,
      y: 33,
      w: 668,
      h: 300,
    });
  });

  it('normalises, formats for the journal and knows the whole frame', () => {
    assert.deepEqual(normaliseRoi({ x: 0.123456, y: 0.9, w: 0.5, h: 0.5 }), {
      x: 0.1235,
      y: 0.9,
      w: 0.5,
      h: 0.1,
    });
    assert.equal(formatRoi({ x: 0.1235, y: 0, w: 0.5, h: 1 }), '0.1235,0,0.5,1');
    assert.equal(formatRoi(null), null);
    assert.equal(isWholeFrame({ x: 0, y: 0, w: 1, h: 1 }), true);
    assert.equal(isWholeFrame({ x: 0, y: 0, w: 1, h: 0.99 }), false);
  });
});
