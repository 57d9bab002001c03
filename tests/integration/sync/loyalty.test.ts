/**
 * Loyalty end to end on real parts (issue 10): the operator adds a member (phone digest and
 * card code) and her car on the reference server; the station pulls them, and the cashier
 * finds her by phone, card or plate (loyalty:lookup). She pays for a stay in cash: the points
 * arrive in her balance, journaled, and reach the operator with the journal's push. She
 * redeems some (loyalty:redeem); with the operator's server gone, a redemption is refused
 * with the offline message, and the balance stands.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  startHarness as startServer,
  type Harness as Server,
} from '../reference-server/support/harness';
import { startSyncedStation } from './support/synced-station';
import { requestKey, type Harness } from '../../support/station-harness';
import { putAna } from './support/members';

describe('loyalty with the operator', { timeout: 120_000 }, () => {
  let server: Server;
  let serverUp = false;
  let h: Harness;
  let stationId = '';

  before(async () => {
    server = await startServer('sqlite');
    serverUp = true;
    ({ h, stationId } = await startSyncedStation(server));
    await h.signIn('cashier');
    assert.equal((await h.call('sync:now', {})).state, 'online');
  });
  after(async () => {
    await h?.stop();
    if (serverUp) await server?.close();
  });

  it('pulls the member, earns on a payment, redeems online and is refused offline', async () => {
    await putAna(server, stationId, { plate: 'B123ANA', label: 'Blue Dacia' });
    assert.equal((await h.call('sync:now', {})).state, 'online');

    for (const [by, value] of [
      ['phone', '0722 123 456'],
      ['code', 'MBR-0001-ANA'],
      ['plate', 'b-123-ana'],
    ] as const) {
      const found = await h.call('loyalty:lookup', { by, value });
      assert.deepEqual(
        found.map((m) => [m.id, m.name, m.balance, m.vehicles]),
        [['m-ana', 'Ana Popescu', 0, ['B123ANA']]],
        `by ${by}`,
      );
    }

    // A stay for her car, paid in cash.
    const entered = await h.call('lanes:manualRead', { laneId: 'entry-1', plate: 'B123ANA' });
    assert.equal(entered.kind, 'entered');
    const sessionId = entered.kind === 'entered' ? entered.sessionId : '';
    h.clock.advanceMinutes(90);
    const quote = await h.call('sessions:quote', { sessionId });
    assert.ok(quote.dueMinor > 100, 'the stay owes more than 1.00');
    await h.call('payments:cash', {
      sessionId,
      tenderedMinor: quote.dueMinor,
      expectedDueMinor: quote.dueMinor,
      idempotencyKey: requestKey(),
    });
    // The earning consumer follows the journal on a timer: a bounded wait, not a timing test.
    const earned = Math.floor(quote.dueMinor / 100);
    const balanceOf = async () =>
      (await h.call('loyalty:lookup', { by: 'code', value: 'MBR-0001-ANA' }))[0]!.balance;
    for (const deadline = Date.now() + 15_000; (await balanceOf()) !== earned;) {
      if (Date.now() > deadline) throw new Error(`never earned ${earned} points`);
      await new Promise((r) => setTimeout(r, 50));
    }

    // The earn's event goes to the operator with the journal's push.
    assert.equal((await h.call('sync:now', {})).state, 'online');
    const held = await server.held(stationId);
    const pushed = held.map((e) => e.event).filter((e) => e.type === 'loyalty.earned');
    assert.deepEqual(
      pushed.map((e) => [e.aggregateId, (e.payload as { points: number }).points]),
      [['m-ana', earned]],
    );

    const printed = h.nextReceipt();
    const after = await h.call('loyalty:redeem', {
      memberId: 'm-ana',
      points: 1,
      description: 'Coffee',
    });
    assert.equal(after.member.balance, earned - 1);
    // The customer's slip: what for, the points, the new balance, the redemption's barcode.
    assert.equal(after.slip.printState, 'printed', after.slip.detail);
    const slip = await printed;
    const text = slip.textLines.join('\n');
    for (const line of [
      'Loyalty redemption',
      'Member: Ana Popescu',
      `Points balance: ${earned - 1}`,
    ]) {
      assert.ok(text.includes(line), `the slip says "${line}":\n${text}`);
    }
    assert.match(text, /^Coffee\s+1 point$/m, text);
    assert.equal(slip.barcodes.length, 1);
    assert.match(text, new RegExp(`Redemption: ${slip.barcodes[0]!.data}`));
    await assert.rejects(
      h.call('loyalty:redeem', { memberId: 'm-ana', points: earned, description: 'Car wash' }),
      /not enough/,
    );

    await server.close();
    serverUp = false;
    assert.notEqual((await h.call('sync:now', {})).state, 'online');
    await assert.rejects(
      h.call('loyalty:redeem', { memberId: 'm-ana', points: 1, description: 'Coffee' }),
      /offline/,
    );
    assert.equal(await balanceOf(), earned - 1, 'a refused redemption spends nothing');
  });
});
