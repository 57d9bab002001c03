import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createLogger } from '../../src-main/platform/logger';
import { startHeadlessHost, type HeadlessHost } from '../../src-main/host/headless-host';
import {
  startHarness as startServer,
  type Harness as Server,
} from '../integration/reference-server/support/harness';
import { startSyncedStation } from '../integration/sync/support/synced-station';
import { launchChromium } from '../support/browser';
import { singleCarResources } from '../support/sample-lanes';
import { demoPin, testTariff, type Harness } from '../support/station-harness';

/**
 * Paid from the phone, out through the barrier, in Chromium: the sample entry camera reads a
 * car in, the customer pays for it on the operator's side (the reference server's operator
 * page, in a second tab, as the operator's app would), the station pulls the payment, and the
 * exit read opens the gate with no cashier involved.
 */
describe('remote payment end to end in Chromium', () => {
  let server: Server;
  let h: Harness;
  let host: HeadlessHost;
  let browser: Browser;
  let booth: Page;
  const plate = 'BR07AAC';
  const resourcesDir = singleCarResources(plate);

  before(async () => {
    server = await startServer('sqlite', { autoDeliver: true });
    ({ h } = await startSyncedStation(
      server,
      // The flow is under test, not the gate: below the sample frames' calibrated scores.
      { sync: { intervalSeconds: 0.5 }, minReadConfidence: 0.4 },
      { realClock: true, resourcesDir },
    ));
    host = await startHeadlessHost({
      dispatcher: h.station.dispatcher,
      events: h.station.events,
      rendererDir: resolve('dist/renderer'),
      log: createLogger('e2e', true),
    });
    browser = await launchChromium();
    booth = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    booth.setDefaultTimeout(20_000);
    await booth.goto(host.signOnUrl());
  });

  after(async () => {
    await browser?.close();
    await host?.close();
    await h?.stop();
    await server?.close();
    rmSync(resourcesDir, { recursive: true, force: true });
  });

  it('reads the car in', async () => {
    await booth.getByLabel('Operator name').fill('cashier');
    await booth.getByLabel('PIN').fill(demoPin('cashier'));
    await booth.getByRole('button', { name: 'Sign in' }).click();
    const lane = booth.getByTestId('lane-entry-1');
    await lane.locator('img').first().waitFor();
    await lane.getByRole('button', { name: 'Trigger read' }).click();
    await booth.getByTestId('lane-entry-1-plate').filter({ hasText: plate }).waitFor();
  });

  it('takes the payment on the operator page, as the app would', async () => {
    const operator = await browser.newPage();
    await operator.goto(
      `${server.url}/operator?key=${encodeURIComponent(server.server.adminToken)}`,
    );
    // The page's pay form (it also has a booking form with a plate field of its own).
    const pay = operator.locator('form[action^="/operator/pay"]');
    await pay.locator('input[name="plate"]').fill(plate);
    await pay.locator('input[name="amount"]').fill('100.00');
    await pay.locator('input[name="currency"]').fill(testTariff.currency);
    await pay.getByRole('button', { name: 'Mark paid' }).click();
    await operator.waitForURL(/paid=/);
    await operator.close();
  });

  it('pulls it and lets the car out with the gate opening', async () => {
    // Sync runs on its own every half second; the cashier presses Sync now to be sure.
    await booth.getByRole('navigation').getByRole('button', { name: /^Sync/ }).click();
    await booth.getByRole('button', { name: 'Sync now' }).click();
    await booth.getByRole('button', { name: 'Sync now' }).and(booth.locator(':enabled')).waitFor();
    await booth
      .getByRole('navigation')
      .getByRole('button', { name: /^Lanes/ })
      .click();
    await booth.getByTestId('lane-exit-1').getByRole('button', { name: 'Trigger read' }).click();
    await booth
      .getByTestId('lane-exit-1-message')
      .filter({ hasText: new RegExp(`Paid in the app .*goodbye ${plate}`, 'i') })
      .waitFor();
    const gate = await h.station.devices.gates.get('exit-1')!.readState();
    assert.ok(gate.position !== null && gate.position > 0, `barrier is up (${gate.position})`);
  });
});
