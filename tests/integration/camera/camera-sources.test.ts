import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CameraError } from '../../../src-main/camera/camera-source';
import {
  DeviceSource,
  ImageFolderSource,
  VideoFileSource,
  createCameraSource,
} from '../../../src-main/camera/opencv-sources';
import { SAMPLE_LANES, makeTempDir, meanLevel, writeTestVideo } from './camera-test-helpers';

async function rejectsWithCode(
  promise: Promise<unknown>,
  code: CameraError['code'],
): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof CameraError, `expected CameraError, got ${String(err)}`);
    assert.equal(err.code, code);
    return true;
  });
}

describe('ImageFolderSource', () => {
  it('yields the sorted 1280x720 sample frames and loops', async () => {
    const source = new ImageFolderSource(path.join(SAMPLE_LANES, 'entry'));
    await source.open();
    const count = source.fileNames.length;
    assert.ok(count >= 2, 'entry lane has several frames');
    const names: string[] = [];
    for (let i = 0; i < count + 2; i++) {
      const frame = await source.grab();
      assert.equal(frame.mat.cols, 1280);
      assert.equal(frame.mat.rows, 720);
      assert.equal(frame.mat.channels, 3);
      assert.equal(frame.index, i % count);
      assert.equal(frame.filePath, path.join(SAMPLE_LANES, 'entry', frame.sourceName));
      names.push(frame.sourceName);
    }
    assert.deepEqual(names.slice(0, count), [...names.slice(0, count)].sort());
    assert.deepEqual(names.slice(count), names.slice(0, 2), 'starts again after the last file');
    await source.close();
    await rejectsWithCode(source.grab(), 'cannot-open');
  });

  it('stops at the end without loop', async () => {
    const source = new ImageFolderSource(path.join(SAMPLE_LANES, 'exit'), { loop: false });
    await source.open();
    for (let i = 0; i < source.fileNames.length; i++) await source.grab();
    await rejectsWithCode(source.grab(), 'read-failed');
    await source.close();
  });

  it('holds each image for holdMs, then moves on and loops', async () => {
    let now = 0;
    const source = new ImageFolderSource(path.join(SAMPLE_LANES, 'exit'), {
      holdMs: 1000,
      now: () => now,
    });
    await source.open();
    const count = source.fileNames.length;
    const seen: number[] = [];
    for (let i = 0; i < 2 * count + 1; i++) {
      seen.push((await source.grab()).index);
      now += 500;
    }
    // Two grabs per image (at +0 and +500 ms), the third lands on the next one.
    const expected = Array.from({ length: 2 * count + 1 }, (_, i) => Math.floor(i / 2) % count);
    assert.deepEqual(seen, expected);
    await source.close();
  });

  it('reports a missing or empty folder as a CameraError', async () => {
    await rejectsWithCode(new ImageFolderSource('/nonexistent/station/lane').open(), 'not-found');
    const tmp = await makeTempDir('empty-lane');
    try {
      await writeFile(path.join(tmp.dir, 'notes.txt'), 'no images here');
      await rejectsWithCode(new ImageFolderSource(tmp.dir).open(), 'not-found');
      await writeFile(path.join(tmp.dir, 'broken.jpg'), 'not a jpeg');
      const source = new ImageFolderSource(tmp.dir);
      await source.open();
      await rejectsWithCode(source.grab(), 'read-failed');
    } finally {
      await tmp.remove();
    }
  });
});

