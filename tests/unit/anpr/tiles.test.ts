import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Detection } from '../../../src-main/anpr/detect-decode';
import {
  cutByTile,
  mergeTileDetections,
  offsetDetection,
  planTiles,
} from '../../../src-main/anpr/tiles';

const det = (x: number, y: number, w: number, h: number, score = 0.9): Detection => ({
  box: { x, y, w, h },
  score,
  corners: [
    { x, y },
    { x: x + w, y },
    { x: x + w, y: y + h },
    { x, y: y + h },
  ],
});

describe('planTiles', () => {
  it('covers a 720p frame with 2×2 overlapping tiles of the frame aspect, flush with its corners', () => {
    const tiles = planTiles(1280, 720, { grid: 2, overlap: 0.25 });
    assert.equal(tiles.length, 4);
    // 2 − 0.25 = 1.75 tiles per axis: 1280/1.75 → 732, 720/1.75 → 412.
    for (const t of tiles) assert.deepEqual([t.w, t.h], [732, 412]);
    assert.deepEqual(
      tiles.map((t) => [t.x, t.y]),
      [
        [0, 0],
        [548, 0],
        [0, 308],
        [548, 308],
      ],
    );
    const last = tiles.at(-1)!;
    assert.equal(last.x + last.w, 1280);
    assert.equal(last.y + last.h, 720);
    // Neighbours overlap by at least a quarter of a tile.
    assert.ok(tiles[0]!.x + tiles[0]!.w - tiles[1]!.x >= 0.25 * 732 - 1);
  });

  it('leaves no pixel uncovered and keeps every tile inside the frame (odd sizes, 3×3)', () => {
    const W = 1601;
    const H = 899;
    const tiles = planTiles(W, H, { grid: 3, overlap: 0.2 });
    assert.equal(tiles.length, 9);
    for (const t of tiles) {
      assert.ok(t.x >= 0 && t.y >= 0 && t.x + t.w <= W && t.y + t.h <= H);
    }
    for (const [x, y] of [
      [0, 0],
      [W - 1, H - 1],
      [Math.floor(W / 3), Math.floor(H / 2)],
      [Math.floor((2 * W) / 3), 1],
    ] as const) {
      assert.ok(
        tiles.some((t) => x >= t.x && x < t.x + t.w && y >= t.y && y < t.y + t.h),
        `${x},${y}`,
      );
    }
  });

  it('grows a tile to a whole multiple of the detector input when that is near (fast resize)', () => {
    const snapTo = { w: 384, h: 224 };
    const tiles = planTiles(1280, 720, { grid: 2, overlap: 0.25, snapTo });
    // 732 → 768 (2 × 384), 412 → 448 (2 × 224); still flush with both corners.
    assert.deepEqual(
      tiles.map((t) => [t.x, t.y, t.w, t.h]),
      [
        [0, 0, 768, 448],
        [512, 0, 768, 448],
        [0, 272, 768, 448],
        [512, 272, 768, 448],
      ],
    );
    // Not when the multiple is far (600 → 768 is +28%) or under 2× (a 1.5× tile stays).
    assert.equal(planTiles(1050, 600, { grid: 2, overlap: 0.25, snapTo })[0]!.w, 600);
    assert.equal(planTiles(1008, 600, { grid: 2, overlap: 0.25, snapTo })[0]!.w, 576);
  });

  it('is the whole frame for grid 1', () => {
    assert.deepEqual(planTiles(640, 480, { grid: 1, overlap: 0.3 }), [
      { x: 0, y: 0, w: 640, h: 480 },
    ]);
  });
});

describe('tile detections back in frame coordinates', () => {
  it('offsets the box and the corners by the tile origin', () => {
    const d = offsetDetection(det(10, 20, 40, 12), { x: 548, y: 308 });
    assert.deepEqual(d.box, { x: 558, y: 328, w: 40, h: 12 });
    assert.deepEqual(d.corners![2], { x: 598, y: 340 });
    assert.equal(d.score, 0.9);
  });

  it('a box touching an inner tile edge was cut by the tile; one on the frame border was not', () => {
    const tile = { x: 548, y: 0, w: 732, h: 412 };
    assert.equal(cutByTile({ x: 0, y: 100, w: 30, h: 10 }, tile, 1280, 720), true); // left, inside
    assert.equal(cutByTile({ x: 700, y: 100, w: 32, h: 10 }, tile, 1280, 720), false); // frame's right
    assert.equal(cutByTile({ x: 300, y: 0, w: 40, h: 10 }, tile, 1280, 720), false); // frame's top
    assert.equal(cutByTile({ x: 300, y: 405, w: 40, h: 7 }, tile, 1280, 720), true); // bottom, inside
    assert.equal(cutByTile({ x: 300, y: 100, w: 40, h: 10 }, tile, 1280, 720), false);
  });

  it('merges the tiles with the first pass: the same plate seen twice is one box, cut boxes go', () => {
    const tiles = planTiles(1280, 720, { grid: 2, overlap: 0.25 });
    // A plate at frame (600..660, 200..215) lies in tiles 0 and 1 (both hold it whole).
    const merged = mergeTileDetections(
      [],
      [
        { tile: tiles[0]!, detections: [det(600, 200, 60, 15, 0.7)] },
        { tile: tiles[1]!, detections: [det(52, 200, 60, 15, 0.8), det(0, 300, 20, 10, 0.9)] },
        { tile: tiles[3]!, detections: [] },
      ],
      1280,
      720,
      0.3,
    );
    assert.equal(merged.length, 1);
    assert.deepEqual(merged[0]!.box, { x: 600, y: 200, w: 60, h: 15 });
    assert.equal(merged[0]!.score, 0.8);
  });

  it('keeps a first-pass box that no tile found', () => {
    const first = [det(100, 600, 90, 25, 0.4)];
    const merged = mergeTileDetections(first, [], 1280, 720, 0.3);
    assert.deepEqual(merged, first);
  });
});
