import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import cv from '../../../src-main/camera/opencv';
import type { CameraFrame, CameraSource } from '../../../src-main/camera/camera-source';
import {
  FramePump,
  encodeJpeg,
  type LaneFrame,
  type SourceHealth,
} from '../../../src-main/camera/frame-encoder';
import { ImageFolderSource } from '../../../src-main/camera/opencv-sources';
import { SAMPLE_LANES, isJpeg, waitFor } from './camera-test-helpers';

describe('encodeJpeg', () => {
  it('downscales keeping the aspect ratio and decodes back', async () => {
    const mat = cv.imread(path.join(SAMPLE_LANES, 'entry', 'entry-001.jpg'));
    const jpeg = await encodeJpeg(mat, { maxWidth: 320, quality: 70 });
    assert.ok(isJpeg(jpeg));
    const back = cv.imdecode(jpeg);
    assert.equal(back.cols, 320);
    assert.equal(back.rows, 180);
    const full = await encodeJpeg(mat, { maxWidth: 4000 });
    assert.equal(cv.imdecode(full).cols, 1280, 'never upscales');
  });
});

describe('FramePump', () => {
  it('emits JPEG frames for a lane, reports ok, and stops cleanly', async () => {
    const source = new ImageFolderSource(path.join(SAMPLE_LANES, 'entry'));
    const frames: LaneFrame[] = [];
    const raw: CameraFrame[] = [];
    const health: SourceHealth[] = [];
    const pump = new FramePump({
      laneId: 'lane-entry',
      source,
      fps: 20,
      maxWidth: 640,
      onFrame: (f) => frames.push(f),
      onCameraFrame: (f) => raw.push(f),
      onHealth: (h) => health.push(h),
    });
    pump.start();
    await waitFor(() => frames.length >= 3, 15_000, 'three frames');
    await pump.stop();
    assert.equal(pump.running, false);

    const countAtStop = frames.length;
    for (const f of frames) {
      assert.equal(f.laneId, 'lane-entry');
      assert.equal(typeof f.at, 'number');
      const jpeg = Buffer.from(f.jpegBase64, 'base64');
      assert.ok(isJpeg(jpeg), 'JPEG magic bytes');
      const mat = cv.imdecode(jpeg);
      assert.equal(mat.cols, 640);
      assert.equal(mat.rows, 360);
    }
    assert.deepEqual(
      raw.slice(0, 3).map((f) => f.sourceName),
      ['entry-001.jpg', 'entry-002.jpg', 'entry-003.jpg'],
    );
    assert.deepEqual(health, [{ status: 'ok', detail: source.description }]);
    // Nothing arrives after stop() resolved, and the source was closed.
    await new Promise((r) => setTimeout(r, 150));
    assert.equal(frames.length, countAtStop);
    await assert.rejects(source.grab(), { code: 'cannot-open' });
  });

  it('reports a missing camera folder as offline and keeps the process alive', async () => {
    const health: SourceHealth[] = [];
    let frames = 0;
    const pump = new FramePump({
      laneId: 'lane-x',
      source: new ImageFolderSource('/nonexistent/lane-folder'),
      fps: 20,
      onFrame: () => frames++,
      onHealth: (h) => health.push(h),
    });
    pump.start();
    await waitFor(() => health.length > 0, 10_000, 'health report');
    await pump.stop();
    assert.equal(frames, 0);
    assert.equal(health[0]?.status, 'offline');
    assert.equal(health[0]?.code, 'not-found');
    assert.match(health[0]?.detail ?? '', /lane-folder/);
    assert.equal(health.length, 1, 'repeated failures are not re-reported');
  });

  it('skips ticks while a grab is in flight and recovers from a failing source', async () => {
    let release: () => void = () => undefined;
    let calls = 0;
    const mat = cv.imread(path.join(SAMPLE_LANES, 'exit', 'exit-001.jpg'));
    // A fake source whose first grab fails, second hangs until released, then succeeds.
    const source: CameraSource = {
      id: 'fake',
      description: 'fake camera',
      open: async () => undefined,
      close: async () => undefined,
      grab: async () => {
        calls++;
        if (calls === 1) throw new Error('flaky');
        if (calls === 2) await new Promise<void>((r) => (release = r));
        return { mat, at: Date.now(), sourceName: 'fake', index: calls };
      },
    };
    const health: string[] = [];
    const frames: LaneFrame[] = [];
    const pump = new FramePump({
      laneId: 'l',
      source,
      fps: 30,
      onFrame: (f) => frames.push(f),
      onHealth: (h) => health.push(h.status),
      onCameraFrame: () => {
        throw new Error('listener bug must not stop the pump');
      },
    });
    pump.start();
    await waitFor(() => calls === 2 && pump.skipped >= 2, 10_000, 'skipped ticks');
    assert.equal(calls, 2, 'no grab while the previous one is in flight');
    release();
    await waitFor(() => frames.length >= 1, 10_000, 'frame after recovery');
    await pump.stop();
    assert.deepEqual(health, ['offline', 'ok']);
  });
});
