/**
 * Calibrated read confidence (pure, plus a loader).
 *
 * Why: the pipeline's own score (the product of the OCR's per-character probabilities after the
 * format rules) is not a probability of being right: on real plates from cameras and countries the
 * OCR was not tuned on, reads at 0.8 were right far less than 80% of the time. A calibration map
 * turns a read's features into P(read is exact), fitted on held-out REAL crops
 * (`scripts/anpr-calibrate.ts`), so the gate threshold can be set for a precision that holds.
 *
 * The map is `models/plate-calibration.json`:
 *   score = sigmoid(bias + Σ weights[i]·(feature[i] − mean[i]) / std[i])   (logistic regression)
 *   confidence = isotonic(score)   (non-decreasing piecewise-linear through the fitted knots)
 * Both stages are monotone in the score, so the map never reorders reads with the same features
 * except through the logistic weights. When the file is absent the reader uses the identity map
 * (confidence = the raw pipeline score) and logs a line saying so.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_FORMATS, REGION_GROUPS } from './format-rules';

export const CALIBRATION_FILE = 'plate-calibration.json';

/** The per-read features the map uses, in this order. All come from the OCR and format rules. */
export const FEATURE_NAMES = [
  // Logits, not logs: near 1 the useful differences are in 1 − p (0.999 vs 0.99), which a log
  // squashes to nothing; a logit keeps them apart.
  'logitConf', // logit of the format-rule confidence (product of per-character probabilities)
  'logitMinChar', // logit of the least sure character (raw OCR)
  'logMargin', // log(best / first alternate) confidence ratio, capped
  'fitsFormat', // 1 when the text fits an enabled plate format, else 0
  'swaps', // look-alike swaps the format rules applied
  'length', // characters read
  'twoLine', // 1 when the crop was read as a two-line plate
  // Which family of formats the text was fitted to (all 0 = none, or a site-defined format): the
  // OCR is far surer of some plate families than others, and the format is the pipeline's own
  // output, so this is known at the booth.
  'formatBr',
  'formatEu',
  'formatUs',
] as const;

const EU_REGIONS = new Set(REGION_GROUPS.eu);
/** 'br' | 'eu' | 'us' | null for a built-in format id. */
export function formatFamily(formatId: string | null): 'br' | 'eu' | 'us' | null {
  const region = DEFAULT_FORMATS.find((f) => f.id === formatId)?.region;
  if (!region) return null;
  if (region === 'br' || region === 'us') return region;
  return EU_REGIONS.has(region) ? 'eu' : null;
}

export interface ReadFeatureInput {
  /** Format-rule confidence before calibration (0..1). */
  rawConfidence: number;
  /** Per-character probabilities of the raw OCR output. */
  charProbs: readonly number[];
  /** Confidence of the best alternate, if any. */
  alternateConfidence: number | null;
  format: string | null;
  swaps: number;
  length: number;
  twoLine: boolean;
}

const EPS = 1e-6;
const MARGIN_CAP = 8;

/** log(p / (1 − p)) with p clamped to [1e-6, 1 − 1e-6]. */
export function logit(p: number): number {
  const q = Math.min(1 - EPS, Math.max(EPS, p));
  return Math.log(q / (1 - q));
}

export function readFeatures(r: ReadFeatureInput): number[] {
  const conf = Math.max(EPS, r.rawConfidence);
  const minChar = r.charProbs.length ? Math.min(...r.charProbs) : EPS;
  const margin =
    r.alternateConfidence === null || r.alternateConfidence <= 0
      ? MARGIN_CAP
      : Math.min(MARGIN_CAP, Math.log(conf / Math.max(EPS, r.alternateConfidence)));
  return [
    logit(conf),
    logit(minChar),
    Math.max(0, margin),
    r.format ? 1 : 0,
    r.swaps,
    r.length,
    r.twoLine ? 1 : 0,
    formatFamily(r.format) === 'br' ? 1 : 0,
    formatFamily(r.format) === 'eu' ? 1 : 0,
    formatFamily(r.format) === 'us' ? 1 : 0,
  ];
}

