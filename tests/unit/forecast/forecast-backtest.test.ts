import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  HOUR_MS,
  coverage,
  rollingOriginBacktest,
  wape,
  type HourlyCount,
} from '../../../src-shared/domain/forecast';

const T0 = Date.parse('2026-06-01T00:00:00Z'); // a Monday
const site = { timeZone: 'UTC', calendar: [] };

/** Week 1 all 2, week 2 all 4, week 3 alternating 6 (even hours) and 3 (odd hours). */
function threeWeeks(): HourlyCount[] {
  return Array.from({ length: 504 }, (_, i) => ({
    hourStart: T0 + i * HOUR_MS,
    count: i < 168 ? 2 : i < 336 ? 4 : i % 2 === 0 ? 6 : 3,
  }));
}

describe('backtest arithmetic', () => {
  it('WAPE is the sum of absolute errors over the sum of actuals', () => {
    assert.equal(wape([10, 0, 5], [8, 1, 5]), 3 / 15);
    assert.equal(wape([0, 0], [1, 2]), 0, 'nothing happened: no defined error, reported as 0');
  });

  it('coverage counts actuals inside their interval, bounds included', () => {
    const f = (lower: number, upper: number) => ({ hourStart: 0, expected: 0, lower, upper });
    assert.equal(coverage([1, 5, 9, 2], [f(1, 2), f(0, 4), f(9, 9), f(3, 4)]), 0.5);
  });

  it('one origin: the last week against its forecast and against the week before', () => {
    const seen: { history: number; last: number; hours: number[] }[] = [];
    const result = rollingOriginBacktest(threeWeeks(), site, 1, (history, hours) => {
      seen.push({ history: history.length, last: history.at(-1)!.hourStart, hours: [...hours] });
      return hours.map((hourStart, k) =>
        k % 2 === 0
          ? { hourStart, expected: 6, lower: 5, upper: 6.25 }
          : { hourStart, expected: 3.5, lower: 3.25, upper: 4 },
      );
    });
    // Model: |6−6| + |3−3.5| = 0.5 a pair, 84 pairs = 42, over 84 × 9 = 756 actual.
    // Baseline (week 2, all 4): |6−4| + |3−4| = 3 a pair = 252 over 756.
    assert.equal(result.hours, 168);
    assert.ok(Math.abs(result.modelWape - 42 / 756) < 1e-12);
    assert.ok(Math.abs(result.baselineWape - 252 / 756) < 1e-12);
    assert.ok(Math.abs(result.improvement - 5 / 6) < 1e-12);
    assert.equal(result.coverage, 0.5, 'every 3 sits below its interval [3.25, 4]');
    assert.equal(seen[0]!.history, 336);
    assert.equal(seen[0]!.last, T0 + 335 * HOUR_MS);
    assert.equal(seen[0]!.hours[0], T0 + 336 * HOUR_MS);
  });

  it('rolling origins never hand the forecaster an hour at or after its origin', () => {
    const origins: number[] = [];
    const result = rollingOriginBacktest(threeWeeks(), site, 2, (history, hours) => {
      assert.ok(history.every((p) => p.hourStart < hours[0]!));
      origins.push(hours[0]!);
      return hours.map((hourStart) => ({ hourStart, expected: 4, lower: 4, upper: 4 }));
    });
    assert.deepEqual(origins, [T0 + 168 * HOUR_MS, T0 + 336 * HOUR_MS]);
    // Week 2 forecast 4 exactly; week 3 errs 2 and 1 a pair: 252 over 168 × 4 + 756.
    assert.ok(Math.abs(result.modelWape - 252 / (672 + 756)) < 1e-12);
    // Baseline: week 2 from week 1 errs 2 an hour (336), week 3 from week 2 errs 252.
    assert.ok(Math.abs(result.baselineWape - (336 + 252) / (672 + 756)) < 1e-12);
  });
});
