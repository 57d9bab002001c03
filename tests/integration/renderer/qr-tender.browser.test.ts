import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { startBrowserBooth, type BrowserBooth } from '../../support/browser';
import { assertInSight } from '../../support/in-sight';
import { demoPin, type Harness } from '../../support/station-harness';
import {
  startHarness as startServer,
  type Harness as Server,
} from '../reference-server/support/harness';
import { startSyncedStation } from '../sync/support/synced-station';

/**
 * The QR tender in Debian Chromium against the headless host, with the reference server on
 * 127.0.0.1 as the operator: the cashier shows the code from the payment panel, the code on the
 * screen is read back with zbarimg, a second browser (a phone-sized page, the customer) opens
 * that link in the operator's app and pays, and the booth shows the payment with its receipt
 * without the cashier doing anything more. Then a split (cash typed, the rest by QR) by touch
 * at 1280x800, and a code withdrawn by the cashier.
 */
describe('the QR tender in the browser', () => {
  let server: Server;
  let h: Harness;
  let booth: BrowserBooth;

  before(async () => {
    server = await startServer('sqlite');
    ({ h } = await startSyncedStation(server, {
      qrPayments: { validSeconds: 300, pollMilliseconds: 200 },
      zones: [{ id: 'main', name: 'Main lot', capacity: 20, tariffId: 'test' }],
    }));
    await h.signIn('cashier', 'other-booth'); // opens the drawer's shift; the lanes' side
    assert.equal((await h.call('sync:now', {}, 'other-booth')).state, 'online');
    // The operator's clock reads the station's test clock, as two clocks in sync would.
    await server.admin.put('/admin/clock', { offsetMs: h.clock.now - Date.now() });
    booth = await startBrowserBooth(h.station);
  });

  after(async () => {
    await booth?.close();
    await h?.stop();
    await server?.close();
  });

  async function signedIn(viewport: { width: number; height: number }): Promise<Page> {
    const page = await booth.open(viewport);
    await page.getByLabel('Operator name').fill('cashier');
    await page.getByLabel('PIN').fill(demoPin('cashier'));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('lane-entry-1').waitFor();
    return page;
  }

  /** A car that stayed 70 minutes, found at the booth with its payment panel open. */
  async function panelFor(page: Page, plate: string, touch: boolean): Promise<Locator> {
    await h.call('lanes:manualRead', { laneId: 'entry-1', plate }, 'other-booth');
    h.clock.advanceMinutes(70);
    await server.admin.put('/admin/clock', { offsetMs: h.clock.now - Date.now() });
    if (touch) {
      await page
        .getByRole('navigation')
        .getByRole('button', { name: /^Sessions/ })
        .tap();
      await page.getByLabel('Plate search').tap();
    } else await page.keyboard.press('F2');
    await page.getByLabel('Plate search').fill(plate);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: plate }).waitFor();
    if (touch) await page.getByRole('button', { name: /^Pay cash/ }).tap();
    else await page.keyboard.press('F9');
    const panel = page.getByRole('region', { name: 'Cash payment' });
    await panel.waitFor();
    return panel;
  }

  /** The link the code on the screen carries, read from its pixels with zbarimg. */
  async function linkInCode(dialog: Locator): Promise<string> {
    const src = (await dialog.getByRole('img').getAttribute('src')) ?? '';
    const dir = mkdtempSync(join(tmpdir(), 'qr-ui-'));
    try {
      const file = join(dir, 'code.png');
      writeFileSync(file, Buffer.from(src.replace(/^data:image\/png;base64,/, ''), 'base64'));
      const { stdout } = await promisify(execFile)('zbarimg', ['--raw', '-q', file]);
      return stdout.trim();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  /** The customer's phone: opens the link in the operator's app and taps Pay. */
  async function payOnPhone(link: string): Promise<void> {
    const phone = await booth.browser.newContext({
      viewport: { width: 390, height: 844 },
      hasTouch: true,
    });
    try {
      const page = await phone.newPage();
      await page.goto(link);
      await page.getByRole('button', { name: /^Pay / }).tap();
      await page.getByRole('status').filter({ hasText: 'Paid. Thank you!' }).waitFor();
    } finally {
      await phone.close();
    }
  }

  it('1366x768, by keyboard: shows the code, the phone pays, the booth books it', async () => {
    const page = await signedIn({ width: 1366, height: 768 });
    const panel = await panelFor(page, 'QRUI1', false);
    await panel.getByRole('button', { name: 'QR code' }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: /^Scan to pay/ });
    await dialog.getByRole('img').waitFor();
    await assertInSight(
      page,
      dialog.getByRole('button', { name: 'Withdraw the code' }),
      'Withdraw',
    );
    const link = await linkInCode(dialog);
    assert.ok(link.startsWith(`${server.url}/app/qr/`), link);
    await dialog.getByText("Waiting for the customer's app…").waitFor();

    await payOnPhone(link);
    const result = panel.getByTestId('payment-result');
    await result.waitFor();
    assert.match(await result.innerText(), /by QR in the app/);
    assert.match(await result.innerText(), /Receipt no\./);
    await dialog.waitFor({ state: 'detached' });
    await panel.getByRole('button', { name: 'Done' }).click();
    await page.context().close();
  });

  it('1280x800, by touch: a split of cash and QR, and a code withdrawn', async () => {
    const page = await signedIn({ width: 1280, height: 800 });
    let panel = await panelFor(page, 'QRUI2', true);
    await panel.getByLabel('Cash tendered').fill('5');
    await panel.getByRole('button', { name: 'Rest by QR' }).tap();
    let dialog = page.getByRole('dialog', { name: /^Scan to pay/ });
    await dialog.getByText(/Plus 5,00 lei in cash/).waitFor();
    await payOnPhone(await linkInCode(dialog));
    const result = panel.getByTestId('payment-result');
    await result.waitFor();
    assert.match(await result.innerText(), /in cash and by QR in the app/);
    await panel.getByRole('button', { name: 'Done' }).tap();

    panel = await panelFor(page, 'QRUI3', true);
    await panel.getByRole('button', { name: 'QR code' }).tap();
    dialog = page.getByRole('dialog', { name: /^Scan to pay/ });
    await dialog.getByRole('img').waitFor();
    const withdraw = dialog.getByRole('button', { name: 'Withdraw the code' });
    await assertInSight(page, withdraw, 'Withdraw');
    await withdraw.tap();
    await dialog.waitFor({ state: 'detached' });
    await panel.getByText('The QR code was withdrawn: nothing was charged.').waitFor();

    // The shift's X report counts the QR tender: the first sale and the split's QR part.
    const x = await h.call('shifts:xReport', {}, 'other-booth');
    assert.equal(x.totals.byTender.qr.count, 2);
    assert.equal(x.totals.byTender.cash.amountMinor, 500, "the split's cash part");
    await page.context().close();
  });
});
