import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { startBrowserBooth, type BrowserBooth } from '../../support/browser';
import { assertInSight, assertNoSidewaysScroll, assertTouchSized } from '../../support/in-sight';
import { demoPin, startHarness, type Harness } from '../../support/station-harness';

/** Booth screens the console must fit, each driven both by keyboard and by touch. */
const viewports = [
  { width: 1366, height: 768 },
  { width: 1280, height: 800 },
];

/** The page global this check reads in the browser (this project's test types have no DOM). */
type Page$ = { document: { activeElement: unknown } };

function hasFocus(what: Locator): Promise<boolean> {
  return what.evaluate((el) => el === (globalThis as unknown as Page$).document.activeElement);
}

/**
 * The one cash-tender form in both its flows, in Debian Chromium against the headless host
 * (the built renderer in dist/renderer): a parking payment by keyboard alone, a lost ticket by
 * touch alone, at each booth screen size, with nothing falling off the screen.
 */
describe('the cash-tender form at booth screen sizes, by keyboard and by touch', () => {
  let h: Harness;
  let booth: BrowserBooth;

  before(async () => {
    h = await startHarness();
    await h.signIn('cashier', 'other-booth');
    booth = await startBrowserBooth(h.station);
  });

  after(async () => {
    await booth?.close();
    await h?.stop();
  });

  async function open(viewport: { width: number; height: number }): Promise<Page> {
    const page = await booth.open(viewport);
    return page;
  }

  for (const viewport of viewports) {
    const size = `${viewport.width}x${viewport.height}`;

    it(`${size}: signs in, finds a car and takes its cash with the keyboard alone`, async () => {
      const plate = `KB${viewport.width}`;
      await h.call('lanes:manualRead', { laneId: 'entry-1', plate }, 'other-booth');
      h.clock.advanceMinutes(40);
      const page = await open(viewport);

      await page.getByLabel('Operator name').focus();
      await page.keyboard.type('cashier');
      await page.keyboard.press('Tab');
      await page.keyboard.type(demoPin('cashier'));
      await page.keyboard.press('Enter');
      await page.getByTestId('lane-entry-1').waitFor();

      // A car park has no pumps: once the devices are known, no Fuel screen is offered, and
      // F8 goes nowhere (the lanes stay).
      await page.getByTestId('status-healthy').waitFor();
      const nav = page.getByRole('navigation');
      await nav.getByRole('button', { name: /^Sessions/ }).waitFor();
      assert.equal(await nav.getByRole('button', { name: /^Fuel/ }).count(), 0);
      await page.keyboard.press('F8');
      assert.equal(await page.getByRole('heading', { name: 'Fuel sales' }).count(), 0);
      await page.getByTestId('lane-entry-1').waitFor();

      await page.keyboard.press('F2');
      await page.keyboard.type(plate);
      await page.keyboard.press('Enter'); // an exact hit is opened at once
      await page.getByRole('heading', { name: plate }).waitFor();
      await page.keyboard.press('F9');
      const panel = page.getByRole('region', { name: 'Cash payment' });
      await panel.waitFor();
      assert.ok(await hasFocus(panel.getByLabel('Cash tendered')), 'the amount has the focus');
      await assertTouchSized(panel, ['Exact', 'Cancel', 'Take payment']);
      await page.keyboard.type('100');
      await panel.getByText(/^Change: /).waitFor();
      const main = page.getByRole('main');
      await assertInSight(page, panel, 'the whole cash panel, change and buttons', main);
      await assertNoSidewaysScroll(page);
      await page.keyboard.press('Enter');
      await panel.getByTestId('payment-result').filter({ hasText: 'Receipt printed' }).waitFor();
      await assertInSight(page, panel, 'the payment result', main);
      await assertNoSidewaysScroll(page);
      await page.keyboard.press('Enter'); // "Done" has the focus
      await panel.waitFor({ state: 'detached' });
      assert.ok(await hasFocus(page.getByLabel('Plate search')), 'back in the plate search');
      await page.context().close();
    });

    it(`${size}: charges a lost ticket by touch alone`, async () => {
      const plate = `LT${viewport.width}`;
      const page = await open(viewport);
      await page.getByLabel('Operator name').tap();
      await page.getByLabel('Operator name').fill('cashier');
      await page.getByLabel('PIN').tap();
      await page.getByLabel('PIN').fill(demoPin('cashier'));
      await page.getByRole('button', { name: 'Sign in' }).tap();
      await page.getByTestId('lane-exit-1').waitFor();

      await h.call('lanes:manualRead', { laneId: 'exit-1', plate }, 'other-booth');
      await page.getByRole('button', { name: /^Alerts/ }).tap();
      const card = page.locator('[data-testid^="alert-"]').filter({ hasText: plate });
      await card.getByRole('button', { name: 'Charge lost ticket' }).tap();
      const dialog = page.getByRole('dialog', { name: `Charge lost ticket: ${plate}` });
      await assertInSight(page, dialog, 'the lost-ticket dialog');
      await assertTouchSized(dialog, ['Exact', 'Cancel', 'Take payment']);
      await assertNoSidewaysScroll(page);

      await dialog.getByRole('button', { name: 'Take payment' }).tap();
      await dialog.getByText(/^Enter the cash tendered/).waitFor();
      await dialog.getByRole('button', { name: 'Exact' }).tap();
      await dialog.getByText('Change: 0,00', { exact: false }).waitFor();
      await assertInSight(page, dialog, 'the lost-ticket dialog with its change');
      await dialog.getByRole('button', { name: 'Take payment' }).tap();
      await page.getByText('Lost ticket charged').waitFor();
      await page.getByRole('button', { name: 'Done' }).tap();
      await page.getByText('Lost ticket charged').waitFor({ state: 'detached' });
      await page.context().close();
    });
  }
});
