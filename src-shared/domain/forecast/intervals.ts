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

export function intervalQuantiles(
  residualsByHour: readonly number[][],
  nominal: number,
): IntervalQuantiles {
  const tail = (1 - nominal) / 2;
  const sorted = residualsByHour.map((r) => r.slice().sort((a, b) => a - b));
  return {
    lower: sorted.map((s) => quantile(s, tail)),
    upper: sorted.map((s) => quantile(s, 1 - tail)),
  };
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
