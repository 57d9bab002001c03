import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createLogger } from '../../src-main/platform/logger';
import { startHeadlessHost, type HeadlessHost } from '../../src-main/host/headless-host';
import { launchChromium } from '../support/browser';
import { misread, singleCarResources } from '../support/sample-lanes';
import { demoPin, startHarness, testTariff, type Harness } from '../support/station-harness';

/**
 * The whole booth, end to end: the headless host serves the built renderer to Debian Chromium,
 * the sample entry camera reads a car in, the cashier finds it by a misread plate and pays cash,
 * the simulated printer decodes the receipt, and the exit read opens the gate.
 */
describe('booth flow in Chromium against the headless host', () => {
  let h: Harness;
  let host: HeadlessHost;
  let browser: Browser;
  let page: Page;
  const plate = 'BR07AAC';
  const resourcesDir = singleCarResources(plate);

  before(async () => {
    // The flow, not the gate threshold, is under test here: the sample frames' calibrated scores
    // run from about 0.5 up, so the gate is set below them (the shipped default is the
    // calibration's, at which most of these frames go to the cashier: low-confidence.test.ts).
    h = await startHarness({ minReadConfidence: 0.4 }, { realClock: true, resourcesDir });
    host = await startHeadlessHost({
      dispatcher: h.station.dispatcher,
      events: h.station.events,
      rendererDir: resolve('dist/renderer'),
      log: createLogger('e2e', true),
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(15_000);
    await page.goto(host.signOnUrl());
  });

  after(async () => {
    await browser?.close();
    await host?.close();
    await h?.stop();
    rmSync(resourcesDir, { recursive: true, force: true });
  });

  const freeSpaces = async () => Number(await page.getByTestId('zone-main-free').innerText());
  const freeSpacesBecome = (n: number) =>
    page
      .getByTestId('zone-main-free')
      .filter({ hasText: new RegExp(`^\\s*${n}\\s*$`) })
      .waitFor();

  it('signs in as the cashier', async () => {
    await page.getByLabel('Operator name').fill('cashier');
    await page.getByLabel('PIN').fill(demoPin('cashier'));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('lane-entry-1').waitFor();
  });

  it('opens the shift with its float, counted by denomination', async () => {
    await page.keyboard.press('F6');
    const opening = page.getByRole('form', { name: 'Opening float' });
    await opening.getByLabel('10,00 lei pieces').fill('10');
    await opening.getByRole('button', { name: 'Open shift' }).click();
    await page.getByTestId('shift-float').filter({ hasText: '100,00 lei' }).waitFor();
    await page.keyboard.press('F1');
  });

  let paidAmount = '';
  let printed: ReturnType<Harness['nextReceipt']>;

  it('reads a car in from the sample entry camera and opens a session', async () => {
    const lane = page.getByTestId('lane-entry-1');
    await lane.locator('img').first().waitFor();
    const free = await freeSpaces();
    await lane.getByRole('button', { name: 'Trigger read' }).click();
    await page.getByTestId('lane-entry-1-plate').filter({ hasText: plate }).waitFor();
    await freeSpacesBecome(free - 1);
  });

  it('finds the car by a misread plate and takes cash', async () => {
    await page.keyboard.press('F2');
    await page.getByLabel('Plate search').fill(misread(plate));
    const candidate = page
      .locator('[data-testid^="candidate-"]')
      .filter({ hasText: plate })
      .first();
    await candidate.locator('img').waitFor();
    await candidate.click();
    // The demo site writes money as ro-RO does: "5,00 lei".
    const due = (await page.getByTestId('session-due').innerText()).trim();
    assert.match(due, /^\d+,\d\d lei$/);
    paidAmount = /\d+,\d\d/.exec(due)![0];
    await page.getByRole('button', { name: /Pay cash/ }).click();
    await page.getByLabel('Cash tendered').fill('100');
    printed = h.nextReceipt();
    await page.getByRole('button', { name: 'Take payment' }).click();
    const result = page.getByTestId('payment-result');
    await result.filter({ hasText: 'Receipt printed' }).waitFor();
    const change = (100 - Number(paidAmount.replace(',', '.'))).toFixed(2).replace('.', ',');
    assert.match(await result.innerText(), new RegExp(`Change ${change} lei`));
  });

  it('printed a receipt that shows the amount paid and the session barcode', async () => {
    const receipt = await printed;
    const text = receipt.textLines.join('\n');
    assert.match(text, new RegExp(`TOTAL\\s+${paidAmount} lei`));
    assert.equal(receipt.barcodes[0]?.kind, 'code128');
  });

  it('opens the exit gate on the exit read, with the position read back, and frees the space', async () => {
    await page.keyboard.press('F1');
    const free = await freeSpaces();
    await page.getByTestId('lane-exit-1').getByRole('button', { name: 'Trigger read' }).click();
    await page
      .getByTestId('lane-exit-1-message')
      .filter({ hasText: `Goodbye ${plate}` })
      .waitFor();
    await freeSpacesBecome(free + 1);
    const gate = await h.station.devices.gates.get('exit-1')!.readState();
    assert.ok(
      gate.position !== null && gate.position > 0,
      `barrier is up (position ${gate.position})`,
    );
  });

  it('shows a car with no entry record its lost-ticket fee, then takes it and opens the gate', async () => {
    await page.keyboard.press('F1');
    const lane = page.getByTestId('lane-exit-1');
    await lane.getByLabel('Manual plate').fill('CJ99ZZZ');
    await lane.getByRole('button', { name: 'Manual entry' }).click();
    await page.getByTestId('lane-exit-1-message').filter({ hasText: 'No entry record' }).waitFor();
    await page.keyboard.press('F4');
    const card = page.locator('[data-testid^="alert-"]').filter({ hasText: 'CJ99ZZZ' });
    await card.getByRole('button', { name: 'Charge lost ticket' }).click();
    const fee = (await page.getByTestId('lost-ticket-fee').innerText()).trim();
    // Money as the site writes it (the demo's ro-RO: "50,00 lei"), on screen and on paper.
    const expected = (testTariff.lostTicketFeeMinor / 100).toFixed(2).replace('.', ',');
    assert.match(fee, new RegExp(`^${expected}\\b`));
    await page.getByRole('button', { name: 'Exact' }).click();
    assert.match(await page.getByText(/^Change:/).innerText(), /0,00/);
    const receipt = h.nextReceipt();
    await page.getByRole('button', { name: 'Take payment' }).click();
    const text = (await receipt).textLines.join('\n');
    assert.match(text, new RegExp(`TOTAL\\s+${expected}`));
    await page.getByText('Lost ticket charged').waitFor();
    await page.getByRole('button', { name: 'Done' }).click();
    await page.keyboard.press('F1');
    await page.getByTestId('lane-exit-1-message').filter({ hasText: 'Goodbye CJ99ZZZ' }).waitFor();
  });
});
