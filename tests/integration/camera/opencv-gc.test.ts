/**
 * Mats that async OpenCV calls made and nobody released are freed by the GC; that must never
 * take the process down.
 *
 * opencv4nodejs's default allocator reports Mat memory to V8 from wherever a Mat is freed, a GC
 * finalizer included, and such a call into V8 in the middle of a GC is a fatal error ("Check
 * failed: marking_done_"). src-main/camera/opencv-env.ts turns that reporting off. Without it the
 * child below died in 3 of 3 runs (also without the stress flag), which is what concurrent manual
 * reads at the booth did through the lane photo's resize.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { SAMPLE_LANES, makeTempDir } from './camera-test-helpers';

const OPENCV_MODULE = fileURLToPath(new URL('../../../src-main/camera/opencv.ts', import.meta.url));

const childScript = `
import cv from ${JSON.stringify(OPENCV_MODULE)};
const frame = cv.imread(${JSON.stringify(path.join(SAMPLE_LANES, 'entry', 'entry-001.jpg'))});
for (let round = 0; round < 60; round++) {
  // Eight resizes at once on the thread pool; their results are left to the GC.
  await Promise.all(Array.from({ length: 8 }, () => frame.resizeAsync(540, 960)));
}
`;

describe('Mats left to the garbage collector', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  before(async () => {
    tmp = await makeTempDir('opencv-gc');
  });
  after(() => tmp.remove());

  it('are freed without a V8 fatal error while concurrent async resizes run', async () => {
    const script = path.join(tmp.dir, 'child.mts');
    await writeFile(script, childScript);
    const child = spawnSync(
      process.execPath,
      ['--stress-incremental-marking', '--import', 'tsx', script],
      { encoding: 'utf8' },
    );
    assert.equal(child.signal, null, `died by ${child.signal}: ${child.stderr.slice(-2000)}`);
    assert.equal(child.status, 0, child.stderr.slice(-2000));
  });
});
