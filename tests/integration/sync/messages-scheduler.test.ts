/**
 * The message scheduler on a real SQLite file with an injected clock: which SMS requests it
 * queues (registered vehicles whose member opted in, cars still in the lot), when, once each,
 * journaled with their rows, with bodies the operator's API accepts.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { ParkingSession, Tariff } from '../../../src-shared';
import { ApiDoc } from '../../../reference-server/api-doc';
import { MessageScheduler } from '../../../src-main/sync/message-scheduler';
import { newDeviceSecret, openSyncRig, type SyncRig } from '../../support/sync-rig';

const MINUTE = 60_000;
const T0 = Date.UTC(2025, 2, 3, 8, 0); // a Monday morning
/** The car paid 45 minutes in: it may leave until an hour after entry. */
const EXIT_BY = T0 + 60 * MINUTE;

const tariff: Tariff = {
  id: 'default',
  name: 'Hourly',
  currency: 'RON',
  timeZone: 'Europe/Bucharest',
  freeMinutes: 0,
  steps: [{ fromMinute: 0, incrementMinutes: 60, pricePerIncrementMinor: 700 }],
  dailyCap: null,
  night: null,
  lostTicketFeeMinor: 9000,
  exitGraceMinutes: 15,
  reentryMinutes: 0,
};

const validRequest = new ApiDoc().schema('MessageRequest');

function session(id: string, plate: string, over: Partial<ParkingSession> = {}): ParkingSession {
  return {
    id,
    plate,
    zoneId: 'main',
    tariffId: tariff.id,
    entryLaneId: null,
    entryAt: T0,
    entryPhotoId: null,
    state: 'paid',
    paidMinor: 700,
    exitBy: EXIT_BY,
    exitAt: null,
    exitLaneId: null,
    exitPhotoId: null,
    lostTicket: false,
    continuesSessionId: null,
    ...over,
  };
}

