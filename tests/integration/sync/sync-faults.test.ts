/**
 * At least 1,000 faults injected by the reference server, of every kind it has: dropped
 * connections before and after commit, 500s, 429s with Retry-After, delays, timeouts after
 * commit (the server applied the write, the client never hears), duplicate deliveries and
 * clock skew, on pushes, pulls, message requests and token requests alike. Traffic keeps
 * coming meanwhile. Afterwards the server holds every journal event exactly once, in
 * per-aggregate order, and every pulled change was applied exactly once.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { FAULT_KINDS } from '../../../reference-server/faults';
import { startHarness, type Harness } from '../reference-server/support/harness';
import { newDeviceSecret, openSyncRig } from '../../support/sync-rig';
import { assertExactlyOnce, register } from './support/server-checks';

const FAULTS_WANTED = Number(process.env.SYNC_FAULTS ?? 1000);

describe('sync under injected faults', { timeout: 600_000 }, () => {
  let h: Harness;
  before(async () => {
    h = await startHarness('sqlite');
  });
  after(() => h.close());

  it(`loses and duplicates nothing through ${FAULTS_WANTED} faults`, async () => {
    const stationId = `st-${randomUUID().slice(0, 8)}`;
    const deviceSecret = newDeviceSecret();
    await register(h, stationId, deviceSecret);
    const rig = openSyncRig({
      serverUrl: h.url,
      stationId,
      deviceSecret,
      // Small batches and pages: more requests, so more faults per event; a short timeout,
      // so a timeout after commit costs little.
      sync: { batchSize: 40, requestTimeoutSeconds: 0.4 },
    });
    const plan = {
      seed: 2026,
      rules: [
        {
          kind: 'random',
          probability: 0.5,
          params: { 'error-429': 0, delay: 30, 'duplicate-delivery': 3, 'clock-skew': 3_600_000 },
        },
      ],
    };
    assert.equal((await h.admin.put('/admin/faults', plan)).status, 200);

    let vehicles = 0;
    let appPayments = 0;
    let injected: Record<string, number> = {};
    let total = 0;
    let rounds = 0;
    while (total < FAULTS_WANTED) {
      rig.append(60, 25);
      // The operator keeps deciding things: a vehicle, and now and then a payment in the app.
      const plate = `T${String(vehicles).padStart(5, '0')}`;
      const put = await h.admin.post('/admin/changes', {
        stations: [stationId],
        changes: [{ kind: 'vehicle', op: 'put', data: { plate, memberId: null, label: null } }],
      });
      assert.equal(put.status, 200, JSON.stringify(put.data));
      vehicles++;
      if (rounds % 5 === 0) {
        await h.admin.post('/admin/app-payments', {
          stations: [stationId],
          plate,
          amountMinor: 500,
          currency: 'RON',
        });
        appPayments++;
      }
      await rig.sync.now();
      rounds++;
      injected = (await h.admin.get('/admin/faults')).data.injected as Record<string, number>;
      total = Object.values(injected).reduce((a, b) => a + b, 0);
    }
    await h.admin.delete('/admin/faults');
    // Drain: a round pushes what the last pull journaled; the next finds nothing.
    let status = await rig.sync.now();
    status = await rig.sync.now();
    assert.equal(status.lastError, null);
    assert.equal(status.pendingEvents, 0);
    assert.equal(status.held.length, 0, JSON.stringify(status.held));

    for (const kind of FAULT_KINDS) assert.ok(injected[kind]! > 0, `${kind} was injected`);
    const events = await assertExactlyOnce(h, stationId, rig.db);

    // Pulled exactly once: each vehicle stored, each app payment journaled once, and the page
    // summaries add up to the changes the server sent.
    assert.equal(rig.repos.referenceData.ofKind('vehicle').length, vehicles);
    const count = (sql: string) => rig.db.prepare(sql).pluck().get() as number;
    assert.equal(
      count(`SELECT COUNT(*) FROM journal WHERE type = 'appPayment.received'`),
      appPayments,
    );
    const pulled = rig.db
      .prepare(`SELECT payload_json FROM journal WHERE type = 'sync.pulled'`)
      .pluck()
      .all() as string[];
    const applied = pulled
      .map((p) => JSON.parse(p) as { counts: Record<string, number> })
      .reduce((sum, p) => sum + Object.values(p.counts).reduce((a, b) => a + b, 0), 0);
    assert.equal(applied, vehicles + appPayments);

    console.log(
      JSON.stringify({
        faults: total,
        byKind: injected,
        rounds,
        events,
        vehicles,
        appPayments,
      }),
    );
    await rig.close();
  });
});
