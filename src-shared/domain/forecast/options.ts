/** The forecaster's knobs. The defaults are what measured best on the backtest (see README). */
export interface ForecastOptions {
  /** Weeks after which an old week counts half in the hour-of-week profile. */
  halfLifeWeeks: number;
  /** Share one hourly shape across Monday–Thursday, each day keeping its own level. */
  poolWeekdays: boolean;
  /** Use the holiday and event calendar (off: holidays are ordinary days). */
  useCalendar: boolean;
  /** Fit the ridge residual model (events by time of day, weather). */
  useResiduals: boolean;
  ridgeLambda: number;
  /** Weeks at the end of the history replayed to measure the interval's residuals. */
  intervalWeeks: number;
  /** Nominal coverage of the prediction interval. */
  intervalNominal: number;
}

export const DEFAULT_FORECAST_OPTIONS: ForecastOptions = {
  halfLifeWeeks: 6,
  poolWeekdays: true,
  useCalendar: true,
  useResiduals: true,
  ridgeLambda: 5,
  intervalWeeks: 12,
  intervalNominal: 0.8,
};
