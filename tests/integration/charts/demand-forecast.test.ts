/**
 * The charts' arrivals forecast on real rollups: eight weeks of the demo site's generated
 * arrivals go through a real journal and the rollup consumer; the forecast trains in worker
 * threads (answering 'training' meanwhile), then states its backtest WAPE and interval coverage
 * beside the seasonal-naive baseline's, and marks the hours over a cashier load or a capacity.
 * Fuel sales per pump and bookings per resource (generated over the same weeks) are forecast the
 * same way from their own hourly rollups.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { WEEK_HOURS } from '../../../src-shared/domain/forecast';
import { DemandForecasts, NEEDED_WEEKS } from '../../../src-main/charts/demand-forecast';
import { ChartQueries } from '../../../src-main/charts/chart-queries';
import { ChartRollups } from '../../../src-main/charts/chart-rollups';
import { RollupStore } from '../../../src-main/charts/rollup-store';
import { openDatabase, type Db } from '../../../src-main/db/database';
import { retrainInBackground } from '../../../src-main/forecast/background-retrain';
import { Journal } from '../../../src-main/journal/journal';
import { cityArrivals } from '../../support/demand-history';
import { demandStream } from '../../../src-main/demo/demand-stream';
import { forecastQuery } from '../../../src-shared/contract/charts';

const ZONE = 'Europe/Bucharest';

describe('demand forecasts from the chart rollups', { timeout: 180_000 }, () => {
  let dir: string;
  let db: Db;
  let forecasts: DemandForecasts;
  let now: number;
  let pumpTwoSales = 0;
  let queries: ChartQueries;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'forecast-'));
    db = openDatabase(join(dir, 'station.db'));
    const journal = new Journal(db, randomBytes(32), 'station-1');
    const main = cityArrivals({
      seed: 3,
      from: '2026-09-07',
      weeks: 8,
      zoneId: 'main',
      scale: 0.1,
    });
    // A zone opened a week ago: too little history for a forecast.
    const fresh = cityArrivals({
      seed: 4,
      from: '2026-10-26',
      weeks: 1,
      zoneId: 'new',
      scale: 0.02,
    });
    // The forecourt's sales over the same eight weeks, and bookings of a pump and of bays.
    const forecourt = [
      ...demandStream({
        seed: 5,
        from: Date.parse('2026-09-06T21:00:00Z'),
        hours: 8 * WEEK_HOURS,
        arrivalsPerHour: 0,
        zones: [],
        fuelSalesPerHour: 8,
        bookingsPerDay: 40,
      }),
    ].filter((e) => e.draft.type.startsWith('fuelSale.') || e.draft.type.startsWith('booking.'));
    pumpTwoSales = forecourt.filter(
      (e) =>
        e.draft.type === 'fuelSale.recorded' && (e.draft.payload as { pump: number }).pump === 2,
    ).length;
    const all = [...main, ...fresh, ...forecourt].sort((a, b) => a.at - b.at);
    db.transaction(() => all.forEach((e) => journal.append(e.draft, e.at)))();
    now = all.at(-1)!.at;
    const transact = <T>(fn: () => T): T => db.transaction(fn)();
    const rollups = new ChartRollups({
      journal,
      store: new RollupStore(db),
      transact,
      timeZone: ZONE,
    });
    queries = new ChartQueries(db, ZONE);
    forecasts = new DemandForecasts({
      history: (subject, toAt) => {
        rollups.catchUp();
        return queries.hourly(subject, toAt);
      },
      train: (series, site, onProgress) => retrainInBackground({ series, site }, onProgress),
      site: { timeZone: ZONE, calendar: [] },
      clock: () => now,
    });
  });
  after(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers at once while it trains, then states its error beside the baseline', async () => {
    const first = forecasts.view({ zoneId: 'main' });
    assert.equal(first.status, 'training');
    const v = await forecasts.settled({ zoneId: 'main' });
    assert.equal(v.status, 'ready', v.message ?? '');
    assert.equal(v.backtestWeeks, 4);
    assert.ok(v.weeksOfHistory > 7.9 && v.weeksOfHistory <= 8, String(v.weeksOfHistory));
    const model = v.model!;
    const baseline = v.baseline!;
    assert.ok(model.wape > 0 && baseline.wape > 0);
    // The demo site's weekly rhythm: the model beats last week's same hour.
    assert.ok(model.wape < baseline.wape, `model ${model.wape} vs baseline ${baseline.wape}`);
    assert.ok(model.coverage! > 0.5 && model.coverage! <= 1, String(model.coverage));
    assert.equal(baseline.coverage, null);
    // Last week beside its actuals, then the week ahead.
    assert.equal(v.points.length, 2 * WEEK_HOURS);
    assert.ok(v.points.slice(0, WEEK_HOURS).every((p) => p.actual !== null));
    assert.ok(v.points.slice(WEEK_HOURS).every((p) => p.actual === null));
    for (const p of v.points) assert.ok(p.lower <= p.expected && p.expected <= p.upper);
    assert.ok(
      v.points.every((p) => !p.overCapacity && !p.overCashierLoad),
      'no limits, no marks',
    );
  });

  it('marks the hours over a cashier load or a capacity', () => {
    const v = forecasts.view({
      zoneId: 'main',
      cashierLoadPerHour: 4,
      cashiers: 1,
      capacityPerHour: 6,
    });
    const peak = Math.max(...v.points.map((p) => p.expected));
    assert.ok(peak > 6, `peak ${peak}`);
    const overLoad = v.points.filter((p) => p.overCashierLoad);
    const overCap = v.points.filter((p) => p.overCapacity);
    assert.deepEqual(
      overLoad.map((p) => p.hourStart),
      v.points.filter((p) => p.expected > 4).map((p) => p.hourStart),
    );
    assert.ok(overCap.length > 0 && overCap.length < overLoad.length);
  });

  it('forecasts fuel sales per pump and bookings per resource the same way', async () => {
    const site = await forecasts.settled({ series: 'fuelSales' });
    assert.equal(site.status, 'ready', site.message ?? '');
    assert.deepEqual([site.series, site.pump, site.zoneId], ['fuelSales', null, null]);
    // Sales follow the day: the model beats last week's same hour on the whole forecourt.
    assert.ok(
      site.model!.wape < site.baseline!.wape,
      `model ${site.model!.wape} vs baseline ${site.baseline!.wape}`,
    );
    const pump = await forecasts.settled({ series: 'fuelSales', pump: 2 });
    assert.equal(pump.status, 'ready', pump.message ?? '');
    assert.equal(pump.pump, 2);
    assert.ok(pump.model!.wape > 0 && pump.baseline!.wape > 0);
    // One pump's forecast sees that pump alone: its history holds every sale of pump 2.
    const history = queries.hourly(
      { series: 'fuelSales', zoneId: null, pump: 2, resource: null },
      now + 3_600_000,
    );
    assert.equal(
      history.reduce((n, h) => n + h.count, 0),
      pumpTwoSales,
    );
    const resource = { kind: 'pump' as const, id: 'pump-1' };
    const bookings = await forecasts.settled({ series: 'bookings', resource });
    assert.equal(bookings.status, 'ready', bookings.message ?? '');
    assert.deepEqual(bookings.resource, resource);
    assert.ok(bookings.points.length === 2 * WEEK_HOURS);
    // A pump is the fuel forecast's, a zone the arrivals': asked the other way, refused.
    assert.equal(forecastQuery.safeParse({ pump: 2 }).success, false);
    assert.equal(forecastQuery.safeParse({ series: 'bookings', zoneId: 'main' }).success, false);
    assert.equal(forecastQuery.safeParse({ series: 'fuelSales', pump: 2 }).success, true);
  });

  it('says when a zone has too little history', () => {
    const v = forecasts.view({ zoneId: 'new' });
    assert.equal(v.status, 'too-little-history');
    assert.equal(v.neededWeeks, NEEDED_WEEKS);
    assert.ok(v.weeksOfHistory < NEEDED_WEEKS);
  });
});
