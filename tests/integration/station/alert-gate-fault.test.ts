import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startHarness, type Harness } from '../../support/station-harness';

describe('an alert is resolved only with what settles it', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
    await h.signIn('cashier');
  });
  after(() => h.stop());

  it('stays open, with nothing journaled as resolved, when the exit barrier does not open', async () => {
    // A paid car whose exit read was a plate the station doesn't know.
    const entered = await h.call('lanes:manualRead', { laneId: 'entry-1', plate: 'GF01JAM' });
    const sessionId = entered.kind === 'entered' ? entered.sessionId : '';
    const noRecord = await h.call('lanes:manualRead', { laneId: 'exit-1', plate: 'GF0IJAN' });
    assert.equal(noRecord.kind, 'no-record');
    const alertId = noRecord.kind === 'no-record' ? noRecord.alertId : '';
    // Nothing is due yet (free minutes are 0 in the test tariff, but the car just came in).
    h.station.devices.simulated!.gateSimulators['exit-1']!.jam(true);
    try {
      const res = await h.raw('alerts:resolve', {
        alertId,
        action: 'match',
        sessionId,
        reason: 'driver showed the ticket',
      });
      assert.equal(!res.ok && res.error.code, 'DEVICE_FAULT');
    } finally {
      h.station.devices.simulated!.gateSimulators['exit-1']!.jam(false);
    }
    const open = await h.call('alerts:list', {});
    assert.ok(
      open.some((a) => a.id === alertId),
      'the alert is still open for the cashier',
    );
    const session = await h.call('sessions:get', { sessionId });
    assert.notEqual(session.state, 'closed', 'the car is still in the lot');
    await h.signIn('manager', 'auditor');
    const resolved = await h.call(
      'journal:list',
      { type: 'alert.resolved', aggregateId: alertId, limit: 5 },
      'auditor',
    );
    assert.deepEqual(resolved, []);
  });
});
