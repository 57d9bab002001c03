import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createStationApi, type ChannelName, type EventName } from '../../../src-shared';
import { connectStores } from '../../../src-renderer/connect';
import { useAlertsStore } from '../../../src-renderer/stores/alerts-store';
import { useLanesStore } from '../../../src-renderer/stores/lanes-store';
import { useOperatorStore } from '../../../src-renderer/stores/operator-store';
import { usePaymentStore } from '../../../src-renderer/stores/payment-store';
import { useSessionsStore } from '../../../src-renderer/stores/sessions-store';
import { useStatusStore } from '../../../src-renderer/stores/status-store';
import { useUiStore } from '../../../src-renderer/stores/ui-store';
import {
  loadStation,
  payForSession,
  startPayment,
  takeCashPayment,
} from '../../../src-renderer/workflows';
import { demoPin, startHarness, type Harness } from '../../support/station-harness';

/** Resolves once the store's state passes `ok`: waits on the store's own updates, not a clock. */
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

/**
 * The renderer's stores against a whole station (SQLite file, simulated gate and printer),
 * reached the way the headless host reaches it: the same dispatcher and event hub, behind the
 * contract's own createStationApi. A second caller plays another booth, changing things behind
 * this console's back so that only pushed events can tell it.
 */
describe('renderer stores against a real station', { timeout: 60_000 }, () => {
  let h: Harness;
  let disconnect: () => void;
  const thisConsole = 'console';
  const otherBooth = 'other-booth';
  /** Open subscriptions per event, as the bridge would hold them. */
  const subscribed = new Map<EventName, number>();
  const moneyKeys: string[] = [];
  /** The next answer on this channel is lost on its way back (the station did the work). */
  let loseAnswerOf: ChannelName | null = null;

  before(async () => {
    h = await startHarness();
    await h.signIn('cashier', otherBooth);
    const api = createStationApi({
      async invoke(channel, payload) {
        if (channel === 'payments:cash') {
          moneyKeys.push((payload as { idempotencyKey: string }).idempotencyKey);
        }
        const result = await h.station.dispatcher.invoke(channel, payload, {
          callerId: thisConsole,
          trustedSender: true,
        });
        if (channel === loseAnswerOf) {
          loseAnswerOf = null;
          throw new Error('The connection to the station dropped.');
        }
        return result;
      },
      subscribe(event, listener) {
        const name = event as EventName;
        subscribed.set(name, (subscribed.get(name) ?? 0) + 1);
        const off = h.station.events.subscribe((e, payload) => e === event && listener(payload));
        return () => {
          subscribed.set(name, (subscribed.get(name) ?? 0) - 1);
          off();
        };
      },
    });
    disconnect = connectStores(api);
  });

  after(async () => {
    disconnect?.();
    await h?.stop();
  });

  /** A car read in at the entry by the other booth, owing money after `minutes`. */
  async function carInside(plate: string, minutes: number): Promise<string> {
    const entered = await h.call('lanes:manualRead', { laneId: 'entry-1', plate }, otherBooth);
    assert.equal(entered.kind, 'entered');
    h.clock.advanceMinutes(minutes);
    return entered.kind === 'entered' ? entered.sessionId : '';
  }

  it('loads the status, and a sign-in starts every store', async () => {
    await loadStation();
    assert.equal(useStatusStore.getState().phase, 'ready');
    assert.notEqual(useStatusStore.getState().currency, '');
    assert.equal(useOperatorStore.getState().operator, null);
    assert.equal(subscribed.get('lane:updated') ?? 0, 0, 'no lane events before sign-in');

    await useOperatorStore.getState().signIn('cashier', demoPin('cashier'));
    const lanes = await until(useLanesStore, (s) => s.loaded);
    assert.deepEqual(lanes.lanes.map((l) => l.id).sort(), ['entry-1', 'exit-1']);
    await until(useAlertsStore, (s) => s.loaded);
    for (const event of ['lane:updated', 'alert:raised', 'session:changed', 'device:status']) {
      assert.ok((subscribed.get(event as EventName) ?? 0) > 0, `${event} subscribed`);
    }
  });

  it("another booth's work reaches this console's stores as pushed events", async () => {
    const occupied = () => useStatusStore.getState().zones.find((z) => z.id === 'main')?.occupied;
    const before = occupied() ?? 0;
    const sessionId = await carInside('EVT0001', 10);
    await until(useLanesStore, (s) => s.lanes.some((l) => l.lastRead?.plate === 'EVT0001'));
    await until(useStatusStore, () => occupied() === before + 1);

    await useSessionsStore.getState().select(sessionId);
    assert.equal(useSessionsStore.getState().selected?.state, 'open');
    const quote = await h.call('sessions:quote', { sessionId }, otherBooth);
    await h.call(
      'payments:cash',
      {
        sessionId,
        tenderedMinor: quote.dueMinor,
        expectedDueMinor: quote.dueMinor,
        idempotencyKey: 'other-booth-pays',
      },
      otherBooth,
    );
    await until(useSessionsStore, (s) => s.selected?.state === 'paid');

    await h.call('lanes:manualRead', { laneId: 'exit-1', plate: 'NOREC01' }, otherBooth);
    await until(useAlertsStore, (s) => s.alerts.some((a) => a.plate === 'NOREC01'));
  });

  it('a payment retried after a lost answer charges once under one key, and clears the lane', async () => {
    const sessionId = await carInside('PAY0001', 45);
    const refused = await useLanesStore.getState().manualRead('exit-1', 'PAY0001');
    assert.equal(refused?.kind, 'unpaid');

    await payForSession(sessionId);
    assert.equal(usePaymentStore.getState().sessionId, sessionId);
    assert.equal(useUiStore.getState().screen, 'sessions');
    const due = useSessionsStore.getState().selected?.quote?.dueMinor ?? 0;
    assert.ok(due > 0);
    const currency = useStatusStore.getState().currency;
    const key = usePaymentStore.getState().requestKey;
    usePaymentStore.getState().setTendered(((due + 1000) / 100).toFixed(2));
    moneyKeys.length = 0;

    loseAnswerOf = 'payments:cash';
    await takeCashPayment(due, currency);
    assert.equal(usePaymentStore.getState().result, null);
    assert.equal(usePaymentStore.getState().error, 'The connection to the station dropped.');
    assert.equal(
      useLanesStore.getState().outcomes['exit-1']?.kind,
      'unpaid',
      'nothing is cleared on a lost answer',
    );

    await takeCashPayment(due, currency);
    const result = usePaymentStore.getState().result;
    assert.ok(result, 'the retry shows the payment');
    assert.deepEqual(moneyKeys, [key, key]);
    assert.equal(result.payment.changeMinor, 1000);
    const session = await h.call('sessions:get', { sessionId }, otherBooth);
    assert.equal(session.paidMinor, due, 'charged once');
    assert.equal(useLanesStore.getState().outcomes['exit-1'], undefined, 'lane result cleared');
    await until(useSessionsStore, (s) => s.selected?.state === 'paid');

    usePaymentStore.getState().close();
    const next = await carInside('PAY0002', 30);
    await useSessionsStore.getState().select(next);
    startPayment();
    assert.equal(usePaymentStore.getState().sessionId, next);
    assert.notEqual(usePaymentStore.getState().requestKey, key, 'a new panel, a new key');
  });

  it('a due that changed under the panel takes nothing and shows the new due', async () => {
    usePaymentStore.getState().close();
    const sessionId = await carInside('LATE001', 20);
    await useSessionsStore.getState().select(sessionId);
    startPayment();
    const shown = useSessionsStore.getState().selected?.quote?.dueMinor ?? 0;
    const currency = useStatusStore.getState().currency;
    usePaymentStore.getState().setTendered('500');
    h.clock.advanceMinutes(180);
    const now = (await h.call('sessions:quote', { sessionId }, otherBooth)).dueMinor;
    assert.ok(now > shown, 'the tariff moved on');

    await takeCashPayment(shown, currency);
    const payment = usePaymentStore.getState();
    assert.equal(payment.result, null);
    assert.match(payment.notice ?? '', /no money was taken/);
    assert.equal(useSessionsStore.getState().selected?.quote?.dueMinor, now, 'the new due shows');
    assert.equal((await h.call('sessions:get', { sessionId }, otherBooth)).paidMinor, 0);

    await takeCashPayment(now, currency);
    assert.equal(usePaymentStore.getState().result?.payment.amountMinor, now);
  });

  it('when the station forgets this console, every store resets and stops listening', async () => {
    useUiStore.getState().go('alerts');
    assert.ok(useLanesStore.getState().lanes.length > 0);
    h.station.dispatcher.forgetCaller(thisConsole);

    await useAlertsStore.getState().load(); // any cashier request now comes back NOT_SIGNED_IN
    assert.equal(useOperatorStore.getState().operator, null);
    assert.equal(useOperatorStore.getState().error, 'Your sign-in has ended. Sign in again.');
    assert.deepEqual(useLanesStore.getState().lanes, []);
    assert.deepEqual(useAlertsStore.getState().alerts, []);
    assert.equal(useSessionsStore.getState().selected, null);
    assert.equal(usePaymentStore.getState().sessionId, null);
    assert.equal(useUiStore.getState().screen, 'lanes');
    for (const event of [
      'lane:updated',
      'lane:frame',
      'alert:raised',
      'session:changed',
    ] as const) {
      assert.equal(subscribed.get(event), 0, `${event} unsubscribed`);
    }
    assert.ok((subscribed.get('device:status') ?? 0) > 0, 'device status keeps flowing');

    await h.call('lanes:manualRead', { laneId: 'entry-1', plate: 'GONE001' }, otherBooth);
    assert.deepEqual(useLanesStore.getState().lanes, [], 'no lane data without a sign-in');
  });
});
