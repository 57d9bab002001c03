/**
 * The station's sync client against the real reference server (SQLite store): the journal is
 * pushed exactly once, refused aggregates are held while the rest flows, and the operator's
 * reference data is pulled and applied with its cursor.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { startHarness, type Harness } from '../reference-server/support/harness';
import { newDeviceSecret, openSyncRig } from '../../support/sync-rig';
import { assertExactlyOnce, register, serverEvents } from './support/server-checks';

const tariff = {
  id: 'default',
  name: 'Operator tariff',
  currency: 'RON',
  timeZone: 'Europe/Bucharest',
  freeMinutes: 10,
  steps: [{ fromMinute: 0, incrementMinutes: 60, pricePerIncrementMinor: 700 }],
  dailyCap: null,
  night: null,
  lostTicketFeeMinor: 9000,
  exitGraceMinutes: 15,
  reentryMinutes: 0,
};

describe('sync with the reference server', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness('sqlite');
  });
  after(() => h.close());

  async function station() {
    const stationId = `st-${randomUUID().slice(0, 8)}`;
    const deviceSecret = newDeviceSecret();
    await register(h, stationId, deviceSecret);
    return Object.assign(openSyncRig({ serverUrl: h.url, stationId, deviceSecret }), {
      deviceSecret,
    });
  }

  it('pushes the journal exactly once and applies pulled reference data with its cursor', async () => {
    const rig = await station();
    const { stationId } = rig;
    await h.admin.post('/admin/changes', {
      stations: [stationId],
      changes: [
        { kind: 'tariff', op: 'put', data: tariff },
        { kind: 'vehicle', op: 'put', data: { plate: 'B77SYN', memberId: null, label: null } },
      ],
    });
    const paid = await h.admin.post('/admin/app-payments', {
      stations: [stationId],
      plate: 'B77SYN',
      amountMinor: 1500,
      currency: 'RON',
    });
    assert.equal(paid.status, 200, JSON.stringify(paid.data));
    rig.append(1200, 30);

    let status = await rig.sync.now();
    assert.equal(status.state, 'online');
    assert.equal(status.lastError, null);
    // The pull journaled what it brought (a tariff, an app payment, the page); the next round
    // pushes those too.
    status = await rig.sync.now();
    assert.equal(status.pendingEvents, 0);
    const held = await assertExactlyOnce(h, stationId, rig.db);
    assert.ok(held > 1200);

    assert.deepEqual(rig.tariffsUsed.at(-1), tariff, 'the pulled tariff is in use');
    const types = rig.db
      .prepare(`SELECT type, COUNT(*) AS n FROM journal WHERE actor = 'operator' GROUP BY type`)
      .all() as { type: string; n: number }[];
    assert.deepEqual(Object.fromEntries(types.map((t) => [t.type, t.n])), {
      'appPayment.received': 1,
      'sync.pulled': 1,
      'tariff.changed': 1,
    });
    assert.equal(rig.repos.referenceData.byPlate('appPayment', 'B77SYN').length, 1);
    const pulled = rig.repos.sync.pullState();
    assert.ok(pulled.cursor && pulled.lastChangeSeq > 0, 'the cursor was stored');

    // Nothing new: another round applies nothing twice.
    await rig.sync.now();
    assert.equal(
      rig.db.prepare(`SELECT COUNT(*) FROM journal WHERE type = 'sync.pulled'`).pluck().get(),
      1,
    );
    await rig.close();
  });

  it('holds an aggregate the server refuses, keeps the others flowing, and never drops it', async () => {
    const rig = await station();
    // Another writer took aggregateSeq 1 of session s-taken at the server first.
    const token = await h.anon.post('/v1/auth/token', {
      grantType: 'device_credentials',
      stationId: rig.stationId,
      deviceSecret: rig.deviceSecret,
    });
    const foreign = {
      seq: 1,
      id: randomUUID(),
      stationId: rig.stationId,
      aggregateType: 'session',
      aggregateId: 's-taken',
      aggregateSeq: 1,
      type: 'session.deleted',
      version: 1,
      payload: { reason: 'someone else' },
      actor: 'intruder',
      at: 1,
    };
    const pushed = await h.anon.post(
      '/v1/events',
      { events: [foreign] },
      { headers: { authorization: `Bearer ${token.data.accessToken}` } },
    );
    assert.equal(pushed.data.results[0].status, 'accepted');

    const taken = () =>
      rig.db.transaction(() =>
        rig.journal.append(
          {
            type: 'session.deleted',
            aggregateId: 's-taken',
            actor: 'cashier',
            payload: { reason: 'duplicate entry' },
          },
          Date.now(),
        ),
      )();
    rig.append(100, 10);
    taken();
    rig.append(100, 10);
    taken();

    let status = await rig.sync.now();
    assert.equal(status.held.length, 1);
    assert.deepEqual(
      [status.held[0]!.aggregateType, status.held[0]!.aggregateId, status.held[0]!.code],
      ['session', 's-taken', 'sequence-conflict'],
    );
    assert.equal(status.held[0]!.events, 2, 'both of its events wait');
    assert.equal(status.pendingEvents, 2, 'everything else went through');
    assert.match(status.held[0]!.error, /\S/);
    const atServer = (await serverEventsOf(rig.stationId)).filter(
      (e) => e.event.aggregateId === 's-taken',
    );
    assert.equal(atServer.length, 1, 'only the foreign event is held by the server');

    // A manager retries: it is sent again, refused again, and still held, not dropped.
    status = await rig.sync.retryHeld('session', 's-taken', 'manager');
    assert.equal(status.held.length, 1);
    assert.equal(status.pendingEvents, 2, 'only the held events wait (the retry event went)');
    assert.equal(
      rig.db.prepare(`SELECT COUNT(*) FROM journal WHERE type = 'sync.retried'`).pluck().get(),
      1,
    );
    await rig.close();
  });

  it('sends an aggregate again from the event the server says it lacks', async () => {
    const rig = await station();
    rig.append(30, 3);
    // As if the server had lost the first events: the pointer claims they went.
    rig.repos.sync.setPushedThrough(5);
    const status = await rig.sync.now();
    assert.equal(status.held.length, 0, JSON.stringify(status.held));
    assert.equal(status.pendingEvents, 0);
    // Events 1-5 of the lanes and sessions: the refused aggregates went again from the missing
    // one; any aggregate whose only events were 1-5 stays unsent, as the server never asked.
    const atServer = await serverEventsOf(rig.stationId);
    const next = new Map<string, number>();
    for (const { event } of atServer) {
      const key = `${event.aggregateType}/${event.aggregateId}`;
      assert.equal(event.aggregateSeq, (next.get(key) ?? 0) + 1, `${key} in order`);
      next.set(key, event.aggregateSeq);
    }
    await rig.close();
  });

  const serverEventsOf = (stationId: string) => serverEvents(h, stationId);
});

describe('sync with short-lived access tokens', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness('sqlite', { tokens: { accessTtlMs: 1000 } });
  });
  after(() => h.close());

  it('refreshes a token the server calls expired, and signs in again when the refresh is refused', async () => {
    const stationId = `st-${randomUUID().slice(0, 8)}`;
    const deviceSecret = newDeviceSecret();
    await register(h, stationId, deviceSecret);
    // The station's clock stands still, so it believes its token is fresh; the server's
    // doesn't, so the token expires there first: 401 token-expired, refresh, same batch again.
    const frozen = Date.now();
    const rig = openSyncRig({ serverUrl: h.url, stationId, deviceSecret, clock: () => frozen });
    rig.append(50, 5);
    assert.equal((await rig.sync.now()).pendingEvents, 0);
    await new Promise((r) => setTimeout(r, 1300));
    rig.append(50, 5);
    let status = await rig.sync.now();
    assert.equal(status.lastError, null);
    assert.equal(status.pendingEvents, 0);

    // The operator re-keys the station (its tokens are revoked, the refresh token with them):
    // the refresh is refused, and the station signs in with its device credentials again.
    await register(h, stationId, deviceSecret);
    await new Promise((r) => setTimeout(r, 1300));
    rig.append(50, 5);
    status = await rig.sync.now();
    assert.equal(status.lastError, null);
    assert.equal(status.pendingEvents, 0);
    await assertExactlyOnce(h, stationId, rig.db);
    await rig.close();
  });
});
