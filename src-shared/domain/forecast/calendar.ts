import { DAY_MS, zoneClock } from '../tariff/zone-clock';
import { HOUR_MS, type CalendarDay } from './types';

/**
 * Where an instant falls on the site's own wall clock. The model keys everything on the local
 * hour and weekday, so a 23 h or 25 h day simply has one local hour fewer or twice.
 */
export interface LocalHour {
  /** Monday = 0 … Sunday = 6. */
  weekday: number;
  hour: number;
  /** weekday * 24 + hour. */
  hourOfWeek: number;
  date: string;
  /** Days since 1970-01-01 on the local calendar. */
  localDay: number;
}

export function localHour(timeZone: string, t: number): LocalHour {
  const wall = zoneClock(timeZone).wallAt(t);
  const localDay = Math.floor(wall / DAY_MS);
  const hour = Math.floor((wall - localDay * DAY_MS) / HOUR_MS);
  // 1970-01-01 was a Thursday (weekday 3 when Monday is 0).
  const weekday = (((localDay + 3) % 7) + 7) % 7;
  const date = new Date(localDay * DAY_MS).toISOString().slice(0, 10);
  return { weekday, hour, hourOfWeek: weekday * 24 + hour, date, localDay };
}

/**
 * The instant that showed the same wall-clock time one week earlier: 168 h back, or 167/169 h
 * when a clock change lies between. An hour that did not exist then (spring forward) takes the
 * plain 168 h; one that existed twice (fall back) takes its first occurrence.
 */
export function sameWallTimeWeekBefore(timeZone: string, t: number): number {
  const clock = zoneClock(timeZone);
  const target = clock.wallAt(t) - 7 * DAY_MS;
  for (const back of [169, 168, 167]) {
    const candidate = t - back * HOUR_MS;
    if (clock.wallAt(candidate) === target) return candidate;
  }
  return t - 168 * HOUR_MS;
}

/** Holiday and event weights by local date; a date given twice keeps the larger weight. */
export interface DayMarks {
  holiday: Map<string, number>;
  event: Map<string, number>;
}

export function dayMarks(calendar: readonly CalendarDay[]): DayMarks {
  const marks: DayMarks = { holiday: new Map(), event: new Map() };
  for (const day of calendar) {
    const into = marks[day.kind];
    into.set(day.date, Math.max(into.get(day.date) ?? 0, day.weight ?? 1));
  }
  return marks;
}
