/**
 * bench:anpr — CPU cost of the ANPR pipeline on the committed 1280×720 sample lane frames.
 *
 *   single    ms per 720p frame, full single-frame pipeline (detect + rectify + OCR + format rules;
 *             crop JPEG encoding off), one intra-op thread, one frame at a time: p50/p95
 *   baselines measured in the same run on the same frames: detector preprocessing alone (OpenCV
 *             resize/colour/normalise), the detector alone (preprocess + ORT + decode), and the
 *             full pipeline without the EU band fill and the confidence calibration; ratios
 *             full/baseline tell how much OCR + rules add on top of detection
 *   second pass (issue 12) the pipeline with the detector's tiled second pass off, timed in the
 *             same rounds (ratio ≈ 1 where the first pass finds the plate, as on these frames),
 *             and with the second pass forced on every frame (what a frame where it runs costs:
 *             whole pipeline and the second pass alone)
 *   lanes4    sustained frames/s with 4 lanes at once: 4 worker PROCESSES (SupervisedPlateReader,
 *             fork, raw-Mat transport, 1 intra-op thread each), each reading a fixed number of
 *             frames back to back; includes IPC transfer of the 2.7 MB frames
 *   load      model load time (both sessions + manifests)
 * Env: BENCH_FRAMES (single-thread timed frames, default 48), BENCH_LANE_FRAMES (per lane, default 24).
 * Progress on stderr; a table, then ONE JSON object on the last stdout line.
 */
import { readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import cv from '../src-main/camera/opencv';
import type { Mat } from '@u4/opencv4nodejs';
import * as ort from 'onnxruntime-node';
import { detectPlates, preprocessDetector } from '../src-main/anpr/detect';
import { OnnxPlateReader } from '../src-main/anpr/onnx-plate-reader';
import {
  forkChannelFactory,
  SupervisedPlateReader,
} from '../src-main/anpr/supervised-plate-reader';
import { percentile } from '../src-main/anpr/eval-metrics';

const MODELS = process.env.ANPR_MODELS ?? 'models';
const N = Number(process.env.BENCH_FRAMES ?? 48);
const LANE_N = Number(process.env.BENCH_LANE_FRAMES ?? 24);
const LANES = 4;

const root = 'resources/sample-lanes';
const files = ['entry', 'exit'].flatMap((d) =>
  readdirSync(path.join(root, d))
    .filter((f) => f.endsWith('.jpg'))
    .sort()
    .map((f) => path.join(root, d, f)),
);
const frames: Mat[] = files.map((f) => cv.imread(f));
console.error(
  `${frames.length} sample frames ${frames[0]!.cols}×${frames[0]!.rows}; cpus ${os.cpus().length}`,
);

const reader = await OnnxPlateReader.load({
  modelsDir: MODELS,
  intraOpNumThreads: 1,
  cropJpeg: false,
});
// The same pipeline as it was before the EU band fill and the confidence calibration, timed in the
// same rounds, so their cost is measured under the same load.
const plain = await OnnxPlateReader.load({
  modelsDir: MODELS,
  intraOpNumThreads: 1,
  cropJpeg: false,
  cutEuBand: false,
  calibration: null,
});
// The same pipeline without the tiled second pass, and with it forced on every frame.
const noSecond = await OnnxPlateReader.load({
  modelsDir: MODELS,
  intraOpNumThreads: 1,
  cropJpeg: false,
  secondPass: false,
});
const forced = await OnnxPlateReader.load({
  modelsDir: MODELS,
  intraOpNumThreads: 1,
  cropJpeg: false,
  secondPass: { belowScore: Infinity },
});
const loadMs = reader.loadMs;
const m = reader.models;

// The three measurements are interleaved frame by frame, so load from other processes on the
// shared cores hits the pipeline and its baselines alike and the ratios stay meaningful.
console.error('single-thread timings (interleaved)…');
let plates = 0;
const full: number[] = [];
const pre: number[] = [];
const det: number[] = [];
const plainFull: number[] = [];
const noSecondFull: number[] = [];
const forcedFull: number[] = [];
const forcedSecond: number[] = [];
let secondPassFrames = 0;
let forcedTiles = 0;
const timeOne = async (
  into: number[] | null,
  fn: () => Promise<unknown> | unknown,
): Promise<void> => {
  const t0 = performance.now();
  await fn();
  into?.push(performance.now() - t0);
};
for (let i = -3; i < N; i++) {
  const f = frames[((i % frames.length) + frames.length) % frames.length]!;
  const warm = i < 0; // first 3 rounds are warm-up
  await timeOne(warm ? null : pre, () => preprocessDetector(f, m.detectorManifest));
  await timeOne(warm ? null : det, () => detectPlates(m.detector, m.detectorManifest, f));
  await timeOne(warm ? null : full, async () => {
    const r = await reader.readMat(f);
    if (!warm) plates += r.reads.length;
    if (!warm && r.timings.tiles > 0) secondPassFrames++;
  });
  await timeOne(warm ? null : plainFull, () => plain.readMat(f));
  await timeOne(warm ? null : noSecondFull, () => noSecond.readMat(f));
  await timeOne(warm ? null : forcedFull, async () => {
    const r = await forced.readMat(f);
    if (!warm) {
      forcedSecond.push(r.timings.secondPassMs);
      forcedTiles = r.timings.tiles;
    }
  });
}
console.error(
  `  full p50 ${percentile(full, 50)!.toFixed(1)} ms, detector ${percentile(det, 50)!.toFixed(1)}, preprocess ${percentile(pre, 50)!.toFixed(1)}`,
);
await reader.dispose();
await plain.dispose();
await noSecond.dispose();
await forced.dispose();

console.error(`${LANES} lanes in ${LANES} worker processes…`);
const workers = Array.from(
  { length: LANES },
  () =>
    new SupervisedPlateReader({
      channelFactory: forkChannelFactory({
        worker: { modelsDir: MODELS, intraOpNumThreads: 1, cropJpeg: false },
      }),
      requestTimeoutMs: 60_000,
    }),
);
await Promise.all(workers.map((w) => w.start()));
const asFrame = (mat: Mat, i: number) => ({
  mat,
  at: Date.now(),
  sourceName: `bench-${i}`,
  index: i,
});
await Promise.all(workers.map((w) => w.read(asFrame(frames[0]!, 0)))); // warm-up
const t0 = performance.now();
await Promise.all(
  workers.map(async (w, lane) => {
    for (let i = 0; i < LANE_N; i++) await w.read(asFrame(frames[(i + lane) % frames.length]!, i));
  }),
);
const lanesWallMs = performance.now() - t0;
await Promise.all(workers.map((w) => w.close()));
const lanesFps = (LANES * LANE_N) / (lanesWallMs / 1000);

const p = (xs: number[], q: number): number => Number(percentile(xs, q)!.toFixed(2));
const result = {
  bench: 'anpr',
  frame: `${frames[0]!.cols}x${frames[0]!.rows}`,
  frames_timed: N,
  plates_per_frame: Number((plates / N).toFixed(2)),
  ms_p50: p(full, 50),
  ms_p95: p(full, 95),
  threads: 1,
  baseline_preprocess_ms_p50: p(pre, 50),
  baseline_detector_ms_p50: p(det, 50),
  baseline_no_band_no_calibration_ms_p50: p(plainFull, 50),
  baseline_no_band_no_calibration_ms_p95: p(plainFull, 95),
  second_pass_frames: secondPassFrames,
  baseline_no_second_pass_ms_p50: p(noSecondFull, 50),
  baseline_no_second_pass_ms_p95: p(noSecondFull, 95),
  ratio_full_vs_no_second_pass_p50: Number((p(full, 50) / p(noSecondFull, 50)).toFixed(2)),
  ratio_full_vs_no_second_pass_p95: Number((p(full, 95) / p(noSecondFull, 95)).toFixed(2)),
  forced_second_pass_tiles: forcedTiles,
  forced_second_pass_ms_p50: p(forcedFull, 50),
  forced_second_pass_ms_p95: p(forcedFull, 95),
  second_pass_alone_ms_p50: p(forcedSecond, 50),
  second_pass_alone_ms_p95: p(forcedSecond, 95),
  ratio_full_vs_detector_p50: Number((p(full, 50) / p(det, 50)).toFixed(2)),
  ratio_full_vs_preprocess_p50: Number((p(full, 50) / p(pre, 50)).toFixed(2)),
  single_fps: Number((1000 / p(full, 50)).toFixed(2)),
  lanes: LANES,
  lanes_mode: '4 worker processes (fork, raw Mat IPC, 1 intra-op thread each)',
  lanes_frames: LANES * LANE_N,
  lanes_fps_total: Number(lanesFps.toFixed(2)),
  lanes_fps_per_lane: Number((lanesFps / LANES).toFixed(2)),
  load_ms: Number(loadMs.toFixed(1)),
  cpus: os.cpus().length,
  ort: ort.env.versions?.common ?? null,
};
console.log('what                         p50 ms   p95 ms   ratio full/this');
console.log(
  `full pipeline (1 thread)   ${result.ms_p50.toFixed(1).padStart(8)} ${result.ms_p95.toFixed(1).padStart(8)}`,
);
console.log(
  `detector alone (baseline)  ${p(det, 50).toFixed(1).padStart(8)} ${p(det, 95).toFixed(1).padStart(8)}   ${result.ratio_full_vs_detector_p50}`,
);
console.log(
  `no band fill, no calibr.   ${p(plainFull, 50).toFixed(1).padStart(8)} ${p(plainFull, 95).toFixed(1).padStart(8)}   ${(result.ms_p50 / p(plainFull, 50)).toFixed(2)}`,
);
console.log(
  `no second pass (baseline)  ${p(noSecondFull, 50).toFixed(1).padStart(8)} ${p(noSecondFull, 95).toFixed(1).padStart(8)}   ${result.ratio_full_vs_no_second_pass_p50}`,
);
console.log(
  `second pass forced (${forcedTiles} t.) ${p(forcedFull, 50).toFixed(1).padStart(8)} ${p(forcedFull, 95).toFixed(1).padStart(8)}   (second pass alone ${p(forcedSecond, 50).toFixed(1)} / ${p(forcedSecond, 95).toFixed(1)})`,
);
console.log(
  `preprocessing (baseline)   ${p(pre, 50).toFixed(1).padStart(8)} ${p(pre, 95).toFixed(1).padStart(8)}   ${result.ratio_full_vs_preprocess_p50}`,
);
console.log(
  `4 lanes: ${result.lanes_fps_total} frames/s total (${result.lanes_fps_per_lane}/lane), model load ${result.load_ms} ms`,
);
console.log(JSON.stringify(result));
