/**
 * The site's offline policy at the lanes, on a station whose operator server is a closed
 * loopback port (so it is offline from its start): entries held for the cashier under
 * exit-only and strict, and a car let out unable to collect (a manager's call, journaled with
 * the stay's close) everywhere but under strict.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { OfflinePolicy } from '../../../src-shared';
import { demoPin, requestKey, startHarness, type Harness } from '../../support/station-harness';
import { newDeviceSecret } from '../../support/sync-rig';
import { freeLoopbackPort } from '../../support/ports';

async function offlineStation(policy: OfflinePolicy): Promise<Harness> {
  const h = await startHarness({
    sync: {
      serverUrl: `http://127.0.0.1:${await freeLoopbackPort()}`,
      deviceSecret: newDeviceSecret(),
      intervalSeconds: 0.2,
      requestTimeoutSeconds: 1,
      offlinePolicy: policy,
    },
  });
  await h.signIn('cashier');
  await h.signIn('manager', 'manager-console');
  assert.equal((await h.call('sync:status', {})).state, 'offline');
  return h;
}

/** A manager's approval at the cashier's console, for one call of `channel`. */
async function approve(h: Harness, channel: 'payments:unableToCollect') {
  await h.call('operator:elevate', { name: 'manager', pin: demoPin('manager'), channel });
}

describe('offline, allow-entry-exit: the lanes work as usual', { timeout: 60_000 }, () => {
  let h: Harness;
  before(async () => (h = await offlineStation('allow-entry-exit')));
  after(() => h?.stop());

  it('opens the entry by itself, and lets a car out unable to collect', async () => {
    const entered = await h.call('lanes:manualRead', { laneId: 'entry-1', plate: 'B100OFF' });
    assert.equal(entered.kind, 'entered');
    assert.equal((await h.call('alerts:list', {})).length, 0);
    h.clock.advanceMinutes(90);
    const sessionId = entered.kind === 'entered' ? entered.sessionId : '';
    const out = await h.call(
      'payments:unableToCollect',
      { sessionId, laneId: 'exit-1', reason: 'app payment not verifiable offline' },
      'manager-console',
    );
    assert.deepEqual(out, { kind: 'exited', sessionId, gate: 'open' });
  });
});

