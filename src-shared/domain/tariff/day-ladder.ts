import type { TariffStep } from './types';

/** A step with the half-open range of cumulative day minutes [from, to) it is in force for. */
interface LadderRung {
  from: number;
  to: number;
  increment: number;
  price: number;
}

/** Pre-sorted ladder; `charge(m)` is C(m), the price of the first m day-rate minutes. */
export interface DayLadder {
  charge(dayMinutes: number): number;
}

/**
 * The step in force at (0-based) day minute k is the one with the greatest fromMinute <= k;
 * on equal fromMinute the later one in the array wins. Minutes before the smallest fromMinute
 * have no step in force and cost nothing. Within a rung, blocks of `increment` minutes are
 * counted from the rung's start and a started block is billed in full, so
 * C(m) = sum over rungs of ceil(minutes used in rung / increment) * price.
 * Every term is non-decreasing in m, so C is monotone by construction.
 */
export function buildDayLadder(steps: readonly TariffStep[]): DayLadder {
  // Stable sort keeps array order among equal fromMinute; the earlier of those gets an empty range.
  const sorted = steps
    .map((s, i) => ({ s, i }))
    .sort((a, b) => a.s.fromMinute - b.s.fromMinute || a.i - b.i)
    .map((x) => x.s);
  const rungs: LadderRung[] = sorted.map((s, i) => ({
    from: s.fromMinute,
    to: sorted[i + 1]?.fromMinute ?? Infinity,
    increment: s.incrementMinutes,
    price: s.pricePerIncrementMinor,
  }));
  return {
    charge(m: number): number {
      let total = 0;
      for (const r of rungs) {
        if (m <= r.from) break;
        const used = Math.min(m, r.to) - r.from;
        if (used > 0) total += Math.ceil(used / r.increment) * r.price;
      }
      return total;
    },
  };
}
