import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PlateTracker, voteBurst, type FrameRead } from '../../../src-main/anpr/track-vote';

const box = (x: number, y = 400, w = 200, h = 50) => ({ x, y, w, h });
const read = (text: string, confidence: number, b = box(500)): FrameRead => ({
  text,
  confidence,
  box: b,
});

describe('voteBurst', () => {
  it('converges on the plate from noisy per-frame reads of one car', () => {
    const reads = [
      read('B123ABC', 0.8, box(500)),
      read('B123A8C', 0.5, box(503)),
      read('B123ABC', 0.82, box(506)),
      read('8123ABC', 0.4, box(509)),
      read('B123ABC', 0.78, box(512)),
    ];
    const events = voteBurst(
      reads.map((r, i) => ({ frameIndex: i, at: 1000 + i * 100, reads: [r] })),
    );
    assert.equal(events.length, 1);
    const [e] = events;
    assert.equal(e!.text, 'B123ABC');
    assert.deepEqual(e!.framesUsed, [0, 1, 2, 3, 4]);
    assert.equal(e!.bestFrameIndex, 2, 'best crop = most confident frame that read the winner');
    assert.equal(e!.firstAt, 1000);
    assert.equal(e!.lastAt, 1400);
    assert.ok(e!.confidence > 0 && e!.confidence < 0.82);
    assert.deepEqual(e!.alternates.map((a) => a.text).sort(), ['8123ABC', 'B123A8C']);
  });

  it('weights votes by confidence, not by count', () => {
    const events = voteBurst([
      { frameIndex: 0, at: 0, reads: [read('AAA111', 0.2)] },
      { frameIndex: 1, at: 1, reads: [read('AAA111', 0.2)] },
      { frameIndex: 2, at: 2, reads: [read('AAA117', 0.9)] },
    ]);
    assert.equal(events[0]!.text, 'AAA117');
  });

  it('per-position voting recovers a plate no single frame read fully', () => {
    const frames = ['B123ABX', 'B123AXC', 'B12XABC'].map((t, i) => ({
      frameIndex: i,
      at: i,
      reads: [read(t, 0.6)],
    }));
    assert.notEqual(voteBurst(frames)[0]!.text, 'B123ABC');
    assert.equal(voteBurst(frames, { vote: { mode: 'position' } })[0]!.text, 'B123ABC');
  });

  it('keeps two cars in the same lane apart', () => {
    const frames = [0, 1, 2].map((i) => ({
      frameIndex: i,
      at: i,
      reads: [read('CJ12ABC', 0.9, box(100 + i * 5)), read('B99BNX', 0.9, box(900 - i * 5))],
    }));
    const events = voteBurst(frames);
    assert.deepEqual(events.map((e) => e.text).sort(), ['B99BNX', 'CJ12ABC']);
    assert.ok(events.every((e) => e.framesUsed.length === 3));
  });
});

describe('PlateTracker', () => {
  it('ends a track after maxMissed frames without a detection', () => {
    const t = new PlateTracker({ maxMissed: 2 });
    assert.deepEqual(t.push(0, 0, [read('B58DTK', 0.9)]), []);
    assert.deepEqual(t.push(1, 1, [read('B58DTK', 0.8, box(510))]), []);
    assert.deepEqual(t.push(2, 2, []), []);
    assert.deepEqual(t.push(3, 3, []), []);
    const ended = t.push(4, 4, []);
    assert.equal(ended.length, 1);
    assert.equal(ended[0]!.text, 'B58DTK');
    assert.equal(t.openTracks, 0);
    assert.deepEqual(t.flush(), []);
  });

  it('associates by centre distance when boxes no longer overlap (car moving)', () => {
    const t = new PlateTracker({ minIou: 0.3, maxCentreDist: 0.75 });
    t.push(0, 0, [read('B58DTK', 0.9, box(500))]);
    t.push(1, 1, [read('B58DTK', 0.9, box(640))]); // 140 px step, box 200 wide: IoU 0.18
    const events = t.flush();
    assert.equal(events.length, 1);
    assert.equal(events[0]!.framesUsed.length, 2);
  });

  it('drops flukes shorter than minFrames', () => {
    const t = new PlateTracker({ minFrames: 2 });
    t.push(0, 0, [read('B58DTK', 0.9), read('ZZZ999', 0.3, box(50, 50, 60, 20))]);
    t.push(1, 1, [read('B58DTK', 0.9)]);
    assert.deepEqual(
      t.flush().map((e) => e.text),
      ['B58DTK'],
    );
  });
});
