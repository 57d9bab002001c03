import { zoneClock } from '../src-shared/domain/tariff/zone-clock';

const DAY = 86_400_000;
const MINUTE = 60_000;

/**
 * The instant of "HH:MM" on the site's calendar day of `near`, in the site's zone (not the
 * console's: a booth PC set to another zone must still book the slot the customer asked for).
 * Null for a text that is not a time. On a day the clocks change, a wall time that does not
 * exist moves by the change, as the site's own clocks do.
 */
export function siteTimeOnDayOf(timeZone: string, near: number, hhmm: string): number | null {
  const match = /^(\d{1,2}):(\d{2})$/.exec(hhmm.trim());
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (hours > 23 || minutes > 59) return null;
  const clock = zoneClock(timeZone);
  const midnight = Math.floor(clock.wallAt(near) / DAY) * DAY;
  const wall = midnight + (hours * 60 + minutes) * MINUTE;
  // Guess with today's offset, then correct with the offset in force at the guess.
  const guess = wall - clock.offsetAt(near);
  return wall - clock.offsetAt(guess);
}

/** "HH:MM" of an instant on the site's clock, e.g. for a time field's starting value. */
export function siteHhMm(timeZone: string, at: number): string {
  const wall = zoneClock(timeZone).wallAt(at);
  const minutes = Math.floor((((wall % DAY) + DAY) % DAY) / MINUTE);
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
