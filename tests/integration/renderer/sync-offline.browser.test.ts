import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { startBrowserBooth, type BrowserBooth } from '../../support/browser';
import { assertInSight, assertNoSidewaysScroll } from '../../support/in-sight';
import { freeLoopbackPort } from '../../support/ports';
import { demoPin, startHarness, type Harness } from '../../support/station-harness';

/**
 * A station whose operator's server can't be reached, in Debian Chromium against the headless
 * host (the built renderer in dist/renderer): a cashier sees the offline banner with the site's
 * policy on every screen and the sync chip on the status strip, and finds the Sync screen from
 * the nav by keyboard or by touch, with "Sync now" and everything on it in sight, at both booth
 * screen sizes.
 */
describe('sync offline in the browser', () => {
  let h: Harness;
  let booth: BrowserBooth;
  let serverUrl: string;

  before(async () => {
    serverUrl = `http://127.0.0.1:${await freeLoopbackPort()}`;
    h = await startHarness(
      {
        sync: {
          serverUrl,
          deviceSecret: 'test-device-secret-0123456789',
          offlinePolicy: 'exit-only',
          requestTimeoutSeconds: 2,
        },
      },
      // The banner counts the silence on the browser's clock: the station keeps the same time.
      { realClock: true },
    );
    booth = await startBrowserBooth(h.station);
  });

  after(async () => {
    await booth?.close();
    await h?.stop();
  });

  async function open(viewport: { width: number; height: number }): Promise<Page> {
    const page = await booth.open(viewport);
    await page.getByLabel('Operator name').fill('cashier');
    await page.getByLabel('PIN').fill(demoPin('cashier'));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('lane-entry-1').waitFor();
    return page;
  }

  const viewports = [
    { width: 1366, height: 768, by: 'keyboard' },
    { width: 1280, height: 800, by: 'touch' },
  ] as const;

  for (const { by, ...viewport } of viewports) {
    it(`${viewport.width}x${viewport.height}: shows the offline banner and the Sync screen, by ${by}`, async () => {
      const page = await open(viewport);

      const banner = page.getByTestId('offline-banner');
      await banner.waitFor();
      const text = await banner.innerText();
      assert.match(text, /^Offline: the operator's server has not answered/);
      assert.match(text, /Entries are closed until the connection is back\./);
      assert.match(text, /Loyalty redemption is unavailable offline\./);
      const live = page.getByRole('status').filter({ has: banner });
      assert.equal(await live.getAttribute('aria-live'), 'polite');
      await assertInSight(page, banner, 'the offline banner');
      await page
        .getByTestId('status-sync')
        .filter({ hasText: /^Sync offline/ })
        .waitFor();
      await assertNoSidewaysScroll(page);

      const navSync = page.getByRole('navigation').getByRole('button', { name: /^Sync/ });
      if (by === 'keyboard') {
        await navSync.focus();
        await page.keyboard.press('Enter');
      } else {
        await navSync.tap();
      }
      await page.getByRole('heading', { name: "Sync with the operator's server" }).waitFor();
      assert.equal(await page.getByTestId('sync-state').innerText(), 'Offline');
      await page.getByText(serverUrl, { exact: true }).waitFor();
      await page.getByText('Exit only: Entries are closed until the connection is back.').waitFor();
      await page
        .getByText('Nothing is held back: no aggregate was refused by the server.')
        .waitFor();
      // The sign-in is in the journal and has nowhere to go.
      assert.match(await page.getByTestId('sync-pending').innerText(), /^[1-9]\d*, the oldest/);
      await banner.waitFor(); // on this screen too

      const syncNow = page.getByRole('button', { name: 'Sync now' });
      const main = page.getByRole('main');
      await assertInSight(page, syncNow, '"Sync now"', main);
      if (by === 'keyboard') {
        await syncNow.focus();
        await page.keyboard.press('Enter');
      } else {
        await syncNow.tap();
      }
      // The round ends without an answer from the server: the screen says why.
      await syncNow.and(page.locator(':enabled')).waitFor();
      await page
        .locator('.sync-error')
        .filter({ hasText: /no answer/ })
        .waitFor();
      assert.equal(await page.getByTestId('sync-state').innerText(), 'Offline');
      await assertNoSidewaysScroll(page);

      await page
        .getByRole('navigation')
        .getByRole('button', { name: /^Lanes/ })
        .click();
      await page.getByTestId('lane-entry-1').waitFor();
      await banner.getByRole('button', { name: 'Sync details' }).waitFor();
      await page.context().close();
    });
  }
});
