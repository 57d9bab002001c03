/**
 * The arrival alarm on real parts: a forecast trained on the demo site's generated history, a
 * week of its arrivals with an entry camera dead for six busy hours, a SQLite journal and the
 * exception consumer. The fault is journaled as an anomaly naming the zone, its entry lane and
 * its first hour, raised as an exception linked to that event, and checked again it is not
 * journaled twice. Of a zone with two entry lanes, the alarm names the one that read no car in
 * the run (the journal's stays per lane), or both when both read some. A pump closed for six
 * busy hours (its forecast trained on generated sales) is raised as silent, once; its ordinary
 * week raises nothing.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import {
  HOUR_MS,
  WEEK_HOURS,
  forecastHours,
  trainForecaster,
} from '../../../src-shared/domain/forecast';
import { DEFAULT_EXCEPTION_THRESHOLDS } from '../../../src-shared/domain/exceptions';
import { openDatabase } from '../../../src-main/db/database';
import { ExceptionRepository } from '../../../src-main/db/repositories/exception-repository';
import { AnomalyWatch } from '../../../src-main/exceptions/anomaly-watch';
import { ExceptionConsumer } from '../../../src-main/exceptions/exception-consumer';
import { laneArrivalsQuery } from '../../../src-main/exceptions/lane-arrivals';
import { CITY_STATION, DEMO_HISTORY } from '../../../src-main/forecast/demo-sites';
import { generateStationHistory } from '../../../src-main/forecast/station-history';
import { EventHub } from '../../../src-main/ipc/event-hub';
import { Journal } from '../../../src-main/journal/journal';
import { createLogger } from '../../../src-main/platform/logger';
import { demandStream } from '../../../src-main/demo/demand-stream';

const FAULT_HOURS = 6;
const dir = mkdtempSync(join(tmpdir(), 'anomaly-watch-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A SQLite journal in `file` with the exception consumer that raises what it holds. */
function rig(file: string) {
  const db = openDatabase(join(dir, file));
  const journal = new Journal(db, randomBytes(32), 'station-1');
  const transact = <T>(fn: () => T): T => db.transaction(fn)();
  const repo = new ExceptionRepository(db);
  const consumer = new ExceptionConsumer({
    journal,
    repo,
    transact,
    thresholds: DEFAULT_EXCEPTION_THRESHOLDS,
    events: new EventHub(createLogger('test', true)),
  });
  return { db, journal, transact, repo, consumer };
}

it('a dead entry camera for six busy hours is journaled once as an anomaly and raised', () => {
  const history = generateStationHistory(CITY_STATION, 7, DEMO_HISTORY.from, DEMO_HISTORY.weeks);
  const cut = history.series.length - WEEK_HOURS;
  const week = history.series.slice(cut);
  const model = trainForecaster(history.series.slice(0, cut), history.site);
  const forecast = forecastHours(
    model,
    history.site,
    week.map((h) => h.hourStart),
  );
  // The camera dies at the first hour of Wednesday that expects 20 cars or more.
  const start = forecast.findIndex((f, i) => i > 48 && f.expected >= 20);
  const faultFrom = week[start]!.hourStart;
  const arrivals = week.map((h, i) =>
    i >= start && i < start + FAULT_HOURS ? { ...h, count: 0 } : h,
  );

  const { db, journal, transact, repo, consumer } = rig('station.db');
  const now = week.at(-1)!.hourStart + HOUR_MS;
  const watch = new AnomalyWatch({
    zones: [{ id: 'main', entryLaneIds: ['entry-1'] }],
    forecast: () => forecast.map((f) => ({ ...f, actual: null })),
    arrivals: (_zone, toAt) => arrivals.filter((h) => h.hourStart < toAt),
    laneArrivals: () => {
      throw new Error('a zone with one entry lane names it without asking');
    },
    repo,
    journal,
    transact,
    clock: () => now,
    runHours: 4,
  });
  try {
    const journaled = watch.check();
    assert.ok(journaled >= 1);
    consumer.catchUp();
    const raised = repo.all().filter((x) => x.kind === 'arrival-anomaly');
    assert.equal(raised.length, journaled);
    const fault = raised.find(
      (x) => x.at <= faultFrom + 2 * HOUR_MS && x.at + Number(x.detail.hours) * HOUR_MS > faultFrom,
    );
    assert.ok(fault, `no alarm over the fault at ${new Date(faultFrom).toISOString()}`);
    assert.equal(fault.subject, 'main');
    assert.equal(fault.detail.lanes, 'entry-1');
    assert.equal(fault.detail.side, 'low');
    // The run may take in a low hour next to the fault: far fewer cars than expected, not none.
    assert.ok(Number(fault.detail.actual) < Number(fault.detail.expected) / 4, 'far below');
    const [event] = journal.since(fault.seqs[0]! - 1, 1);
    assert.equal(event?.type, 'exception.anomalyDetected');
    assert.equal(event?.aggregateId, fault.id);
    // The same hours checked again: nothing new to journal.
    assert.equal(watch.check(), 0);
  } finally {
    db.close();
  }
});

