import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { startHarness, type Harness } from '../../support/station-harness';

describe('manager overrides are reasoned and journaled', () => {
  let h: Harness;
  let sessionId = '';
  before(async () => {
    h = await startHarness();
    await h.signIn('manager');
    const out = await h.call('lanes:manualRead', { laneId: 'entry-1', plate: 'TM10ABC' });
    assert.equal(out.kind, 'entered');
    sessionId = out.kind === 'entered' ? out.sessionId : '';
    h.clock.advanceMinutes(90);
  });
  after(() => h.stop());

  it('lists cars in the lot with fee so far', async () => {
    const lot = await h.call('lot:list', {});
    const row = lot.find((r) => r.session.id === sessionId)!;
    assert.ok(row.feeSoFarMinor > 0);
    assert.equal(row.dueMinor, row.feeSoFarMinor);
  });

  it('corrects a plate, marks paid, deletes the paid record, each in the journal', async () => {
    const corrected = await h.call('lot:correctPlate', {
      sessionId,
      plate: 'TM10ABD',
      reason: 'camera misread D',
    });
    assert.equal(corrected.plate, 'TM10ABD');
    const deleteUnpaid = await h.raw('lot:deleteRecord', { sessionId, reason: 'gone' });
    assert.equal(!deleteUnpaid.ok && deleteUnpaid.error.code, 'CONFLICT');
    const paid = await h.call('lot:markPaid', { sessionId, reason: 'season ticket holder' });
    assert.equal(paid.state, 'paid');
    const deleted = await h.call('lot:deleteRecord', {
      sessionId,
      reason: 'left while exit camera was down',
    });
    assert.equal(deleted.state, 'deleted');

    const events = await h.call('journal:list', { aggregateId: sessionId, limit: 20 });
    const mine = events.map((e) => [e.type, (e.payload as { reason?: string }).reason, e.actor]);
    assert.deepEqual(mine.reverse(), [
      ['session.opened', undefined, 'manager'],
      ['session.plateCorrected', 'camera misread D', 'manager'],
      ['session.markedPaid', 'season ticket holder', 'manager'],
      ['session.deleted', 'left while exit camera was down', 'manager'],
    ]);
    // The audit log is a view over the same journal.
    const [latest] = await h.call('audit:list', { limit: 1 });
    assert.deepEqual(
      [latest?.action, latest?.reason, latest?.subject],
      ['session.deleted', 'left while exit camera was down', sessionId],
    );
  });

  it('journals a gate override with its reason before the barrier moves, then the barrier', async () => {
    const lane = await h.call('lanes:openGate', { laneId: 'exit-1', reason: 'ambulance' });
    assert.equal(lane.gateState, 'open');
    const events = await h.call('journal:list', { aggregateId: 'exit-1', limit: 3 });
    assert.deepEqual(
      events.reverse().map((e) => [e.type, e.actor, e.payload]),
      [
        ['gate.overridden', 'manager', { reason: 'ambulance' }],
        [
          'gate.commanded',
          'manager',
          {
            command: 'open',
            cause: 'override by manager',
            sessionId: null,
            outcome: 'requested',
            position: null,
          },
        ],
        [
          'gate.commanded',
          'manager',
          {
            command: 'open',
            cause: 'override by manager',
            sessionId: null,
            outcome: 'open',
            position: 100,
          },
        ],
      ],
    );
  });

  it('refuses to rewrite the journal', () => {
    assert.throws(() => rewriteJournal(h.dataDir), /append-only/);
  });
});

function rewriteJournal(dataDir: string): void {
  const db = new Database(join(dataDir, 'station.db'));
  try {
    db.prepare(`UPDATE journal SET payload_json = '{"reason":"nothing to see"}'`).run();
  } finally {
    db.close();
  }
}
