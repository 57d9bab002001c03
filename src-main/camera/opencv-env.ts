/**
 * Imported by opencv.ts before OpenCV's binding, which reads this when it loads.
 *
 * Why: by default opencv4nodejs reports Mat memory to V8 from its allocator, also when a Mat
 * whose pixels were allocated by an async call (imreadAsync, resizeAsync) is freed by a GC
 * finalizer. That call into V8 from inside a GC kills the process with a V8 fatal error
 * ("Check failed: marking_done_"); two lanes and a cashier doing manual reads at once did it
 * within seconds. Without the reporting, Mats are plain native memory: the station releases the
 * ones it makes per frame (see releaseMats) instead of leaving them to the GC.
 */
process.env.OPENCV4NODEJS_DISABLE_EXTERNAL_MEM_TRACKING = '1';
