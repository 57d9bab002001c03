import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { CardTerminalSimulator } from '../../src-main/devices/terminal/card-terminal-simulator';
import { createLogger } from '../../src-main/platform/logger';
import { startHeadlessHost, type HeadlessHost } from '../../src-main/host/headless-host';
import { launchChromium } from '../support/browser';
import { demoPin, requestKey, startHarness, type Harness } from '../support/station-harness';

/** Polls an async check; a bounded wait for the station's own recovery, not a timing test. */
async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`never saw: ${what}`);
}

/**
 * A card refund at the booth, in Chromium against the headless host: the payment found by its
 * receipt says what may go back to the card, the refund dialog says the money goes back to the
 * card and that the customer presents it at the terminal, shows that the terminal is being asked
 * while it is, and lists the refund once the terminal (the simulator on a socat pty) approved it.
 */
describe('card refund in Chromium against the headless host', () => {
  let h: Harness;
  let host: HeadlessHost;
  let browser: Browser;
  let page: Page;
  let terminal: CardTerminalSimulator;
  let receiptNumber = '';
  let paidMinor = 0;
  const half = () => Math.floor(paidMinor / 2);

  before(async () => {
    h = await startHarness(
      {
        cardTerminal: { kind: 'simulated', replyTimeoutSeconds: 3, statusQueries: 1 },
        zones: [{ id: 'main', name: 'Main lot', capacity: 50, tariffId: 'test' }],
      },
      { realClock: true },
    );
    // The shift is the station's: opened here, the console signs in to it.
    await h.signIn('cashier');
    terminal = h.station.devices.simulated!.cardTerminalSimulator!;
    const entered = await h.call('lanes:manualRead', { laneId: 'entry-1', plate: 'CJ12REF' });
    const sessionId = entered.kind === 'entered' ? entered.sessionId : '';
    const quote = await h.call('sessions:quote', { sessionId });
    const paid = await h.call('payments:card', {
      sessionId,
      expectedDueMinor: quote.dueMinor,
      idempotencyKey: requestKey(),
    });
    receiptNumber = paid.payment.receiptNumber;
    paidMinor = paid.payment.amountMinor;
    assert.ok(paidMinor > 0);
    host = await startHeadlessHost({
      dispatcher: h.station.dispatcher,
      events: h.station.events,
      rendererDir: resolve('dist/renderer'),
      log: createLogger('e2e', true),
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    page.setDefaultTimeout(15_000);
    await page.goto(host.signOnUrl());
  });

  after(async () => {
    await browser?.close();
    await host?.close();
    await h?.stop();
  });

  it('a manager finds the card payment: it goes back to the card', async () => {
    await page.getByLabel('Operator name').fill('manager');
    await page.getByLabel('PIN').fill(demoPin('manager'));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('lane-entry-1').waitFor();
    await page.keyboard.press('F6');
    await page.getByLabel('Receipt no.').fill(receiptNumber);
    await page.getByRole('button', { name: 'Find', exact: true }).click();
    const found = page.getByTestId('found-payment');
    await found.filter({ hasText: /can go back to the card/ }).waitFor();
    assert.match(await found.innerText(), /Card: \d+,\d\d lei paid, \d+,\d\d lei can go back/);
  });

  const typed = (minor: number) => (minor / 100).toFixed(2).replace('.', ',');

  it('refunds half to the card, saying so and waiting for the terminal', async () => {
    // The customer takes a moment at the terminal: long enough to see the dialog waiting.
    terminal.script({ kind: 'approve', afterMs: 1500 });
    await page.getByRole('button', { name: 'Refund…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/Amount to give back/).fill(typed(half()));
    await dialog.filter({ hasText: /the customer presents the card at the terminal/ }).waitFor();
    await dialog.getByLabel('Reason').fill('customer complaint upheld');
    await dialog.getByRole('button', { name: 'Refund', exact: true }).click();
    await dialog
      .getByRole('status')
      .filter({ hasText: /Asking the card terminal/ })
      .waitFor();
    await page
      .getByTestId('found-payment')
      .filter({ hasText: /Refunded \d+,\d\d lei by manager: customer complaint upheld/ })
      .waitFor();
    assert.deepEqual(
      terminal.refunds.map((r) => r.amount),
      [half()],
      'the card credited once, with what was asked',
    );
  });

  it('a refund the terminal does not answer: the cashier is told not to repeat it, the payment waits', async () => {
    // Approved on the terminal after the station stopped waiting; its reply never comes.
    terminal.script({ kind: 'lose-reply', afterMs: 6000 });
    await page.getByRole('button', { name: 'Refund…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Reason').fill('the rest, complaint upheld');
    await dialog.getByRole('button', { name: 'Refund', exact: true }).click();
    await dialog.filter({ hasText: /has not said whether the card was credited/ }).waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    // The payment was asked for again: it waits for the station to settle the card refund.
    await page
      .getByTestId('found-payment')
      .filter({ hasText: /being checked with the terminal/ })
      .waitFor();
    assert.equal(await page.getByRole('button', { name: 'Refund…' }).isDisabled(), true);
    // The station asks the terminal on its own and books the approval, once.
    await until(
      async () => (await h.call('payments:byReceipt', { receiptNumber })).reversals.length === 2,
      'the recovered refund booked',
    );
    assert.deepEqual(
      terminal.refunds.map((r) => r.amount),
      [half(), paidMinor - half()],
    );
  });
});
