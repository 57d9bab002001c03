import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type {
  ChannelName,
  EventName,
  EventPayload,
  LaneView,
  OperatorSession,
  RequestOf,
  ResponseOf,
  StationApi,
} from '../../../src-shared';
import { connectStores } from '../../../src-renderer/connect';
import { signalSignedIn, signalSignedOut } from '../../../src-renderer/session-signal';
import { useAlertsStore } from '../../../src-renderer/stores/alerts-store';
import { selectLaneName, useLanesStore } from '../../../src-renderer/stores/lanes-store';
import { useJournalStore } from '../../../src-renderer/stores/journal-store';
import { lotReloadDelayMs, useLotStore } from '../../../src-renderer/stores/lot-store';
import { useOperatorStore } from '../../../src-renderer/stores/operator-store';
import { useOperatorsStore } from '../../../src-renderer/stores/operators-store';
import { usePaymentStore } from '../../../src-renderer/stores/payment-store';
import { useReceiptsStore } from '../../../src-renderer/stores/receipts-store';
import { isSearchStale, useSessionsStore } from '../../../src-renderer/stores/sessions-store';
import { useStatusStore } from '../../../src-renderer/stores/status-store';
import { useUiStore } from '../../../src-renderer/stores/ui-store';

type Handler<C extends ChannelName> = (payload: RequestOf<C>) => ResponseOf<C>;

/**
 * A stand-in for the bridge, in memory: the real bridge needs a running station (the tests in
 * tests/integration/renderer drive these stores against one). It has the same shape as
 * window.station: `request` answers from the handlers a test sets (a missing one fails like the
 * station would, with a code), `on` returns its unsubscribe, and `push` delivers an event to
 * whoever is subscribed, as the bridge does.
 */
function memoryStation() {
  const handlers = new Map<ChannelName, (payload: unknown) => unknown>();
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const calls: { channel: ChannelName; payload: unknown }[] = [];
  const api: StationApi = {
    async request(channel, payload) {
      calls.push({ channel, payload });
      const handler = handlers.get(channel);
      if (!handler) throw { code: 'NOT_FOUND', message: `no handler for ${channel}` };
      return handler(payload) as never;
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      const l = listener as (payload: unknown) => void;
      set.add(l);
      return () => void set.delete(l);
    },
  };
  return {
    api,
    calls,
    answer<C extends ChannelName>(channel: C, handler: Handler<C>) {
      handlers.set(channel, handler as (payload: unknown) => unknown);
    },
    push<E extends EventName>(event: E, payload: EventPayload<E>) {
      for (const l of [...(listeners.get(event) ?? [])]) l(payload);
    },
    subscribers: (event: EventName) => listeners.get(event)?.size ?? 0,
    requested: (channel: ChannelName) => calls.filter((c) => c.channel === channel).length,
  };
}

/** Lets the promise chains started by a signal or an event (loads, refreshes) settle. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

const lane = (id: string, plate: string | null = null): LaneView => ({
  id,
  name: `Lane ${id}`,
  direction: 'entry',
  zoneId: 'main',
  gateState: 'closed',
  gatePosition: 0,
  lastRead: plate ? { plate, confidence: 0.9, source: 'camera', at: 1, photoId: null } : null,
  roi: null,
  message: null,
});

const operator = { name: 'cashier', role: 'cashier' as const };
/** This console's session as the station answers it. */
const session = (over: Partial<OperatorSession> = {}): OperatorSession => ({
  ...operator,
  locked: false,
  mustChangePin: false,
  idleLockMs: 600_000,
  ...over,
});

/** Every store this console keeps operator data in, each with what it should reset to. */
const operatorStores = {
  lanes: useLanesStore,
  alerts: useAlertsStore,
  receipts: useReceiptsStore,
  sessions: useSessionsStore,
  lot: useLotStore,
  journal: useJournalStore,
  payment: usePaymentStore,
  operators: useOperatorsStore,
};

