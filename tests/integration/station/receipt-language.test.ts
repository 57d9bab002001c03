/**
 * Receipts and shift reports in the site's receipt language (station config
 * site.receiptLanguage), with money and times as the site writes them: a station set to print in
 * Romanian (ro-RO, Europe/Bucharest) prints a cash payment, its COPY and an X report, and the
 * simulated printer's decoded paper reads in Romanian (as ASCII, the way the printer prints it),
 * "lei" amounts with a decimal comma, and the Bucharest wall clock.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DecodedReceipt } from '../../../src-main/devices/printer/decoded-receipt';
import { requestKey, startHarness, type Harness } from '../../support/station-harness';

describe('receipts printed in Romanian', { timeout: 120_000 }, () => {
  let h: Harness;
  const printed: DecodedReceipt[] = [];
  /** The first decoded paper with a line starting `start`, once the simulator has it. */
  const paperWith = async (start: string): Promise<string[]> => {
    for (let i = 0; i < 2000; i++) {
      const found = printed.find((r) => r.textLines.some((l) => l.trim().startsWith(start)));
      if (found) return found.textLines.map((l) => l.trimEnd());
      await new Promise((r) => setTimeout(r, 5));
    }
    throw new Error(`nothing printed with a line "${start}…"`);
  };

  before(async () => {
    h = await startHarness({
      site: { locale: 'ro-RO', timeZone: 'Europe/Bucharest', receiptLanguage: 'ro' },
    });
    h.station.devices.simulated!.printerSimulator.onReceipt((r) => printed.push(r));
    await h.signIn('cashier');
  });
  after(() => h.stop());

  it('prints a cash payment, its COPY and an X report with Romanian labels', async () => {
    // In at 09:00 UTC, which is 11:00 in Bucharest (EET); 40 minutes of day rate: 5,00 lei.
    const entered = await h.call('lanes:manualRead', { laneId: 'entry-1', plate: 'B123LEI' });
    assert.equal(entered.kind, 'entered');
    const sessionId = entered.kind === 'entered' ? entered.sessionId : '';
    h.clock.advanceMinutes(40);
    const quote = await h.call('sessions:quote', { sessionId });
    assert.equal(quote.dueMinor, 500);
    const paid = await h.call('payments:cash', {
      sessionId,
      tenderedMinor: 2000,
      expectedDueMinor: 500,
      idempotencyKey: requestKey(),
    });
    const number = paid.payment.receiptNumber;

    const receipt = await paperWith(`Bon nr. ${number}`);
    const text = receipt.join('\n');
    for (const line of [
      'Bon de parcare',
      `Bon nr. ${number}`,
      'Numar: B123LEI',
      'Intrare: 20.11.2026, 11:00',
      'Platit: 20.11.2026, 11:40, casier cashier',
      'Va multumim si drum bun!',
    ]) {
      assert.ok(receipt.includes(line) || text.includes(line), `"${line}" in:\n${text}`);
    }
    assert.match(text, /^Tarif de zi 40 min +5,00 lei$/m);
    assert.match(text, /^TOTAL +5,00 lei$/m);
    assert.match(text, /^Numerar +20,00 lei$/m);
    assert.match(text, /^Rest +15,00 lei$/m);
    assert.match(text, /^Iesire pana la: 20\.11\.2026, \d\d:\d\d$/m);
    assert.doesNotMatch(text, /Receipt|Parking|Change|Thank you|RON/);

    // A COPY says so in the language it was printed in.
    await h.untilPrintState(paid.receipt.id, 'printed');
    printed.length = 0;
    await h.call('receipts:reprint', { receiptId: paid.receipt.id, reason: 'client' });
    const copy = await paperWith('*** COPIE ***');
    assert.ok(copy.includes(`Bon nr. ${number}`));

    const report = await h.call('shifts:xReport', {});
    const x = (await paperWith('Raport X: tura pana acum')).join('\n');
    assert.match(x, new RegExp(`^Raport ${report.id}, 20\\.11\\.2026, 11:40, de cashier$`, 'm'));
    assert.match(x, /^Vanzari \(1\) +5,00 lei$/m);
    assert.match(x, /^ +Numerar \(1\) +5,00 lei$/m);
    assert.match(x, /^NUMERAR ASTEPTAT +5,00 lei$/m);
    assert.match(x, /^Nu este raport de inchidere$/m);
  });
});
