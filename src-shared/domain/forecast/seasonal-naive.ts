import { sameWallTimeWeekBefore } from './calendar';
import type { HourlyCount } from './types';

/**
 * The baseline every forecast is measured against: each hour repeats the same local hour one
 * week earlier. For a horizon starting at `origin` it reads only hours before the origin, so an
 * hour whose week-before falls inside the horizon (after a 23 h day) steps back another week.
 */
export function seasonalNaive(
  timeZone: string,
  known: ReadonlyMap<number, number>,
  hours: readonly number[],
  origin: number,
): HourlyCount[] {
  return hours.map((hourStart) => {
    let back = sameWallTimeWeekBefore(timeZone, hourStart);
    while (back >= origin) back = sameWallTimeWeekBefore(timeZone, back);
    return { hourStart, count: known.get(back) ?? 0 };
  });
}
