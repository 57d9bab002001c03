import type {
  DemandForecast,
  ChartQuery,
  DemandCharts,
  ForecastQuery,
} from '../../src-shared/contract/charts';
import { DemandForecasts } from '../charts/demand-forecast';
import { ChartQueries } from '../charts/chart-queries';
import { ChartRollups } from '../charts/chart-rollups';
import { RollupStore } from '../charts/rollup-store';
import type { Db } from '../db/database';
import { retrainInBackground } from '../forecast/background-retrain';
import type { JournalReader, JournalWriter } from '../journal/journal';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { Transact } from '../services/ports';
import type { CalendarDay } from '../../src-shared/domain/forecast';
import { DEMO_CHARTS_KEY, seedDemoCharts, type DemoChartsMark } from '../demo/demo-charts';
import { StaffingLimitsSetting } from '../charts/staffing-limits';

/** How often the chart rollups read what the journal gained (they catch up at each query too). */
const ROLLUP_MS = 2000;

export interface Charts {
  rollups: ChartRollups;
  /** Every chart's series over the range, with every event committed before the call in it. */
  demand(q: ChartQuery): DemandCharts;
  /** A demand forecast and its measured error; training runs in a worker. */
  forecast(q: ForecastQuery): DemandForecast;
  /** The staffing limits the forecast panel marks busy hours by (a manager's setting). */
  limits: StaffingLimitsSetting;
  /** The generated demo year's range [from, to) in the rollups, or null (every real booth). */
  demoRange(): { from: number; to: number } | null;
  /** Catches up on what landed while the station was stopped, then follows on a timer. */
  start(): void;
  stop(): void;
}

/** The managers' demand charts, wired from the station's parts (issue 11). */
export function createCharts(d: {
  db: Db;
  journal: Pick<JournalReader, 'since'>;
  /** The elevation writer, for the staffing limits a manager sets. */
  writer: JournalWriter;
  transact: Transact;
  timeZone: string;
  clock: Clock;
  log: Logger;
  settings: { get(key: string): unknown; set(key: string, value: unknown): void };
  /** The demo station only: its charts start with a generated year in this zone. */
  demoZoneId: string | null;
  /** The site's holidays and events, from station.json's forecast.calendar. */
  calendar: readonly CalendarDay[];
}): Charts {
  const rollups = new ChartRollups({
    journal: d.journal,
    store: new RollupStore(d.db),
    transact: d.transact,
    timeZone: d.timeZone,
  });
  const queries = new ChartQueries(d.db, d.timeZone);
  const forecasts = new DemandForecasts({
    history(subject, toAt) {
      rollups.catchUp();
      return queries.hourly(subject, toAt);
    },
    train: (series, site, onProgress) => retrainInBackground({ series, site }, onProgress),
    site: { timeZone: d.timeZone, calendar: d.calendar },
    clock: d.clock,
  });
  function seedDemo(zoneId: string) {
    const started = Date.now();
    const mark = seedDemoCharts({
      rollups,
      settings: d.settings,
      transact: d.transact,
      now: d.clock(),
      timeZone: d.timeZone,
      zoneId,
      onProgress: (events) => d.log.info('demo charts: generating a year', { events }),
    });
    d.log.info('demo charts hold a generated year', { ...mark, ms: Date.now() - started });
  }
  const demoRange = () => {
    const mark = d.settings.get(DEMO_CHARTS_KEY) as DemoChartsMark | undefined;
    return mark ? { from: mark.from, to: mark.to } : null;
  };
  return {
    rollups,
    demand(q) {
      rollups.catchUp();
      return { ...queries.all(q), demo: demoRange() };
    },
    forecast: (q) => forecasts.view(q),
    limits: new StaffingLimitsSetting({
      settings: d.settings,
      journal: d.writer,
      transact: d.transact,
      clock: d.clock,
    }),
    demoRange,
    start() {
      if (d.demoZoneId !== null) seedDemo(d.demoZoneId);
      rollups.start(ROLLUP_MS, (err) => d.log.warn('chart rollups failed', { err: String(err) }));
    },
    stop() {
      rollups.stop();
    },
  };
}
