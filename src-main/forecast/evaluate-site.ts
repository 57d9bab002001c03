import {
  DEFAULT_FORECAST_OPTIONS,
  forecastHours,
  rollingOriginBacktest,
  trainForecaster,
  type BacktestResult,
  type ForecastOptions,
} from '../../src-shared/domain/forecast';
import type { GeneratedHistory } from './station-history';

/** Backtest weeks: 16 rolling origins, each trained on everything before it (≥ 36 weeks). */
export const BACKTEST_ORIGINS = 16;

/** The rolling-origin backtest of one history with the given options (the defaults if none). */
export function evaluateHistory(
  history: GeneratedHistory,
  options: ForecastOptions = DEFAULT_FORECAST_OPTIONS,
  origins = BACKTEST_ORIGINS,
): BacktestResult {
  return rollingOriginBacktest(history.series, history.site, origins, (past, hours) =>
    forecastHours(trainForecaster(past, history.site, options), history.site, hours),
  );
}
