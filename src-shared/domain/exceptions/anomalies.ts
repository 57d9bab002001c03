import type { StationException } from './types';

const HOUR_MS = 3_600_000;

/** An hour as the forecast saw it, with what actually came. */
export interface CheckedHour {
  hourStart: number;
  expected: number;
  lower: number;
  upper: number;
  actual: number;
}

export interface ArrivalAnomaly {
  zoneId: string;
  /** First hour of the run outside the interval. */
  fromHour: number;
  hours: number;
  side: 'low' | 'high';
  actual: number;
  expected: number;
  /** The zone's entry lanes, whose reads make its arrivals (a dead camera is one of them). */
  laneIds?: readonly string[];
}

/**
 * The forecast's prediction interval as an alarm: a run of at least `runHours` consecutive hours
 * all below (or all above) it. One hour outside an 80% interval is an ordinary hour in five; a
 * dead entry camera or a stuck gate keeps arrivals at zero hour after hour, so the run is what
 * tells the two apart (bench/anomaly.bench.ts measures recall and false alarms per run length).
 * A quiet hour whose interval reaches down to zero can never be low, so a night does not alarm.
 */
export function arrivalAnomalies(
  zoneId: string,
  hours: readonly CheckedHour[],
  runHours: number,
): ArrivalAnomaly[] {
  const found: ArrivalAnomaly[] = [];
  let run: CheckedHour[] = [];
  let side: 'low' | 'high' | null = null;
  const close = () => {
    if (side && run.length >= runHours) {
      found.push({
        zoneId,
        fromHour: run[0]!.hourStart,
        hours: run.length,
        side,
        actual: run.reduce((s, h) => s + h.actual, 0),
        expected: Math.round(run.reduce((s, h) => s + h.expected, 0)),
      });
    }
    run = [];
    side = null;
  };
  const sorted = [...hours].sort((a, b) => a.hourStart - b.hourStart);
  for (const h of sorted) {
    const outside = h.actual < h.lower ? 'low' : h.actual > h.upper ? 'high' : null;
    const last = run.at(-1);
    const contiguous = last !== undefined && h.hourStart - last.hourStart === HOUR_MS;
    if (!outside || outside !== side || !contiguous) close();
    if (outside) {
      side = outside;
      run.push(h);
    }
  }
  close();
  return found;
}

/** An anomaly as the manager's exception: named by its zone and first hour, so it stays one. */
export function anomalyException(a: ArrivalAnomaly): StationException {
  return {
    id: `arrival-anomaly:${a.zoneId}:${a.fromHour}`,
    kind: 'arrival-anomaly',
    at: a.fromHour,
    subject: a.zoneId,
    detail: {
      zone: a.zoneId,
      lanes: a.laneIds?.join(', ') ?? '',
      side: a.side,
      hours: a.hours,
      actual: a.actual,
      expected: a.expected,
    },
    // Its evidence is arrivals that did not happen: the event that journaled it is linked.
    seqs: [],
    photoIds: [],
  };
}
