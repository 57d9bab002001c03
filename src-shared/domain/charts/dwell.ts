/**
 * The dwell-time histogram's buckets, declared once: the rollup files each closed stay under
 * one, and the chart labels them. Upper bounds in minutes, exclusive; the last is open-ended.
 */
export const DWELL_BUCKET_LIMITS_MIN = [15, 30, 60, 120, 240, 480, 1440] as const;

/** How many buckets there are: one per limit, and one for a stay longer than the last. */
export const DWELL_BUCKETS = DWELL_BUCKET_LIMITS_MIN.length + 1;

/** The bucket of a stay that lasted `ms` (a negative dwell, a clock step back, counts as 0). */
export function dwellBucket(ms: number): number {
  const minutes = Math.max(0, ms) / 60_000;
  const i = DWELL_BUCKET_LIMITS_MIN.findIndex((limit) => minutes < limit);
  return i === -1 ? DWELL_BUCKET_LIMITS_MIN.length : i;
}

/** A bucket's span in minutes: [from, to), to null for the open-ended last one. */
export function dwellBucketSpan(bucket: number): { fromMin: number; toMin: number | null } {
  return {
    fromMin: bucket === 0 ? 0 : DWELL_BUCKET_LIMITS_MIN[bucket - 1]!,
    toMin: DWELL_BUCKET_LIMITS_MIN[bucket] ?? null,
  };
}
