/**
 * The paper runs out at a real station (printer simulator on a pty, SQLite file): the payment
 * is answered at once, its receipt waits for the printer, and the cashier shows the customer a
 * digital receipt instead, whose QR code (read back by Debian's zbarimg) carries the link. A
 * station with no receipt page says so.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { requestKey, startHarness, type Harness } from '../../support/station-harness';

describe('a digital receipt when the paper is out (real station)', () => {
  let h: Harness;

  before(async () => {
    h = await startHarness({
      receipts: { prefix: 'R-', digitalBaseUrl: 'https://receipts.example.com/site-1/' },
    });
    await h.signIn('cashier');
  });
  after(() => h.stop());

  it('answers the payment, holds its receipt, and shows it as a QR code for the phone', async () => {
    h.station.devices.simulated!.printerSimulator.setState({ paperOut: true });
    const entered = await h.call('lanes:manualRead', { laneId: 'entry-1', plate: 'DG01PPR' });
    const sessionId = entered.kind === 'entered' ? entered.sessionId : '';
    h.clock.advanceMinutes(50);
    const quote = await h.call('sessions:quote', { sessionId });
    const paid = await h.call('payments:cash', {
      sessionId,
      tenderedMinor: quote.dueMinor,
      expectedDueMinor: quote.dueMinor,
      idempotencyKey: requestKey(),
    });
    assert.equal(paid.receipt.printState, 'queued', 'the payment never waits on the printer');
    const digital = await h.call('receipts:digital', { receiptId: paid.receipt.id });
    assert.equal(digital.receiptNumber, paid.payment.receiptNumber);
    assert.ok(
      digital.url.startsWith(`https://receipts.example.com/site-1/r/${paid.receipt.id}?k=`),
      digital.url,
    );
    const file = join(h.dataDir, 'digital-receipt.png');
    writeFileSync(file, Buffer.from(digital.qrPngDataUrl.split(',')[1]!, 'base64'));
    const { stdout } = await promisify(execFile)('zbarimg', ['--raw', '-q', file]);
    assert.equal(stdout.trim(), digital.url);
    // Paper back: the waiting receipt prints by itself, once.
    h.station.devices.simulated!.printerSimulator.setState({ paperOut: false });
    await h.untilPrintState(paid.receipt.id, 'printed');
  });

  it('refuses an unknown receipt', async () => {
    await assert.rejects(h.call('receipts:digital', { receiptId: 'R-none' }), /NOT_FOUND: /);
  });
});

describe('a station with no digital receipt page', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
    await h.signIn('cashier');
  });
  after(() => h.stop());

  it('says digital receipts are not set up', async () => {
    await assert.rejects(
      h.call('receipts:digital', { receiptId: 'R1' }),
      /NOT_FOUND: Digital receipts are not set up at this station/,
    );
  });
});