describe('offline, exit-only', { timeout: 60_000 }, () => {
  let h: Harness;
  before(async () => (h = await offlineStation('exit-only')));
  after(() => h?.stop());

  it('holds an entry: a message at the lane and an alert the cashier resolves', async () => {
    const held = await h.call('lanes:manualRead', { laneId: 'entry-1', plate: 'B200OFF' });
    assert.equal(held.kind, 'held-offline');
    const alertId = held.kind === 'held-offline' ? held.alertId : '';
    const lane = (await h.call('lanes:list', {})).find((l) => l.id === 'entry-1')!;
    assert.match(lane.message!.text, /offline/i);
    assert.notEqual(lane.gateState, 'open');
    assert.equal((await h.call('lot:list', {})).length, 0, 'nobody entered');
    const [alert] = await h.call('alerts:list', {});
    assert.deepEqual(
      [alert?.id, alert?.kind, alert?.plate],
      [alertId, 'entry-held-offline', 'B200OFF'],
    );

    // Let in, with a reason: the stay and the alert's resolution commit together.
    const admitted = await h.call('alerts:resolve', {
      alertId,
      action: 'admit',
      reason: 'regular customer, season ticket',
    });
    assert.equal(admitted.outcome.kind, 'entered');
    assert.equal(admitted.outcome.kind === 'entered' && admitted.outcome.gate, 'open');
    assert.equal((await h.call('alerts:list', {})).length, 0);
    await h.signIn('manager');
    const [resolved] = await h.call('journal:list', { aggregateId: alertId, limit: 1 });
    assert.deepEqual(
      [resolved?.type, resolved?.version, resolved?.payload],
      [
        'alert.resolved',
        2,
        {
          action: 'admit',
          resolution: 'let in B200OFF',
          reason: 'regular customer, season ticket',
        },
      ],
    );
    await h.signIn('cashier');

    // Refused: the alert is dismissed and nobody enters.
    const second = await h.call('lanes:manualRead', { laneId: 'entry-1', plate: 'B201OFF' });
    assert.equal(second.kind, 'held-offline');
    await h.call('alerts:resolve', {
      alertId: second.kind === 'held-offline' ? second.alertId : '',
      action: 'dismiss',
      reason: 'refused: no booking',
    });
    const inLot = (await h.call('lot:list', {})).map((r) => r.session.plate);
    assert.deepEqual(inLot, ['B200OFF']);
  });

  it('a cashier lets an unpaid car out only with a manager, journaled with the close', async () => {
    const [row] = await h.call('lot:list', {});
    const sessionId = row!.session.id;
    h.clock.advanceMinutes(90);
    const unpaid = await h.call('lanes:manualRead', { laneId: 'exit-1', plate: 'B200OFF' });
    assert.equal(unpaid.kind, 'unpaid');
    const dueMinor = unpaid.kind === 'unpaid' ? unpaid.dueMinor : 0;
    const request = { sessionId, laneId: 'exit-1', reason: 'paid in app, cannot verify offline' };

    const refused = await h.raw('payments:unableToCollect', request);
    assert.equal(!refused.ok && refused.error.code, 'NOT_ALLOWED');
    assert.equal((await h.call('sessions:get', { sessionId })).state, 'open');

    await approve(h, 'payments:unableToCollect');
    const out = await h.call('payments:unableToCollect', request);
    assert.deepEqual(out, { kind: 'exited', sessionId, gate: 'open' });
    assert.equal((await h.call('sessions:get', { sessionId })).state, 'closed');

    await h.signIn('manager');
    const events = await h.call('journal:list', { aggregateId: sessionId, limit: 5 });
    const [uncollected, closed] = events;
    assert.equal(closed?.type, 'session.closed');
    assert.equal(uncollected?.type, 'payment.unableToCollect');
    assert.equal(uncollected?.actor, 'manager');
    assert.deepEqual(uncollected?.payload, {
      plate: 'B200OFF',
      laneId: 'exit-1',
      dueMinor,
      currency: 'RON',
      reason: 'paid in app, cannot verify offline',
      offline: true,
    });
    // The approval names the cashier, in the same transaction (it follows the event).
    const [elevated] = await h.call('journal:list', { type: 'operator.elevated', limit: 1 });
    assert.deepEqual(elevated?.payload, {
      attendant: 'cashier',
      channel: 'payments:unableToCollect',
      eventId: uncollected?.id,
    });
    assert.equal(elevated!.seq, uncollected!.seq + 1);
  });
});

describe('offline, strict', { timeout: 60_000 }, () => {
  let h: Harness;
  before(async () => (h = await offlineStation('strict')));
  after(() => h?.stop());

  it('holds entries, and lets a car out only after payment', async () => {
    const held = await h.call('lanes:manualRead', { laneId: 'entry-1', plate: 'B300OFF' });
    assert.equal(held.kind, 'held-offline');
    const admitted = await h.call('alerts:resolve', {
      alertId: held.kind === 'held-offline' ? held.alertId : '',
      action: 'admit',
      reason: 'known customer',
    });
    assert.equal(admitted.outcome.kind, 'entered');
    const sessionId = admitted.outcome.kind === 'entered' ? admitted.outcome.sessionId : '';
    h.clock.advanceMinutes(90);

    const unpaid = await h.call('lanes:manualRead', { laneId: 'exit-1', plate: 'B300OFF' });
    assert.equal(unpaid.kind, 'unpaid');
    const dueMinor = unpaid.kind === 'unpaid' ? unpaid.dueMinor : 0;
    const request = { sessionId, laneId: 'exit-1', reason: 'customer has no money' };
    const refused = await h.raw('payments:unableToCollect', request, 'manager-console');
    assert.equal(!refused.ok && refused.error.code, 'CONFLICT');
    assert.match(!refused.ok ? refused.error.message : '', /strict/);
    assert.equal((await h.call('sessions:get', { sessionId })).state, 'open');

    await h.call('payments:cash', {
      sessionId,
      tenderedMinor: dueMinor,
      expectedDueMinor: dueMinor,
      idempotencyKey: requestKey(),
    });
    const out = await h.call('lanes:manualRead', { laneId: 'exit-1', plate: 'B300OFF' });
    assert.deepEqual(out, { kind: 'exited', sessionId, gate: 'open' });
  });
});
