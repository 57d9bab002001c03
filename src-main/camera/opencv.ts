/**
 * The one place that loads OpenCV's binding; everything else imports `cv` from here (types may
 * still come from the package).
 *
 * Why: opencv4nodejs reports Mat memory to V8 through a custom allocator. When Node tears its
 * isolate down after a natural exit, the Mats collected by that last GC call back into the
 * half-destroyed isolate and the process dies with SIGSEGV after all its work is done (CI saw a
 * test file "fail" that way). A natural exit therefore ends through process.exit(), which skips
 * the teardown; nothing is left to run by then. Electron's own main process ends itself, so the
 * guard is for plain Node and ELECTRON_RUN_AS_NODE children only. (opencv-env.ts now turns that
 * reporting off, which ends this crash by itself; the guard stays as a second line.)
 *
 * package.json's "opencv4nodejs": { "disableAutoBuild": 1 } points the loader at the system
 * OpenCV that scripts/setup.sh links against.
 */
// First: it configures the binding before it loads.
import './opencv-env';
import cv, { type Mat } from '@u4/opencv4nodejs';

if (!process.versions.electron || process.env.ELECTRON_RUN_AS_NODE) {
  // Added at the first beforeExit so it runs after every other 'exit' listener, and without an
  // argument so it keeps whatever exit code those listeners set.
  process.once('beforeExit', () => {
    process.once('exit', () => process.exit());
  });
}

/**
 * Frees the native pixels of Mats the caller made and no longer needs. V8 does not see Mat memory
 * (see opencv-env.ts), so per-frame Mats left to the GC would pile up until a collection comes
 * for other reasons. (While V8 did count it, they made it run full collections every few frames:
 * pauses of 10–18 ms were the p95 of bench:anpr before the ANPR stages released theirs.)
 */
export function releaseMats(mats: Iterable<Mat>): void {
  for (const mat of mats) mat.release();
}

export default cv;
