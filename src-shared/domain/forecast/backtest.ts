import { seasonalNaive } from './seasonal-naive';
import {
  HOUR_MS,
  WEEK_HOURS,
  type ForecastSite,
  type HourForecast,
  type HourlyCount,
} from './types';

/** Weighted absolute percentage error: Σ|actual − forecast| / Σ actual (0 when nothing happened). */
export function wape(actual: readonly number[], forecast: readonly number[]): number {
  let err = 0;
  let total = 0;
  actual.forEach((a, i) => {
    err += Math.abs(a - forecast[i]!);
    total += a;
  });
  return total > 0 ? err / total : 0;
}

/** Share of actuals that fell inside their hour's interval, bounds included. */
export function coverage(actual: readonly number[], forecast: readonly HourForecast[]): number {
  if (actual.length === 0) return 0;
  const inside = actual.filter((a, i) => a >= forecast[i]!.lower && a <= forecast[i]!.upper);
  return inside.length / actual.length;
}

/** Trains on `history` and forecasts `hours`; the backtest hands it nothing from the future. */
export type Forecaster = (
  history: readonly HourlyCount[],
  hours: readonly number[],
) => HourForecast[];

export interface BacktestResult {
  origins: number;
  hours: number;
  modelWape: number;
  baselineWape: number;
  /** 1 − model/baseline: 0.2 means 20 % less error than seasonal-naive. */
  improvement: number;
  coverage: number;
}

/**
 * Rolling-origin backtest: the last `origins` weeks of the series are forecast one week at a
 * time, each from the history before its origin, and pooled; the seasonal-naive baseline is
 * scored on exactly the same hours.
 */
export function rollingOriginBacktest(
  series: readonly HourlyCount[],
  site: ForecastSite,
  origins: number,
  forecaster: Forecaster,
): BacktestResult {
  const sorted = series.slice().sort((a, b) => a.hourStart - b.hourStart);
  const known = new Map(sorted.map((p) => [p.hourStart, p.count]));
  const end = sorted[sorted.length - 1]!.hourStart + HOUR_MS;
  const actual: number[] = [];
  const model: HourForecast[] = [];
  const baseline: number[] = [];
  for (let k = origins; k >= 1; k--) {
    const origin = end - k * WEEK_HOURS * HOUR_MS;
    const history = sorted.filter((p) => p.hourStart < origin);
    const week = sorted.filter(
      (p) => p.hourStart >= origin && p.hourStart < origin + WEEK_HOURS * HOUR_MS,
    );
    const hours = week.map((p) => p.hourStart);
    actual.push(...week.map((p) => p.count));
    model.push(...forecaster(history, hours));
    baseline.push(...seasonalNaive(site.timeZone, known, hours, origin).map((p) => p.count));
  }
  const modelWape = wape(
    actual,
    model.map((f) => f.expected),
  );
  const baselineWape = wape(actual, baseline);
  return {
    origins,
    hours: actual.length,
    modelWape,
    baselineWape,
    improvement: baselineWape > 0 ? 1 - modelWape / baselineWape : 0,
    coverage: coverage(actual, model),
  };
}
