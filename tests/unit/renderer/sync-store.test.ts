import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import {
  channels,
  type ChannelName,
  type EventName,
  type EventPayload,
  type RequestOf,
  type ResponseOf,
  type StationApi,
  type SyncStatusView,
} from '../../../src-shared';
import { connectStores } from '../../../src-renderer/connect';
import { formatWhen } from '../../../src-renderer/format';
import { signalSignedIn, signalSignedOut } from '../../../src-renderer/session-signal';
import {
  selectHeldCount,
  selectIsOffline,
  selectPendingEvents,
  selectSyncState,
  useSyncStore,
} from '../../../src-renderer/stores/sync-store';
import {
  elapsed,
  hoursOld,
  offlineHeadline,
  offlinePolicyMeaningKey,
} from '../../../src-renderer/sync-text';
import { t } from '../../../src-renderer/stores/i18n-store';

type Handler<C extends ChannelName> = (
  payload: RequestOf<C>,
) => ResponseOf<C> | Promise<ResponseOf<C>>;

/**
 * The bridge in memory, as in stores.test.ts: `request` answers from the handlers a test sets (a
 * missing one fails with a code, as the station would), `on` returns its unsubscribe, and `push`
 * delivers an event to whoever is subscribed.
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
      return (await handler(payload)) as never;
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

/** Lets the promise chains started by a signal or an event settle. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A promise the test resolves: an answer held back while the test looks at the busy state. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const status = (over: Partial<SyncStatusView> = {}): SyncStatusView => ({
  state: 'online',
  serverUrl: 'https://operator.example/api',
  lastContactAt: 1_000,
  lastPushAt: 1_000,
  lastPullAt: 1_000,
  pendingEvents: 0,
  oldestPendingAt: null,
  pendingMessages: 0,
  held: [],
  lastError: null,
  referenceDataAt: 500,
  offlinePolicy: 'allow-entry-exit',
  ...over,
});

const held = {
  aggregateType: 'session',
  aggregateId: '0193a1b2-0000-7000-8000-000000000001',
  fromSeq: 42,
  events: 3,
  code: 'AGGREGATE_CONFLICT',
  error: 'seq 4 does not follow 2',
  heldAt: 900,
};

let station: ReturnType<typeof memoryStation>;
let stop: () => void;

beforeEach(() => {
  station = memoryStation();
  stop = useSyncStore.getState().start(station.api);
});

afterEach(() => {
  signalSignedOut('signed-out');
  stop();
});

describe('sync store', () => {
  it('listens and loads only while signed in, and forgets it all at sign-out', async () => {
    station.answer('sync:status', () => status({ pendingEvents: 2 }));
    station.push('sync:status', status({ state: 'offline' }));
    assert.equal(useSyncStore.getState().status, null, 'nothing before sign-in');
    assert.equal(station.subscribers('sync:status'), 0);
    assert.equal(station.requested('sync:status'), 0);

    signalSignedIn();
    await settle();
    assert.equal(station.requested('sync:status'), 1, 'loaded at sign-in');
    assert.equal(station.subscribers('sync:status'), 1);
    assert.equal(selectPendingEvents(useSyncStore.getState()), 2);
    assert.equal(selectSyncState(useSyncStore.getState()), 'online');

    station.push('sync:status', status({ state: 'offline', pendingEvents: 5, held: [held] }));
    const pushed = useSyncStore.getState();
    assert.equal(selectIsOffline(pushed), true);
    assert.equal(selectPendingEvents(pushed), 5);
    assert.equal(selectHeldCount(pushed), 1);

    signalSignedOut('signed-out');
    assert.deepEqual(useSyncStore.getState().status, null);
    assert.equal(station.subscribers('sync:status'), 0, 'unsubscribed at sign-out');
    station.push('sync:status', status({ state: 'offline' }));
    assert.equal(useSyncStore.getState().status, null, 'a push after sign-out is not kept');
    assert.equal(selectSyncState(useSyncStore.getState()), null);
  });

  it('a failed load says why on the store; a lost sign-in does not', async () => {
    station.answer('sync:status', () => {
      throw { code: 'UNAVAILABLE', message: 'The station did not answer.' };
    });
    signalSignedIn();
    await settle();
    assert.equal(useSyncStore.getState().error, 'The station did not answer.');
    assert.equal(useSyncStore.getState().status, null);

    station.answer('sync:status', () => {
      throw { code: 'NOT_SIGNED_IN', message: 'Sign in first.' };
    });
    await useSyncStore.getState().load();
    assert.equal(useSyncStore.getState().error, null, 'the sign-in screen says that one');

    station.answer('sync:status', () => status());
    await useSyncStore.getState().load();
    assert.equal(useSyncStore.getState().status?.state, 'online');
  });

  it('"Sync now" is busy until its round answers, and a second tap sends nothing', async () => {
    station.answer('sync:status', () => status({ pendingEvents: 4 }));
    signalSignedIn();
    await settle();
    const round = deferred<SyncStatusView>();
    station.answer('sync:now', () => round.promise);

    const first = useSyncStore.getState().syncNow();
    assert.equal(useSyncStore.getState().syncing, true);
    const second = useSyncStore.getState().syncNow();
    assert.equal(station.requested('sync:now'), 1, 'one round for a double tap');
    // Pushes during the round still show.
    station.push('sync:status', status({ pendingEvents: 1 }));
    assert.equal(selectPendingEvents(useSyncStore.getState()), 1);

    round.resolve(status({ pendingEvents: 0, lastPushAt: 2_000 }));
    await Promise.all([first, second]);
    const done = useSyncStore.getState();
    assert.equal(done.syncing, false);
    assert.equal(done.status?.lastPushAt, 2_000);
    assert.equal(done.error, null);
  });

  it('a failed "Sync now" ends busy and says why', async () => {
    station.answer('sync:status', () => status());
    signalSignedIn();
    await settle();
    station.answer('sync:now', () => {
      throw { code: 'UNAVAILABLE', message: "The operator's server did not answer." };
    });
    await useSyncStore.getState().syncNow();
    assert.equal(useSyncStore.getState().syncing, false);
    assert.equal(useSyncStore.getState().error, "The operator's server did not answer.");
    assert.equal(useSyncStore.getState().status?.state, 'online', 'the last status stays');

    station.answer('sync:now', () => status({ lastPullAt: 3_000 }));
    await useSyncStore.getState().syncNow();
    assert.equal(useSyncStore.getState().error, null, 'a new try clears the old error');
  });

  it('retrying a held aggregate sends its type and id, and shows the answer', async () => {
    station.answer('sync:status', () => status({ held: [held] }));
    signalSignedIn();
    await settle();
    station.answer('sync:retryHeld', () => status({ held: [] }));
    await useSyncStore.getState().retryHeld(held.aggregateType, held.aggregateId);
    assert.deepEqual(station.calls.at(-1), {
      channel: 'sync:retryHeld',
      payload: { aggregateType: 'session', aggregateId: held.aggregateId },
    });
    assert.equal(selectHeldCount(useSyncStore.getState()), 0);
  });

  it('a refused retry throws for its dialog and keeps the held row', async () => {
    station.answer('sync:status', () => status({ held: [held] }));
    signalSignedIn();
    await settle();
    station.answer('sync:retryHeld', () => {
      throw { code: 'FORBIDDEN', message: 'A manager must approve this.' };
    });
    await assert.rejects(useSyncStore.getState().retryHeld(held.aggregateType, held.aggregateId), {
      code: 'FORBIDDEN',
    });
    assert.equal(selectHeldCount(useSyncStore.getState()), 1);
  });

  it("answers that come back after a sign-out are the last operator's, and dropped", async () => {
    const load = deferred<SyncStatusView>();
    const round = deferred<SyncStatusView>();
    station.answer('sync:status', () => load.promise);
    station.answer('sync:now', () => round.promise);
    signalSignedIn();
    const syncing = useSyncStore.getState().syncNow();
    signalSignedOut('signed-out');
    load.resolve(status({ state: 'offline' }));
    round.resolve(status({ state: 'offline' }));
    await syncing;
    await settle();
    assert.deepEqual(
      { status: useSyncStore.getState().status, syncing: useSyncStore.getState().syncing },
      { status: null, syncing: false },
    );
  });

  it('a held retry at a cashier console can be approved by a manager (operator:elevate)', () => {
    assert.equal(channels['sync:retryHeld'].access, 'manager');
    const elevate = channels['operator:elevate'].request.safeParse({
      name: 'manager',
      pin: '482916',
      channel: 'sync:retryHeld',
    });
    assert.equal(elevate.success, true);
  });
});

describe('the sync store is started with the others', () => {
  it('connectStores hands it the bridge: it loads at sign-in', async () => {
    stop(); // this file's own start
    const others = memoryStation();
    others.answer('lanes:list', () => []);
    others.answer('alerts:list', () => []);
    others.answer('receipts:attention', () => []);
    others.answer('sync:status', () => status({ state: 'off', serverUrl: null }));
    const disconnect = connectStores(others.api);
    try {
      signalSignedIn();
      await settle();
      assert.equal(others.requested('sync:status'), 1);
      assert.equal(selectSyncState(useSyncStore.getState()), 'off');
    } finally {
      signalSignedOut('signed-out');
      disconnect();
      stop = useSyncStore.getState().start(station.api);
    }
  });
});

describe('sync texts', () => {
  const minute = 60_000;

  it('says how long the server has been silent, in whole minutes, never rounded up', () => {
    assert.equal(elapsed(10 * minute + 59_000, 0), '10 min');
    assert.equal(elapsed(30_000, 0), 'less than a minute');
    assert.equal(elapsed(0, 5 * minute), 'less than a minute', 'a clock behind is not negative');
    assert.equal(elapsed(125 * minute, 0), '2 h 05 min');
  });

  it('the banner names the silence and the last contact, or that there was none', () => {
    const at = new Date().setHours(14, 5, 0, 0); // today: the time alone, in this locale
    const now = at + 12 * minute;
    const line = offlineHeadline(now, at);
    assert.match(line, /^Offline: the operator's server has not answered for 12 min/);
    assert.ok(line.endsWith(`(last contact ${formatWhen(at)})`), line);
    assert.match(offlineHeadline(now, null), /has not answered yet/);
  });

  it('each offline policy tells the cashier what the lanes do', () => {
    const meaning = (policy: keyof typeof offlinePolicyMeaningKey) =>
      t(offlinePolicyMeaningKey[policy]);
    assert.match(meaning('allow-entry-exit'), /payments are kept and sent later/);
    assert.match(meaning('exit-only'), /entries are closed/i);
    assert.match(meaning('strict'), /exits only after payment/);
  });

  it('reference data age in hours', () => {
    assert.equal(hoursOld(5 * 60 * minute + 30 * minute, 0), '5 hours old');
    assert.equal(hoursOld(61 * minute, 0), '1 hour old');
    assert.equal(hoursOld(40 * minute, 0), '40 min old');
  });
});
