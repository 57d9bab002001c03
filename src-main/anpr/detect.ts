/**
 * Detector stage: OpenCV preprocessing into the model's NCHW float tensor, ORT inference, decode.
 * All per-pixel work (resize, colour swap, scale/shift) runs in OpenCV's native code; JS only copies
 * whole channel planes into the tensor.
 */
import cv, { releaseMats } from '../camera/opencv';
import type { Mat } from '@u4/opencv4nodejs';
import * as ort from 'onnxruntime-node';
import { decodeDetections, type Detection } from './detect-decode';
import { channelValues, type DetectorManifest } from './manifest';

/** Converts any 1/3/4-channel 8-bit Mat to 3-channel BGR (frames are BGR by contract). */
export function toBgr(mat: Mat): Mat {
  if (mat.channels === 3) return mat;
  if (mat.channels === 1) return mat.cvtColor(cv.COLOR_GRAY2BGR);
  if (mat.channels === 4) return mat.cvtColor(cv.COLOR_BGRA2BGR);
  throw new Error(`unsupported frame with ${mat.channels} channels`);
}

/** Whole frame stretched to the model size, (px/255 − mean)/std per channel, NCHW float32. */
export function preprocessDetector(frame: Mat, m: DetectorManifest): Float32Array {
  const { width: W, height: H } = m.input;
  const mean = channelValues(m.input.mean, 3, 'detector input.mean');
  const std = channelValues(m.input.std, 3, 'detector input.std');
  // The manifest's filter if it names one; else INTER_AREA when shrinking (720p → 384×224), which
  // avoids the aliasing that would smear small plates.
  const named = m.input.resizeInterpolation?.trim().toLowerCase() ?? '';
  const interp = named.startsWith('area')
    ? cv.INTER_AREA
    : named.startsWith('linear') || named.startsWith('bilinear')
      ? cv.INTER_LINEAR
      : frame.cols > W
        ? cv.INTER_AREA
        : cv.INTER_LINEAR;
  // Every Mat made here is released once its pixels are copied (see releaseMats).
  const owned: Mat[] = [];
  const own = (mat: Mat): Mat => {
    if (mat !== frame) owned.push(mat);
    return mat;
  };
  let small = own(toBgr(frame));
  // Area averaging at a non-integer ratio is slow (~11 ms for 720p); halving first takes
  // OpenCV's fast integer path and leaves a quarter of the pixels for the final area resize.
  while (interp === cv.INTER_AREA && small.cols >= 2 * W && small.rows >= 2 * H) {
    small = own(
      small.resize(Math.round(small.rows / 2), Math.round(small.cols / 2), 0, 0, cv.INTER_AREA),
    );
  }
  small = own(small.resize(H, W, 0, 0, interp));
  if (m.input.colorOrder === 'RGB') small = own(small.cvtColor(cv.COLOR_BGR2RGB));
  const planes = small.splitChannels().map(own);
  const plane = W * H;
  const out = new Float32Array(3 * plane);
  const bytes = new Uint8Array(out.buffer);
  try {
    for (let c = 0; c < 3; c++) {
      // One convertTo does px·(1/(255·std)) − mean/std for the whole plane.
      const norm = own(planes[c]!.convertTo(cv.CV_32F, 1 / (255 * std[c]!), -mean[c]! / std[c]!));
      bytes.set(norm.getData(), c * plane * 4);
    }
  } finally {
    releaseMats(owned);
  }
  return out;
}

export async function detectPlates(
  session: ort.InferenceSession,
  m: DetectorManifest,
  frame: Mat,
): Promise<Detection[]> {
  const { width: W, height: H } = m.input;
  const input = new ort.Tensor('float32', preprocessDetector(frame, m), [1, 3, H, W]);
  const outputs = await session.run({ [m.input.name]: input });
  const heat = outputs[m.output.heatmap];
  const boxes = outputs[m.output.boxes];
  const cornersName = m.output.corners ?? null;
  const corners = cornersName ? outputs[cornersName] : undefined;
  if (!heat || !boxes) throw new Error('detector did not return heatmap/boxes');
  const dims = heat.dims;
  const gridH = Number(dims[2]);
  const gridW = Number(dims[3]);
  return decodeDetections(
    {
      heatmap: heat.data as Float32Array,
      boxes: boxes.data as Float32Array,
      corners: corners ? (corners.data as Float32Array) : null,
      gridH,
      gridW,
    },
    {
      stride: m.output.stride,
      scoreThreshold: m.output.scoreThreshold,
      nmsIou: m.output.nmsIou,
      scaleX: frame.cols / W,
      scaleY: frame.rows / H,
      frameW: frame.cols,
      frameH: frame.rows,
    },
  );
}
