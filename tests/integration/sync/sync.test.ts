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
import { assertExactlyOnce, register } from './support';

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
    return openSyncRig({ serverUrl: h.url, stationId, deviceSecret });
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
});
