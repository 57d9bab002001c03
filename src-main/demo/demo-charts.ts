import { HOUR_MS, localHour } from '../../src-shared/domain/forecast';
import type { ChartRollups } from '../charts/chart-rollups';
import { DEMO_STATION } from '../forecast/demo-sites';
import { generateStationHistory } from '../forecast/station-history';
import type { Transact } from '../services/ports';
import { asJournalEntry, demandStream } from './demand-stream';

/** The settings key that marks a station's charts as holding the generated demo year. */
export const DEMO_CHARTS_KEY = 'charts.demoHistory';

export interface DemoChartsMark {
  demo: true;
  seed: number;
  /** The generated year covers [from, to): the demo's own events come after it. */
  from: number;
  to: number;
  events: number;
}

export interface DemoChartsDeps {
  rollups: Pick<ChartRollups, 'applyOutsideJournal'>;
  settings: { get(key: string): unknown; set(key: string, value: unknown): void };
  transact: Transact;
  now: number;
  timeZone: string;
  /** The zone the generated stays park in. */
  zoneId: string;
  onProgress?: (done: number) => void;
}

const SEED = 2026;
const WEEKS = 52;
/** No generated arrivals in the last hours, so every generated stay has left before now. */
const QUIET_HOURS = 12;

/**
 * Gives the demo station (`npm start`) a year of generated traffic in its charts, so a manager
 * opening them the first time sees a year, and the forecast has history to learn from.
 *
 * The year goes into the chart rollups only, never into the journal: it is not the site's
 * history, so it is not synced, audited or verified, and no real booth runs this (only the
 * demo configuration asks for it). It is marked in settings, with its range, in the same
 * transaction as the rows, so a crash leaves either all of it or none, and a restart adds
 * nothing. A rollup rebuild from the journal drops it; the next start of the demo adds it again.
 */
export function seedDemoCharts(d: DemoChartsDeps): DemoChartsMark {
  const marked = d.settings.get(DEMO_CHARTS_KEY) as DemoChartsMark | undefined;
  if (marked) return marked;
  const to = Math.floor(d.now / HOUR_MS) * HOUR_MS;
  const fromDate = localHour(d.timeZone, to - WEEKS * 7 * 24 * HOUR_MS).date;
  const history = generateStationHistory(DEMO_STATION, SEED, fromDate, WEEKS);
  const from = history.series[0]?.hourStart ?? to;
  const arrivalCounts = new Map<number, number>();
  for (const { hourStart, count } of history.series) {
    if (hourStart < to - QUIET_HOURS * HOUR_MS) arrivalCounts.set(hourStart, count);
  }
  const stream = demandStream({
    seed: SEED,
    from,
    hours: Math.max(0, (to - from) / HOUR_MS),
    arrivalsPerHour: 0,
    zones: [d.zoneId],
    fuelSalesPerHour: 1.5,
    bookingsPerDay: 8,
    arrivalCounts,
  });
  return d.transact(() => {
    let events = 0;
    let batch = [];
    for (const e of stream) {
      if (e.at >= to) continue;
      batch.push(asJournalEntry(e, ++events, 'demo'));
      if (batch.length === 20_000) {
        d.rollups.applyOutsideJournal(batch);
        batch = [];
        d.onProgress?.(events);
      }
    }
    d.rollups.applyOutsideJournal(batch);
    const mark: DemoChartsMark = { demo: true, seed: SEED, from, to, events };
    d.settings.set(DEMO_CHARTS_KEY, mark);
    return mark;
  });
}
