/**
 * The member panel's store against a whole station synced with the reference server, reached
 * through the contract's own createStationApi as the headless host reaches it: a member the
 * operator sent is found by the sale's plate, by phone and by card; a redemption updates the
 * picked member's balance and last visits; a refusal (more than the balance) is the store's
 * error, in the catalogue's words, and spends nothing; signing out forgets the member.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createStationApi } from '../../../src-shared';
import { connectStores } from '../../../src-renderer/connect';
import { selectMember, useLoyaltyStore } from '../../../src-renderer/stores/loyalty-store';
import { useOperatorStore } from '../../../src-renderer/stores/operator-store';
import { loadStation } from '../../../src-renderer/workflows';
import { demoPin, type Harness } from '../../support/station-harness';
import {
  startHarness as startServer,
  type Harness as Server,
} from '../reference-server/support/harness';
import { startSyncedStation } from '../sync/support/synced-station';
import { putAna } from '../sync/support/members';

describe('the loyalty store against a real station', { timeout: 120_000 }, () => {
  let server: Server;
  let h: Harness;
  let disconnect: () => void;

  before(async () => {
    server = await startServer('sqlite');
    let stationId: string;
    ({ h, stationId } = await startSyncedStation(server));
    await putAna(server, stationId, { plate: 'B123ANA', label: null });
    await h.signIn('cashier', 'till');
    assert.equal((await h.call('sync:now', {}, 'till')).state, 'online');
    // Points to spend: a paid stay for her car (the station's own earning).
    const entered = await h.call(
      'lanes:manualRead',
      { laneId: 'entry-1', plate: 'B123ANA' },
      'till',
    );
    const sessionId = entered.kind === 'entered' ? entered.sessionId : '';
    h.clock.advanceMinutes(120);
    const quote = await h.call('sessions:quote', { sessionId }, 'till');
    await h.call(
      'payments:cash',
      {
        sessionId,
        tenderedMinor: quote.dueMinor,
        expectedDueMinor: quote.dueMinor,
        idempotencyKey: `loyalty-store-${Date.now()}`,
      },
      'till',
    );
    disconnect = connectStores(
      createStationApi({
        invoke: (channel, payload) =>
          h.station.dispatcher.invoke(channel, payload, {
            callerId: 'console',
            trustedSender: true,
          }),
        subscribe: (event, listener) =>
          h.station.events.subscribe((e, payload) => e === event && listener(payload)),
      }),
    );
    await loadStation();
    await useOperatorStore.getState().signIn('cashier', demoPin('cashier'));
  });
  after(async () => {
    disconnect?.();
    await h?.stop();
    await server?.close();
  });

  it('finds the member three ways, redeems, shows a refusal, and forgets at sign-out', async () => {
    const store = useLoyaltyStore.getState();
    // The earning consumer follows the journal on a timer: wait (bounded) for the points.
    let balance = 0;
    for (const deadline = Date.now() + 15_000; balance === 0;) {
      await store.lookup('plate', 'B 123 ANA');
      balance = selectMember(useLoyaltyStore.getState())?.balance ?? 0;
      if (Date.now() > deadline) throw new Error('the stay never earned');
      if (balance === 0) await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(balance > 0);
    const found = selectMember(useLoyaltyStore.getState())!;
    assert.deepEqual([found.name, found.vehicles], ['Ana Popescu', ['B123ANA']]);
    assert.deepEqual(
      found.recent.map((e) => e.kind),
      ['earn'],
    );

    await store.lookup('phone', '0722-123-456');
    assert.equal(selectMember(useLoyaltyStore.getState())?.id, 'm-ana');
    await store.lookup('code', 'MBR-0001-ANA');
    assert.equal(selectMember(useLoyaltyStore.getState())?.id, 'm-ana');
    await store.lookup('phone', 'not a phone');
    assert.match(useLoyaltyStore.getState().error ?? '', /not a phone number/);
    await store.lookup('code', 'MBR-0001-ANA');

    assert.equal(await store.redeem(1, 'Coffee'), true);
    const after = selectMember(useLoyaltyStore.getState())!;
    assert.equal(after.balance, balance - 1);
    assert.deepEqual(
      after.recent.map((e) => [e.kind, e.points]),
      [
        ['redeem', -1],
        ['earn', balance],
      ],
    );
    assert.equal(await store.redeem(balance, 'Car wash'), false);
    assert.match(useLoyaltyStore.getState().error ?? '', /not enough/);
    assert.equal(selectMember(useLoyaltyStore.getState())?.balance, balance - 1);

    await useOperatorStore.getState().signOut();
    assert.equal(useLoyaltyStore.getState().members.length, 0);
  });
});
