/**
 * Zod schemas for the model manifests written next to each .onnx file. The pipeline reads every
 * shape/normalisation constant from here (never hard-codes them), so a retrained model with a new
 * stride or threshold works without a code change — and a malformed manifest fails loudly at load.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';

/** Mean/std may be given per channel ([r,g,b]) or as one number for all channels. */
const perChannel = z.union([z.number(), z.array(z.number())]);

export const DetectorManifestSchema = z.looseObject({
  input: z.looseObject({
    name: z.string().min(1),
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    channels: z.literal(3),
    colorOrder: z.enum(['RGB', 'BGR']),
    /** Only "stretch" (whole frame to width×height, no letterbox) is defined by the contract. */
    resize: z.string(),
    /** e.g. "area (recall with bilinear …)": the filter the detector was validated with. */
    resizeInterpolation: z.string().optional(),
    mean: perChannel,
    std: perChannel,
  }),
  output: z.looseObject({
    heatmap: z.string().min(1),
    boxes: z.string().min(1),
    corners: z.string().min(1).nullable().optional(),
    stride: z.number().positive(),
    scoreThreshold: z.number().min(0).max(1),
    nmsIou: z.number().min(0).max(1),
  }),
});
export type DetectorManifest = z.infer<typeof DetectorManifestSchema>;

export const OcrManifestSchema = z.looseObject({
  input: z.looseObject({
    name: z.string().min(1).default('image'),
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    channels: z.literal(1).default(1),
    /** Normalisation as written by the OCR exporter: (px·scale − mean)/std. */
    normalize: z
      .looseObject({
        scale: z
          .number()
          .positive()
          .default(1 / 255),
        mean: z.number(),
        std: z.number().positive(),
      })
      .optional(),
    /** Flat alternative to `normalize` (px/255 − mean)/std; defaults 0.5/0.5 per the contract. */
    mean: z.number().optional(),
    std: z.number().positive().optional(),
    /** Crops with w/h below this are two-line plates: split into halves, stitch side by side. */
    twoLineAspectBelow: z.number().positive().default(2),
  }),
  output: z.looseObject({
    name: z.string().min(1).default('probs'),
    /** Characters for class indices, blank excluded (e.g. "0123…XYZ"). */
    charset: z.union([z.string().min(1), z.array(z.string().length(1)).min(1)]),
    blank: z.number().int().min(0).default(0),
  }),
});
export type OcrManifest = z.infer<typeof OcrManifestSchema>;

export class ManifestError extends Error {
  override readonly name = 'ManifestError';
}

/** Reads and validates a manifest; errors name the file and every bad field. */
export async function loadManifest<S extends z.ZodType>(
  file: string,
  schema: S,
): Promise<z.infer<S>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new ManifestError(`model manifest not found: ${file} (${(err as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ManifestError(`model manifest ${file} is not valid JSON: ${(err as Error).message}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('; ');
    throw new ManifestError(`model manifest ${file} is malformed: ${issues}`);
  }
  return parsed.data;
}

/** Expands a per-channel value to exactly `n` numbers. */
export function channelValues(value: number | number[], n: number, what: string): number[] {
  if (typeof value === 'number') return Array.from({ length: n }, () => value);
  if (value.length !== n)
    throw new ManifestError(`${what} must have ${n} values, got ${value.length}`);
  return value;
}

/** The OCR input normalisation as px·alpha + beta (one OpenCV convertTo). */
export function ocrNormalisation(m: OcrManifest): { alpha: number; beta: number } {
  const scale = m.input.normalize?.scale ?? 1 / 255;
  const mean = m.input.normalize?.mean ?? m.input.mean ?? 0.5;
  const std = m.input.normalize?.std ?? m.input.std ?? 0.5;
  return { alpha: scale / std, beta: -mean / std };
}

/** The OCR charset as an array (index 0 of this array = class index 1 when blank is 0). */
export function charsetOf(m: OcrManifest): string[] {
  return typeof m.output.charset === 'string' ? [...m.output.charset] : m.output.charset;
}
