/**
 * The prediction interval, from the model's own measured errors: residuals standardised by the
 * Poisson scale √(expected+1) and kept as empirical quantiles per local hour of day, so a quiet
 * night and a rush hour each get the width their history showed.
 */
export interface IntervalQuantiles {
  lower: number[];
  upper: number[];
}

export const standardised = (actual: number, expected: number): number =>
  (actual - expected) / Math.sqrt(expected + 1);

export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

/** Fewer measured residuals than this for an hour and its tails are guesswork. */
export const MIN_RESIDUALS_PER_HOUR = 20;

/**
 * Per local hour, the residuals' tails at the nominal coverage. An hour with too short a record
 * (a new site, a history under a few weeks) gets Poisson noise alone, ±z·√(expected+1): the
 * narrowest honest interval, never a zero-width one.
 */
export function intervalQuantiles(
  residualsByHour: readonly number[][],
  nominal: number,
): IntervalQuantiles {
  const tail = (1 - nominal) / 2;
  const z = normalQuantile(1 - tail);
  const sorted = residualsByHour.map((r) => r.slice().sort((a, b) => a - b));
  const enough = (s: readonly number[]): boolean => s.length >= MIN_RESIDUALS_PER_HOUR;
  return {
    lower: sorted.map((s) => (enough(s) ? quantile(s, tail) : -z)),
    upper: sorted.map((s) => (enough(s) ? quantile(s, 1 - tail) : z)),
  };
}

/** Inverse standard normal CDF: bisection on the Abramowitz–Stegun 7.1.26 erf (error < 2e-7). */
export function normalQuantile(p: number): number {
  const cdf = (x: number): number => {
    const t = 1 / (1 + 0.3275911 * (Math.abs(x) / Math.SQRT2));
    const poly =
      t *
      (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
    const erf = 1 - poly * Math.exp(-(x * x) / 2);
    return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
  };
  let lo = -8;
  let hi = 8;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (cdf(mid) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

export function bounds(
  q: IntervalQuantiles,
  hour: number,
  expected: number,
): { lower: number; upper: number } {
  const scale = Math.sqrt(expected + 1);
  return {
    lower: Math.max(0, expected + q.lower[hour]! * scale),
    upper: Math.max(0, expected + q.upper[hour]! * scale),
  };
}
