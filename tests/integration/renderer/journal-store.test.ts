import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createStationApi } from '../../../src-shared';
import { journalPageSize, useJournalStore } from '../../../src-renderer/stores/journal-store';
import { signalSignedOut } from '../../../src-renderer/session-signal';
import { requestKey, startHarness, type Harness } from '../../support/station-harness';

/** The journal store against a whole station, through the contract's own client. */
describe('the manager browses the journal', { timeout: 60_000 }, () => {
  let h: Harness;
  let stop: () => void;
  before(async () => {
    h = await startHarness({
      zones: [{ id: 'main', name: 'Main lot', capacity: 100, tariffId: 'test' }],
    });
    // Enough activity for more than one page of events: 12 cars in, then each paid.
    await h.signIn('cashier', 'booth');
    const sessions: string[] = [];
    for (let i = 0; i < 12; i++) {
      const entered = await h.call(
        'lanes:manualRead',
        { laneId: 'entry-1', plate: `JB${i}0AB` },
        'booth',
      );
      if (entered.kind !== 'entered') throw new Error(entered.kind);
      sessions.push(entered.sessionId);
      await h.station.devices.gates.get('entry-1')!.closeBarrier();
    }
    h.clock.advanceMinutes(5);
    for (const sessionId of sessions) {
      const quote = await h.call('sessions:quote', { sessionId }, 'booth');
      await h.call(
        'payments:cash',
        {
          sessionId,
          tenderedMinor: quote.dueMinor,
          expectedDueMinor: quote.dueMinor,
          idempotencyKey: requestKey(),
        },
        'booth',
      );
    }
    await h.signIn('manager');
    stop = useJournalStore.getState().start(
      createStationApi({
        async invoke(channel, payload) {
          return h.station.dispatcher.invoke(channel, payload, {
            callerId: 'test',
            trustedSender: true,
          });
        },
        subscribe: () => () => undefined,
      }),
    );
  });
  after(async () => {
    stop();
    await h.stop();
  });

  it('filters by what happened and pages back and forth', async () => {
    const journal = useJournalStore.getState();
    journal.setFilter({ type: 'payment.' });
    await journal.load();
    let s = useJournalStore.getState();
    assert.equal(s.entries.length, 12);
    assert.ok(s.entries.every((e) => e.type === 'payment.taken'));
    assert.equal(s.hasOlder, false);

    journal.setFilter({ type: '' });
    await journal.load();
    s = useJournalStore.getState();
    assert.equal(s.entries.length, journalPageSize);
    assert.equal(s.hasOlder, true);
    const newest = s.entries[0]!.seq;
    await journal.older();
    s = useJournalStore.getState();
    assert.ok(s.entries[0]!.seq < newest, 'the older page starts below the first');
    assert.equal(s.pages.length, 2);
    await journal.newer();
    assert.equal(useJournalStore.getState().entries[0]!.seq, newest);
  });

  it('filters by who', async () => {
    const journal = useJournalStore.getState();
    journal.setFilter({ type: '', actor: 'configuration' });
    await journal.load();
    const s = useJournalStore.getState();
    assert.ok(s.entries.length > 0);
    assert.ok(s.entries.every((e) => e.actor === 'configuration'));
  });

  it('forgets what it showed at sign-out', () => {
    signalSignedOut('signed-out');
    assert.deepEqual(useJournalStore.getState().entries, []);
  });
});
