/**
 * bench:charts — the demand charts over a year of a busy site: 1,000,000 stays (the demo site's
 * generated weekly and daily rhythm, scaled up) with their payments, reversals, app payments,
 * fuel sales and bookings, written through the chart rollup consumer in bulk (as its catch-up
 * applies them), on a SQLite file with synchronous=FULL. Then:
 * - every chart query over the whole year (and for one zone, one pump): p50 and p95 of 30 runs,
 *   each against the 50 ms target (and all seven in one charts:demand call, for the record);
 * - the rollup's cost per event as a ratio to the journal's append (HMAC chain, schema check),
 *   both measured here on the same 20,000 events in batches;
 * - the forecast's fit on the year's hourly arrivals read back from the rollups (target 10 s);
 * - the rolling-origin backtest WAPE of the model and of the seasonal-naive baseline on it.
 * Prints a table, then one JSON object on the last line.
 *
 * BENCH_CHARTS_SESSIONS changes the number of stays (default 1,000,000).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ChartQuery } from '../src-shared/contract/charts';
import {
  forecastHours,
  rollingOriginBacktest,
  trainForecaster,
} from '../src-shared/domain/forecast';
import type { JournalEntryView } from '../src-shared/journal/event-types';
import { localMidnight, ChartQueries } from '../src-main/charts/chart-queries';
import { ChartRollups } from '../src-main/charts/chart-rollups';
import { RollupStore } from '../src-main/charts/rollup-store';
import { openDatabase } from '../src-main/db/database';
import { CITY_STATION } from '../src-main/forecast/demo-sites';
import { generateStationHistory } from '../src-main/forecast/station-history';
import { Journal } from '../src-main/journal/journal';
import { asJournalEntry, demandStream, type TimedDraft } from '../src-main/demo/demand-stream';

const SESSIONS = Number(process.env.BENCH_CHARTS_SESSIONS ?? 1_000_000);
const ZONE = 'Europe/Bucharest';
const FROM_DATE = '2025-11-24';
const WEEKS = 52;
const RUNS = 30;
const TARGET_P95_MS = 50;
const BACKTEST_ORIGINS = 8;

const dir = mkdtempSync(join(tmpdir(), 'bench-charts-'));
const ms = (t0: number) => performance.now() - t0;
const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return +s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!.toFixed(2);
};

const asEntry = (e: TimedDraft, seq: number) => asJournalEntry(e, seq, 'bench');

try {
  // The demo site's hourly arrivals for a year, scaled so the year holds SESSIONS stays.
  const city = generateStationHistory(CITY_STATION, 2026, FROM_DATE, WEEKS);
  const total = city.series.reduce((s, p) => s + p.count, 0);
  const scale = SESSIONS / total;
  let carry = 0;
  const counts = new Map<number, number>();
  for (const p of city.series) {
    const exact = p.count * scale + carry;
    const n = Math.round(exact);
    carry = exact - n;
    counts.set(p.hourStart, n);
  }
  const from = localMidnight(ZONE, FROM_DATE);
  const stream = () =>
    demandStream({
      seed: 2026,
      from,
      hours: city.series.length,
      arrivalsPerHour: 0,
      arrivalCounts: counts,
      zones: ['main', 'upper', 'roof'],
      fuelSalesPerHour: 20,
      bookingsPerDay: 120,
    });

  // 1. Rollups for the year, written through the consumer in bulk.
  const db = openDatabase(join(dir, 'year.db'));
  const store = new RollupStore(db);
  const transact = <T>(fn: () => T): T => db.transaction(fn)();
  const noJournal = { since: () => [] };
  const rollups = new ChartRollups({ journal: noJournal, store, transact, timeZone: ZONE });
  let seq = 0;
  let batch: JournalEntryView[] = [];
  const t0 = performance.now();
  for (const e of stream()) {
    batch.push(asEntry(e, ++seq));
    if (batch.length === 5000) {
      const b = batch;
      transact(() => rollups.applyInTransaction(b));
      batch = [];
    }
  }
  transact(() => rollups.applyInTransaction(batch));
  const buildMs = ms(t0);
  const stays = db.prepare('SELECT SUM(arrivals) FROM rollup_zone_hours').pluck().get() as number;
  console.log(
    `rollups: ${stays.toLocaleString('en')} stays, ${seq.toLocaleString('en')} events in ${(buildMs / 1000).toFixed(1)} s`,
  );

  // 2. Every chart query over the year, and for one zone and one pump.
  const queries = new ChartQueries(db, ZONE);
  const to = new Date(from + (WEEKS * 7 - 1) * 86_400_000 + 43_200_000).toISOString().slice(0, 10);
  const year: ChartQuery = { from: FROM_DATE, to };
  const cases: [string, () => unknown][] = [
    ['occupancy', () => queries.occupancy(year)],
    ['occupancy (zone)', () => queries.occupancy({ ...year, zoneId: 'upper' })],
    ['arrivalsHeatmap', () => queries.arrivalsHeatmap(year)],
    ['arrivalsHeatmap (zone)', () => queries.arrivalsHeatmap({ ...year, zoneId: 'upper' })],
    ['revenue', () => queries.revenue(year)],
    ['fuel', () => queries.fuel(year)],
    ['fuel (pump)', () => queries.fuel({ ...year, pump: 2 })],
    ['bookings', () => queries.bookings(year)],
    ['dwell', () => queries.dwell(year)],
    ['all (charts:demand)', () => queries.all(year)],
    [
      'occupancy (a month, hourly)',
      () => queries.occupancy({ from: '2026-06-01', to: '2026-06-30' }),
    ],
  ];
  const queryResults: Record<string, { p50Ms: number; p95Ms: number }> = {};
  for (const [name, run] of cases) {
    run();
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      run();
      times.push(ms(t));
    }
    queryResults[name] = { p50Ms: percentile(times, 50), p95Ms: percentile(times, 95) };
    console.log(
      `${name.padEnd(30)} p50 ${queryResults[name].p50Ms} ms  p95 ${queryResults[name].p95Ms} ms`,
    );
  }
  // Each chart's own query against the target; 'all' is the seven of them in one call.
  const worstP95 = Math.max(
    ...Object.entries(queryResults)
      .filter(([name]) => !name.startsWith('all'))
      .map(([, r]) => r.p95Ms),
  );

  // 3. Rollup update vs journal append, per event, on the same 20,000 events.
  const sample: TimedDraft[] = [];
  for (const e of stream()) {
    sample.push(e);
    if (sample.length === 20_000) break;
  }
  const jdb = openDatabase(join(dir, 'journal.db'));
  const journal = new Journal(jdb, randomBytes(32), 'bench');
  const jt = <T>(fn: () => T): T => jdb.transaction(fn)();
  const ta = performance.now();
  for (let i = 0; i < sample.length; i += 500) {
    jt(() => sample.slice(i, i + 500).forEach((e) => journal.append(e.draft, e.at)));
  }
  const appendUs = (ms(ta) * 1000) / sample.length;
  const consumer = new ChartRollups({
    journal,
    store: new RollupStore(jdb),
    transact: jt,
    timeZone: ZONE,
  });
  const tr = performance.now();
  const applied = consumer.catchUp();
  const rollupUs = (ms(tr) * 1000) / applied;
  jdb.close();
  console.log(
    `per event: journal append ${appendUs.toFixed(1)} µs, rollup update ${rollupUs.toFixed(1)} µs (ratio ${(rollupUs / appendUs).toFixed(3)})`,
  );

  // 4. and 5. The forecast on the year's arrivals as the rollups hold them.
  const series = queries.hourlyArrivals(null, localMidnight(ZONE, to) + 86_400_000);
  const site = { timeZone: ZONE, calendar: city.site.calendar, weather: city.site.weather };
  const tf = performance.now();
  trainForecaster(series, site);
  const fitSeconds = ms(tf) / 1000;
  console.log(`forecast fit on ${series.length} hours: ${fitSeconds.toFixed(2)} s`);
  const tb = performance.now();
  const backtest = rollingOriginBacktest(series, site, BACKTEST_ORIGINS, (past, hours) =>
    forecastHours(trainForecaster(past, site), site, hours),
  );
  console.log(
    `backtest (${BACKTEST_ORIGINS} weeks, ${(ms(tb) / 1000).toFixed(1)} s): model WAPE ${backtest.modelWape.toFixed(4)}, seasonal-naive ${backtest.baselineWape.toFixed(4)}, improvement ${(backtest.improvement * 100).toFixed(1)} %, coverage ${(backtest.coverage * 100).toFixed(1)} %`,
  );
  db.close();

  const result = {
    bench: 'charts',
    sessions: stays,
    events: seq,
    rollupBuildSeconds: +(buildMs / 1000).toFixed(1),
    queries: queryResults,
    worstQueryP95Ms: worstP95,
    targetP95Ms: TARGET_P95_MS,
    queriesWithinTarget: worstP95 <= TARGET_P95_MS,
    rollupPerEventUs: +rollupUs.toFixed(2),
    journalAppendPerEventUs: +appendUs.toFixed(2),
    rollupToAppendRatio: +(rollupUs / appendUs).toFixed(3),
    forecastFitSeconds: +fitSeconds.toFixed(2),
    forecastFitTargetSeconds: 10,
    backtest: {
      origins: backtest.origins,
      hours: backtest.hours,
      modelWape: +backtest.modelWape.toFixed(4),
      baselineWape: +backtest.baselineWape.toFixed(4),
      improvement: +backtest.improvement.toFixed(4),
      coverage: +backtest.coverage.toFixed(4),
    },
  };
  console.log(JSON.stringify(result));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
