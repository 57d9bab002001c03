import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  HOUR_MS,
  forecastAhead,
  trainForecaster,
  type HourlyCount,
} from '../../../src-shared/domain/forecast';
import {
  bounds,
  intervalQuantiles,
  normalQuantile,
  quantile,
} from '../../../src-shared/domain/forecast/intervals';

const close = (a: number, b: number, eps = 1e-9): void =>
  assert.ok(Math.abs(a - b) < eps, `${a} vs ${b}`);

describe('prediction interval', () => {
  it('takes linear-interpolated quantiles of each hour’s residuals', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => 99 - i); // unsorted on purpose
    close(quantile([0, 10], 0.25), 2.5);
    const q = intervalQuantiles([hundred], 0.8);
    close(q.lower[0]!, 9.9);
    close(q.upper[0]!, 89.1);
    // Scaled by √(expected+1) around the forecast, and never below zero.
    const b = bounds({ lower: [-2], upper: [3] }, 0, 8);
    assert.deepEqual(b, { lower: 2, upper: 17 });
    assert.equal(bounds({ lower: [-5], upper: [1] }, 0, 3).lower, 0);
  });

  it('falls back to Poisson noise alone where an hour has too few residuals', () => {
    const q = intervalQuantiles([[0, 0, 0]], 0.8);
    close(q.upper[0]!, normalQuantile(0.9));
    close(normalQuantile(0.9), 1.2815515655, 1e-5);
    close(normalQuantile(0.975), 1.959963985, 1e-5);
  });

  it('a model trained on one week still gives every hour a real interval', () => {
    const from = Date.parse('2026-06-01T00:00:00Z');
    const week: HourlyCount[] = Array.from({ length: 168 }, (_, i) => ({
      hourStart: from + i * HOUR_MS,
      count: 20,
    }));
    const site = { timeZone: 'UTC', calendar: [] };
    const next = forecastAhead(trainForecaster(week, site), site);
    for (const f of next) {
      close(f.expected, 20, 1e-6);
      close(f.upper - f.expected, normalQuantile(0.9) * Math.sqrt(21), 1e-6);
    }
  });
});