export const CalibrationSchema = z.looseObject({
  kind: z.literal('logistic+isotonic'),
  version: z.string(),
  features: z.array(z.string()),
  mean: z.array(z.number()),
  std: z.array(z.number().positive()),
  weights: z.array(z.number()),
  bias: z.number(),
  /** Isotonic knots: x strictly increasing in [0,1], y non-decreasing in [0,1]. */
  isotonic: z.object({ x: z.array(z.number()), y: z.array(z.number()) }),
  /** Default gate threshold on the calibrated confidence (see scripts/anpr-calibrate.ts). */
  gateThreshold: z.number().min(0).max(1),
});
export type CalibrationMap = z.infer<typeof CalibrationSchema>;

export interface Calibrator {
  /** null = identity (no calibration file). */
  readonly map: CalibrationMap | null;
  apply(features: readonly number[], rawConfidence: number): number;
}

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

export function logisticScore(map: CalibrationMap, features: readonly number[]): number {
  let z = map.bias;
  for (let i = 0; i < map.weights.length; i++)
    z += (map.weights[i]! * ((features[i] ?? 0) - map.mean[i]!)) / map.std[i]!;
  return sigmoid(z);
}

/** Piecewise-linear through the knots, flat outside them. Non-decreasing when y is. */
export function interpolateIsotonic(knots: { x: number[]; y: number[] }, s: number): number {
  const { x, y } = knots;
  if (x.length === 0) return s;
  if (s <= x[0]!) return y[0]!;
  if (s >= x[x.length - 1]!) return y[y.length - 1]!;
  let lo = 0;
  let hi = x.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (x[mid]! <= s) lo = mid;
    else hi = mid;
  }
  const t = (s - x[lo]!) / Math.max(1e-12, x[hi]! - x[lo]!);
  return y[lo]! + t * (y[hi]! - y[lo]!);
}

export function calibrate(map: CalibrationMap, features: readonly number[]): number {
  return Math.min(1, Math.max(0, interpolateIsotonic(map.isotonic, logisticScore(map, features))));
}

export function makeCalibrator(map: CalibrationMap | null): Calibrator {
  return {
    map,
    apply: (features, raw) => (map ? calibrate(map, features) : raw),
  };
}

/** Throws on a file that is there but malformed; map features must match FEATURE_NAMES. */
export function parseCalibration(json: unknown, where = CALIBRATION_FILE): CalibrationMap {
  const parsed = CalibrationSchema.safeParse(json);
  if (!parsed.success)
    throw new Error(
      `calibration ${where} is malformed: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  const m = parsed.data;
  const n = FEATURE_NAMES.length;
  if (
    m.features.join(',') !== FEATURE_NAMES.join(',') ||
    m.mean.length !== n ||
    m.std.length !== n ||
    m.weights.length !== n
  )
    throw new Error(
      `calibration ${where}: features [${m.features.join(',')}] do not match this reader's [${FEATURE_NAMES.join(',')}]`,
    );
  const { x, y } = m.isotonic;
  if (x.length !== y.length || x.length === 0) throw new Error(`calibration ${where}: bad knots`);
  for (let i = 1; i < x.length; i++)
    if (!(x[i]! > x[i - 1]!) || y[i]! < y[i - 1]!)
      throw new Error(`calibration ${where}: isotonic knots are not monotone at ${i}`);
  return m;
}

/**
 * Loads `<modelsDir>/plate-calibration.json`. Absent → identity map and one log line (the station
 * keeps working on the raw scores). Present but malformed → throws (a broken file must not be
 * silently ignored: the gate would run on a scale it was not set for).
 */
export async function loadCalibration(
  modelsDir: string,
  log: (line: string) => void = (l) => console.warn(l),
): Promise<Calibrator> {
  const file = path.join(modelsDir, CALIBRATION_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    log(
      `anpr: no confidence calibration (${file} not found); read confidence is the raw pipeline score`,
    );
    return makeCalibrator(null);
  }
  return makeCalibrator(parseCalibration(JSON.parse(text), file));
}

// ───────────────────────────── fitting (used by scripts/anpr-calibrate.ts) ─────────────────────

