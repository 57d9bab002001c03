import type { DemandForecast } from '../../src-shared/contract/charts';
import { ChartQueries } from '../charts/chart-queries';
import type { Db } from '../db/database';
import { AnomalyWatch } from '../exceptions/anomaly-watch';
import { ExceptionRepository } from '../db/repositories/exception-repository';
import { ExceptionConsumer } from '../exceptions/exception-consumer';
import { ExceptionService } from '../exceptions/exception-service';
import { laneArrivalsQuery } from '../exceptions/lane-arrivals';
import type { JournalReader, JournalWriter } from '../journal/journal';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { StationConfig } from '../platform/station-config';
import type { Publisher, Transact } from '../services/ports';
import type { Charts } from './charts';

/** How often the exception rules read what the journal gained (they catch up at each call too). */
const FOLLOW_MS = 2000;
export interface Exceptions {
  consumer: ExceptionConsumer;
  service: ExceptionService;
  anomalies: AnomalyWatch;
  start(): void;
  stop(): void;
}

/** The managers' exceptions, wired from the station's parts (issue 11). */
export function createExceptions(d: {
  db: Db;
  journal: Pick<JournalReader, 'since'>;
  /** The elevation writer: a cashier with a manager's approval is named in the event too. */
  writer: JournalWriter;
  transact: Transact;
  thresholds: StationConfig['exceptions'];
  events: Publisher;
  /** Each zone with its entry lanes, which an arrival anomaly names. */
  zones: readonly { id: string; entryLaneIds: readonly string[] }[];
  /** The forecourt's pumps with their lanes (none at a car park), watched for silence. */
  pumps: readonly { pump: number; laneId: string }[];
  charts: Pick<Charts, 'forecast' | 'rollups' | 'demoRange'>;
  timeZone: string;
  clock: Clock;
  log: Logger;
}): Exceptions {
  const repo = new ExceptionRepository(d.db);
  const consumer = new ExceptionConsumer({
    journal: d.journal,
    repo,
    transact: d.transact,
    thresholds: d.thresholds,
    events: d.events,
  });
  const service = new ExceptionService({
    consumer,
    repo,
    journal: d.writer,
    transact: d.transact,
    clock: d.clock,
  });
  const arrivals = new ChartQueries(d.db, d.timeZone);
  /**
   * A trained forecast's hours, or null. The demo's generated year is not the site's: its hours
   * (quiet at its end, so that its stays have left) raise nothing; the station's own after it do.
   */
  const afterDemo = (view: DemandForecast) => {
    if (view.status !== 'ready') return null;
    const demo = d.charts.demoRange();
    return demo ? view.points.filter((p) => p.hourStart >= demo.to) : view.points;
  };
  const anomalies = new AnomalyWatch({
    zones: d.zones,
    // Asking trains the zone's forecast in a worker once a day, as the charts screen does.
    forecast: (zoneId) => afterDemo(d.charts.forecast({ zoneId })),
    // What came: the chart rollups' hourly arrivals (kept from the journal), caught up first.
    arrivals(zoneId, toAt) {
      d.charts.rollups.catchUp();
      return arrivals.hourlyArrivals(zoneId, toAt);
    },
    laneArrivals: laneArrivalsQuery(d.db),
    pumps: {
      list: d.pumps,
      // The pump's fuel sales forecast, trained once a day like the zones'.
      forecast: (pump) => afterDemo(d.charts.forecast({ series: 'fuelSales', pump })),
      sales(pump, toAt) {
        d.charts.rollups.catchUp();
        return arrivals.hourlyFuelSales(pump, toAt);
      },
      minExpected: d.thresholds.pumpSilentExpectedSales,
    },
    repo,
    journal: d.writer,
    transact: d.transact,
    clock: d.clock,
    runHours: d.thresholds.anomalyRunHours,
  });
  let watch: NodeJS.Timeout | null = null;
  const checkAnomalies = () => {
    try {
      anomalies.check();
    } catch (err) {
      d.log.warn('arrival anomaly check failed', { err: String(err) });
    }
  };
  return {
    consumer,
    service,
    anomalies,
    start() {
      consumer.start(FOLLOW_MS, (err) =>
        d.log.warn('exception rules failed', { err: String(err) }),
      );
      // Each zone's finished hours against the forecast (anomalyCheckSeconds, 5 min by default:
      // an alarm needs a run of whole hours; the forecast itself trains once a day).
      watch = setInterval(checkAnomalies, d.thresholds.anomalyCheckSeconds * 1000);
    },
    stop() {
      consumer.stop();
      if (watch) clearInterval(watch);
    },
  };
}
