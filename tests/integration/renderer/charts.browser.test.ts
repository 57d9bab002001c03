/**
 * The manager's demand charts in Debian Chromium against the headless host: a station whose
 * journal already holds eight weeks of the demo site's generated arrivals, five weeks of fuel
 * sales and a fortnight of payments, fuel and bookings (appended through a real journal with
 * the station's own key before it starts). The charts render with data, export CSV and PNG,
 * follow the zone filter, and the forecast panel, once trained in its worker, states its WAPE
 * and interval coverage beside the baseline's (for arrivals, then for fuel sales picked in the
 * same panel), and marks the hours over a cashier load that another console then finds set
 * (the station keeps it). At 1280x800 by touch the controls are all on screen; the Schedule has
 * its nav item, and F7 is in the shortcut help.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { FileSecretStore } from '../../../src-main/app/file-secret-store';
import { stationId } from '../../../src-main/app/station-id';
import { openDatabase } from '../../../src-main/db/database';
import { Journal } from '../../../src-main/journal/journal';
import { journalKey } from '../../../src-main/journal/journal-key';
import { startBrowserBooth, type BrowserBooth } from '../../support/browser';
import { cityArrivals } from '../../support/demand-history';
import { demandStream } from '../../../src-main/demo/demand-stream';
import { demoPin, startHarness, type Harness } from '../../support/station-harness';

const NOW = Date.parse('2026-11-20T09:00:00Z');

/** History written before the station starts, in the journal it will open and verify. */
function seedHistory(dataDir: string): void {
  const db = openDatabase(join(dataDir, 'station.db'));
  try {
    const key = journalKey(new FileSecretStore(join(dataDir, 'secrets.json')));
    const journal = new Journal(db, key, stationId(db));
    const arrivals = cityArrivals({
      seed: 8,
      from: '2026-09-25',
      weeks: 8,
      zoneId: 'main',
      scale: 0.05,
    });
    const recent = [
      ...demandStream({
        seed: 9,
        from: NOW - 14 * 86_400_000,
        hours: 14 * 24 - 12,
        arrivalsPerHour: 0.6,
        zones: ['main'],
        fuelSalesPerHour: 1,
        bookingsPerDay: 6,
      }),
    ];
    // Five weeks of the forecourt's sales before it: enough for their own forecast.
    const fuel = [
      ...demandStream({
        seed: 10,
        from: NOW - 49 * 86_400_000,
        hours: 35 * 24,
        arrivalsPerHour: 0,
        zones: [],
        fuelSalesPerHour: 3,
      }),
    ].filter((e) => e.draft.type === 'fuelSale.recorded');
    const all = [...arrivals, ...fuel, ...recent]
      .filter((e) => e.at < NOW)
      .sort((a, b) => a.at - b.at);
    db.transaction(() => all.forEach((e) => journal.append(e.draft, e.at)))();
  } finally {
    db.close();
  }
}