export interface CalibrationSample {
  features: number[];
  exact: boolean;
}

/** L2-regularised logistic regression on standardised features, by full-batch gradient descent. */
export function fitLogistic(
  samples: readonly CalibrationSample[],
  opts: { l2?: number; iterations?: number; lr?: number } = {},
): { mean: number[]; std: number[]; weights: number[]; bias: number } {
  const n = FEATURE_NAMES.length;
  const m = samples.length;
  if (m === 0) throw new Error('fitLogistic: no samples');
  const mean = Array.from(
    { length: n },
    (_, j) => samples.reduce((a, s) => a + s.features[j]!, 0) / m,
  );
  const std = Array.from({ length: n }, (_, j) => {
    const v = samples.reduce((a, s) => a + (s.features[j]! - mean[j]!) ** 2, 0) / m;
    return Math.sqrt(v) > 1e-9 ? Math.sqrt(v) : 1;
  });
  const X = samples.map((s) => s.features.map((f, j) => (f - mean[j]!) / std[j]!));
  const Y = samples.map((s) => (s.exact ? 1 : 0));
  const w = new Array<number>(n).fill(0);
  let b = 0;
  const l2 = opts.l2 ?? 1e-3;
  const lr = opts.lr ?? 0.5;
  for (let it = 0; it < (opts.iterations ?? 3000); it++) {
    const gw = new Array<number>(n).fill(0);
    let gb = 0;
    for (let i = 0; i < m; i++) {
      let z = b;
      for (let j = 0; j < n; j++) z += w[j]! * X[i]![j]!;
      const e = sigmoid(z) - Y[i]!;
      gb += e;
      for (let j = 0; j < n; j++) gw[j]! += e * X[i]![j]!;
    }
    b -= (lr * gb) / m;
    for (let j = 0; j < n; j++) w[j] = w[j]! - lr * (gw[j]! / m + l2 * w[j]!);
  }
  return { mean, std, weights: w, bias: b };
}

/**
 * Pool-adjacent-violators: the non-decreasing step fit of `exact` on `score`, returned as knots
 * (one per pooled block, at the block's mean score), so interpolation is monotone.
 */
export function fitIsotonic(points: readonly { score: number; exact: boolean }[]): {
  x: number[];
  y: number[];
  /** Samples and exact samples per knot (pooled block). */
  n: number[];
  k: number[];
} {
  const sorted = [...points].sort((a, b) => a.score - b.score);
  const blocks: { sx: number; sy: number; n: number }[] = [];
  for (const p of sorted) {
    blocks.push({ sx: p.score, sy: p.exact ? 1 : 0, n: 1 });
    while (blocks.length > 1) {
      const a = blocks[blocks.length - 2]!;
      const c = blocks[blocks.length - 1]!;
      if (a.sy / a.n < c.sy / c.n) break;
      blocks.splice(blocks.length - 2, 2, { sx: a.sx + c.sx, sy: a.sy + c.sy, n: a.n + c.n });
    }
  }
  const out = { x: [] as number[], y: [] as number[], n: [] as number[], k: [] as number[] };
  for (const bl of blocks) {
    const last = out.x.length - 1;
    if (last >= 0 && bl.sx / bl.n <= out.x[last]!) {
      // Equal mean scores (only possible with tied scores): merge into the previous knot.
      out.n[last]! += bl.n;
      out.k[last]! += bl.sy;
      out.y[last] = out.k[last]! / out.n[last]!;
      continue;
    }
    out.x.push(bl.sx / bl.n);
    out.y.push(bl.sy / bl.n);
    out.n.push(bl.n);
    out.k.push(bl.sy);
  }
  return out;
}

/**
 * Shrinks each block's rate to (k + 0.5) / (n + 1), so a small all-exact block does not claim 1.0
 * (nor an all-wrong one 0), then restores monotonicity with a running maximum.
 */
export function shrinkIsotonic(fit: { x: number[]; n: number[]; k: number[] }): {
  x: number[];
  y: number[];
} {
  let running = 0;
  const y = fit.n.map((n, i) => {
    running = Math.max(running, (fit.k[i]! + 0.5) / (n + 1));
    return running;
  });
  return { x: [...fit.x], y };
}