describe('message scheduler', () => {
  let rig: SyncRig;
  let now = T0;
  let seq = 0;

  const scheduler = (o: { reminderMinutes?: number; overstayMinutes?: number } = {}) =>
    new MessageScheduler({
      sessions: rig.repos.sessions,
      referenceData: rig.repos.referenceData,
      messages: rig.repos.messages,
      journal: rig.journal,
      transact: (fn) => rig.db.transaction(fn)(),
      clock: () => now,
      tariff: (id) => rig.repos.site.tariffs().find((t) => t.id === id) ?? null,
      ...o,
    });

  const put = (kind: string, key: string, data: unknown) =>
    rig.repos.referenceData.put(kind, key, data, { seq: ++seq, at: T0 }, T0);

  const register = (plate: string, memberId: string | null, smsOptIn: boolean | null) => {
    put('vehicle', plate, { plate, memberId, label: null });
    if (memberId && smsOptIn !== null) {
      put('member', memberId, { id: memberId, name: 'Ana Pop', tier: 'gold', smsOptIn });
    }
  };

  /** Every queued request, oldest first, as (kind, session) pairs. */
  const queued = () =>
    rig.db
      .prepare('SELECT kind, subject_id FROM sync_messages ORDER BY requested_at, kind')
      .all()
      .map((r) => {
        const { kind, subject_id } = r as { kind: string; subject_id: string };
        return `${kind}:${subject_id}`;
      });

  const requestedEvents = () =>
    rig.db
      .prepare(
        `SELECT aggregate_id AS id, payload_json AS payload FROM journal
         WHERE type = 'message.requested' ORDER BY seq`,
      )
      .all() as { id: string; payload: string }[];

  before(() => {
    rig = openSyncRig({ serverUrl: null, stationId: 'st-msg', deviceSecret: newDeviceSecret() });
    rig.repos.site.upsertTariff(tariff, 0);
    rig.repos.site.upsertZone({ id: 'main', name: 'Main', capacity: 50, tariffId: tariff.id });
  });
  after(() => rig.close());
  beforeEach(() => {
    // Each test starts from an empty lot and outbox; the journal keeps its chain.
    rig.db.exec(`DELETE FROM sync_messages; DELETE FROM reference_data;
      UPDATE sessions SET state = 'deleted' WHERE state IN ('open', 'paid')`);
  });

  it('asks once for each kind in its window: reminder, expiry, then overstay with what is due', () => {
    register('B10OPT', 'm-opt', true);
    rig.repos.sessions.insert(session('S-A', 'B10OPT'));
    const s = scheduler();

    now = EXIT_BY - 10 * MINUTE - 1;
    assert.equal(s.run(), 0, 'nothing before the reminder window');
    assert.deepEqual(queued(), []);

    now = EXIT_BY - 10 * MINUTE;
    assert.equal(s.run(), 1);
    assert.deepEqual(queued(), ['exit-window-reminder:S-A']);
    assert.equal(s.run(), 0, 'the same round again asks nothing');
    assert.equal(scheduler().run(), 0, 'nor does a restarted scheduler (the table remembers)');

    now = EXIT_BY - 1;
    assert.equal(s.run(), 0);

    now = EXIT_BY;
    assert.equal(s.run(), 1);
    now = EXIT_BY + 30 * MINUTE;
    assert.equal(s.run(), 0, 'an overstay is more than 30 minutes past exit-by');
    assert.deepEqual(queued(), ['exit-window-reminder:S-A', 'session-expiry:S-A']);

    now = EXIT_BY + 30 * MINUTE + 1;
    assert.equal(s.run(), 1);
    assert.equal(scheduler().run(), 0);
    now = EXIT_BY + 5 * 60 * MINUTE;
    assert.equal(s.run(), 0, 'an overstay is told once, however long it lasts');
    assert.deepEqual(queued(), ['exit-window-reminder:S-A', 'session-expiry:S-A', 'overstay:S-A']);

    const bodies = rig.repos.messages.recent(10).reverse();
    const ids = bodies.map((m) => m.id);
    assert.deepEqual(
      bodies.map((m) => m.body),
      [
        {
          id: ids[0],
          kind: 'exit-window-reminder',
          plate: 'B10OPT',
          sessionId: 'S-A',
          exitBy: EXIT_BY,
        },
        {
          id: ids[1],
          kind: 'session-expiry',
          plate: 'B10OPT',
          sessionId: 'S-A',
          expiresAt: EXIT_BY,
        },
        {
          id: ids[2],
          kind: 'overstay',
          plate: 'B10OPT',
          sessionId: 'S-A',
          overstaySince: EXIT_BY,
          // 90 minutes and a millisecond in: two hours' fee (1400) less the hour paid for (700).
          dueMinor: 700,
          currency: 'RON',
        },
      ],
    );
    for (const m of bodies) {
      assert.ok(validRequest(m.body), JSON.stringify(validRequest.errors));
      assert.equal(m.status, 'pending');
      assert.equal(m.plate, 'B10OPT');
      assert.equal(m.subjectId, 'S-A');
    }
    assert.deepEqual(new Set(ids).size, 3, 'each request has its own id');

    // Each request is journaled with its row, under the request's id.
    assert.deepEqual(
      requestedEvents()
        .slice(-3)
        .map((e) => ({ id: e.id, payload: JSON.parse(e.payload) })),
      bodies.map((m) => ({
        id: m.id,
        payload: { kind: m.kind, plate: 'B10OPT', subjectId: 'S-A' },
      })),
    );
  });

  it('asks nothing for a plate not registered, a vehicle without a member, or no SMS consent', () => {
    register('B20NOS', 'm-no', false);
    register('B30NOM', null, null);
    register('B40GON', 'm-gone', null); // a member the pull never brought
    rig.repos.sessions.insert(session('S-B', 'B20NOS'));
    rig.repos.sessions.insert(session('S-C', 'B30NOM'));
    rig.repos.sessions.insert(session('S-D', 'B40GON'));
    rig.repos.sessions.insert(session('S-E', 'B50UNR'));
    const events = requestedEvents().length;
    const s = scheduler();
    for (const at of [EXIT_BY - MINUTE, EXIT_BY, EXIT_BY + 31 * MINUTE]) {
      now = at;
      assert.equal(s.run(), 0);
    }
    assert.deepEqual(queued(), []);
    assert.equal(requestedEvents().length, events, 'nothing journaled');
  });

  it('asks for a car once its member opts in, within the same window', () => {
    register('B60LAT', 'm-late', false);
    rig.repos.sessions.insert(session('S-F', 'B60LAT'));
    const s = scheduler();
    now = EXIT_BY - 5 * MINUTE;
    assert.equal(s.run(), 0);
    register('B60LAT', 'm-late', true);
    now = EXIT_BY - 4 * MINUTE;
    assert.equal(s.run(), 1);
    assert.deepEqual(queued(), ['exit-window-reminder:S-F']);
  });

  it('asks nothing for a car that left, nor for one that never paid', () => {
    register('B70LFT', 'm-left', true);
    register('B80OPN', 'm-open', true);
    rig.repos.sessions.insert(session('S-G', 'B70LFT'));
    rig.repos.sessions.insert(
      session('S-H', 'B80OPN', { state: 'open', paidMinor: 0, exitBy: null }),
    );
    const s = scheduler();
    now = EXIT_BY - 5 * MINUTE;
    assert.equal(s.run(), 1, 'reminded while in the lot');
    rig.repos.sessions.update(
      session('S-G', 'B70LFT', { state: 'closed', exitAt: now + MINUTE, exitLaneId: null }),
    );
    for (const at of [EXIT_BY, EXIT_BY + 31 * MINUTE, EXIT_BY + 10 * 60 * MINUTE]) {
      now = at;
      assert.equal(s.run(), 0);
    }
    assert.deepEqual(queued(), ['exit-window-reminder:S-G']);
  });

  it('a late round asks only for what still makes sense, never a reminder for a time passed', () => {
    register('B90LTE', 'm-lte', true);
    rig.repos.sessions.insert(session('S-I', 'B90LTE'));
    now = EXIT_BY + 45 * MINUTE;
    assert.equal(scheduler().run(), 1);
    assert.deepEqual(queued(), ['overstay:S-I']);
  });

  it('normalises plates for the API and skips a plate the API cannot take', () => {
    register('CJ12ABC', 'm-cj', true);
    register('CJ12ABCDEFG', 'm-cj', true); // longer than any plate the operator's API takes
    rig.repos.sessions.insert(session('S-J', 'cj 12-abc'));
    rig.repos.sessions.insert(session('S-K', 'CJ12ABCDEFG'));
    now = EXIT_BY - MINUTE;
    assert.equal(scheduler().run(), 1);
    assert.deepEqual(queued(), ['exit-window-reminder:S-J']);
    assert.equal(rig.repos.messages.recent(1)[0]!.body['plate'], 'CJ12ABC');
  });

  it('honours its thresholds', () => {
    register('B11THR', 'm-thr', true);
    rig.repos.sessions.insert(session('S-L', 'B11THR'));
    const s = scheduler({ reminderMinutes: 3, overstayMinutes: 5 });
    now = EXIT_BY - 4 * MINUTE;
    assert.equal(s.run(), 0);
    now = EXIT_BY - 3 * MINUTE;
    assert.equal(s.run(), 1);
    now = EXIT_BY + 5 * MINUTE + 1;
    assert.equal(s.run(), 1);
    assert.deepEqual(queued(), ['exit-window-reminder:S-L', 'overstay:S-L']);
  });

  it('reads only cars in the lot whose paid time ends by the given instant', () => {
    rig.repos.sessions.insert(session('S-M', 'B12REP', { exitBy: EXIT_BY + MINUTE }));
    rig.repos.sessions.insert(session('S-N', 'B13REP', { exitBy: EXIT_BY - MINUTE }));
    rig.repos.sessions.insert(session('S-O', 'B14REP', { state: 'closed', exitAt: EXIT_BY }));
    rig.repos.sessions.insert(session('S-P', 'B15REP', { state: 'open', exitBy: null }));
    rig.repos.sessions.insert(session('S-Q', 'B16REP', { state: 'open', exitBy: EXIT_BY }));
    assert.deepEqual(
      rig.repos.sessions.inLotExitByUntil(EXIT_BY).map((x) => x.id),
      ['S-N', 'S-Q'],
    );
  });
});