describe('demand charts in the browser', { timeout: 240_000 }, () => {
  let dataDir: string;
  let h: Harness;
  let booth: BrowserBooth;
  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'charts-browser-'));
    seedHistory(dataDir);
    h = await startHarness({}, { dataDir });
    booth = await startBrowserBooth(h.station);
  });
  after(async () => {
    await booth?.close();
    await h?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function signIn(page: Page, role: 'manager' | 'cashier') {
    await page.getByLabel('Operator name').fill(role);
    await page.getByLabel('PIN', { exact: true }).fill(demoPin(role));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('operator').waitFor();
  }

  it('renders every chart with data, exports it, and states the forecast error beside the baseline', async () => {
    const page = await booth.open({ width: 1366, height: 768 });
    await signIn(page, 'manager');
    await page.getByRole('navigation').getByRole('button', { name: 'Charts' }).click();
    await page.getByRole('heading', { name: 'Demand charts' }).waitFor();
    // The range covers the seeded fortnight (the machine's date is after the station's).
    await page.getByLabel('From').fill('2026-11-06');
    await page.getByLabel('To').fill('2026-11-20');
    await page.getByRole('button', { name: 'Show', exact: true }).click();

    const chart = (id: string) => page.getByTestId(`chart-${id}`);
    await chart('occupancy').locator('.recharts-line-curve').first().waitFor();
    await chart('arrivals-heatmap').locator('svg[data-chart] rect').first().waitFor();
    for (const id of ['revenue', 'fuel', 'bookings', 'dwell']) {
      await chart(id).locator('.recharts-bar-rectangle').first().waitFor();
    }
    await chart('no-show-rate').locator('.recharts-line-curve').waitFor();
    assert.equal(await chart('arrivals-heatmap').locator('rect').count(), 168);
    assert.equal(await page.getByText('Nothing recorded in this range.').count(), 0);

    // CSV from the series, PNG from the chart's SVG.
    const csv = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export Revenue by day and tender as CSV' }).click();
    const csvText = readFileSync((await (await csv).path())!, 'utf8');
    assert.match(csvText, /^date,tender,currency,takenMinor,reversedMinor,netMinor\r\n2026-11-/);
    assert.match(csvText, /,card,RON,/);
    const png = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export Dwell time as PNG' }).click();
    const pngFile = await png;
    assert.equal(pngFile.suggestedFilename(), 'dwell.png');
    const bytes = readFileSync((await pngFile.path())!);
    assert.deepEqual([...bytes.subarray(1, 4)], [...Buffer.from('PNG')]);
    assert.ok(bytes.length > 2000, `a drawn chart, ${bytes.length} bytes`);

    // The zone filter: the zone has no pumps, so no fuel.
    await page.getByLabel('Zone or pump').selectOption({ label: 'Zone main' });
    await chart('fuel').getByText('Nothing recorded in this range.').waitFor();
    await chart('occupancy').locator('.recharts-line-curve').first().waitFor();

    // The forecast trains in a worker, then shows its error next to the baseline's.
    const panel = page.getByTestId('forecast-panel');
    await panel.getByTestId('model-wape').waitFor({ timeout: 90_000 });
    const pct = async (id: string) =>
      Number((await panel.getByTestId(id).innerText()).replace(' %', ''));
    const model = await pct('model-wape');
    const baseline = await pct('baseline-wape');
    assert.ok(model > 0 && baseline > 0, `${model} / ${baseline}`);
    assert.ok(model < baseline, `the model (${model} %) beats the baseline (${baseline} %)`);
    assert.ok((await pct('model-coverage')) > 50);
    assert.equal(await panel.getByTestId('baseline-coverage').innerText(), 'no interval');
    await panel.getByText(/less error than the baseline/).waitFor();
    await panel.locator('.recharts-area').waitFor();

    // The same panel forecasts the forecourt's sales (every pump) with their own error.
    const forecastOf = panel.getByLabel('Forecast of');
    await forecastOf.selectOption({ label: 'Fuel sales' });
    await panel.getByTestId('model-wape').waitFor({ timeout: 90_000 });
    const fuelModel = await pct('model-wape');
    const fuelBaseline = await pct('baseline-wape');
    assert.ok(fuelModel > 0 && fuelBaseline > 0, `${fuelModel} / ${fuelBaseline}`);
    assert.ok(fuelModel !== model || fuelBaseline !== baseline, 'not the arrivals figures');
    await forecastOf.selectOption({ label: 'Arrivals' });
    await panel.getByTestId('model-wape').waitFor({ timeout: 90_000 });

    // A cashier load of 1 an hour marks the hours one cashier can't serve.
    await panel.getByLabel('Cars one cashier serves an hour').fill('1');
    await panel.getByRole('button', { name: 'Apply' }).click();
    await panel
      .getByTestId('forecast-marks')
      .getByText(/over the cashiers' load: [1-9]/)
      .waitFor();
    await page.context().close();

    // The limits are the station's: another console opening the panel marks by them too.
    const other = await booth.open({ width: 1366, height: 768 });
    await signIn(other, 'manager');
    await other.getByRole('navigation').getByRole('button', { name: 'Charts' }).click();
    const otherPanel = other.getByTestId('forecast-panel');
    await otherPanel
      .getByTestId('forecast-marks')
      .getByText(/over the cashiers' load: [1-9]/)
      .waitFor({ timeout: 90_000 });
    assert.equal(await otherPanel.getByLabel('Cars one cashier serves an hour').inputValue(), '1');
    assert.equal(await otherPanel.getByLabel('Capacity (cars an hour)').inputValue(), '');
    await other.context().close();
  });

  it('works by touch at 1280x800 with every control on screen, and shows the Schedule on F7', async () => {
    const page = await booth.open({ width: 1280, height: 800 });
    await signIn(page, 'manager');
    const nav = page.getByRole('navigation');
    await nav.getByRole('button', { name: 'Charts' }).tap();
    await page.getByRole('heading', { name: 'Demand charts' }).waitFor();
    await page.getByRole('button', { name: 'Last 7 days' }).tap();
    for (const control of [
      page.getByLabel('From'),
      page.getByLabel('To'),
      page.getByRole('button', { name: 'Last 365 days' }),
      page.getByLabel('Zone or pump'),
      nav.getByRole('button', { name: /^Schedule/ }),
    ]) {
      const box = (await control.boundingBox())!;
      assert.ok(box.x >= 0 && box.x + box.width <= 1280 && box.y >= 0 && box.y + box.height <= 800);
      assert.ok(box.height >= 44, 'touch size');
    }
    // Keyboard: the range form submits with Enter.
    await page.getByLabel('From').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('chart-occupancy').waitFor();

    await page.keyboard.press('F7');
    await page.getByRole('heading', { name: "Today's schedule" }).waitFor();
    // The scan box has the keys on this screen: the header's button opens the help.
    await page.locator('button[aria-keyshortcuts="?"]').click();
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help
      .getByRole('row', { name: /F7/ })
      .getByText("Today's schedule: bookings, check-in by QR code")
      .waitFor();
    await page.context().close();
  });

  it("keeps the charts a manager's: a cashier has no Charts item", async () => {
    const page = await booth.open({ width: 1366, height: 768 });
    await signIn(page, 'cashier');
    await page
      .getByRole('navigation')
      .getByRole('button', { name: /^Schedule/ })
      .waitFor();
    assert.equal(
      await page.getByRole('navigation').getByRole('button', { name: 'Charts' }).count(),
      0,
    );
    await page.context().close();
  });
});