/** A store's data without its actions (and without the payment key, which is new each reset). */
function data(state: object): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(state).filter(([k, v]) => typeof v !== 'function' && k !== 'requestKey'),
  );
}

let station: ReturnType<typeof memoryStation>;
let disconnect: () => void;

beforeEach(() => {
  station = memoryStation();
  station.answer('lanes:list', () => [lane('entry-1')]);
  station.answer('alerts:list', () => []);
  station.answer('receipts:attention', () => []);
  station.answer('operator:signIn', () => session());
  station.answer('operator:signOut', () => null);
  disconnect = connectStores(station.api);
});

afterEach(() => {
  signalSignedOut('signed-out');
  disconnect();
});

describe('event subscriptions live in the stores', () => {
  it('device and zone pushes reach the status store before anyone signs in', () => {
    station.push('device:status', {
      id: 'printer',
      kind: 'printer',
      label: 'Printer',
      health: 'fault',
      detail: 'paper out',
    });
    station.push('zone:occupancy', { id: 'main', name: 'Main', capacity: 5, occupied: 2 });
    assert.deepEqual(
      useStatusStore.getState().devices.map((d) => `${d.id} ${d.health}`),
      ['printer fault'],
    );
    assert.equal(useStatusStore.getState().zones[0]?.occupied, 2);
  });

  it('operator data flows only while signed in: subscribed and loaded at sign-in, dropped at sign-out', async () => {
    station.push('lane:updated', lane('entry-1', 'B123ABC'));
    assert.deepEqual(useLanesStore.getState().lanes, [], 'no lane data before sign-in');
    assert.equal(station.subscribers('lane:updated'), 0);

    await useOperatorStore.getState().signIn('cashier', '1234');
    await settle();
    assert.equal(useOperatorStore.getState().operator?.name, 'cashier');
    assert.equal(station.requested('lanes:list'), 1);
    assert.equal(station.requested('alerts:list'), 1);
    assert.equal(station.requested('receipts:attention'), 1);
    assert.equal(useLanesStore.getState().loaded, true);

    station.push('lane:updated', lane('entry-1', 'B123ABC'));
    station.push('lane:frame', { laneId: 'entry-1', at: 2, jpegBase64: 'AAAA' });
    assert.equal(useLanesStore.getState().lanes[0]?.lastRead?.plate, 'B123ABC');
    assert.equal(useLanesStore.getState().frames['entry-1'], 'data:image/jpeg;base64,AAAA');

    station.push('alert:raised', {
      id: 'a1',
      kind: 'no-entry-record',
      laneId: 'exit-1',
      plate: 'CJ99ZZZ',
      photoId: null,
      cropPhotoId: null,
      confidence: 0.9,
      alternates: [],
      at: 5,
      resolved: false,
      lostTicketFeeMinor: 5000,
    });
    assert.deepEqual(
      useAlertsStore.getState().alerts.map((a) => a.id),
      ['a1'],
    );

    station.push('receipt:printed', {
      jobId: 1,
      receiptId: 'R1',
      printState: 'failed',
      detail: 'receipt could not be encoded',
    });
    assert.equal(station.requested('receipts:attention'), 2, 'a print result reloads the list');

    await useOperatorStore.getState().signOut();
    for (const event of [
      'lane:updated',
      'lane:frame',
      'alert:raised',
      'receipt:printed',
    ] as const) {
      assert.equal(station.subscribers(event), 0, `${event} unsubscribed at sign-out`);
    }
    assert.equal(station.subscribers('session:changed'), 0);
    assert.equal(station.subscribers('device:status'), 1, 'device status keeps flowing');
    station.push('lane:updated', lane('entry-1', 'AFTER1'));
    assert.deepEqual(useLanesStore.getState().lanes, []);
  });

  it('a session change refreshes the selected session and a search that shows it', async () => {
    const view = (state: 'open' | 'paid') => ({
      id: 's1',
      plate: 'B123ABC',
      zoneId: 'main',
      state,
      entryAt: 1,
      exitAt: null,
      paidMinor: 0,
      exitBy: null,
      lostTicket: false,
      entryPhotoId: null,
      exitPhotoId: null,
      quote: null,
    });
    let state: 'open' | 'paid' = 'open';
    station.answer('sessions:get', () => view(state) as never);
    station.answer(
      'sessions:search',
      () => [{ session: view(state), matchKind: 'exact' }] as never,
    );
    signalSignedIn();
    await useSessionsStore.getState().select('s1');
    useSessionsStore.getState().setQuery('B123');
    await useSessionsStore.getState().search();

    state = 'paid';
    station.push('session:changed', { sessionId: 'other', change: 'paid' });
    await settle();
    assert.equal(station.requested('sessions:get'), 1, 'another session changing asks nothing');

    station.push('session:changed', { sessionId: 's1', change: 'paid' });
    await settle();
    assert.equal(useSessionsStore.getState().selected?.state, 'paid');
    assert.equal(useSessionsStore.getState().candidates[0]?.session.state, 'paid');
  });

  it('the lot reloads once per burst of session changes, only while its screen watches', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    station.answer('lot:list', () => []);
    signalSignedIn();
    station.push('session:changed', { sessionId: 's1', change: 'entered' });
    t.mock.timers.tick(lotReloadDelayMs);
    assert.equal(station.requested('lot:list'), 0, 'nobody is looking at the lot');

    const release = useLotStore.getState().watch();
    assert.equal(station.requested('lot:list'), 1, 'watching loads at once');
    station.push('session:changed', { sessionId: 's1', change: 'paid' });
    station.push('session:changed', { sessionId: 's2', change: 'entered' });
    t.mock.timers.tick(lotReloadDelayMs - 1);
    assert.equal(station.requested('lot:list'), 1);
    t.mock.timers.tick(1);
    assert.equal(station.requested('lot:list'), 2, 'one reload for the burst');

    station.push('session:changed', { sessionId: 's3', change: 'entered' });
    release();
    t.mock.timers.tick(lotReloadDelayMs);
    assert.equal(station.requested('lot:list'), 2, 'a pending reload is dropped on release');
    await settle();
  });
});

