import type { CalendarDay } from '../../src-shared/domain/forecast';
import type { Climate } from './generated-weather';

/** A bump of traffic on a day's curve: its peak hour (local, fractional), width and height. */
export interface Bump {
  at: number;
  width: number;
  height: number;
}

export type DayShapeName = 'weekday' | 'friday' | 'saturday' | 'sunday';

/**
 * How a kind of site behaves: the curve of each kind of day, how busy each weekday is, the year,
 * the weather and the calendar's pull. Written from how such sites are known to run, not fitted
 * to any model.
 */
export interface SiteShape {
  id: string;
  name: string;
  timeZone: string;
  /** Arrivals on an ordinary Tuesday at the start of the history. */
  dailyArrivals: number;
  shapes: Record<DayShapeName, Bump[]>;
  /** Share of the day's traffic spread evenly over all hours, before the opening hours cut. */
  floor: number;
  /** Local hours [open, close) outside which only `closedShare` of the traffic comes. */
  openHours: [number, number];
  closedShare: number;
  /** Monday … Sunday, relative to Tuesday. */
  weekdayLevels: number[];
  /** Multiplier by day of year (1 … 366). */
  season: (dayOfYear: number) => number;
  trendPerYear: number;
  /** A full holiday's traffic against a Sunday's, and the curve it takes. */
  holidayLevel: number;
  holidayShape: DayShapeName;
  /** The working day before a holiday (people shop or leave town). */
  eveOfHolidayLevel: number;
  rain: { workday: number; restDay: number };
  /** Multiplier for each degree above 28 °C. */
  heatPerDegree: number;
  climate: Climate;
  /** Events the manager enters (a match, a promotion): hours hit and the lift per unit weight. */
  events: { perYear: number; hours: [number, number]; liftPerWeight: number; name: string };
  /** Things nobody enters in the calendar: road works, a closed entrance, a burst main. */
  incidents: { perYear: number; level: [number, number] };
  /** Day-to-day spread nobody can explain (lognormal σ) and hour-level overdispersion. */
  daySigma: number;
  hourGammaShape: number;
  publicHolidays: CalendarDay[];
}
