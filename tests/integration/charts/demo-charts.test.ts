/**
 * The demo station's charts (`npm start`) start with a generated year, so they are never empty:
 * on a whole station (real SQLite file) with the demo's charts, a manager's charts over the past
 * four weeks and the year hold arrivals, revenue, fuel and bookings, marked as demo with their
 * range; none of it is in the journal; a restart adds nothing; its hours raise no arrival
 * anomaly (the station's own do); a station without the demo's charts (every real booth) has
 * none of it.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { startHarness, type Harness } from '../../support/station-harness';

const DAY = 86_400_000;
const dateOf = (at: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Bucharest' }).format(at);

async function chartsOf(h: Harness, days: number) {
  return h.call('charts:demand', {
    from: dateOf(h.clock.now - (days - 1) * DAY),
    to: dateOf(h.clock.now),
  });
}

const anomaliesOf = async (h: Harness) =>
  (await h.call('exceptions:list', {})).filter((x) => x.kind === 'arrival-anomaly');

const arrivals = (c: Awaited<ReturnType<typeof chartsOf>>) =>
  c.arrivalsHeatmap.reduce((s, x) => s + x.arrivals, 0);

describe('the demo station charts', { timeout: 180_000 }, () => {
  it('hold a generated year, marked as demo, outside the journal, added once', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'demo-charts-'));
    let h = await startHarness({}, { demoCharts: true, dataDir });
    try {
      await h.signIn('manager');
      const month = await chartsOf(h, 28);
      assert.ok(month.demo, 'marked as demo');
      assert.ok(month.demo.to <= h.clock.now && month.demo.to > h.clock.now - 3_600_000);
      assert.ok(month.demo.from < h.clock.now - 360 * DAY, 'a year back');
      // About 225 cars a day for four weeks, every weekday and hour in the heatmap.
      const cars = arrivals(month);
      assert.ok(cars > 28 * 100 && cars < 28 * 400, `${cars} arrivals in four weeks`);
      assert.ok(month.arrivalsHeatmap.filter((c) => c.arrivals > 0).length > 150);
      assert.ok(month.revenue.some((r) => r.tender === 'card' && r.takenMinor > 0));
      assert.ok(month.fuel.length > 0, 'fuel by grade');
      assert.ok(month.bookings.length > 0, 'bookings against walk-ins');
      assert.ok(month.dwell.some((d) => d.stays > 0));
      assert.ok(month.occupancy.points.length > 0);
      const year = await chartsOf(h, 365);
      assert.ok(arrivals(year) > 10 * cars, 'a year of it');

      // Not the site's history: the journal holds no generated stay.
      const opened = await h.call('journal:list', { type: 'session.opened', limit: 5 });
      assert.equal(opened.length, 0);

      await h.stop();
      h = await startHarness({}, { demoCharts: true, dataDir });
      await h.signIn('manager');
      const again = await chartsOf(h, 28);
      assert.deepEqual(again.demo, month.demo, 'the same year');
      assert.equal(arrivals(again), cars, 'a restart adds nothing');
    } finally {
      await h.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('raise no arrival anomaly over the generated year, only over the station’s own hours', async () => {
    const h = await startHarness({ exceptions: { anomalyCheckSeconds: 1 } }, { demoCharts: true });
    try {
      await h.signIn('manager');
      const demo = (await chartsOf(h, 1)).demo!;
      // The demo's lane reads nothing for five hours after the year (its last twelve are quiet).
      h.clock.now = demo.to + 5 * 3_600_000;
      const deadline = Date.now() + 60_000;
      let found: Awaited<ReturnType<typeof anomaliesOf>> = [];
      while (found.length === 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 250));
        found = await anomaliesOf(h);
      }
      // One run, from the station's first hour: none over the generated hours before it.
      assert.deepEqual(
        found.map((x) => ({ at: x.at, side: x.detail.side, actual: x.detail.actual })),
        [{ at: demo.to, side: 'low', actual: 0 }],
      );
    } finally {
      await h.stop();
    }
  });

  it('are not at a station without the demo charts', async () => {
    const h = await startHarness();
    try {
      await h.signIn('manager');
      const month = await chartsOf(h, 28);
      assert.equal(month.demo, null);
      assert.equal(arrivals(month), 0);
    } finally {
      await h.stop();
    }
  });
});
