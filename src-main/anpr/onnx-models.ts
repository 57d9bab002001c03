/**
 * Loads the detector and OCR ONNX sessions plus their manifests. CPU only; one intra-op thread by
 * default because the booth runs several lanes on two shared cores — parallelism comes from lanes
 * (worker processes), not from threads fighting inside one inference.
 */
import { access } from 'node:fs/promises';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import {
  DetectorManifestSchema,
  ManifestError,
  OcrManifestSchema,
  loadManifest,
  type DetectorManifest,
  type OcrManifest,
} from './manifest';

export interface ModelLoadOptions {
  /** Folder holding plate-detector.onnx/.manifest.json and plate-ocr.onnx/.manifest.json. */
  modelsDir: string;
  /** ORT intra-op threads per session (default 1). */
  intraOpNumThreads?: number;
}

export interface PlateModels {
  detector: ort.InferenceSession;
  detectorManifest: DetectorManifest;
  ocr: ort.InferenceSession;
  ocrManifest: OcrManifest;
  /** Wall time to read manifests and create both sessions. */
  loadMs: number;
  release(): Promise<void>;
}

export const MODEL_FILES = {
  detector: 'plate-detector.onnx',
  detectorManifest: 'plate-detector.manifest.json',
  ocr: 'plate-ocr.onnx',
  ocrManifest: 'plate-ocr.manifest.json',
} as const;

export class ModelMissingError extends Error {
  override readonly name = 'ModelMissingError';
}

/** Throws ModelMissingError naming every missing file (so a test or the UI can say what to ship). */
export async function assertModelFiles(modelsDir: string): Promise<void> {
  const missing: string[] = [];
  for (const file of Object.values(MODEL_FILES)) {
    try {
      await access(path.join(modelsDir, file));
    } catch {
      missing.push(path.join(modelsDir, file));
    }
  }
  if (missing.length > 0)
    throw new ModelMissingError(`ANPR model file(s) missing: ${missing.join(', ')}`);
}

export async function loadPlateModels(options: ModelLoadOptions): Promise<PlateModels> {
  const started = performance.now();
  const dir = options.modelsDir;
  await assertModelFiles(dir);
  const sessionOptions: ort.InferenceSession.SessionOptions = {
    executionProviders: ['cpu'],
    graphOptimizationLevel: 'all',
    intraOpNumThreads: Math.max(1, Math.floor(options.intraOpNumThreads ?? 1)),
    interOpNumThreads: 1,
    executionMode: 'sequential',
  };
  const [detectorManifest, ocrManifest] = await Promise.all([
    loadManifest(path.join(dir, MODEL_FILES.detectorManifest), DetectorManifestSchema),
    loadManifest(path.join(dir, MODEL_FILES.ocrManifest), OcrManifestSchema),
  ]);
  const [detector, ocr] = await Promise.all([
    ort.InferenceSession.create(path.join(dir, MODEL_FILES.detector), sessionOptions),
    ort.InferenceSession.create(path.join(dir, MODEL_FILES.ocr), sessionOptions),
  ]);
  checkNames(
    detector,
    [detectorManifest.input.name],
    [
      detectorManifest.output.heatmap,
      detectorManifest.output.boxes,
      ...(detectorManifest.output.corners ? [detectorManifest.output.corners] : []),
    ],
    'detector',
  );
  checkNames(ocr, [ocrManifest.input.name], [ocrManifest.output.name], 'ocr');
  return {
    detector,
    detectorManifest,
    ocr,
    ocrManifest,
    loadMs: performance.now() - started,
    release: async () => {
      await Promise.all([detector.release(), ocr.release()]);
    },
  };
}

/** A manifest naming tensors the graph does not have would otherwise fail only at first inference. */
function checkNames(
  s: ort.InferenceSession,
  inputs: string[],
  outputs: string[],
  what: string,
): void {
  const badIn = inputs.filter((n) => !s.inputNames.includes(n));
  const badOut = outputs.filter((n) => !s.outputNames.includes(n));
  if (badIn.length || badOut.length) {
    throw new ManifestError(
      `${what} manifest names tensors the model lacks: inputs ${badIn.join(',') || '-'} (model has ${s.inputNames.join(',')}), outputs ${badOut.join(',') || '-'} (model has ${s.outputNames.join(',')})`,
    );
  }
}