it('names the entry lane that read nothing, of a zone with two', () => {
  const db = openDatabase(join(dir, 'two-lanes.db'));
  const journal = new Journal(db, randomBytes(32), 'station-1');
  const transact = <T>(fn: () => T): T => db.transaction(fn)();
  const repo = new ExceptionRepository(db);
  let n = 0;
  const stayAt = (laneId: string, at: number) =>
    journal.append(
      {
        type: 'session.opened',
        aggregateId: `S${++n}`,
        actor: 'station',
        payload: {
          plate: `B${100 + n}TWO`,
          zoneId: 'main',
          laneId,
          entryAt: at,
          photoId: null,
          continuesSessionId: null,
          lostTicket: false,
          coveredBy: null,
        },
      },
      at,
    );
  const day1 = Date.parse('2026-11-20T08:00:00Z');
  const day2 = day1 + 24 * HOUR_MS;
  const hoursFrom = (from: number) => Array.from({ length: 6 }, (_, i) => from + i * HOUR_MS);
  // Six hours expecting 20 cars each (at least 10), and 8 came each hour. On day 1 all came
  // through entry-2 (entry-1 read its last car just before); on day 2 through both.
  transact(() => {
    stayAt('entry-1', day1 - 1);
    for (const h of hoursFrom(day1)) for (let i = 0; i < 8; i++) stayAt('entry-2', h + i * 60_000);
    for (const h of hoursFrom(day2)) {
      for (let i = 0; i < 8; i++) stayAt(i % 2 ? 'entry-1' : 'entry-2', h + i * 60_000);
    }
  });
  const watchDay = (from: number) =>
    new AnomalyWatch({
      zones: [{ id: 'main', entryLaneIds: ['entry-1', 'entry-2'] }],
      forecast: () =>
        hoursFrom(from).map((hourStart) => ({
          hourStart,
          expected: 20,
          lower: 10,
          upper: 30,
          actual: null,
        })),
      arrivals: () => hoursFrom(from).map((hourStart) => ({ hourStart, count: 8 })),
      laneArrivals: laneArrivalsQuery(db),
      repo,
      journal,
      transact,
      clock: () => from + 6 * HOUR_MS,
      runHours: 4,
    });
  const named = () =>
    journal
      .since(0, 1000)
      .filter((e) => e.type === 'exception.anomalyDetected')
      .map((e) => (e.payload as { laneIds: string[] }).laneIds);
  try {
    assert.equal(watchDay(day1).check(), 1);
    assert.deepEqual(named(), [['entry-1']]);
    // Both lanes read cars, too few for the zone: both are named.
    assert.equal(watchDay(day2).check(), 1);
    assert.deepEqual(named(), [['entry-1'], ['entry-1', 'entry-2']]);
  } finally {
    db.close();
  }
});

it('a pump closed for six busy hours is journaled once as silent; its ordinary week raises nothing', () => {
  // Seven weeks of a forecourt's generated sales (the demo's daily shape, 4 pumps); pump 2's
  // hourly sales, its forecast trained on the first six weeks, the seventh checked.
  const from = Date.parse('2026-09-06T22:00:00Z');
  const hours = 7 * WEEK_HOURS;
  const sold = new Map<number, number>();
  for (const e of demandStream({
    seed: 11,
    from,
    hours,
    arrivalsPerHour: 0,
    zones: [],
    fuelSalesPerHour: 8,
  })) {
    if (e.draft.type !== 'fuelSale.recorded') continue;
    if ((e.draft.payload as { pump: number }).pump !== 2) continue;
    const h = Math.floor(e.at / HOUR_MS) * HOUR_MS;
    sold.set(h, (sold.get(h) ?? 0) + 1);
  }
  const series = Array.from({ length: hours }, (_, i) => {
    const hourStart = from + i * HOUR_MS;
    return { hourStart, count: sold.get(hourStart) ?? 0 };
  });
  const site = { timeZone: 'Europe/Bucharest', calendar: [] };
  const cut = series.length - WEEK_HOURS;
  const week = series.slice(cut);
  const model = trainForecaster(series.slice(0, cut), site);
  const forecast = forecastHours(
    model,
    site,
    week.map((h) => h.hourStart),
  ).map((f) => ({ ...f, actual: null }));
  // Closed at the first Wednesday hour expecting 1.5 sales or more, for six hours.
  const start = forecast.findIndex((f, i) => i > 48 && f.expected >= 1.5);
  const closed = week.map((h, i) => (i >= start && i < start + 6 ? { ...h, count: 0 } : h));

  const { db, journal, transact, repo, consumer } = rig('pumps.db');
  const watchOf = (sales: typeof week) =>
    new AnomalyWatch({
      zones: [],
      forecast: () => null,
      arrivals: () => [],
      laneArrivals: () => new Map(),
      pumps: {
        list: [{ pump: 2, laneId: 'pumps-a' }],
        forecast: () => forecast,
        sales: (_pump, toAt) => sales.filter((h) => h.hourStart < toAt),
        minExpected: 6,
      },
      repo,
      journal,
      transact,
      clock: () => week.at(-1)!.hourStart + HOUR_MS,
      runHours: 4,
    });
  try {
    assert.equal(watchOf(week).check(), 0, 'an ordinary week of pump 2 raises nothing');
    const journaled = watchOf(closed).check();
    assert.ok(journaled >= 1);
    consumer.catchUp();
    const raised = repo.all().filter((x) => x.kind === 'pump-silent');
    assert.equal(raised.length, journaled);
    const faultFrom = week[start]!.hourStart;
    const fault = raised.find(
      (x) =>
        x.at <= faultFrom && x.at + Number(x.detail.hours) * HOUR_MS >= faultFrom + 6 * HOUR_MS,
    );
    assert.ok(fault, `no alarm over the closed hours from ${new Date(faultFrom).toISOString()}`);
    assert.deepEqual([fault.subject, fault.detail.lane], ['pump 2', 'pumps-a']);
    assert.ok(Number(fault.detail.expected) >= 6);
    const [event] = journal.since(fault.seqs[0]! - 1, 1);
    assert.equal(event?.type, 'exception.pumpSilent');
    assert.equal(watchOf(closed).check(), 0, 'the same run is not journaled twice');
  } finally {
    db.close();
  }
});
