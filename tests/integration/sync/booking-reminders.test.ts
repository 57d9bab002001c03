/**
 * Booking reminders on a real SQLite file with an injected clock: a booking still expected
 * gets one `booking-reminder` request in the hour before its start, only for a registered
 * vehicle whose member opted in to SMS, journaled with its row, with a body the operator's API
 * accepts; none for a booking checked in, cancelled or already started. A booking whose customer
 * never came is told of once, soon after it lapsed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApiDoc } from '../../../reference-server/api-doc';
import type { Booking } from '../../../src-shared/domain/bookings';
import { MessageScheduler } from '../../../src-main/sync/message-scheduler';
import { newDeviceSecret, openSyncRig, type SyncRig } from '../../support/sync-rig';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 2, 3, 8, 0);
const validRequest = new ApiDoc().schema('MessageRequest');

describe('booking reminders', () => {
  let rig: SyncRig;
  let now = T0;
  let seq = 0;
  before(() => {
    rig = openSyncRig({ serverUrl: null, stationId: 'st-remind', deviceSecret: newDeviceSecret() });
    const put = (kind: string, key: string, data: unknown) =>
      rig.repos.referenceData.put(kind, key, data, { seq: ++seq, at: T0 }, T0);
    put('member', 'm-ana', { id: 'm-ana', name: 'Ana Pop', tier: 'gold', smsOptIn: true });
    put('member', 'm-dan', { id: 'm-dan', name: 'Dan I', tier: 'standard', smsOptIn: false });
    for (const [plate, memberId] of [
      ['B1ANA', 'm-ana'],
      ['B2ANA', 'm-ana'],
      ['B3ANA', 'm-ana'],
      ['B4DAN', 'm-dan'],
    ]) {
      put('vehicle', plate!, { plate, memberId, label: null });
    }
  });
  after(() => rig?.close());

  const booking = (id: string, plate: string, startsIn: number, over: Partial<Booking> = {}) =>
    rig.repos.bookings.insert({
      id,
      source: 'app',
      resource: { kind: 'pump', id: 'pump-1' },
      startsAt: T0 + startsIn * MINUTE,
      durationMinutes: 15,
      plate,
      contact: null,
      status: 'booked',
      lateUntil: null,
      etokenId: null,
      createdAt: T0,
      checkedInAt: null,
      checkedInVia: null,
      serviceStartedAt: null,
      closedAt: null,
      walkIn: false,
      ...over,
    });

  const scheduler = () =>
    new MessageScheduler({
      sessions: rig.repos.sessions,
      referenceData: rig.repos.referenceData,
      messages: rig.repos.messages,
      journal: rig.journal,
      transact: (fn) => rig.db.transaction(fn)(),
      clock: () => now,
      tariff: () => null,
      bookings: rig.repos.bookings,
    });

  const queued = () =>
    rig.db
      .prepare(`SELECT kind, plate, subject_id AS subjectId, body_json AS body FROM sync_messages`)
      .all() as { kind: string; plate: string; subjectId: string; body: string }[];

  it('reminds an opted-in member once, in the hour before the start', () => {
    booking('bk-soon', 'B1ANA', 45);
    booking('bk-later', 'B2ANA', 120);
    booking('bk-optout', 'B4DAN', 30);
    booking('bk-unregistered', 'B9NOBODY', 30);
    booking('bk-checked', 'B3ANA', 20, { status: 'checked-in', checkedInAt: T0 });
    const s = scheduler();
    assert.equal(s.run(), 1);
    const [only] = queued();
    assert.deepEqual(
      [only?.kind, only?.plate, only?.subjectId],
      ['booking-reminder', 'B1ANA', 'bk-soon'],
    );
    const body = JSON.parse(only!.body) as unknown;
    assert.ok(validRequest(body), JSON.stringify(validRequest.errors));
    assert.deepEqual(
      { ...(body as object), id: undefined },
      {
        id: undefined,
        kind: 'booking-reminder',
        plate: 'B1ANA',
        bookingId: 'bk-soon',
        startsAt: T0 + 45 * MINUTE,
      },
    );
    const [journaled] = rig.journal.since(0, 100).filter((e) => e.type === 'message.requested');
    assert.deepEqual(journaled?.payload, {
      kind: 'booking-reminder',
      plate: 'B1ANA',
      subjectId: 'bk-soon',
    });
    // Again, and with a fresh scheduler (a restart): still one.
    assert.equal(s.run(), 0);
    assert.equal(scheduler().run(), 0);
    assert.equal(queued().length, 1);
  });

  it('the later booking comes into its hour; a started one never does', () => {
    booking('bk-started', 'B3ANA', 50);
    now = T0 + 61 * MINUTE;
    assert.equal(scheduler().run(), 1);
    assert.deepEqual(
      queued()
        .map((m) => m.subjectId)
        .sort(),
      ['bk-later', 'bk-soon'],
    );
  });

  it('tells of a booking that lapsed without its customer, once, soon after', () => {
    booking('bk-missed', 'B2ANA', 0, { status: 'no-show', closedAt: now - 10 * MINUTE });
    booking('bk-long-ago', 'B3ANA', 0, { status: 'no-show', closedAt: now - 7 * 60 * MINUTE });
    booking('bk-missed-optout', 'B4DAN', 0, { status: 'no-show', closedAt: now - 5 * MINUTE });
    assert.equal(scheduler().run(), 1);
    const notice = queued().find((m) => m.kind === 'booking-expired');
    assert.equal(notice?.subjectId, 'bk-missed');
    const body = JSON.parse(notice!.body) as { closedAt: number };
    assert.ok(validRequest(body), JSON.stringify(validRequest.errors));
    assert.equal(body.closedAt, now - 10 * MINUTE);
    const journaled = rig.journal
      .since(0, 100)
      .filter((e) => e.type === 'message.requested')
      .at(-1);
    assert.equal(journaled?.version, 2);
    assert.deepEqual(journaled?.payload, {
      kind: 'booking-expired',
      plate: 'B2ANA',
      subjectId: 'bk-missed',
    });
    assert.equal(scheduler().run(), 0, 'once');
  });
});