export interface PrecisionCoverage {
  threshold: number;
  /** Reads at or above the threshold. */
  accepted: number;
  /** Of those, exact. */
  acceptedExact: number;
  /** acceptedExact / accepted (null when none accepted). */
  precision: number | null;
  /** accepted / all rows with a label (a row without any read counts as not accepted). */
  coverage: number | null;
  total: number;
}

/** Precision and coverage of the gate at `threshold` over labelled rows (confidence null = no read). */
export function precisionCoverage(
  rows: readonly { confidence: number | null; exact: boolean }[],
  threshold: number,
): PrecisionCoverage {
  const acc = rows.filter((r) => r.confidence !== null && r.confidence >= threshold);
  const ok = acc.filter((r) => r.exact).length;
  return {
    threshold,
    accepted: acc.length,
    acceptedExact: ok,
    precision: acc.length ? ok / acc.length : null,
    coverage: rows.length ? acc.length / rows.length : null,
    total: rows.length,
  };
}

/**
 * The lowest threshold (among the rows' own confidences) at which the reads at or above it reach
 * `target` precision, with at least `minAccepted` of them; 1 when none does (gate everything).
 */
export function chooseThreshold(
  rows: readonly { confidence: number | null; exact: boolean }[],
  target: number,
  minAccepted = 1,
): number {
  const scored = rows
    .filter((r): r is { confidence: number; exact: boolean } => r.confidence !== null)
    .sort((a, b) => b.confidence - a.confidence);
  let best = 1;
  let acc = 0;
  let ok = 0;
  for (let i = 0; i < scored.length; i++) {
    acc++;
    if (scored[i]!.exact) ok++;
    // Only cut between distinct confidences: every read at the cut value is accepted.
    if (i + 1 < scored.length && scored[i + 1]!.confidence === scored[i]!.confidence) continue;
    if (acc >= minAccepted && ok / acc >= target) best = scored[i]!.confidence;
  }
  return best;
}

/**
 * Like chooseThreshold, but the target must also hold inside every group (region, reads file …)
 * that has at least `minGroup` reads accepted at that threshold — so one plentiful, easy region
 * cannot carry a weak one past the gate. Candidates are the rows' own confidences, lowest first.
 */
export function chooseThresholdGrouped(
  rows: readonly { confidence: number | null; exact: boolean; group: string }[],
  target: number,
  minAccepted = 1,
  minGroup = 50,
): number {
  const scored = rows.filter(
    (r): r is { confidence: number; exact: boolean; group: string } => r.confidence !== null,
  );
  const candidates = [...new Set(scored.map((r) => r.confidence))].sort((a, b) => a - b);
  for (const t of candidates) {
    const acc = scored.filter((r) => r.confidence >= t);
    if (acc.length < minAccepted || acc.filter((r) => r.exact).length / acc.length < target)
      continue;
    const byGroup = new Map<string, { n: number; ok: number }>();
    for (const r of acc) {
      const g = byGroup.get(r.group) ?? { n: 0, ok: 0 };
      g.n++;
      if (r.exact) g.ok++;
      byGroup.set(r.group, g);
    }
    if ([...byGroup.values()].every((g) => g.n < minGroup || g.ok / g.n >= target)) return t;
  }
  return 1;
}

/** Expected calibration error over equal-width bins (a summary of "means what it says"). */
export function expectedCalibrationError(
  rows: readonly { confidence: number; exact: boolean }[],
  bins = 10,
): number {
  if (rows.length === 0) return 0;
  let ece = 0;
  for (let b = 0; b < bins; b++) {
    const inBin = rows.filter(
      (r) =>
        r.confidence >= b / bins &&
        (b === bins - 1 ? r.confidence <= 1 : r.confidence < (b + 1) / bins),
    );
    if (!inBin.length) continue;
    const conf = inBin.reduce((a, r) => a + r.confidence, 0) / inBin.length;
    const acc = inBin.filter((r) => r.exact).length / inBin.length;
    ece += (inBin.length / rows.length) * Math.abs(conf - acc);
  }
  return ece;
}
