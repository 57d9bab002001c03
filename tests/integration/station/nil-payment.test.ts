/**
 * Nil payments on a real station (SQLite file, printer simulator on a socat pty): a manager
 * waives what a stay owes, with a reason. A cashier alone is refused; with a manager's
 * approval the stay is paid, a receipt (TOTAL 0, who waived what and why) takes the next
 * number, the shift lists the fee under waivers without moving the drawer's cash, and the
 * journal names the manager and the cashier.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { IpcResult } from '../../../src-shared';
import {
  demoPin,
  requestKey,
  startHarness,
  until,
  type Harness,
} from '../../support/station-harness';

const code = (r: IpcResult<unknown>) => (r.ok ? 'ok' : r.error.code);

describe('nil payments (a manager waives the fee)', { timeout: 90_000 }, () => {
  let h: Harness;
  let db: Database.Database;
  const printed: string[] = [];
  const MANAGER = 'manager-console';

  before(async () => {
    h = await startHarness();
    await h.signIn('cashier', 'booth');
    await h.signIn('manager', MANAGER);
    h.station.devices.simulated!.printerSimulator.onReceipt((r) =>
      printed.push(r.textLines.join('\n')),
    );
    db = new Database(join(h.dataDir, 'station.db'), { readonly: true });
  });
  after(async () => {
    db.close();
    await h.stop();
  });

  async function owingStay(plate: string) {
    const entered = await h.call('lanes:manualRead', { laneId: 'entry-1', plate }, 'booth');
    assert.equal(entered.kind, 'entered');
    const sessionId = entered.kind === 'entered' ? entered.sessionId : '';
    h.clock.advanceMinutes(130);
    const quote = await h.call('sessions:quote', { sessionId }, 'booth');
    assert.ok(quote.dueMinor > 0);
    return { sessionId, dueMinor: quote.dueMinor };
  }

  it('refuses a cashier alone, and a waiver without a reason', async () => {
    const { sessionId, dueMinor } = await owingStay('NIL001');
    const waive = (reason: string, caller = 'booth') =>
      h.raw(
        'payments:waive',
        { sessionId, expectedDueMinor: dueMinor, reason, idempotencyKey: requestKey() },
        caller,
      );
    assert.equal(code(await waive('barrier broke')), 'NOT_ALLOWED');
    assert.equal(code(await waive('', MANAGER)), 'INVALID_PAYLOAD');
    assert.equal((await h.call('sessions:get', { sessionId }, 'booth')).state, 'open');
  });

  it("waives with a manager's approval: paid, numbered, printed, on the shift, journaled", async () => {
    const { sessionId, dueMinor } = await owingStay('NIL002');
    const before = (await h.call('shifts:xReport', {}, MANAGER)).totals;
    const approval = await h.raw(
      'operator:elevate',
      { name: 'manager', pin: demoPin('manager'), channel: 'payments:waive' },
      'booth',
    );
    assert.equal(code(approval), 'ok');
    const payload = {
      sessionId,
      expectedDueMinor: dueMinor,
      reason: 'barrier hit the car',
      idempotencyKey: requestKey(),
    };
    const result = await h.call('payments:waive', payload, 'booth');
    assert.equal(result.payment.method, 'waived');
    assert.equal(result.payment.amountMinor, 0);
    assert.equal(result.payment.changeMinor, 0);
    assert.equal(result.payment.operator, 'cashier');
    assert.equal(result.session.state, 'paid');
    const session = await h.call('sessions:get', { sessionId }, 'booth');
    assert.equal(session.quote?.dueMinor, 0, 'nothing is due inside the exit window');

    // A replay of the same request answers the same payment and charges nothing more.
    const replay = await h.call('payments:waive', payload, MANAGER);
    assert.equal(replay.payment.id, result.payment.id);

    const after = (await h.call('shifts:xReport', {}, MANAGER)).totals;
    assert.equal(after.waivers.count, before.waivers.count + 1);
    assert.equal(after.waivers.amountMinor, before.waivers.amountMinor + dueMinor);
    assert.equal(after.expectedCashMinor, before.expectedCashMinor, 'no cash moved');
    assert.equal(after.sales.count, before.sales.count, 'a waiver is no sale');
    assert.equal(after.receiptRange?.last, Number(result.payment.receiptNumber.split('-').pop()));

    const event = db
      .prepare(`SELECT actor, payload_json FROM journal WHERE type = 'payment.waived'`)
      .get() as { actor: string; payload_json: string };
    assert.equal(event.actor, 'manager');
    const payloadJson = JSON.parse(event.payload_json);
    assert.equal(payloadJson.attendant, 'cashier');
    assert.equal(payloadJson.waivedMinor, dueMinor);
    assert.equal(payloadJson.reason, 'barrier hit the car');
    assert.equal(payloadJson.receiptNumber, result.payment.receiptNumber);

    await h.untilPrintState(result.receipt.id, 'printed');
    const text = await until(
      () => printed.find((t) => t.includes('NIL002')),
      'the waiver receipt decoded',
    );
    assert.match(text, /Fee waived/);
    assert.match(text, /Waived by manager: barrier hit the car/);
    assert.match(text, new RegExp(`Receipt no\\. ${result.payment.receiptNumber}`));
    assert.match(text, /TOTAL\s+\S*0[.,]00/);
  });
});
