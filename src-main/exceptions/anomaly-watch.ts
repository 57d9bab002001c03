import type { JournalDraft } from '../../src-shared';
import {
  arrivalAnomalies,
  anomalyException,
  pumpSilenceException,
  silentPumpRuns,
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
  /** The forecourt's pumps, watched for silence (absent at a car park). */
  pumps?: PumpWatch;
}

/** What the watch reads of the forecourt's pumps. */
export interface PumpWatch {
  /** Each pump with the pump lane it stands in, which the alarm names. */
  list: readonly { pump: number; laneId: string }[];
  /** The pump's fuel sales forecast when one is trained; null while it trains or lacks history. */
  forecast(pump: number): ForecastHour[] | null;
  /** The pump's sales per hour before `toAt`, quiet hours as 0 (the chart rollups). */
  sales(pump: number, toAt: number): { hourStart: number; count: number }[];
  /** Expected sales in a run without one that make it an alarm (pumpSilentExpectedSales). */
  minExpected: number;
}

/**
 * The forecast as an alarm: each zone's finished hours against their forecast, a run outside
 * its interval journaled as an exception.anomalyDetected; and each pump's, a run without a
 * sale where its forecast expected several journaled as an exception.pumpSilent. The exception
 * consumer raises them like any other (so each links to its event, can be acknowledged, and
 * survives a rebuild). A run already journaled at its present length is not journaled again.
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
      const checked = finished(points, this.d.arrivals(zoneId, thisHour), thisHour);
      for (const found of arrivalAnomalies(zoneId, checked, this.d.runHours)) {
        const a = { ...found, laneIds: this.lanesOf(found, entryLaneIds) };
        const id = anomalyException(a).id;
        const draft: JournalDraft = {
          type: 'exception.anomalyDetected',
          aggregateId: id,
          actor: 'station',
          payload: a,
        };
        if (this.raise(draft, a.hours)) journaled++;
      }
    }
    const pumps = this.d.pumps;
    for (const { pump, laneId } of pumps?.list ?? []) {
      const points = pumps!.forecast(pump);
      if (!points) continue;
      const checked = finished(points, pumps!.sales(pump, thisHour), thisHour);
      for (const s of silentPumpRuns(pump, laneId, checked, pumps!.minExpected)) {
        const id = pumpSilenceException(s).id;
        const draft: JournalDraft = {
          type: 'exception.pumpSilent',
          aggregateId: id,
          actor: 'station',
          payload: s,
        };
        if (this.raise(draft, s.hours)) journaled++;
      }
    }
    return journaled;
  }

  /** Journals the run unless it was journaled at this length already; true when it was now. */
  private raise(draft: JournalDraft, hours: number): boolean {
    if (this.d.repo.get(draft.aggregateId)?.detail.hours === hours) return false;
    this.d.transact(() => this.d.journal.append(draft, this.d.clock()));
    return true;
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

/** The finished hours of a forecast with what came (the hour under way has not had it yet). */
function finished(
  points: ForecastHour[],
  counts: { hourStart: number; count: number }[],
  thisHour: number,
): CheckedHour[] {
  const came = new Map(counts.map((h) => [h.hourStart, h.count] as const));
  return points
    .filter((p) => p.hourStart < thisHour)
    .map((p) => ({ ...p, actual: p.actual ?? came.get(p.hourStart) ?? 0 }));
}
