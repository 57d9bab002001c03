/**
 * The schedule's store against a whole station, reached through the contract's own
 * createStationApi as the headless host reaches it: it loads today's bookings at sign-in,
 * follows bookings:changed pushed by another booth, checks a picked booking in, and shows a
 * scanned text that is not a token as refused (and the station journals it).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createStationApi } from '../../../src-shared';
import { connectStores } from '../../../src-renderer/connect';
import { selectSelected, useBookingsStore } from '../../../src-renderer/stores/bookings-store';
import { useOperatorStore } from '../../../src-renderer/stores/operator-store';
import { loadStation } from '../../../src-renderer/workflows';
import { demoPin, startHarness, type Harness } from '../../support/station-harness';

function until<S>(
  store: { getState(): S; subscribe(listener: (state: S) => void): () => void },
  ok: (state: S) => boolean,
): Promise<S> {
  return new Promise((resolve) => {
    if (ok(store.getState())) return resolve(store.getState());
    const off = store.subscribe((state) => {
      if (!ok(state)) return;
      off();
      resolve(state);
    });
  });
}

describe('the bookings store against a real station', { timeout: 60_000 }, () => {
  let h: Harness;
  let disconnect: () => void;
  const otherBooth = 'other-booth';
  const manager = 'manager-console';

  before(async () => {
    h = await startHarness();
    await h.signIn('cashier', otherBooth);
    await h.signIn('manager', manager);
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
  });

  it('loads the resources at sign-in, and follows a booking made at another booth', async () => {
    const loaded = await until(useBookingsStore, (s) => s.schedule !== null);
    assert.deepEqual(
      loaded.schedule!.resources.map((r) => r.id),
      ['pump-1', 'pump-2', 'bays'],
    );
    const made = await h.call(
      'bookings:create',
      {
        resource: { kind: 'bay', id: 'bays' },
        startsAt: h.clock.now + 5 * 60_000,
        durationMinutes: 60,
        plate: 'B12STO',
        source: 'walk-in',
      },
      otherBooth,
    );
    const seen = await until(useBookingsStore, (s) =>
      Boolean(s.schedule?.bookings.some((b) => b.id === made.id)),
    );
    assert.equal(seen.schedule!.bookings.find((b) => b.id === made.id)?.state, 'due');

    useBookingsStore.getState().select(made.id);
    assert.equal(selectSelected(useBookingsStore.getState())?.plate, 'B12STO');
    assert.equal(await useBookingsStore.getState().act('checkIn', made.id), true);
    assert.equal(selectSelected(useBookingsStore.getState())?.status, 'checked-in');
    // Checked in already: the station's refusal is the store's error, nothing else changes.
    assert.equal(await useBookingsStore.getState().act('checkIn', made.id), false);
    assert.match(useBookingsStore.getState().error ?? '', /checked in already/);
  });

  it('shows a scanned text that is no token as refused', async () => {
    const result = await useBookingsStore.getState().scan('B12STO');
    assert.equal(result?.accepted, false);
    assert.equal(useBookingsStore.getState().lastScan?.accepted, false);
    const [refused] = await h.call('journal:list', { type: 'etoken.refused', limit: 1 }, manager);
    assert.equal((refused?.payload as { reason: string }).reason, 'malformed');
  });

  it('forgets the schedule at sign-out', async () => {
    await useOperatorStore.getState().signOut();
    await until(useBookingsStore, (s) => s.schedule === null && s.lastScan === null);
  });
});
