import { hourContexts } from './hour-context';
import { bounds, intervalQuantiles, standardised, type IntervalQuantiles } from './intervals';
import { DEFAULT_FORECAST_OPTIONS, type ForecastOptions } from './options';
import { fitCore, predictCore, type ProfileCore } from './profile-core';
import {
  HOUR_MS,
  WEEK_HOURS,
  type ForecastSite,
  type HourForecast,
  type HourlyCount,
} from './types';

/** A trained forecaster: plain data, equal wherever it was trained from the same input. */
export interface ForecastModel {
  version: 1;
  timeZone: string;
  /** Last hour of the history it learned from; the forecast starts one hour later. */
  trainedThrough: number;
  options: ForecastOptions;
  core: ProfileCore;
  intervals: IntervalQuantiles;
}

export type ProgressListener = (fraction: number) => void;

/**
 * Fits the model and measures its interval by replaying the last `intervalWeeks` weeks: each is
 * forecast from the history before it, as the real forecast will be. Progress goes from 0 to 1.
 */
export function trainForecaster(
  series: readonly HourlyCount[],
  site: ForecastSite,
  options: ForecastOptions = DEFAULT_FORECAST_OPTIONS,
  onProgress: ProgressListener = () => {},
): ForecastModel {
  if (series.length === 0) throw new Error('a forecast needs at least one hour of history');
  const sorted = series.slice().sort((a, b) => a.hourStart - b.hourStart);
  const seen = options.useCalendar ? site : { ...site, calendar: [] };
  const contexts = hourContexts(
    seen,
    sorted.map((p) => p.hourStart),
  );
  const counts = sorted.map((p) => p.count);
  const trainedThrough = sorted[sorted.length - 1]!.hourStart;
  const steps = options.intervalWeeks + 1;
  onProgress(0);

  const residuals = Array.from({ length: 24 }, () => [] as number[]);
  for (let k = options.intervalWeeks; k >= 1; k--) {
    const origin = trainedThrough + HOUR_MS - k * WEEK_HOURS * HOUR_MS;
    const cut = firstIndexAtOrAfter(contexts, origin);
    if (cut >= WEEK_HOURS) {
      const core = fitCore(contexts.slice(0, cut), counts.slice(0, cut), options);
      const end = firstIndexAtOrAfter(contexts, origin + WEEK_HOURS * HOUR_MS);
      for (let i = cut; i < end; i++) {
        const h = contexts[i]!;
        residuals[h.hour]!.push(standardised(counts[i]!, predictCore(core, h)));
      }
    }
    onProgress((options.intervalWeeks - k + 1) / steps);
  }
  const core = fitCore(contexts, counts, options);
  onProgress(1);
  return {
    version: 1,
    timeZone: site.timeZone,
    trainedThrough,
    options,
    core,
    intervals: intervalQuantiles(residuals, options.intervalNominal),
  };
}

/** The next `hours` hours (default a week) after the history, with their interval. */
export function forecastAhead(
  model: ForecastModel,
  site: ForecastSite,
  hours = WEEK_HOURS,
): HourForecast[] {
  const starts = Array.from({ length: hours }, (_, i) => model.trainedThrough + (i + 1) * HOUR_MS);
  return forecastHours(model, site, starts);
}

export function forecastHours(
  model: ForecastModel,
  site: ForecastSite,
  starts: readonly number[],
): HourForecast[] {
  const seen = model.options.useCalendar ? site : { ...site, calendar: [] };
  return hourContexts(seen, starts).map((h) => {
    const expected = predictCore(model.core, h);
    return { hourStart: h.hourStart, expected, ...bounds(model.intervals, h.hour, expected) };
  });
}

function firstIndexAtOrAfter(contexts: readonly { hourStart: number }[], t: number): number {
  let lo = 0;
  let hi = contexts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (contexts[mid]!.hourStart < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
