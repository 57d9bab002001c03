import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createLogger } from '../../../src-main/platform/logger';
import { startHeadlessHost, type HeadlessHost } from '../../../src-main/host/headless-host';
import { launchChromium } from '../../support/browser';
import { demoPin, startHarness, type Harness } from '../../support/station-harness';

/**
 * The sign-in screens in Debian Chromium against the headless host (the built renderer in
 * dist/renderer): a first run names its manager; a temporary PIN must be changed first; a
 * locked console keeps the screen under the lock and opens with the same PIN, or lets another
 * operator in; a cashier's manager action takes a manager's name and PIN in its dialog.
 * The station's clock is the harness's, so the lock comes from moving it, not from waiting.
 */
async function serve(h: Harness): Promise<{ host: HeadlessHost; browser: Browser }> {
  const host = await startHeadlessHost({
    dispatcher: h.station.dispatcher,
    events: h.station.events,
    rendererDir: resolve('dist/renderer'),
    log: createLogger('renderer-test', true),
  });
  return { host, browser: await launchChromium() };
}

async function open(browser: Browser, host: HeadlessHost): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  page.setDefaultTimeout(15_000);
  await page.goto(host.url);
  return page;
}

async function signIn(page: Page, name: string, pin: string): Promise<void> {
  await page.getByLabel('Operator name').fill(name);
  await page.getByLabel('PIN', { exact: true }).fill(pin);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describe('a first run in the browser', () => {
  let h: Harness;
  let host: HeadlessHost;
  let browser: Browser;
  before(async () => {
    h = await startHarness({}, { demo: false });
    ({ host, browser } = await serve(h));
  });
  after(async () => {
    await browser?.close();
    await host?.close();
    await h?.stop();
  });

  it('asks for the first manager, then signs them in', async () => {
    const page = await open(browser, host);
    await page.getByRole('heading', { name: 'Set up this station' }).waitFor();
    await page.getByLabel('Manager name').fill('Ana');
    await page.getByLabel('New PIN', { exact: true }).fill('583920');
    await page.getByLabel('New PIN again').fill('583920');
    await page.getByRole('button', { name: 'Create manager and sign in' }).click();
    await page.getByTestId('operator').filter({ hasText: 'Ana' }).waitFor();
    await page.getByRole('button', { name: 'Operators' }).click();
    await page.getByTestId('operator-row-Ana').waitFor();
    await page.close();
  });
});

describe('sign-in screens in the browser', () => {
  let h: Harness;
  let host: HeadlessHost;
  let browser: Browser;
  before(async () => {
    h = await startHarness({ signIn: { idleLockMinutes: { cashier: 10, manager: 5 } } });
    ({ host, browser } = await serve(h));
  });
  after(async () => {
    await browser?.close();
    await host?.close();
    await h?.stop();
  });

  it('holds a temporary PIN at the change-PIN screen until it is changed', async () => {
    await h.signIn('manager', 'office');
    await h.call('operators:add', { name: 'Bo', role: 'cashier', pin: '731902' }, 'office');
    const page = await open(browser, host);
    await signIn(page, 'Bo', '731902');
    await page.getByRole('heading', { name: 'Choose a new PIN' }).waitFor();
    await page.getByLabel('Current PIN').fill('731902');
    await page.getByLabel('New PIN', { exact: true }).fill('264810');
    await page.getByLabel('New PIN again').fill('264810');
    await page.getByRole('button', { name: 'Change PIN' }).click();
    await page.getByTestId('lane-entry-1').waitFor();
    await page.close();
  });

  it('keeps the screen under the lock, and opens it with the same PIN', async () => {
    const page = await open(browser, host);
    await signIn(page, 'cashier', demoPin('cashier'));
    await page.getByTestId('lane-entry-1').waitFor();
    await page.keyboard.press('F2');
    const search = page.getByLabel('Plate search');
    await search.fill('B12');
    h.clock.advanceMinutes(11); // the station's idle clock: past the cashier's 10 minutes
    await search.fill('B123'); // the search it starts is refused: SESSION_LOCKED
    const lock = page.getByRole('dialog', { name: 'Console locked' });
    await lock.waitFor();
    assert.equal(await page.getByTestId('locked-operator').innerText(), 'cashier');

    await lock.getByLabel('PIN').fill(demoPin('manager'));
    await lock.getByRole('button', { name: 'Unlock' }).click();
    await lock.getByText('Wrong operator name or PIN.').waitFor();
    await lock.getByLabel('PIN').fill(demoPin('cashier'));
    await lock.getByRole('button', { name: 'Unlock' }).click();
    await lock.waitFor({ state: 'detached' });
    assert.equal(await search.inputValue(), 'B123', 'the cashier is where they left off');
    await page.close();
  });

  it('lets another operator sign in over a locked console', async () => {
    const page = await open(browser, host);
    await signIn(page, 'cashier', demoPin('cashier'));
    await page.getByTestId('lane-entry-1').waitFor();
    h.clock.advanceMinutes(11);
    await page.keyboard.press('F3'); // the lot loads: refused, locked
    const lock = page.getByRole('dialog', { name: 'Console locked' });
    await lock.getByRole('button', { name: 'Sign in as someone else' }).click();
    await lock.getByLabel('Operator name').fill('manager');
    await lock.getByLabel('PIN').fill(demoPin('manager'));
    await lock.getByRole('button', { name: 'Sign in' }).click();
    await lock.waitFor({ state: 'detached' });
    await page.getByTestId('operator').filter({ hasText: 'manager' }).waitFor();
    await page.close();
  });

  it("approves a cashier's manager action with the manager's name and PIN", async () => {
    await h.signIn('manager', 'office'); // its console locked while the clock moved
    await h.call('lanes:manualRead', { laneId: 'entry-1', plate: 'AP01RVL' }, 'office');
    const page = await open(browser, host);
    await signIn(page, 'cashier', demoPin('cashier'));
    await page.getByTestId('lane-entry-1').waitFor();
    await page.keyboard.press('F3');
    const row = page.locator('[data-testid^="lot-row-"]').filter({ hasText: 'AP01RVL' });
    await row.getByRole('button', { name: 'Mark paid' }).click();
    const dialog = page.getByRole('dialog', { name: 'Mark AP01RVL as paid' });
    await dialog.getByLabel('Reason').fill('paid at the office');
    await dialog.getByLabel('Manager name').fill('manager');
    await dialog.getByLabel('Manager PIN').fill(demoPin('manager'));
    await dialog.getByRole('button', { name: 'Mark paid' }).click();
    await dialog.waitFor({ state: 'detached' });

    await h.signIn('manager', 'office');
    const [approval] = await h.call(
      'journal:list',
      { type: 'operator.elevated', limit: 1 },
      'office',
    );
    assert.deepEqual(
      [approval?.actor, (approval?.payload as { attendant: string }).attendant],
      ['manager', 'cashier'],
    );
    await page.close();
  });
});
