import type { CheckedHour } from '../src-shared/domain/exceptions';
import { HOUR_MS } from '../src-shared/domain/forecast';

/**
 * One injected fault for the alarm benches: nothing counted for `hours` hours from the hour at
 * the `at` fraction (0..1) of the week's busy hours (those expecting `busyFrom` or more), and
 * whether an alarm's run overlaps it.
 */
export function injectFault(
  clean: readonly CheckedHour[],
  at: number,
  hours: number,
  busyFrom: number,
): { faulty: CheckedHour[]; overlaps: (a: { fromHour: number; hours: number }) => boolean } {
  const busy = clean
    .map((h, i) => (h.expected >= busyFrom && i + hours <= clean.length ? i : -1))
    .filter((i) => i >= 0);
  const start = busy[Math.floor(at * busy.length)]!;
  const faulty = clean.map((h, i) => (i >= start && i < start + hours ? { ...h, actual: 0 } : h));
  const faultFrom = clean[start]!.hourStart;
  const faultTo = faultFrom + hours * HOUR_MS;
  return {
    faulty,
    overlaps: (a) => a.fromHour < faultTo && a.fromHour + a.hours * HOUR_MS > faultFrom,
  };
}
