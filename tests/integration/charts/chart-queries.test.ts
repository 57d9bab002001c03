/**
 * The chart queries: over a generated month on a real journal, each series adds up to what the
 * events say (counted here from the stream itself, not from the rollups); and on a real station,
 * a car that enters, pays and leaves shows on a manager's charts through the charts:demand
 * channel, which refuses a range that ends before it starts.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { localHour } from '../../../src-shared/domain/forecast';
import { ChartQueries } from '../../../src-main/charts/chart-queries';
import { ChartRollups } from '../../../src-main/charts/chart-rollups';
import { RollupStore } from '../../../src-main/charts/rollup-store';
import { openDatabase, type Db } from '../../../src-main/db/database';
import { Journal } from '../../../src-main/journal/journal';
import { demandStream, type TimedDraft } from '../../../src-main/demo/demand-stream';
import { requestKey, startHarness, type Harness } from '../../support/station-harness';

const ZONE = 'Europe/Bucharest';
const dateOf = (t: number) => localHour(ZONE, t).date;

describe('chart queries over a generated month', () => {
  let dir: string;
  let db: Db;
  let queries: ChartQueries;
  let events: TimedDraft[];
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'chart-queries-'));
    db = openDatabase(join(dir, 'station.db'));
    const journal = new Journal(db, randomBytes(32), 'station-1');
    events = [
      ...demandStream({
        seed: 5,
        from: Date.parse('2026-05-31T21:00:00Z'),
        hours: 30 * 24,
        arrivalsPerHour: 5,
        zones: ['main', 'upper'],
        fuelSalesPerHour: 2,
        bookingsPerDay: 8,
      }),
    ];
    db.transaction(() => events.forEach((e) => journal.append(e.draft, e.at)))();
    const transact = <T>(fn: () => T): T => db.transaction(fn)();
    new ChartRollups({ journal, store: new RollupStore(db), transact, timeZone: ZONE }).catchUp();
    queries = new ChartQueries(db, ZONE);
  });
  after(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const june = { from: '2026-06-08', to: '2026-06-21' };
  const inJune = (t: number) => dateOf(t) >= june.from && dateOf(t) <= june.to;

  it('heatmap: every arrival of the range in its weekday and hour', () => {
    const cells = queries.arrivalsHeatmap({ ...june, zoneId: 'upper' });
    assert.equal(cells.length, 168);
    const expected = new Map<number, number>();
    for (const e of events) {
      if (e.draft.type !== 'session.opened' || e.draft.payload.zoneId !== 'upper') continue;
      if (!inJune(e.draft.payload.entryAt)) continue;
      const l = localHour(ZONE, e.draft.payload.entryAt);
      expected.set(l.hourOfWeek, (expected.get(l.hourOfWeek) ?? 0) + 1);
    }
    assert.ok(expected.size > 100);
    for (const c of cells) assert.equal(c.arrivals, expected.get(c.weekday * 24 + c.hour) ?? 0);
  });

  it('occupancy: the cars in at the end of the range, per zone', () => {
    const { step, points } = queries.occupancy(june);
    assert.equal(step, 'hour');
    const end = Date.parse('2026-06-21T21:00:00Z'); // midnight after 21 June, Bucharest summer
    const inside = new Map<string, number>();
    const zoneOf = new Map<string, string>();
    for (const e of events) {
      const d = e.draft;
      if (d.type === 'session.opened' && d.payload.entryAt < end) {
        zoneOf.set(d.aggregateId, d.payload.zoneId);
        inside.set(d.payload.zoneId, (inside.get(d.payload.zoneId) ?? 0) + 1);
      } else if ((d.type === 'session.closed' || d.type === 'session.deleted') && e.at < end) {
        const z = zoneOf.get(d.aggregateId)!;
        inside.set(z, inside.get(z)! - 1);
      }
    }
    assert.deepEqual(points.at(-1)!.byZone, Object.fromEntries(inside));
    assert.ok(points.length > 300 && points.length <= 14 * 24);
    // Over more than a month it draws days: each day's peak as the events came, which the
    // hours' end levels can only show from below (a car in and out within an hour).
    const days = queries.occupancy({ from: '2026-06-01', to: '2026-07-15' });
    assert.equal(days.step, 'day');
    assert.equal(days.points.length, 30, 'every day of June, the month generated');
    const hours = queries.occupancy({ from: '2026-06-09', to: '2026-06-10' }).points;
    const tenth = days.points.find((p) => dateOf(p.at) === '2026-06-10')!;
    for (const zone of ['main', 'upper']) {
      const before = hours.filter((p) => dateOf(p.at) === '2026-06-09').at(-1)!.byZone[zone]!;
      const during = hours.filter((p) => dateOf(p.at) === '2026-06-10').map((p) => p.byZone[zone]!);
      const highest = Math.max(before, ...during);
      assert.ok(tenth.byZone[zone]! >= highest, `${zone} ${tenth.byZone[zone]} >= ${highest}`);
      assert.ok(
        tenth.byZone[zone]! <= highest + 20,
        `${zone} ${tenth.byZone[zone]} near ${highest}`,
      );
    }
    // The day after the range's first, from the level the day before ended at.
    const fromSecond = queries.occupancy({ from: '2026-06-02', to: '2026-07-15' }).points;
    assert.deepEqual(fromSecond[0], days.points[1]);
  });

  it('revenue: taken less reversed, per day and tender', () => {
    const net = new Map<string, number>();
    const add = (key: string, v: number) => net.set(key, (net.get(key) ?? 0) + v);
    for (const e of events) {
      if (!inJune(e.at)) continue;
      const d = e.draft;
      if (d.type === 'payment.taken') {
        for (const t of d.payload.tenders) add(`${dateOf(e.at)} ${t.tender}`, t.amountMinor);
      } else if (d.type === 'payment.fromApp') add(`${dateOf(e.at)} app`, d.payload.amountMinor);
      else if (d.type === 'payment.voided' || d.type === 'payment.refunded') {
        add(`${dateOf(e.at)} ${d.payload.tender}`, -d.payload.amountMinor);
      }
    }
    const rows = queries.revenue(june);
    assert.deepEqual(new Map(rows.map((r) => [`${r.date} ${r.tender}`, r.netMinor])), net);
  });

  it('fuel: litres per grade at one pump; none for a zone', () => {
    const ml = new Map<string, number>();
    for (const e of events) {
      const d = e.draft;
      if (d.type !== 'fuelSale.recorded' || d.payload.pump !== 3 || !inJune(e.at)) continue;
      const key = `${dateOf(e.at)} ${d.payload.gradeId}`;
      ml.set(key, (ml.get(key) ?? 0) + d.payload.millilitres);
    }
    const rows = queries.fuel({ ...june, pump: 3 });
    assert.deepEqual(new Map(rows.map((r) => [`${r.date} ${r.gradeId}`, r.millilitres])), ml);
    assert.deepEqual(queries.fuel({ ...june, zoneId: 'main' }), []);
  });

  it('bookings: honoured against walk-ins, and the no-show rate of those that came due', () => {
    const rows = queries.bookings(june);
    assert.equal(rows.length, 14);
    for (const r of rows) {
      if (r.noShowRate !== null) assert.ok(r.noShowRate >= 0 && r.noShowRate <= 1);
      assert.ok(r.walkIns > 0);
    }
    const noShows = events.filter((e) => e.draft.type === 'booking.noShow').length;
    const all = queries.bookings({ from: '2026-05-01', to: '2026-07-31' });
    assert.equal(
      all.reduce((s, r) => s + r.noShows, 0),
      noShows,
    );
  });

  it('dwell: every bucket, adding up to the stays that closed in the range', () => {
    const closed = events.filter(
      (e) => e.draft.type === 'session.closed' && inJune(e.draft.payload.exitAt),
    ).length;
    const buckets = queries.dwell(june);
    assert.equal(buckets.length, 8);
    assert.equal(
      buckets.reduce((s, b) => s + b.stays, 0),
      closed,
    );
    assert.deepEqual(buckets[0], { bucket: 0, fromMin: 0, toMin: 15, stays: buckets[0]!.stays });
  });
});

describe('charts:demand on a real station', { timeout: 60_000 }, () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
    await h.signIn('manager');
  });
  after(() => h.stop());

  it("shows a car that came, paid and left on the manager's charts", async () => {
    const entered = await h.call('lanes:manualRead', { laneId: 'entry-1', plate: 'B77CHT' });
    assert.equal(entered.kind, 'entered');
    const sessionId = entered.kind === 'entered' ? entered.sessionId : '';
    h.clock.advanceMinutes(70);
    const quote = await h.call('sessions:quote', { sessionId });
    await h.call('payments:cash', {
      sessionId,
      tenderedMinor: quote.dueMinor,
      expectedDueMinor: quote.dueMinor,
      idempotencyKey: requestKey(),
    });
    h.clock.advanceMinutes(2);
    await h.call('lanes:manualRead', { laneId: 'exit-1', plate: 'B77CHT' });

    const today = dateOf(h.clock.now);
    const charts = await h.call('charts:demand', { from: today, to: today });
    assert.deepEqual(charts.zones, ['main']);
    assert.equal(
      charts.arrivalsHeatmap.reduce((s, c) => s + c.arrivals, 0),
      1,
    );
    assert.deepEqual(
      charts.revenue.map((r) => [r.date, r.tender, r.netMinor]),
      [[today, 'cash', quote.dueMinor]],
    );
    assert.deepEqual(
      charts.dwell.filter((b) => b.stays > 0).map((b) => [b.fromMin, b.toMin]),
      [[60, 120]],
    );
    assert.deepEqual(
      charts.occupancy.points.map((p) => p.byZone.main),
      [1, 0],
    );
  });

  it('refuses a range that ends before it starts, saying so', async () => {
    const r = await h.raw('charts:demand', { from: '2026-11-20', to: '2026-11-01' }, 'test');
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.error.code, 'INVALID_PAYLOAD');
    assert.match(!r.ok ? JSON.stringify(r.error) : '', /ends before it starts/);
  });
});
