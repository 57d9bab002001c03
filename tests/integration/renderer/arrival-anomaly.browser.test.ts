/**
 * Issue 11, end to end in Debian Chromium: an entry lane that stops reading raises an arrival
 * anomaly the manager sees under Exceptions, naming the zone's entry lane and the hour it began.
 *
 * The station's journal holds ten weeks of the demo site's generated stays (a tenth of the city
 * car park, appended with the station's own key before it starts), so its forecast has history
 * to train on in its worker. On the station's own clock (the harness's; nothing waits for wall
 * time) the site's next two hours of generated arrivals come in through entry-1 as reads, then
 * the lane reads nothing while the clock moves on five hours. The alarm runs on its timer
 * (`exceptions.anomalyCheckSeconds`, 1 s here) against that clock: the hours the lane worked
 * raise nothing, the dead hours from the first one on are one anomaly. The gate opened without a
 * transaction, the step's other half, is exceptions.browser.test.ts.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FileSecretStore } from '../../../src-main/app/file-secret-store';
import { stationId } from '../../../src-main/app/station-id';
import { openDatabase } from '../../../src-main/db/database';
import { Journal } from '../../../src-main/journal/journal';
import { journalKey } from '../../../src-main/journal/journal-key';
import { signInAt, startBrowserBooth, type BrowserBooth } from '../../support/browser';
import { cityStays } from '../../support/demand-history';
import { assertInSight } from '../../support/in-sight';
import { demoPin, startHarness, type Harness } from '../../support/station-harness';

const HOUR = 3_600_000;
/** The harness clock's start: Friday 20 November 2026, 11:00 in Bucharest. */
const NOW = Date.parse('2026-11-20T09:00:00Z');
/** The entry lane reads its last car before 13:00 local. */
const LANE_STOPS = NOW + 2 * HOUR;
/** The clock at the end: five whole hours without a read (18:00 local). */
const END = LANE_STOPS + 5 * HOUR;

const site = cityStays({ seed: 11, from: '2026-09-18', weeks: 10, zoneId: 'main', scale: 0.1 });

/** The history before the clock's start, in the journal the station will open and verify. */
function seedHistory(dataDir: string): void {
  const db = openDatabase(join(dataDir, 'station.db'));
  try {
    const key = journalKey(new FileSecretStore(join(dataDir, 'secrets.json')));
    const journal = new Journal(db, key, stationId(db));
    const before = site.filter((e) => e.at < NOW);
    db.transaction(() => before.forEach((e) => journal.append(e.draft, e.at)))();
  } finally {
    db.close();
  }
}

describe('an entry lane that stops reading, in the browser', { timeout: 240_000 }, () => {
  let dataDir: string;
  let h: Harness;
  let booth: BrowserBooth;
  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'anomaly-browser-'));
    seedHistory(dataDir);
    h = await startHarness(
      {
        zones: [{ id: 'main', name: 'Main lot', capacity: 500, tariffId: 'test' }],
        exceptions: { anomalyCheckSeconds: 1 },
      },
      { dataDir },
    );
    booth = await startBrowserBooth(h.station);
  });
  after(async () => {
    await booth?.close();
    await h?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('raises an anomaly naming the lane and the hour it stopped, and none while it read', async () => {
    await h.signIn('manager', 'office');
    await h.signIn('cashier', 'lane-booth');
    // The forecast the alarm holds the hours against, trained in its worker on the history.
    for (;;) {
      const f = await h.call('charts:forecast', { zoneId: 'main' }, 'office');
      if (f.status === 'ready') break;
      assert.equal(f.status, 'training', f.message ?? f.status);
      await new Promise((r) => setTimeout(r, 200));
    }
    // Two hours of the site's arrivals read at the entry lane, each at its own time.
    const working = site.filter(
      (e) => e.draft.type === 'session.opened' && e.at >= NOW && e.at < LANE_STOPS,
    );
    assert.ok(working.length >= 6, `only ${working.length} arrivals while the lane worked`);
    for (const [i, e] of working.entries()) {
      h.clock.now = e.at;
      const plate = `CJ${10 + i}ANM`;
      await h.call('lanes:manualRead', { laneId: 'entry-1', plate }, 'lane-booth');
    }
    // Then the lane reads nothing: the cars still come, and none is recorded.
    h.clock.now = END;

    const page = await booth.open({ width: 1366, height: 768 });
    await signInAt(page, 'manager', demoPin('manager'));
    await page.getByRole('navigation').getByRole('button', { name: 'Exceptions' }).click();
    await page.getByRole('heading', { name: 'Exceptions' }).waitFor();
    const row = page
      .getByTestId('exception-arrival-anomaly')
      .filter({ hasText: /main \(entry-1\): 0 arrivals in 5 h from .*\b13:00, \d+ expected/ });
    await row.waitFor();
    await assertInSight(page, row, 'the anomaly', page.locator('main'));
    assert.match(await row.innerText(), /#\d+/, 'linked to its journal event');

    // One alarm for today, from the first dead hour: the hours the lane read raised none.
    const today = (await h.call('exceptions:list', {}, 'office')).filter(
      (x) => x.kind === 'arrival-anomaly' && x.at >= NOW,
    );
    assert.deepEqual(
      today.map((x) => ({ at: x.at, lanes: x.detail.lanes, side: x.detail.side })),
      [{ at: LANE_STOPS, lanes: 'entry-1', side: 'low' }],
    );
    assert.equal(today[0]!.detail.actual, 0);
    assert.ok(Number(today[0]!.detail.expected) >= 20, `expected ${today[0]!.detail.expected}`);
    await page.context().close();
  });
});
