/**
 * OCR stage: all rectified crops of one frame go through the recogniser as ONE batch (one ORT call
 * per frame instead of one per plate), then greedy CTC decode.
 */
import cv, { releaseMats } from '../camera/opencv';
import type { Mat } from '@u4/opencv4nodejs';
import * as ort from 'onnxruntime-node';
import { ctcGreedyDecode, type OcrResult } from './ctc';
import { charsetOf, ocrNormalisation, type OcrManifest } from './manifest';

/** Grayscale, stretched to W×H, (px/255 − mean)/std, written into `out` at `offset` floats. */
export function preprocessOcrCrop(
  crop: Mat,
  m: OcrManifest,
  out: Float32Array,
  offset: number,
): void {
  const { width: W, height: H } = m.input;
  const { alpha, beta } = ocrNormalisation(m);
  const gray =
    crop.channels === 1
      ? crop
      : crop.cvtColor(crop.channels === 4 ? cv.COLOR_BGRA2GRAY : cv.COLOR_BGR2GRAY);
  // Same filter choice as the training code's prepare_crop (area when shrinking the width).
  const interp = gray.cols > W ? cv.INTER_AREA : cv.INTER_LINEAR;
  const resized = gray.resize(H, W, 0, 0, interp);
  const norm = resized.convertTo(cv.CV_32F, alpha, beta);
  new Uint8Array(out.buffer, out.byteOffset + offset * 4, W * H * 4).set(norm.getData());
  releaseMats(gray === crop ? [resized, norm] : [gray, resized, norm]);
}

export async function recognisePlates(
  session: ort.InferenceSession,
  m: OcrManifest,
  crops: Mat[],
  topK = 4,
): Promise<OcrResult[]> {
  if (crops.length === 0) return [];
  const { width: W, height: H } = m.input;
  const data = new Float32Array(crops.length * W * H);
  crops.forEach((crop, i) => preprocessOcrCrop(crop, m, data, i * W * H));
  const input = new ort.Tensor('float32', data, [crops.length, 1, H, W]);
  const outputs = await session.run({ [m.input.name]: input });
  const probs = outputs[m.output.name];
  if (!probs) throw new Error(`OCR model returned no "${m.output.name}" output`);
  const [n, t, c] = probs.dims.map(Number) as [number, number, number];
  return ctcGreedyDecode(probs.data as Float32Array, n, t, c, charsetOf(m), {
    blank: m.output.blank,
    topK,
  });
}
