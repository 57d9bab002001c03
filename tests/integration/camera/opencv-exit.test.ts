/**
 * A process that has used OpenCV must exit with its own exit code, never SIGSEGV.
 *
 * Without the guard in src-main/camera/opencv.ts, Node's isolate teardown finalizes the last
 * frames read with imreadAsync and opencv4nodejs's allocator crashes in it. That depends on a GC
 * being under way at exit, so the children run with V8's --stress-incremental-marking, which
 * makes the crash happen on every run without the guard (20 of 20 when this test was written).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { SAMPLE_LANES, makeTempDir } from './camera-test-helpers';

const OPENCV_MODULE = fileURLToPath(new URL('../../../src-main/camera/opencv.ts', import.meta.url));

function childScript(exitCode: number): string {
  return `
import { readdirSync } from 'node:fs';
import cv from ${JSON.stringify(OPENCV_MODULE)};
const dir = ${JSON.stringify(path.join(SAMPLE_LANES, 'entry'))};
const files = readdirSync(dir).filter((f) => f.endsWith('.jpg'));
for (let i = 0; i < 12; i++) {
  const mat = await cv.imreadAsync(dir + '/' + files[i % files.length]);
  if (mat.cols !== 1280) throw new Error('unexpected frame width ' + mat.cols);
}
process.exitCode = ${exitCode};
`;
}

describe('exiting after OpenCV work', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  before(async () => {
    tmp = await makeTempDir('opencv-exit');
  });
  after(() => tmp.remove());

  for (const exitCode of [0, 3]) {
    it(`ends with exit code ${exitCode} and no signal, with a GC under way at exit`, async () => {
      const script = path.join(tmp.dir, `child-${exitCode}.mts`);
      await writeFile(script, childScript(exitCode));
      const child = spawnSync(
        process.execPath,
        ['--stress-incremental-marking', '--import', 'tsx', script],
        { encoding: 'utf8' },
      );
      assert.equal(child.signal, null, `died by ${child.signal}: ${child.stderr}`);
      assert.equal(child.status, exitCode, child.stderr);
    });
  }
});