describe('VideoFileSource', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let video: string;
  before(async () => {
    tmp = await makeTempDir('video');
    video = path.join(tmp.dir, 'lane.avi');
    writeTestVideo(video, 5);
  });
  after(() => tmp.remove());

  it('reads the frames back in order and rewinds at the end', async () => {
    const source = new VideoFileSource(video, { loop: true });
    await source.open();
    const seen: { index: number; level: number }[] = [];
    for (let i = 0; i < 7; i++) {
      const frame = await source.grab();
      assert.equal(frame.mat.cols, 320);
      assert.equal(frame.mat.rows, 240);
      assert.equal(frame.sourceName, 'lane.avi');
      seen.push({ index: frame.index, level: meanLevel(frame.mat) });
    }
    assert.deepEqual(
      seen.map((s) => s.index),
      [0, 1, 2, 3, 4, 0, 1],
    );
    // MJPG is lossy, so compare grey levels with a tolerance.
    seen.forEach((s) => assert.ok(Math.abs(s.level - 40 * (s.index + 1)) < 6, JSON.stringify(s)));
    await source.close();
  });

  it('fails with read-failed at the end when not looping', async () => {
    const source = new VideoFileSource(video, { loop: false });
    await source.open();
    for (let i = 0; i < 5; i++) await source.grab();
    await rejectsWithCode(source.grab(), 'read-failed');
    await source.close();
  });

  it('reports a missing or undecodable file as a CameraError', async () => {
    await rejectsWithCode(new VideoFileSource('/nonexistent/lane.avi').open(), 'not-found');
    const junk = path.join(tmp.dir, 'junk.avi');
    await writeFile(junk, 'definitely not a video');
    const source = new VideoFileSource(junk);
    await assert.rejects(
      source.open().then(() => source.grab()),
      CameraError,
    );
    await source.close();
  });
});

describe('DeviceSource', () => {
  it('reports an unreachable stream as cannot-open and backs off without retrying', async () => {
    let now = 1_000;
    const source = new DeviceSource('/nonexistent/camera-stream.mjpg', {
      initialBackoffMs: 500,
      now: () => now,
    });
    await rejectsWithCode(source.open(), 'cannot-open');
    // Within the backoff window grab() fails fast with a "retrying" message.
    await assert.rejects(source.grab(), /retrying in 1 s/);
    now += 600;
    await rejectsWithCode(source.grab(), 'cannot-open');
    assert.equal(source.connected, false);
    await source.close();
    await rejectsWithCode(source.grab(), 'cannot-open');
  });

  it('streams from a URL-like path and reconnects after the stream ends', async () => {
    const tmp = await makeTempDir('device');
    try {
      const video = path.join(tmp.dir, 'stream.avi');
      writeTestVideo(video, 3);
      const source = new DeviceSource(video, { initialBackoffMs: 0 });
      await source.open();
      for (let i = 0; i < 3; i++) assert.equal((await source.grab()).index, i);
      await rejectsWithCode(source.grab(), 'read-failed'); // end of "stream"
      assert.equal(source.connected, false);
      const again = await source.grab(); // reconnects (zero backoff)
      assert.equal(again.index, 3, 'grab counter keeps counting across reconnects');
      assert.equal(again.sourceName, video);
      await source.close();
    } finally {
      await tmp.remove();
    }
  });

  it('hides credentials in descriptions', () => {
    const source = new DeviceSource('rtsp://admin:secret@10.0.0.5/stream1');
    assert.ok(!source.description.includes('secret'));
    assert.equal(new DeviceSource('0').description, 'Camera device 0');
  });
});

describe('createCameraSource', () => {
  it('resolves folder and video paths against the base dir', async () => {
    const source = createCameraSource(
      { kind: 'folder', uri: 'sample-lanes/exit' },
      path.dirname(SAMPLE_LANES),
    );
    assert.ok(source instanceof ImageFolderSource);
    await source.open();
    assert.equal((await source.grab()).mat.cols, 1280);
    await source.close();
    assert.ok(createCameraSource({ kind: 'video', uri: 'a.avi' }, '/x') instanceof VideoFileSource);
    assert.ok(createCameraSource({ kind: 'device', uri: '0' }, '/x') instanceof DeviceSource);
    assert.throws(
      () => createCameraSource({ kind: 'webcam' as 'device', uri: '0' }, '/x'),
      CameraError,
    );
  });
});
