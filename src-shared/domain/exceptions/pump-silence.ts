import type { CheckedHour } from './anomalies';
import type { StationException } from './types';

const HOUR_MS = 3_600_000;

/** A pump that sold nothing for a run of hours in which its forecast expected sales. */
export interface PumpSilence {
  pump: number;
  /** The pump lane it stands in, named in the alarm. */
  laneId: string;
  /** First hour of the silent run. */
  fromHour: number;
  hours: number;
  /** Sales its forecast expected over the run (one decimal). */
  expected: number;
}

/**
 * A closed, broken or blocked pump, from its fuel sales forecast: a run of consecutive hours
 * with no sale whose expected sales add up to `minExpected` or more. A pump's hourly sales are
 * few, so the 80% interval of a single hour reaches down to zero and could never tell (the
 * arrivals' rule); the run's total can: with sales arriving at random, no sale where 6 were
 * expected happens about once in 400 (e^-6). A sale ends the run; quiet night hours add little.
 */
export function silentPumpRuns(
  pump: number,
  laneId: string,
  hours: readonly CheckedHour[],
  minExpected: number,
): PumpSilence[] {
  const found: PumpSilence[] = [];
  let run: CheckedHour[] = [];
  const close = () => {
    const expected = run.reduce((s, h) => s + h.expected, 0);
    if (run.length > 0 && expected >= minExpected) {
      found.push({
        pump,
        laneId,
        fromHour: run[0]!.hourStart,
        hours: run.length,
        expected: Math.round(expected * 10) / 10,
      });
    }
    run = [];
  };
  for (const h of [...hours].sort((a, b) => a.hourStart - b.hourStart)) {
    const last = run.at(-1);
    if (last && h.hourStart - last.hourStart !== HOUR_MS) close();
    if (h.actual > 0) close();
    else run.push(h);
  }
  close();
  return found;
}

/** A silent pump as the manager's exception: named by its pump and first hour, so it stays one. */
export function pumpSilenceException(s: PumpSilence): StationException {
  return {
    id: `pump-silent:${s.pump}:${s.fromHour}`,
    kind: 'pump-silent',
    at: s.fromHour,
    subject: `pump ${s.pump}`,
    detail: { pump: s.pump, lane: s.laneId, hours: s.hours, expected: s.expected },
    // Its evidence is sales that did not happen: the event that journaled it is linked.
    seqs: [],
    photoIds: [],
  };
}
