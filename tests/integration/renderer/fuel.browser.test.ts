/**
 * The forecourt at the booth, in Debian Chromium against the headless host (issue 10's end to
 * end): the pump lane's camera reads the plate (the bundled frames of one car), the delivery
 * runs in the simulated pump controller on a socat pty pair, the sale attaches to the member
 * the reference server sent, the cashier takes a split for it on the Fuel screen (F8) by
 * keyboard (cash, the rest on the simulated card terminal, on its own socat pty pair), the
 * points and balance show and the decoded receipt carries litres, points, balance and both
 * tenders; the member takes a catalogue product for points in the panel beside the sale; a
 * coupon is redeemed once there and a second attempt is refused; a sale paid in the operator's
 * app settles without the cashier ("Paid in app"); and with the operator's server gone,
 * redemption is refused with the reason. At 1280x800 the payment form is in sight and a card
 * pays a sale by touch.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { startBrowserBooth, type BrowserBooth } from '../../support/browser';
import { assertInSight, assertNoSidewaysScroll } from '../../support/in-sight';
import { singleCarResources } from '../../support/sample-lanes';
import { demoPin, type Harness } from '../../support/station-harness';
import {
  startHarness as startServer,
  type Harness as Server,
} from '../reference-server/support/harness';
import { putAna } from '../sync/support/members';
import { startSyncedStation } from '../sync/support/synced-station';
import { testForecourt } from '../../support/forecourt';

const forecourt = testForecourt({ pumps: 2, camera: true });

describe('fuel sales at the booth in the browser', { timeout: 180_000 }, () => {
  let server: Server;
  let serverUp = false;
  let h: Harness;
  let stationId: string;
  let booth: BrowserBooth;
  let resourcesDir: string;

  before(async () => {
    server = await startServer('sqlite');
    serverUp = true;
    resourcesDir = singleCarResources('BR07AAC');
    ({ h, stationId } = await startSyncedStation(
      server,
      {
        forecourt,
        plateReader: { kind: 'sample-labels', labelsCsv: 'sample-lanes/labels.csv' },
        loyalty: { catalogue: [{ sku: 'coffee', name: 'Coffee', points: 3, stock: 5 }] },
        cardTerminal: { kind: 'simulated' },
      },
      { resourcesDir },
    ));
    await putAna(server, stationId, { plate: 'BR07AAC', label: 'Grey Skoda Octavia' });
    await h.signIn('cashier', 'other-booth');
    assert.equal((await h.call('sync:now', {}, 'other-booth')).state, 'online');
    // Bounded wait for the station's own start-up (the controller and the lane's camera).
    const deadline = Date.now() + 20_000;
    for (;;) {
      const devices = (await h.call('station:status', {}, 'other-booth')).devices;
      const up = ['camera-pumps-a', 'pump-controller'].every(
        (id) => devices.find((d) => d.id === id)?.health === 'ok',
      );
      if (up) break;
      if (Date.now() > deadline) throw new Error('the forecourt never came up');
      await new Promise((r) => setTimeout(r, 50));
    }
    booth = await startBrowserBooth(h.station);
  });
  after(async () => {
    await booth?.close();
    await h?.stop();
    if (serverUp) await server?.close();
    if (resourcesDir) rmSync(resourcesDir, { recursive: true, force: true });
  });

  async function open(viewport: { width: number; height: number }): Promise<Page> {
    const page = await booth.open(viewport);
    // A step that never comes fails with what it waited for, well inside the test's limit.
    page.setDefaultTimeout(30_000);
    await page.getByLabel('Operator name').fill('cashier');
    await page.getByLabel('PIN', { exact: true }).fill(demoPin('cashier'));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('lane-entry-1').waitFor();
    return page;
  }

  it('reads, delivers, attaches, takes a split, earns, redeems, settles in the app, refuses offline', async () => {
    const simulator = h.station.devices.simulated!.pumpControllerSimulator!;
    const page = await open({ width: 1366, height: 768 });
    await page.keyboard.press('F8');
    await page.getByRole('heading', { name: 'Fuel sales' }).waitFor();

    // 1-3: the nozzle is lifted, the camera reads the plate, the delivery ends, the sale is
    // the member's.
    simulator.liftNozzle(1, 1, { hangUpAtMl: 5_000 });
    const row = page.getByTestId('fuel-sale-1');
    await row.filter({ hasText: 'Ana Popescu' }).waitFor();
    const rowText = await row.innerText();
    for (const part of ['Pump 1', 'Benzina 95', '5,00 l', '33,95 lei', 'BR07AAC', 'Due']) {
      assert.ok(rowText.includes(part), `the row says "${part}": ${rowText}`);
    }

    // 4-5: the cashier picks it and takes a split by keyboard: 20 lei in cash, the rest
    // (13,95 lei) on the simulated card terminal; points and balance show.
    await row.focus();
    await page.keyboard.press('Enter');
    const cash = page.getByLabel('Cash tendered');
    await cash.waitFor();
    await cash.fill('20');
    // The member panel beside the sale finds her by its plate (one touch): no points yet.
    const panel = page.getByRole('region', { name: 'Loyalty member' });
    await panel.getByRole('button', { name: 'Find member' }).click();
    await panel.getByText('Balance: 0 points').waitFor();
    // The printer decodes the receipt when it prints it: listen before it can.
    const printed = h.nextReceipt();
    const restByCard = page.getByRole('button', { name: 'Rest by card' });
    await restByCard.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Pump 1 paid' }).waitFor();
    assert.equal(
      await page.getByTestId('fuel-paid-how').innerText(),
      'Paid 33,95 lei in cash and by card (card 13,95 lei)',
    );
    const points = await page.getByTestId('fuel-points').innerText();
    assert.equal(points, 'Ana Popescu earned 5 points. Balance: 5 points.');
    const receipt = (await printed).textLines.join('\n');
    for (const line of ['5,00 l x 6,789 lei/l', 'Points earned: 5', 'Points balance: 5']) {
      assert.ok(receipt.includes(line), `the receipt says "${line}":\n${receipt}`);
    }
    assert.match(receipt, /^Cash\s+20,00 lei$/m, receipt);
    assert.match(receipt, /^Card VISA [^\n]*\s+13,95 lei$/m, receipt);

    // 6: the earning consumer credits the points within a second or so of the payment, and
    // the panel follows by itself (loyalty:changed); the member redeems points there.
    await panel.getByText(/Ana Popescu/).waitFor();
    await panel.getByText('Balance: 5 points').waitFor();
    // A product from the catalogue, one touch: its points spent, one fewer in stock, and the
    // customer's slip printed.
    const slip = h.nextReceipt();
    await panel.getByRole('button', { name: 'Coffee: 3 points, 5 left' }).click();
    const slipText = (await slip).textLines.join('\n');
    assert.match(slipText, /^Coffee\s+3 points$/m, slipText);
    assert.ok(slipText.includes('Points balance: 2'), slipText);
    await panel.getByText('Balance: 2 points').waitFor();
    await panel.getByRole('button', { name: 'Coffee: 3 points, 4 left' }).waitFor();

    // 7: a coupon the operator issued is redeemed once; the second attempt is refused.
    const issued = await server.admin.post('/admin/coupons', {
      description: 'Free car wash',
      validForMs: 10 * 60_000,
    });
    assert.equal(issued.status, 200, JSON.stringify(issued.data));
    const code = issued.data.code as string;
    await panel.getByLabel('Coupon code').fill(code);
    await panel.getByRole('button', { name: 'Redeem coupon' }).click();
    await panel.getByText(`Coupon ${code} redeemed: Free car wash`).waitFor();
    await panel.getByLabel('Coupon code').fill(code);
    await panel.getByRole('button', { name: 'Redeem coupon' }).click();
    await panel.getByText(`Coupon ${code} was redeemed already.`).waitFor();

    // 8: paid in the operator's app: the sale settles without the cashier.
    server.server.clock.offsetMs = h.clock.now - Date.now();
    const res = await server.admin.post('/admin/app-payments', {
      stations: [stationId],
      plate: 'BR07AAC',
      purpose: 'fuel',
      amountMinor: 10_000,
      currency: 'RON',
      validForMs: 5 * 60_000,
    });
    assert.equal(res.status, 200, JSON.stringify(res.data));
    assert.equal((await h.call('sync:now', {}, 'other-booth')).state, 'online');
    simulator.liftNozzle(2, 1, { hangUpAtMl: 2_000 });
    await page.getByTestId('fuel-sale-2').filter({ hasText: 'Paid in app' }).waitFor();
    assert.equal(await page.getByTestId('fuel-sale-2').isDisabled(), true, 'nothing to take');
    // It earned her 2 points (2 litres), and the panel follows by itself.
    await panel.getByText('Balance: 4 points').waitFor();

    // 9: the operator's server goes away; redemption is refused with the reason.
    await server.close();
    serverUp = false;
    assert.equal((await h.call('sync:now', {}, 'other-booth')).state, 'offline');
    await panel.getByLabel('Points to redeem').fill('1');
    await panel.getByLabel('Redeemed for').fill('Coffee');
    await panel.getByRole('button', { name: 'Redeem', exact: true }).click();
    await panel.getByText(/can't be redeemed while the station is offline/).waitFor();
    await panel.getByText('Balance: 4 points').waitFor();
    await page.context().close();
  });

  it('at 1280x800 the due sale and its payment form are in sight, and a card pays it by touch', async () => {
    const simulator = h.station.devices.simulated!.pumpControllerSimulator!;
    const page = await open({ width: 1280, height: 800 });
    await page.getByRole('navigation').getByRole('button', { name: /^Fuel/ }).click();
    simulator.liftNozzle(1, 1, { hangUpAtMl: 1_000 });
    const row = page.getByTestId('fuel-sale-1').filter({ hasText: 'Due' });
    await row.waitFor();
    await row.click();
    const take = page.getByRole('button', { name: 'Take payment' });
    await take.waitFor();
    await assertInSight(page, row, 'the due sale');
    await assertInSight(page, page.getByLabel('Cash tendered'), 'Cash tendered');
    await assertInSight(page, take, 'Take payment');
    const card = page.getByRole('button', { name: 'Card', exact: true });
    await assertInSight(page, card, 'Card');
    await assertNoSidewaysScroll(page);

    // All on the card, by touch.
    await card.click();
    await page.getByRole('heading', { name: 'Pump 1 paid' }).waitFor();
    assert.equal(
      await page.getByTestId('fuel-paid-how').innerText(),
      'Paid 6,79 lei by card (card 6,79 lei)',
    );
    await page.context().close();
  });
});
