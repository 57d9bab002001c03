/**
 * The forecast's data, shared by the trainer, the worker and (later) the chart: plain objects
 * only, so a trained model crosses a worker boundary or a JSON file unchanged.
 */

export const HOUR_MS = 3_600_000;
export const WEEK_HOURS = 168;

/**
 * One hour of demand: arrivals in a zone, sales at a pump, bookings for a resource. A quiet hour
 * is given with count 0; an hour left out is unknown (a gap in the records) and teaches nothing.
 */
export interface HourlyCount {
  /** Start of the hour, epoch ms UTC, on a whole hour of the site's zone. */
  hourStart: number;
  count: number;
}

/** A day the site's manager marks: a public holiday, or an event near the site. */
export interface CalendarDay {
  /** Local date at the site, YYYY-MM-DD. */
  date: string;
  kind: 'holiday' | 'event';
  /**
   * Holiday: how fully the day behaves like a holiday (1 = a public holiday, 0.5 = a bridge
   * day). Event: its size in the manager's own units (1 = a usual match or concert night).
   */
  weight?: number;
  name?: string;
}

/** Weather for one hour, when the operator's API provides it (forecast for the future). */
export interface WeatherHour {
  hourStart: number;
  tempC: number;
  rainMm: number;
}

export interface ForecastSite {
  /** IANA zone whose wall clock sets the hours, weekdays and dates. */
  timeZone: string;
  calendar: readonly CalendarDay[];
  /** Optional; hours without weather count as mild and dry. */
  weather?: readonly WeatherHour[];
}

export interface HourForecast {
  hourStart: number;
  expected: number;
  /** Bounds of the prediction interval at `ForecastModel.intervalNominal`. */
  lower: number;
  upper: number;
}
