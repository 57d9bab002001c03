/**
 * The pole display in a whole station (real dispatcher, SQLite file, simulated devices on socat
 * pty pairs): a quote at the booth shows the amount due, a cash payment the change and the exit
 * time in the site's zone; its health is on the status strip, and a broken one fails nothing.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { formatClock, formatMinor } from '../../../src-main/services/pole-display-messages';
import { requestKey, startHarness, testTariff, type Harness } from '../../support/station-harness';
import { waitFor } from './device-test-helpers';

let h: Harness | null = null;
afterEach(async () => {
  await h?.stop();
  h = null;
});

async function carOwing(harness: Harness, plate: string, minutes: number) {
  const entered = await harness.call('lanes:manualRead', { laneId: 'entry-1', plate });
  assert.equal(entered.kind, 'entered');
  harness.clock.advanceMinutes(minutes);
  return entered.kind === 'entered' ? entered.sessionId : '';
}

describe('the pole display at the booth', { timeout: 60_000 }, () => {
  it('shows the amount due, then the change and exit by after a cash payment', async () => {
    h = await startHarness();
    await h.signIn('cashier');
    const display = h.station.devices.simulated!.poleDisplaySimulator!;
    await waitFor(() => display.text[0] === 'Welcome', 'the idle text');
    assert.equal(display.text[1], h.station.config.stationName);

    const strip = await h.call('station:status', {});
    const health = strip.devices.find((d) => d.id === 'pole-display');
    assert.equal(health?.kind, 'display');
    assert.equal(health?.health, 'ok');

    const sessionId = await carOwing(h, 'POLE1', 95);
    const quote = await h.call('sessions:quote', { sessionId });
    assert.ok(quote.dueMinor > 0);
    // In the site's locale (the demo's: ro-RO, "12,50 RON" on an ASCII display).
    const { locale } = h.station.config.site;
    const due = formatMinor(quote.dueMinor, testTariff.currency, locale);
    await waitFor(() => display.text[1] === due.padStart(20), 'the amount due');
    assert.equal(display.text[0], 'Amount due');

    const paid = await h.call('payments:cash', {
      sessionId,
      tenderedMinor: quote.dueMinor + 350,
      expectedDueMinor: quote.dueMinor,
      idempotencyKey: requestKey(),
    });
    assert.equal(paid.payment.changeMinor, 350);
    const exitBy = `Exit by ${formatClock(paid.session.exitBy!, testTariff.timeZone, locale)}`;
    await waitFor(() => display.text[1] === exitBy, 'the exit time');
    const change = formatMinor(350, testTariff.currency, locale);
    assert.match(display.text[0], new RegExp(`^Change +${change}$`));
  });

  it('a display that cannot be reached is offline on the strip, and payments go through', async () => {
    h = await startHarness({
      poleDisplay: { kind: 'cd5220', path: join('/nonexistent', 'ttyUSB-pole') },
    });
    await h.signIn('cashier');
    assert.equal(h.station.devices.simulated!.poleDisplaySimulator, null);
    const strip = await h.call('station:status', {});
    const health = strip.devices.find((d) => d.id === 'pole-display');
    assert.equal(health?.health, 'offline');

    const sessionId = await carOwing(h, 'POLE2', 60);
    const quote = await h.call('sessions:quote', { sessionId });
    const paid = await h.call('payments:cash', {
      sessionId,
      tenderedMinor: quote.dueMinor,
      expectedDueMinor: quote.dueMinor,
      idempotencyKey: requestKey(),
    });
    assert.equal(paid.session.state, 'paid');
    assert.equal(paid.receipt.printState, 'queued');
    await h.untilPrintState(paid.receipt.id, 'printed');
  });

  it('a site without one shows none on the strip', async () => {
    h = await startHarness({ poleDisplay: { kind: 'none' } });
    assert.equal(h.station.devices.poleDisplay, null);
    const strip = await h.call('station:status', {});
    assert.equal(
      strip.devices.find((d) => d.kind === 'display'),
      undefined,
    );
  });
});
