import { dayMarks, localHour, type LocalHour } from './calendar';
import type { ForecastSite, WeatherHour } from './types';

/** Everything the model knows about one hour before it sees the count. */
export interface HourContext extends LocalHour {
  hourStart: number;
  /** 0..1: how fully the day is a holiday. */
  holiday: number;
  /** The manager's event weight for the day, 0 when none. */
  event: number;
  weather: WeatherHour | null;
}

export function hourContexts(site: ForecastSite, hours: readonly number[]): HourContext[] {
  const marks = dayMarks(site.calendar);
  const weather = new Map((site.weather ?? []).map((w) => [w.hourStart, w]));
  return hours.map((hourStart) => {
    const local = localHour(site.timeZone, hourStart);
    return {
      ...local,
      hourStart,
      holiday: Math.min(1, marks.holiday.get(local.date) ?? 0),
      event: marks.event.get(local.date) ?? 0,
      weather: weather.get(hourStart) ?? null,
    };
  });
}

/** Hour blocks for effects that differ by time of day but have too few days to learn per hour. */
export const BLOCKS = 6;
export const blockOf = (hour: number): number => Math.floor(hour / (24 / BLOCKS));

/**
 * The residual model's inputs. Weather is centred on mild and dry, so a site without weather
 * (or a future hour without it) gets zeros and no adjustment.
 */
export function residualFeatures(c: HourContext): number[] {
  const out = new Array<number>(BLOCKS + 5).fill(0);
  out[blockOf(c.hour)] = c.event;
  const w = c.weather;
  if (w) {
    const rain = Math.min(w.rainMm, 10) / 10;
    const restDay = c.weekday >= 5 || c.holiday >= 0.5 ? 1 : 0;
    out[BLOCKS] = w.rainMm > 0.2 ? 1 : 0;
    out[BLOCKS + 1] = rain;
    out[BLOCKS + 2] = rain * restDay;
    out[BLOCKS + 3] = Math.max(0, w.tempC - 26) / 10;
    out[BLOCKS + 4] = Math.max(0, 2 - w.tempC) / 10;
  }
  return out;
}
