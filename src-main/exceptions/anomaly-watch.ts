import {
  arrivalAnomalies,
  anomalyException,
  type ArrivalAnomaly,
  type CheckedHour,
} from '../../src-shared/domain/exceptions';
import type { ExceptionRepository } from '../db/repositories/exception-repository';
import type { JournalWriter } from '../journal/journal';
import type { Clock } from '../platform/clock';
import type { Transact } from '../services/ports';

const HOUR_MS = 3_600_000;

/** A forecast hour as the charts' forecast gives it (actual known for last week's hours). */
export interface ForecastHour {
  hourStart: number;
  expected: number;
  lower: number;
  upper: number;
  actual: number | null;
}

export interface AnomalyWatchDeps {
  /** Each zone with its entry lanes: the lanes whose reads make its arrivals, named in an alarm. */
  zones: readonly { id: string; entryLaneIds: readonly string[] }[];
  /** The zone's forecast when one is trained; null while it trains or lacks history. */
  forecast(zoneId: string): ForecastHour[] | null;
  /** The zone's arrivals per hour before `toAt`, quiet hours as 0 (the chart rollups). */
  arrivals(zoneId: string, toAt: number): { hourStart: number; count: number }[];
  /** Arrivals read at each of these lanes in [fromAt, toAt) (the journal's stays opened there). */
  laneArrivals(laneIds: readonly string[], fromAt: number, toAt: number): Map<string, number>;
  repo: Pick<ExceptionRepository, 'get'>;
  journal: JournalWriter;
  transact: Transact;
  clock: Clock;
  runHours: number;
}

/**
 * The forecast's interval as an alarm: each zone's finished hours against their forecast, and a
 * run outside it journaled as an exception.anomalyDetected, which the exception consumer raises
 * like any other (so it links to its event, can be acknowledged, and survives a rebuild). A run
 * already journaled at its present length is not journaled again.
 */
export class AnomalyWatch {
  constructor(private readonly d: AnomalyWatchDeps) {}

  /** Returns how many anomalies it journaled (new ones, and runs that grew). */
  check(): number {
    const thisHour = Math.floor(this.d.clock() / HOUR_MS) * HOUR_MS;
    let journaled = 0;
    for (const { id: zoneId, entryLaneIds } of this.d.zones) {
      const points = this.d.forecast(zoneId);
      if (!points) continue;
      const came = new Map(
        this.d.arrivals(zoneId, thisHour).map((h) => [h.hourStart, h.count] as const),
      );
      // Only finished hours: the hour under way has not had its arrivals yet.
      const checked: CheckedHour[] = points
        .filter((p) => p.hourStart < thisHour)
        .map((p) => ({ ...p, actual: p.actual ?? came.get(p.hourStart) ?? 0 }));
      for (const found of arrivalAnomalies(zoneId, checked, this.d.runHours)) {
        const a = { ...found, laneIds: this.lanesOf(found, entryLaneIds) };
        const id = anomalyException(a).id;
        if (this.d.repo.get(id)?.detail.hours === a.hours) continue;
        this.d.transact(() =>
          this.d.journal.append(
            { type: 'exception.anomalyDetected', aggregateId: id, actor: 'station', payload: a },
            this.d.clock(),
          ),
        );
        journaled++;
      }
    }
    return journaled;
  }

  /**
   * The lanes an alarm names: of a zone with several entry lanes, those that read no car in a
   * run of too few arrivals (a dead camera is one lane); else, or for too many, all of them.
   */
  private lanesOf(found: ArrivalAnomaly, laneIds: readonly string[]): string[] {
    if (found.side === 'high' || laneIds.length < 2) return [...laneIds];
    const toAt = found.fromHour + found.hours * HOUR_MS;
    const read = this.d.laneArrivals(laneIds, found.fromHour, toAt);
    const silent = laneIds.filter((id) => (read.get(id) ?? 0) === 0);
    return silent.length > 0 ? silent : [...laneIds];
  }
}