describe('one signed-out signal resets every store', () => {
  async function fillEveryStore() {
    await useOperatorStore.getState().signIn('cashier', '1234');
    await settle();
    useLanesStore
      .getState()
      .recordOutcome('exit-1', { kind: 'unpaid', sessionId: 's1', dueMinor: 500 });
    useLanesStore.getState().applyFrame('entry-1', 'AAAA');
    useAlertsStore.setState({ loaded: true, alerts: [{ id: 'a1' } as never] });
    useReceiptsStore.setState({ jobs: [{ jobId: 1 } as never] });
    useSessionsStore.setState({ query: 'B1', selected: { id: 's1' } as never, activeIndex: 2 });
    useLotStore.setState({ entries: [{} as never] });
    useJournalStore.setState({ entries: [{} as never], pages: [undefined, 5] });
    useOperatorsStore.setState({
      operators: [{ name: 'x', role: 'cashier', mustChangePin: true }],
    });
    usePaymentStore.getState().open('s1');
    usePaymentStore.getState().setTendered('50');
    useUiStore.getState().go('sessions');
    for (const [name, store] of Object.entries(operatorStores)) {
      assert.notDeepEqual(data(store.getState()), data(store.getInitialState()), `${name} filled`);
    }
  }

  function assertEveryStoreReset() {
    for (const [name, store] of Object.entries(operatorStores)) {
      assert.deepEqual(data(store.getState()), data(store.getInitialState()), `${name} reset`);
    }
    assert.equal(useUiStore.getState().screen, 'lanes');
    assert.equal(useOperatorStore.getState().operator, null);
  }

  it('signing out clears what the operator saw, in every store', async () => {
    await fillEveryStore();
    const key = usePaymentStore.getState().requestKey;
    await useOperatorStore.getState().signOut();
    assertEveryStoreReset();
    assert.equal(useOperatorStore.getState().error, null);
    assert.notEqual(usePaymentStore.getState().requestKey, key);
  });

  it('a NOT_SIGNED_IN answer to any request signals an expired sign-in', async () => {
    await fillEveryStore();
    station.answer('lot:list', () => {
      throw { code: 'NOT_SIGNED_IN', message: 'Sign in first.' };
    });
    await useLotStore.getState().load();
    assertEveryStoreReset();
    assert.equal(useOperatorStore.getState().error, 'Your sign-in has ended. Sign in again.');
  });

  it('a status that no longer names this window signs it out; one that does signs it in', async () => {
    useOperatorStore.getState().setFromStatus(session());
    await settle();
    assert.equal(station.requested('lanes:list'), 1, 'signed in from status: stores load');
    useUiStore.getState().go('alerts');
    useOperatorStore.getState().setFromStatus(null);
    assert.equal(useOperatorStore.getState().operator, null);
    assert.equal(useUiStore.getState().screen, 'lanes');
  });

  it('a SESSION_LOCKED answer locks the console but keeps what the operator saw', async () => {
    await fillEveryStore();
    const before = Object.entries(operatorStores).map(([n, st]) => [n, data(st.getState())]);
    station.answer('lot:list', () => {
      throw { code: 'SESSION_LOCKED', message: 'This console is locked.' };
    });
    await useLotStore.getState().load();
    assert.equal(useOperatorStore.getState().locked, true);
    assert.equal(useLotStore.getState().error, null, 'the lock screen says it, not the list');
    useLotStore.setState({ loading: false });
    const after = Object.entries(operatorStores).map(([n, st]) => [n, data(st.getState())]);
    assert.deepEqual(after, before);
    assert.equal(useUiStore.getState().screen, 'sessions', 'the place is kept');

    station.answer('operator:unlock', () => session());
    await useOperatorStore.getState().unlock('123456');
    assert.equal(useOperatorStore.getState().locked, false);
    assert.equal(useUiStore.getState().screen, 'sessions');
  });

  it('another operator signing in over a locked console starts afresh', async () => {
    await fillEveryStore();
    useOperatorStore.getState().lock();
    station.answer('operator:signIn', () => session({ name: 'manager', role: 'manager' }));
    await useOperatorStore.getState().signIn('manager', '999999');
    await settle();
    const { operator: now, locked } = useOperatorStore.getState();
    assert.deepEqual([now?.name, locked], ['manager', false]);
    // Lanes, alerts and receipts load again for the manager at once (from the station's answers).
    const reloaded = ['lanes', 'alerts', 'receipts'];
    for (const [name, store] of Object.entries(operatorStores)) {
      if (reloaded.includes(name)) continue;
      assert.deepEqual(data(store.getState()), data(store.getInitialState()), `${name} reset`);
    }
    assert.deepEqual(useAlertsStore.getState().alerts, []);
    assert.deepEqual(useReceiptsStore.getState().jobs, []);
    assert.equal(useUiStore.getState().screen, 'lanes');
    assert.equal(station.requested('lanes:list'), 2, 'loaded again for the new operator');
  });

  it('a temporary PIN holds the console until it is changed', async () => {
    station.answer('operator:signIn', () => session({ mustChangePin: true }));
    await useOperatorStore.getState().signIn('cashier', '1234');
    assert.equal(useOperatorStore.getState().mustChangePin, true);
    station.answer('operator:changePin', () => session());
    await useOperatorStore.getState().changePin('1234', '482916');
    assert.equal(useOperatorStore.getState().mustChangePin, false);
    assert.deepEqual(station.calls.at(-1), {
      channel: 'operator:changePin',
      payload: { currentPin: '1234', newPin: '482916' },
    });
  });
});

