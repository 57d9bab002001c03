import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { startBrowserBooth, type BrowserBooth } from '../../support/browser';
import { demoPin, startHarness, type Harness } from '../../support/station-harness';

/**
 * The console's language in Debian Chromium against the headless host (the built renderer in
 * dist/renderer): a manager switches the station to Romanian under Settings; the lanes screen
 * speaks Romanian, and so does another console still at its sign-in screen, without a reload;
 * then back to English. English is the default, which every other browser test relies on.
 */
describe('the console language in the browser', () => {
  let h: Harness;
  let booth: BrowserBooth;
  before(async () => {
    h = await startHarness();
    booth = await startBrowserBooth(h.station);
  });
  after(async () => {
    await booth?.close();
    await h?.stop();
  });

  async function signIn(page: Page, role: 'manager' | 'cashier') {
    await page.getByLabel('Operator name').fill(role);
    await page.getByLabel('PIN', { exact: true }).fill(demoPin(role));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('operator').waitFor();
  }

  it('switches the lanes screen to Romanian and back, on every console', async () => {
    const page = await booth.open({ width: 1366, height: 768 });
    const other = await booth.open({ width: 1280, height: 800 });
    await other.getByRole('heading', { name: 'Sign in' }).waitFor();
    await signIn(page, 'manager');
    await page.getByRole('heading', { name: 'Live lanes' }).waitFor();

    const nav = page.getByRole('navigation');
    await nav.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('radio', { name: 'Română' }).check();
    await page.getByText('Consola este acum în limba română.').waitFor();
    assert.equal(await page.getByRole('radio', { name: 'Română' }).isChecked(), true);
    // Money and time as the demo site writes them, whatever the language.
    assert.match(await page.getByTestId('site-formats').innerText(), /1\.234,50 lei/);

    await page
      .getByRole('navigation', { name: 'Ecrane' })
      .getByRole('button', { name: /^Benzi/ })
      .click();
    await page.getByRole('heading', { name: 'Benzi în timp real' }).waitFor();
    const lane = page.getByTestId('lane-entry-1');
    await lane.getByRole('button', { name: 'Citește numărul' }).waitFor();
    await lane.getByRole('button', { name: 'Deschide bariera' }).waitFor();
    await lane.getByLabel('Număr introdus manual').waitFor();
    assert.equal(await lane.getByText('Intrare', { exact: true }).count(), 1);
    await page.getByRole('region', { name: 'Locuri libere' }).getByText('libere').waitFor();
    await page.getByRole('button', { name: 'Deconectare' }).waitFor();
    // The day's bookings speak Romanian too: their words go through the catalogue.
    await page.keyboard.press('F7');
    await page.getByRole('heading', { name: 'Programul de azi' }).waitFor();
    await page
      .getByRole('form', { name: 'Scanați codul QR al unei rezervări' })
      .getByRole('button', { name: 'Verifică codul' })
      .waitFor();
    // The console still at its sign-in screen heard the change.
    await other.getByRole('heading', { name: 'Autentificare' }).waitFor();
    await other.getByLabel('Nume operator').waitFor();

    await page.getByRole('navigation').getByRole('button', { name: 'Setări' }).click();
    await page.getByRole('radio', { name: 'English' }).check();
    await page.getByText('The console is in English now.').waitFor();
    await page
      .getByRole('navigation')
      .getByRole('button', { name: /^Lanes/ })
      .click();
    await page.getByRole('heading', { name: 'Live lanes' }).waitFor();
    await lane.getByRole('button', { name: 'Trigger read' }).waitFor();
    await other.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.context().close();
    await other.context().close();
  });
});
