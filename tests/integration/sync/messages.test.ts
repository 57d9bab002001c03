/**
 * Message requests end to end against the real reference server (SQLite store, SMS delivered
 * at once): a sync round's scheduler queues the due requests, the sender hands it over, the
 * server holds it, and its delivery receipt comes back through the pull and updates the row.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Tariff } from '../../../src-shared';
import type { MessageRecord } from '../../../src-main/db/repositories/message-repository';
import { startHarness, type Harness } from '../reference-server/support/harness';
import { newDeviceSecret, openSyncRig } from '../../support/sync-rig';

const MINUTE = 60_000;

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

describe('message requests through sync', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness('sqlite', { autoDeliver: true });
  });
  after(() => h.close());

  it('due requests reach the operator and their delivery receipts come back', async () => {
    const stationId = `st-${randomUUID().slice(0, 8)}`;
    const deviceSecret = newDeviceSecret();
    const registered = await h.admin.put(`/admin/stations/${stationId}`, {
      name: `Station ${stationId}`,
      deviceSecret,
    });
    assert.equal(registered.status, 200, JSON.stringify(registered.data));
    let now = Date.now();
    const rig = openSyncRig({ serverUrl: h.url, stationId, deviceSecret, clock: () => now });
    const park = (id: string, plate: string, entryAt: number, exitBy: number) =>
      rig.repos.sessions.insert({
        id,
        plate,
        zoneId: 'main',
        tariffId: tariff.id,
        entryLaneId: null,
        entryAt,
        entryPhotoId: null,
        state: 'paid',
        paidMinor: 700,
        exitBy,
        exitAt: null,
        exitLaneId: null,
        exitPhotoId: null,
        lostTicket: false,
        continuesSessionId: null,
      });
    try {
      rig.repos.site.upsertTariff(tariff, 0);
      rig.repos.site.upsertZone({ id: 'main', name: 'Main', capacity: 50, tariffId: tariff.id });
      // Paid 45 minutes ago, for the hour: the car may leave for 15 minutes more.
      park('S-REM', 'B77SMS', now - 60 * MINUTE, now + 15 * MINUTE);
      const member = (id: string) => ({
        kind: 'member',
        op: 'put',
        data: { id, name: 'Ana Pop', tier: 'silver', smsOptIn: true },
      });
      const vehicle = (plate: string, memberId: string) => ({
        kind: 'vehicle',
        op: 'put',
        data: { plate, memberId, label: null },
      });
      const added = await h.admin.post('/admin/changes', {
        stations: [stationId],
        changes: [
          // The operator's price replaces the configured one: 900 an hour instead of 700.
          {
            kind: 'tariff',
            op: 'put',
            data: { ...tariff, steps: [{ ...tariff.steps[0], pricePerIncrementMinor: 900 }] },
          },
          member('m-77'),
          vehicle('B77SMS', 'm-77'),
          member('m-78'),
          vehicle('B78SMS', 'm-78'),
        ],
      });
      assert.equal(added.status, 200, JSON.stringify(added.data));

      // Outside the reminder window: the round pulls the vehicles and members, asks nothing.
      let status = await rig.sync.now();
      assert.equal(status.lastError, null);
      assert.ok(rig.repos.referenceData.get('member', 'm-77'), 'the member was pulled');
      assert.deepEqual(rig.repos.messages.recent(10), []);

      // Five minutes on: ten minutes before the first car's exit-by, and a second car 50
      // minutes past its own (in for 130 minutes, its paid time ended 80 minutes in).
      now += 5 * MINUTE;
      park('S-OVR', 'B78SMS', now - 130 * MINUTE, now - 50 * MINUTE);
      status = await rig.sync.now();
      assert.equal(status.lastError, null);
      assert.equal(status.pendingMessages, 0, 'both handed to the operator');
      const asked = rig.repos.messages.recent(10).sort((x, y) => x.kind.localeCompare(y.kind));
      assert.deepEqual(
        asked.map((m) => [m.kind, m.subjectId]),
        [
          ['exit-window-reminder', 'S-REM'],
          ['overstay', 'S-OVR'],
        ],
      );
      const [reminder, overstay] = asked as [MessageRecord, MessageRecord];
      assert.equal(reminder.body['exitBy'], now + 10 * MINUTE);
      // Three hours' fee less the two paid for, at the pulled tariff's price.
      assert.equal(overstay.body['dueMinor'], 900);
      assert.equal(overstay.body['currency'], 'RON');

      const token = await h.anon.post('/v1/auth/token', {
        grantType: 'device_credentials',
        stationId,
        deviceSecret,
      });
      assert.equal(token.status, 200, JSON.stringify(token.data));
      for (const m of asked) {
        assert.notEqual(m.status, 'pending');
        const held = await h.anon.get(`/v1/messages/${m.id}`, {
          headers: { authorization: `Bearer ${token.data.accessToken}` },
        });
        assert.equal(held.status, 200, JSON.stringify(held.data));
        assert.equal(held.data.messageId, m.id);
        assert.equal(held.data.status, 'delivered', 'the operator delivered it');
      }

      // The receipts come back through the pull and update the rows; the requests' journal
      // events reach the server with the rest of the journal.
      status = await rig.sync.now();
      assert.equal(status.lastError, null);
      for (const m of asked) {
        const row = rig.repos.messages.get(m.id)!;
        assert.equal(row.status, 'delivered', `${m.kind} delivered`);
        assert.equal(row.detail, null);
      }
      const events = await h.held(stationId);
      assert.deepEqual(
        events
          .filter((e) => e.event.type === 'message.requested')
          .map((e) => [e.event.aggregateId, e.event.payload])
          .sort(),
        [
          [reminder.id, { kind: 'exit-window-reminder', plate: 'B77SMS', subjectId: 'S-REM' }],
          [overstay.id, { kind: 'overstay', plate: 'B78SMS', subjectId: 'S-OVR' }],
        ].sort(),
      );
      assert.equal(rig.repos.messages.recent(10).length, 2, 'each asked once over three rounds');
    } finally {
      await rig.close();
    }
  });
});