describe('payment store', () => {
  const payRequests = () =>
    station.calls
      .filter((c) => c.channel === 'payments:cash')
      .map((c) => c.payload as RequestOf<'payments:cash'>);

  it('keeps one idempotency key across retries of one attempt, and takes a new one per panel', async () => {
    let lose = true;
    station.answer('payments:cash', () => {
      // The first answer is lost on the way back, as after a dropped connection.
      if (lose) {
        lose = false;
        throw { code: 'UNAVAILABLE', message: 'The station did not answer.' };
      }
      return { payment: { id: 'p1' }, session: {}, receipt: {} } as never;
    });
    const payment = usePaymentStore.getState();
    payment.open('s1');
    const key = usePaymentStore.getState().requestKey;
    payment.setTendered('3');
    assert.equal(await payment.pay(500, 'RON'), null);
    assert.match(usePaymentStore.getState().error ?? '', /Not enough cash/);
    assert.equal(payRequests().length, 0, 'a refused amount is never sent');

    payment.setTendered('10');
    assert.equal(await payment.pay(500, 'RON'), null);
    assert.equal(usePaymentStore.getState().error, 'The station did not answer.');
    payment.open('s1'); // F9 again on the same session keeps the attempt
    assert.equal(usePaymentStore.getState().tenderedText, '10');
    assert.deepEqual(await payment.pay(500, 'RON'), { kind: 'paid', sessionId: 's1' });
    assert.deepEqual(
      payRequests().map((r) => r.idempotencyKey),
      [key, key],
    );

    payment.open('s1');
    const afterResult = usePaymentStore.getState().requestKey;
    assert.notEqual(afterResult, key, 'a paid panel opened again is a new payment');
    payment.close();
    payment.open('s1');
    assert.notEqual(usePaymentStore.getState().requestKey, afterResult);
    const before = usePaymentStore.getState().requestKey;
    payment.open('s2');
    assert.notEqual(usePaymentStore.getState().requestKey, before, 'another session, another key');
  });

  it('a changed due is reported with the fresh quote and takes no money', async () => {
    station.answer('payments:cash', () => {
      throw { code: 'CONFLICT', message: 'The amount due changed.' };
    });
    station.answer('sessions:quote', () => ({ dueMinor: 700 }) as never);
    usePaymentStore.getState().open('s1');
    usePaymentStore.getState().setTendered('10');
    const outcome = await usePaymentStore.getState().pay(500, 'RON');
    assert.deepEqual(outcome, { kind: 'due-changed', sessionId: 's1', quote: { dueMinor: 700 } });
    const state = usePaymentStore.getState();
    assert.equal(state.paying, false);
    assert.equal(state.result, null);
    // In the site's format; before station:status that is en-GB ("lei 7.00" for RON).
    assert.match(state.notice ?? '', /no money was taken\. It is now lei 7\.00/);
  });
});

describe('selectors', () => {
  it('a lane name falls back to its id until the lanes load, and is a stable value', () => {
    const select = selectLaneName('exit-1');
    assert.equal(select(useLanesStore.getState()), 'exit-1');
    useLanesStore.getState().applyLane({ ...lane('exit-1'), name: 'Exit gate' });
    const state = useLanesStore.getState();
    assert.equal(select(state), 'Exit gate');
    assert.ok(Object.is(select(state), select(state)));
  });

  it('search results are stale while the query differs from the one they answer', async () => {
    station.answer('sessions:search', () => []);
    signalSignedIn();
    const sessions = useSessionsStore.getState();
    sessions.setQuery('B12');
    assert.equal(isSearchStale(useSessionsStore.getState()), true);
    await sessions.search();
    assert.equal(isSearchStale(useSessionsStore.getState()), false);
    sessions.setQuery('B123');
    assert.equal(isSearchStale(useSessionsStore.getState()), true);
    sessions.setScope('all');
    await sessions.search();
    assert.equal(isSearchStale(useSessionsStore.getState()), false);
  });
});
