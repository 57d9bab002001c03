import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { parseMoney } from '../../../src-shared';
import { startBrowserBooth, type BrowserBooth } from '../../support/browser';
import { assertInSight, assertNoSidewaysScroll } from '../../support/in-sight';
import { demoPin, requestKey, startHarness, type Harness } from '../../support/station-harness';

/**
 * A cashier's whole shift in Debian Chromium against the headless host (the built renderer in
 * dist/renderer): open the drawer with a counted float, take a cash payment, a safe drop, an X
 * report, and a blind count whose Z report reconciles to the cent; then a sale voided and a
 * short count, each approved by a manager at the cashier's console; card and split tenders; a fee
 * waived and a sale refunded with a manager's approval, and the paper running out mid-receipt:
 * the digital receipt on screen, then a COPY once the paper is back. By keyboard at 1366x768,
 * by touch at 1280x800.
 */
describe('the shift in the browser', () => {
  let h: Harness;
  let booth: BrowserBooth;

  before(async () => {
    h = await startHarness(
      {
        shifts: { varianceThresholdMinor: 500 },
        receipts: { digitalBaseUrl: 'https://receipts.example.com/site-1/' },
        // Room for every car of the shift (the harness's lot holds 5).
        zones: [{ id: 'main', name: 'Main lot', capacity: 20, tariffId: 'test' }],
      },
      { openShift: false },
    );
    await h.signIn('cashier', 'other-booth'); // the lanes' side of the test
    booth = await startBrowserBooth(h.station);
  });

  after(async () => {
    await booth?.close();
    await h?.stop();
  });

  async function signedIn(viewport: { width: number; height: number }): Promise<Page> {
    const page = await booth.open(viewport);
    await page.getByLabel('Operator name').fill('cashier');
    await page.getByLabel('PIN').fill(demoPin('cashier'));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('lane-entry-1').waitFor();
    return page;
  }

  /** The amount a report or the screen shows, back in minor units. */
  async function minorIn(page: Page, testId: string): Promise<number> {
    const text = await page.getByTestId(testId).innerText();
    const minor = parseMoney(text.replace(/[^\d.,-]/g, '').replace('-', ''));
    assert.ok(minor !== null, `${testId}: ${text}`);
    return text.includes('-') ? -minor : minor;
  }

  it('1366x768, by keyboard: opens, sells, drops, reads X and closes with a Z to the cent', async () => {
    const page = await signedIn({ width: 1366, height: 768 });
    const main = page.getByRole('main');
    await page.keyboard.press('F6');
    const opening = page.getByRole('form', { name: 'Opening float' });
    await opening.waitFor();
    await opening.getByLabel('50,00 lei pieces').focus();
    await page.keyboard.type('2'); // 100 lei
    await page.keyboard.press('Tab');
    await page.keyboard.type('3'); // 3 × 10 lei: Tab reaches the next note down
    assert.equal(await page.getByTestId('count-total').innerText(), '130,00 lei');
    await assertInSight(
      page,
      opening.getByRole('button', { name: 'Open shift' }),
      'Open shift',
      main,
    );
    await page.keyboard.press('Enter');
    await page.getByTestId('shift-float').filter({ hasText: '130,00 lei' }).waitFor();

    // A car pays at the booth.
    const plate = 'SHIFTKB1';
    await h.call('lanes:manualRead', { laneId: 'entry-1', plate }, 'other-booth');
    h.clock.advanceMinutes(50);
    await page.keyboard.press('F2');
    await page.keyboard.type(plate);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: plate }).waitFor();
    await page.keyboard.press('F9');
    const panel = page.getByRole('region', { name: 'Cash payment' });
    await panel.waitFor();
    await page.keyboard.type('100');
    await page.keyboard.press('Enter');
    await panel.getByTestId('payment-result').waitFor();
    const [found] = await h.call('sessions:search', { query: plate, scope: 'all' }, 'other-booth');
    const paid = found!.session;
    await page.keyboard.press('Enter'); // Done

    // A safe drop, then an X report.
    await page.keyboard.press('F6');
    const move = page.getByRole('form', { name: 'Cash in or out' });
    await move.getByLabel('Amount').focus();
    await page.keyboard.type('50');
    await page.keyboard.press('Tab');
    await page.keyboard.type('BAG-17');
    await page.keyboard.press('Tab');
    await page.keyboard.type('evening safe drop');
    await page.keyboard.press('Enter');
    await move.getByText('Safe drop of 50,00 lei recorded.').waitFor();
    await page.getByRole('button', { name: 'X report' }).focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('report-X').waitFor();
    const expected = await minorIn(page, 'report-expected');
    assert.equal(expected, 13_000 + paid.paidMinor - 5_000, 'float + the sale − the drop');
    await assertInSight(page, page.getByTestId('report-expected'), 'the expected cash', main);
    await page.getByTestId('report-X').getByRole('button', { name: 'Done' }).focus();
    await page.keyboard.press('Enter');

    // The blind count: nothing says what the drawer should hold until it is in.
    await page.getByRole('button', { name: 'Count and close…' }).focus();
    await page.keyboard.press('Enter');
    const closing = page.getByRole('form', { name: 'Closing count' });
    await closing.waitFor();
    assert.equal(await page.getByTestId('report-expected').count(), 0, 'blind');
    await closing.getByLabel('0,01 lei pieces').focus();
    await page.keyboard.type(String(expected));
    await page.keyboard.press('Enter');
    const z = page.getByTestId('report-Z');
    await z.waitFor();
    assert.equal(await minorIn(page, 'report-counted'), expected);
    assert.equal(await minorIn(page, 'report-variance'), 0);
    await assertInSight(page, z.getByRole('button', { name: 'Done' }), 'Done under the Z', main);
    await assertNoSidewaysScroll(page);
    await z.getByRole('button', { name: 'Done' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('form', { name: 'Opening float' }).waitFor();
    await page.context().close();
  });

  it('1280x800, by touch: a short count waits for a manager, who accepts it at the console', async () => {
    const page = await signedIn({ width: 1280, height: 800 });
    const main = page.getByRole('main');
    await page
      .getByRole('navigation')
      .getByRole('button', { name: /^Shift/ })
      .tap();
    const opening = page.getByRole('form', { name: 'Opening float' });
    await opening.getByLabel('100,00 lei pieces').tap();
    await page.keyboard.type('2');
    await opening.getByRole('button', { name: 'Open shift' }).tap();
    await page.getByTestId('shift-float').filter({ hasText: '200,00 lei' }).waitFor();

    // A sale at the lanes' console, voided here with a manager's approval.
    const plate = 'SHIFTTC1';
    const entered = await h.call('lanes:manualRead', { laneId: 'entry-1', plate }, 'other-booth');
    const sessionId = entered.kind === 'entered' ? entered.sessionId : '';
    h.clock.advanceMinutes(45);
    const quote = await h.call('sessions:quote', { sessionId }, 'other-booth');
    const paid = await h.call(
      'payments:cash',
      {
        sessionId,
        tenderedMinor: quote.dueMinor,
        expectedDueMinor: quote.dueMinor,
        idempotencyKey: requestKey(),
      },
      'other-booth',
    );
    const finder = page.getByRole('form', { name: 'Find a receipt' });
    await finder.getByLabel('Receipt no.').tap();
    await page.keyboard.type(paid.payment.receiptNumber);
    await finder.getByRole('button', { name: 'Find' }).tap();
    const found = page.getByTestId('found-payment');
    await found.getByText(plate).waitFor();
    await found.getByRole('button', { name: 'Void…' }).tap();
    const voiding = page.getByRole('dialog', { name: `Void ${paid.payment.receiptNumber}` });
    await assertInSight(page, voiding, 'the void dialog');
    await voiding.getByLabel('Manager name').tap();
    await page.keyboard.type('manager');
    await voiding.getByLabel('Manager PIN').tap();
    await page.keyboard.type(demoPin('manager'));
    await voiding.getByLabel('Reason').tap();
    await page.keyboard.type('charged the wrong car');
    await voiding.getByRole('button', { name: 'Void sale' }).tap();
    await found.getByText(/^Voided .* by manager: charged the wrong car$/).waitFor();
    assert.equal((await h.call('sessions:get', { sessionId }, 'other-booth')).state, 'open');

    await page.getByRole('button', { name: 'Count and close…' }).tap();
    const closing = page.getByRole('form', { name: 'Closing count' });
    await closing.getByLabel('100,00 lei pieces').tap();
    await page.keyboard.type('1'); // 100 lei short
    await assertInSight(
      page,
      closing.getByRole('button', { name: 'Submit count and close' }),
      'submit',
      main,
    );
    await closing.getByRole('button', { name: 'Submit count and close' }).tap();
    assert.equal(await minorIn(page, 'shift-variance'), -10_000);
    await page.getByRole('button', { name: 'Accept difference…' }).tap();
    const dialog = page.getByRole('dialog', { name: 'Accept the difference' });
    await assertInSight(page, dialog, 'the approval dialog');
    await dialog.getByLabel('Manager name').tap();
    await page.keyboard.type('manager');
    await dialog.getByLabel('Manager PIN').tap();
    await page.keyboard.type(demoPin('manager'));
    await dialog.getByLabel('Reason').tap();
    await page.keyboard.type('note handed to the safe early');
    await dialog.getByRole('button', { name: 'Accept and close' }).tap();
    const z = page.getByTestId('report-Z');
    await z.getByText('Difference accepted by manager: note handed to the safe early').waitFor();
    assert.equal(await minorIn(page, 'report-variance'), -10_000);
    await assertNoSidewaysScroll(page);
    await page.context().close();
  });

  it('1366x768: takes a card, then a split of cash and card, from the payment panel', async () => {
    await h.call('shifts:open', { count: [] }, 'other-booth');
    const page = await signedIn({ width: 1366, height: 768 });
    const pay = async (plate: string, cashText: string, button: string) => {
      await h.call('lanes:manualRead', { laneId: 'entry-1', plate }, 'other-booth');
      h.clock.advanceMinutes(70);
      await page.keyboard.press('F2');
      await page.getByLabel('Plate search').fill(plate);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: plate }).waitFor();
      await page.keyboard.press('F9');
      const panel = page.getByRole('region', { name: 'Cash payment' });
      await panel.getByLabel('Cash tendered').fill(cashText);
      await panel.getByRole('button', { name: button }).click();
      const result = panel.getByTestId('payment-result');
      await result.waitFor();
      const text = await result.innerText();
      await panel.getByRole('button', { name: 'Done' }).click();
      return text;
    };
    assert.match(await pay('CARDUI1', '', 'Card'), /by card/);
    assert.match(await pay('CARDUI2', '5', 'Rest by card'), /in cash and by card/);
    const x = await h.call('shifts:xReport', {}, 'other-booth');
    assert.equal(x.totals.byTender.card.count, 2);
    assert.equal(x.totals.byTender.cash.count, 1);
    assert.equal(x.totals.byTender.cash.amountMinor, 500, "the split's cash part");
    assert.equal(x.totals.sales.count, 2, 'two payments, three tender lines');
    await page.context().close();
  });

  it('1280x800, by touch: waives a fee, survives paper-out with a digital receipt and a COPY, refunds', async () => {
    if (!(await h.call('shifts:drawer', {}, 'other-booth')).shift) {
      await h.call('shifts:open', { count: [] }, 'other-booth');
    }
    const printer = h.station.devices.simulated!.printerSimulator;
    const printed: string[] = [];
    printer.onReceipt((r) => printed.push(r.textLines.join('\n')));
    const page = await signedIn({ width: 1280, height: 800 });
    const main = page.getByRole('main');
    const openPanel = async (plate: string) => {
      const entered = await h.call('lanes:manualRead', { laneId: 'entry-1', plate }, 'other-booth');
      assert.equal(entered.kind, 'entered', plate);
      h.clock.advanceMinutes(80);
      await page
        .getByRole('navigation')
        .getByRole('button', { name: /^Sessions/ })
        .tap();
      const search = page.getByLabel('Plate search');
      await search.tap();
      await search.fill(plate);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: plate }).waitFor();
      await page.getByRole('button', { name: /^Pay cash/ }).tap();
      return page.getByRole('region', { name: 'Cash payment' });
    };
    const approve = async (dialog: ReturnType<Page['getByRole']>, reason: string) => {
      await dialog.getByLabel('Manager name').tap();
      await page.keyboard.type('manager');
      await dialog.getByLabel('Manager PIN').tap();
      await page.keyboard.type(demoPin('manager'));
      await dialog.getByLabel('Reason').tap();
      await page.keyboard.type(reason);
    };

    // A fee waived: no charge, a manager's approval and a reason, a receipt all the same.
    const waivePanel = await openPanel('WAIVEUI1');
    await assertInSight(
      page,
      waivePanel.getByRole('button', { name: 'Waive fee…' }),
      'Waive',
      main,
    );
    await waivePanel.getByRole('button', { name: 'Waive fee…' }).tap();
    const waiving = page.getByRole('dialog', { name: 'Waive the fee for WAIVEUI1' });
    await assertInSight(page, waiving, 'the waiver dialog');
    await approve(waiving, 'barrier came down on the car');
    await waiving.getByRole('button', { name: 'Waive fee' }).tap();
    await waivePanel.getByTestId('payment-result').getByText('Fee waived').waitFor();
    await waivePanel.getByRole('button', { name: 'Done' }).tap();

    // The paper runs out halfway through the next receipt: the payment stands, the cashier
    // shows the receipt as a QR code for the phone, then prints a COPY once the paper is in.
    printer.failDuringNextJob('paperOut', 40);
    const paperPanel = await openPanel('PAPERUI1');
    await paperPanel.getByLabel('Cash tendered').tap();
    await page.keyboard.type('100');
    await paperPanel.getByRole('button', { name: 'Take payment' }).tap();
    const result = paperPanel.getByTestId('payment-result');
    await result.getByText(/^Receipt cut off \(.*may be incomplete/).waitFor();
    await result.getByRole('button', { name: 'Show digital receipt' }).tap();
    const digital = result.getByTestId('digital-receipt');
    await digital.getByText(/receipts\.example\.com\/site-1\/r\//).waitFor();
    await assertInSight(page, digital.getByRole('img'), 'the receipt QR code', main);
    printer.setState({ paperOut: false });
    await result.getByRole('button', { name: 'Reprint' }).tap();
    const reprinting = page.getByRole('dialog', { name: 'Reprint receipt' });
    await reprinting.getByLabel('Reason').tap();
    await page.keyboard.type('paper ran out mid-receipt');
    await reprinting.getByRole('button', { name: 'Reprint' }).tap();
    await result.getByText('Receipt printed').waitFor();
    const copy = printed.find((t) => t.includes('PAPERUI1') && t.includes('*** COPY ***'));
    assert.ok(copy, 'the COPY printed');
    const receiptNumber = (await result.getByTestId('receipt-number').innerText()).replace(
      /^Receipt no\.\s*/,
      '',
    );
    await paperPanel.getByRole('button', { name: 'Done' }).tap();

    // The customer comes back: part of that sale is refunded, with a manager's approval.
    await page
      .getByRole('navigation')
      .getByRole('button', { name: /^Shift/ })
      .tap();
    const finder = page.getByRole('form', { name: 'Find a receipt' });
    await finder.getByLabel('Receipt no.').tap();
    await page.keyboard.type(receiptNumber);
    await finder.getByRole('button', { name: 'Find' }).tap();
    const found = page.getByTestId('found-payment');
    await found.getByText('PAPERUI1').waitFor();
    await found.getByRole('button', { name: 'Refund…' }).tap();
    const refunding = page.getByRole('dialog', { name: `Refund ${receiptNumber}` });
    await refunding.getByLabel(/^Amount to give back/).fill('2');
    await approve(refunding, 'barrier slow to open');
    await refunding.getByRole('button', { name: 'Refund' }).tap();
    await found.getByText(/^Refunded .* by manager: barrier slow to open$/).waitFor();

    // The X report has all of it.
    await page.getByRole('button', { name: 'X report' }).tap();
    const xReport = page.getByTestId('report-X');
    await xReport.getByText('Fees waived (1)').waitFor();
    await xReport.getByText('Refunds (1)').waitFor();
    const x = await h.call('shifts:xReport', {}, 'other-booth');
    assert.equal(x.totals.waivers.count, 1);
    assert.equal(x.totals.refunds.amountMinor, 200);
    await assertNoSidewaysScroll(page);
    await page.context().close();
  });
});
